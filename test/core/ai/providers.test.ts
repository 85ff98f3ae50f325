import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLlmClient, type LlmCallRecord, type LlmClientConfig, type LlmRequest } from '../../../src-main/core/ai'
import {
  FAKE_APP_ID, reply, startFakeDashScope, startFakeGemini, startFakeOpenAI, type FakeLlmServer
} from '../../fakes/llm'

const KEY = 'sk-test-123'
const REQ: LlmRequest = {
  system: '你是卖家客服。本轮可报价：95元。',
  messages: [
    { role: 'user', content: '在吗' },
    { role: 'assistant', content: '在的亲' },
    { role: 'user', content: '【买家消息】90出吗' }
  ],
  maxTokens: 80,
  temperature: 0.3
}

async function drain(iter: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const d of iter) out.push(d)
  return out
}

interface Case {
  readonly name: string
  readonly start: () => Promise<FakeLlmServer>
  readonly config: (s: FakeLlmServer) => LlmClientConfig
}

const cases: Case[] = [
  { name: 'openai-compatible', start: () => startFakeOpenAI({ apiKey: KEY }), config: (s) => ({ provider: 'openai-compatible', baseUrl: s.url, model: 'qwen-plus', apiKey: KEY }) },
  { name: 'gemini', start: () => startFakeGemini({ apiKey: KEY }), config: (s) => ({ provider: 'gemini', baseUrl: s.url, model: 'gemini-2.5-flash', apiKey: KEY }) },
  { name: 'dashscope-app', start: () => startFakeDashScope({ apiKey: KEY, underlyingModel: 'qwen-plus' }), config: (s) => ({ provider: 'dashscope-app', baseUrl: s.url, model: 'app', apiKey: KEY }) }
]

describe.each(cases)('$name provider against its fake, through the real client', (c) => {
  let server: FakeLlmServer
  beforeAll(async () => { server = await c.start() })
  afterAll(async () => { await server.close() })

  it('completes: text, usage from the response, one usage record with a cost', async () => {
    server.reset()
    server.setBehaviour(reply('95元可以，诚心要的话拍吧', { tokensIn: 120, tokensOut: 14 }))
    const records: LlmCallRecord[] = []
    const client = createLlmClient(c.config(server), { onCall: (r) => records.push(r) })
    const res = await client.complete(REQ)
    expect(res).toMatchObject({ text: '95元可以，诚心要的话拍吧', tokensIn: 120, tokensOut: 14, usageEstimated: false, provider: c.config(server).provider, finishReason: 'stop', viaBackup: false })
    expect(server.requests).toHaveLength(1)
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ ok: true, attempts: 1, tokensIn: 120, tokensOut: 14, role: 'primary', stream: false })
    expect(records[0]?.costYuan).toBeGreaterThan(0)
  })

  it('puts the system prompt where the protocol wants it and sends the whole history', async () => {
    server.reset()
    server.setBehaviour(reply((r) => `SYSTEM=${r.system}`))
    const res = await createLlmClient(c.config(server)).complete(REQ)
    expect(res.text).toBe(`SYSTEM=${REQ.system}`)
    const seen = server.requests[0]
    expect(seen?.system).toBe(REQ.system)
    expect(seen?.messages).toEqual(REQ.messages)
    expect(seen?.lastUser).toBe('【买家消息】90出吗')
  })

  it('streams deltas in order and settles the result with usage', async () => {
    server.reset()
    server.setBehaviour(reply('好的亲，九十五包邮给你', { chunks: ['好的亲，', '九十五', '包邮给你'], tokensIn: 50, tokensOut: 11 }))
    const s = createLlmClient(c.config(server)).stream(REQ)
    const deltas = await drain(s)
    expect(deltas).toEqual(['好的亲，', '九十五', '包邮给你'])
    const res = await s.result
    expect(res).toMatchObject({ text: '好的亲，九十五包邮给你', tokensIn: 50, tokensOut: 11, usageEstimated: false })
    expect(server.requests[0]?.stream).toBe(true)
  })

  it('estimates usage when the provider reports none', async () => {
    server.setBehaviour(reply('好的', { omitUsage: true }))
    const res = await createLlmClient(c.config(server)).complete(REQ)
    expect(res.usageEstimated).toBe(true)
    expect(res.tokensIn).toBeGreaterThan(10)
    expect(res.tokensOut).toBe(2)
  })

  it('a wrong key is an auth error (the fake checks it)', async () => {
    server.reset()
    server.setBehaviour(reply('never'))
    const records: LlmCallRecord[] = []
    const client = createLlmClient({ ...c.config(server), apiKey: 'sk-wrong' }, { onCall: (r) => records.push(r), sleep: async () => undefined })
    await expect(client.complete(REQ)).rejects.toMatchObject({ name: 'LlmError', kind: 'auth', status: 401 })
    expect(server.requests).toHaveLength(1)
    expect(records).toEqual([expect.objectContaining({ ok: false, errorKind: 'auth', attempts: 1 })])
  })
})

