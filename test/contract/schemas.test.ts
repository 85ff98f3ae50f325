import { describe, expect, it } from 'vitest'
import { AccountSettings, api, DEFAULT_ACCOUNT_SETTINGS, DEFAULT_GLOBAL_SETTINGS, GlobalSettings } from '../../src-main/contract'

describe('settings schemas', () => {
  it('the defaults are the seeds’ and validate', () => {
    expect(AccountSettings.parse(DEFAULT_ACCOUNT_SETTINGS)).toMatchObject({
      model: 'qwen-plus', baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
      maxDiscountPercent: 10, maxDiscountAmount: 100, maxBargainRounds: 3, debounceSeconds: 10, pauseMinutes: 10, contextMessages: 10
    })
    expect(GlobalSettings.parse(DEFAULT_GLOBAL_SETTINGS).language).toBe('zh-CN')
  })

  it('0 % and ¥0 are valid limits (no discount), out-of-range ones are not', () => {
    const zero = AccountSettings.parse({ ...DEFAULT_ACCOUNT_SETTINGS, maxDiscountPercent: 0, maxDiscountAmount: 0 })
    expect(zero.maxDiscountPercent).toBe(0)
    expect(zero.maxDiscountAmount).toBe(0)
    for (const bad of [{ maxDiscountPercent: 51 }, { maxDiscountPercent: -1 }, { maxDiscountAmount: -5 }, { maxBargainRounds: 0 }, { maxBargainRounds: 11 }, { debounceSeconds: 61 }, { maxDiscountPercent: Number.NaN }, { humanDelayMs: { min: 5, max: 1 } }]) {
      expect(AccountSettings.safeParse({ ...DEFAULT_ACCOUNT_SETTINGS, ...bad }).success, JSON.stringify(bad)).toBe(false)
    }
  })
})

describe('call inputs', () => {
  it('reject unknown fields and wrong types', () => {
    expect(api['accounts.addByCookie'].in.safeParse({ cookie: 'a=1', extra: 1 }).success).toBe(false)
    expect(api['accounts.addByCookie'].in.safeParse({ cookie: 42 }).success).toBe(false)
    expect(api['accounts.remove'].in.safeParse({ id: '../etc', wipeData: true }).success).toBe(false)
    expect(api['settings.update'].in.safeParse({ account: { model: 'x' } }).success).toBe(false)
    expect(api['messages.list'].in.parse({ accountId: 'acc_1', cid: '1' }).limit).toBe(50)
  })

  it('a result shape round-trips through JSON', () => {
    const info = { name: 'xianyu-desk', productName: 'Xianyu Desk', version: '1.0.0', host: 'headless', dataDir: '/x', secretsBackend: 'keychain', secretsReason: '' }
    expect(api['app.info'].out.parse(JSON.parse(JSON.stringify(info)))).toEqual(info)
  })
})
