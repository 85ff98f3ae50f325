import { describe, expect, it } from 'vitest'
import { LlmError, parseDashScopeAppUrl } from '../../../src-main/core/ai'

const ID = '9f8e7d6c5b4a39281706f5e4d3c2b1a0'

describe('parseDashScopeAppUrl (seed 000: the app id comes from the URL)', () => {
  it('the API URL, with or without /completion, in both regions', () => {
    expect(parseDashScopeAppUrl(`https://dashscope.aliyuncs.com/api/v1/apps/${ID}/completion`)).toEqual({ apiBase: 'https://dashscope.aliyuncs.com', appId: ID })
    expect(parseDashScopeAppUrl(`https://dashscope-intl.aliyuncs.com/api/v1/apps/${ID}`)).toEqual({ apiBase: 'https://dashscope-intl.aliyuncs.com', appId: ID })
    expect(parseDashScopeAppUrl(`  http://127.0.0.1:8123/api/v1/apps/${ID}/completion  `)).toEqual({ apiBase: 'http://127.0.0.1:8123', appId: ID })
  })
  it('a proxy path prefix in front of /api/v1 is kept', () => {
    expect(parseDashScopeAppUrl(`https://gw.example.com/ds/api/v1/apps/${ID}/completion`)).toEqual({ apiBase: 'https://gw.example.com/ds', appId: ID })
  })
  it('Bailian console URLs: the id in the hash route or a query parameter; the API base is DashScope', () => {
    expect(parseDashScopeAppUrl(`https://bailian.console.aliyun.com/?tab=app#/app-center/assistant/${ID}`)).toEqual({ apiBase: 'https://dashscope.aliyuncs.com', appId: ID })
    expect(parseDashScopeAppUrl(`https://bailian.console.aliyun.com/#/app/detail?appId=${ID}`)).toEqual({ apiBase: 'https://dashscope.aliyuncs.com', appId: ID })
    expect(parseDashScopeAppUrl(`https://modelstudio.console.alibabacloud.com/#/app-center/${ID}`).apiBase).toBe('https://dashscope-intl.aliyuncs.com')
  })
  it('a bare origin takes the app id from the model field', () => {
    expect(parseDashScopeAppUrl('https://dashscope.aliyuncs.com', ID)).toEqual({ apiBase: 'https://dashscope.aliyuncs.com', appId: ID })
  })
  it('no app id anywhere (or the preset placeholder) is a config error', () => {
    for (const bad of ['https://dashscope.aliyuncs.com/api/v1/apps/YOUR_APP_ID/completion', 'https://dashscope.aliyuncs.com', 'not a url']) {
      let caught: unknown
      try {
        parseDashScopeAppUrl(bad, 'app')
      } catch (e) {
        caught = e
      }
      expect(caught).toBeInstanceOf(LlmError)
      expect((caught as LlmError).kind).toBe('config')
    }
  })
})