describe('request shapes on the wire', () => {
  it('openai-compatible: Bearer key, model, system message first, max_tokens/temperature', async () => {
    const s = await startFakeOpenAI()
    try {
      await createLlmClient({ provider: 'openai-compatible', baseUrl: s.url, model: 'deepseek-chat', apiKey: KEY }).complete(REQ)
      const r = s.requests[0]
      expect(r?.path).toBe('/v1/chat/completions')
      expect(r?.authorization).toBe(`Bearer ${KEY}`)
      const body = r?.body as { model: string; messages: Array<{ role: string; content: string }>; max_tokens: number; temperature: number; stream?: boolean }
      expect(body.model).toBe('deepseek-chat')
      expect(body.messages[0]).toEqual({ role: 'system', content: REQ.system })
      expect(body.messages).toHaveLength(4)
      expect(body.max_tokens).toBe(80)
      expect(body.temperature).toBe(0.3)
      expect(body.stream).toBe(false)
    } finally {
      await s.close()
    }
  })

  it('openai-compatible streaming asks for usage in the stream', async () => {
    const s = await startFakeOpenAI()
    try {
      const st = createLlmClient({ provider: 'openai-compatible', baseUrl: s.url, model: 'qwen-turbo', apiKey: KEY }).stream(REQ)
      await st.result
      expect(s.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } })
    } finally {
      await s.close()
    }
  })

  it('ollama-style local base URL works without a key', async () => {
    const s = await startFakeOpenAI()
    try {
      const res = await createLlmClient({ provider: 'openai-compatible', baseUrl: s.url, model: 'qwen2.5:7b', apiKey: '' }).complete(REQ)
      expect(res.text).toBe('好的')
      expect(res.tokensIn).toBeGreaterThan(0)
    } finally {
      await s.close()
    }
  })

  it('gemini: x-goog-api-key header, v1beta path, systemInstruction, user/model roles, generationConfig', async () => {
    const s = await startFakeGemini()
    try {
      await createLlmClient({ provider: 'gemini', baseUrl: s.url, model: 'gemini-2.5-flash', apiKey: KEY }).complete(REQ)
      const r = s.requests[0]
      expect(r?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent')
      expect(r?.headers['x-goog-api-key']).toBe(KEY)
      expect(r?.authorization).toBeUndefined()
      const body = r?.body as Record<string, unknown>
      expect(body['systemInstruction']).toMatchObject({ parts: [{ text: REQ.system }] })
      expect((body['contents'] as Array<{ role: string }>).map((x) => x.role)).toEqual(['user', 'model', 'user'])
      expect(body['generationConfig']).toMatchObject({ maxOutputTokens: 80, temperature: 0.3 })
    } finally {
      await s.close()
    }
  })

  it('gemini streaming uses streamGenerateContent with alt=sse; a base URL ending in /v1beta is accepted', async () => {
    const s = await startFakeGemini()
    try {
      const st = createLlmClient({ provider: 'gemini', baseUrl: `${s.url}/v1beta/`, model: 'gemini-2.0-flash', apiKey: KEY }).stream(REQ)
      await st.result
      expect(s.requests[0]?.path).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent')
      expect(s.requests[0]?.query['alt']).toBe('sse')
    } finally {
      await s.close()
    }
  })

  it('dashscope-app: app id from the pasted URL, Bearer key, system+history in messages, buyer text as prompt', async () => {
    const s = await startFakeDashScope({ appId: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' })
    try {
      const res = await createLlmClient({ provider: 'dashscope-app', baseUrl: s.url, model: 'app', apiKey: KEY }).complete(REQ)
      const r = s.requests[0]
      expect(r?.path).toBe('/api/v1/apps/a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/completion')
      expect(r?.appId).toBe('a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6')
      expect(r?.authorization).toBe(`Bearer ${KEY}`)
      expect(r?.body).toMatchObject({
        input: {
          prompt: '【买家消息】90出吗',
          messages: [{ role: 'system', content: REQ.system }, { role: 'user', content: '在吗' }, { role: 'assistant', content: '在的亲' }]
        },
        parameters: { max_tokens: 80, temperature: 0.3 }
      })
      // the app's underlying model (usage.models[].model_id) is what the cost is computed from
      expect(res.model).toBe('qwen-plus')
    } finally {
      await s.close()
    }
  })

  it('dashscope-app: flat usage shape and missing usage are both read', async () => {
    const flat = await startFakeDashScope({ usageShape: 'flat' })
    const none = await startFakeDashScope({ usageShape: 'none' })
    try {
      flat.setBehaviour(reply('好', { tokensIn: 33, tokensOut: 4 }))
      const a = await createLlmClient({ provider: 'dashscope-app', baseUrl: flat.url, model: 'app', apiKey: KEY }).complete(REQ)
      expect(a).toMatchObject({ tokensIn: 33, tokensOut: 4, usageEstimated: false, model: `app:${FAKE_APP_ID}` })
      const b = await createLlmClient({ provider: 'dashscope-app', baseUrl: none.url, model: 'app', apiKey: KEY }).complete(REQ)
      expect(b.usageEstimated).toBe(true)
    } finally {
      await flat.close()
      await none.close()
    }
  })

  it('dashscope-app streaming sends X-DashScope-SSE and incremental_output', async () => {
    const s = await startFakeDashScope()
    try {
      s.setBehaviour(reply('一二三四五六七', { tokensIn: 9, tokensOut: 7 }))
      const st = createLlmClient({ provider: 'dashscope-app', baseUrl: s.url, model: 'app', apiKey: KEY }).stream(REQ)
      expect((await drain(st)).join('')).toBe('一二三四五六七')
      expect(await st.result).toMatchObject({ tokensIn: 9, tokensOut: 7 })
      expect(s.requests[0]?.headers['x-dashscope-sse']).toBe('enable')
      expect(s.requests[0]?.body).toMatchObject({ parameters: { incremental_output: true } })
    } finally {
      await s.close()
    }
  })
})
