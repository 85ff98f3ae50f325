import { afterEach, describe, expect, it } from 'vitest'
import { createLlmClient, LlmError, type LlmCallRecord, type LlmClientConfig, type LlmRequest } from '../../../src-main/core/ai'
import {
  authError, empty, hang, malformed, rateLimited, reply, serverError, startFakeDashScope, startFakeGemini, startFakeOpenAI,
  status, type FakeLlmServer
} from '../../fakes/llm'

const KEY = 'sk-test'
const REQ: LlmRequest = { system: '你是客服', messages: [{ role: 'user', content: '还能便宜吗' }] }

const servers: FakeLlmServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
async function openai(): Promise<FakeLlmServer> {
  const s = await startFakeOpenAI()
  servers.push(s)
  return s
}
const cfgOf = (s: FakeLlmServer, model = 'qwen-plus', timeoutMs?: number): LlmClientConfig =>
  ({ provider: 'openai-compatible', baseUrl: s.url, model, apiKey: KEY, ...(timeoutMs ? { timeoutMs } : {}) })

/** Records sleeps instead of waiting, so backoff is asserted without slowing the suite. */
function fakeTime(): { sleeps: number[]; sleep: (ms: number) => Promise<void> } {
  const sleeps: number[] = []
  return { sleeps, sleep: async (ms) => { sleeps.push(ms) } }
}

describe('retries and backoff', () => {
  it('429 twice with Retry-After, then success: 3 attempts, waits exactly what the server asked, one record', async () => {
    const s = await openai()
    s.setBehaviour(rateLimited({ times: 2, retryAfterS: 2, then: reply('好的，可以') }))
    const t = fakeTime()
    const records: LlmCallRecord[] = []
    const res = await createLlmClient(cfgOf(s), { sleep: t.sleep, onCall: (r) => records.push(r) }).complete(REQ)
    expect(res.text).toBe('好的，可以')
    expect(s.requests).toHaveLength(3)
    expect(t.sleeps).toEqual([2000, 2000])
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ ok: true, attempts: 3, role: 'primary' })
  })

  it.each([
    ['gemini', startFakeGemini, 'gemini-2.5-flash'],
    ['dashscope-app', startFakeDashScope, 'app']
  ] as const)('%s: Retry-After on 429 is honoured too', async (provider, start, model) => {
    const s = await start({ behaviour: rateLimited({ times: 1, retryAfterS: 3, then: reply('好') }) })
    servers.push(s)
    const t = fakeTime()
    const res = await createLlmClient({ provider, baseUrl: s.url, model, apiKey: KEY }, { sleep: t.sleep }).complete(REQ)
    expect(res.text).toBe('好')
    expect(t.sleeps).toEqual([3000])
    expect(s.requests).toHaveLength(2)
  })

  it('without Retry-After: exponential backoff with jitter from the injected random', async () => {
    const s = await openai()
    s.setBehaviour(serverError({ times: 2, then: reply('ok') }))
    const t = fakeTime()
    const client = createLlmClient(cfgOf(s), { sleep: t.sleep, random: () => 1, retry: { baseDelayMs: 100, maxDelayMs: 10_000 } })
    await client.complete(REQ)
    // equal jitter: step/2 + step/2 * random → with random=1 the full step: 100, 200
    expect(t.sleeps).toEqual([100, 200])
    const t0 = fakeTime()
    s.setBehaviour(serverError({ times: 2, then: reply('ok') }))
    await createLlmClient(cfgOf(s), { sleep: t0.sleep, random: () => 0, retry: { baseDelayMs: 100 } }).complete(REQ)
    expect(t0.sleeps).toEqual([50, 100])
  })

  it('gives up after maxRetries: 500 on every attempt → server error, attempts = 1 + maxRetries', async () => {
    const s = await openai()
    s.setBehaviour(serverError())
    const records: LlmCallRecord[] = []
    const client = createLlmClient(cfgOf(s), { sleep: fakeTime().sleep, retry: { maxRetries: 3 }, onCall: (r) => records.push(r) })
    await expect(client.complete(REQ)).rejects.toMatchObject({ kind: 'server', status: 500 })
    expect(s.requests).toHaveLength(4)
    expect(records).toEqual([expect.objectContaining({ ok: false, errorKind: 'server', attempts: 4, tokensIn: 0, costYuan: 0 })])
  })

  it('a Retry-After longer than the policy allows is not waited out', async () => {
    const s = await openai()
    s.setBehaviour(rateLimited({ retryAfterS: 120 }))
    const t = fakeTime()
    await expect(createLlmClient(cfgOf(s), { sleep: t.sleep }).complete(REQ)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000 })
    expect(t.sleeps).toEqual([])
    expect(s.requests).toHaveLength(1)
  })

  it('auth (401/403) and config (400/404) errors are never retried', async () => {
    const s = await openai()
    const t = fakeTime()
    for (const [b, kind] of [[authError(), 'auth'], [status(403), 'auth'], [status(404, { message: 'model not found' }), 'config'], [status(400), 'config']] as const) {
      s.reset()
      s.setBehaviour(b)
      await expect(createLlmClient(cfgOf(s), { sleep: t.sleep }).complete(REQ)).rejects.toMatchObject({ kind })
      expect(s.requests).toHaveLength(1)
    }
    expect(t.sleeps).toEqual([])
  })

  it('a content-filter 400 is a bad_response, not a settings problem', async () => {
    const s = await openai()
    s.setBehaviour(status(400, { message: 'Input data may contain inappropriate content. (DataInspectionFailed)' }))
    await expect(createLlmClient(cfgOf(s)).complete(REQ)).rejects.toMatchObject({ kind: 'bad_response' })
  })

  it('network failure (connection refused) is retried, then reported as network', async () => {
    const s = await openai()
    const url = s.url
    await s.close()
    const t = fakeTime()
    const client = createLlmClient({ provider: 'openai-compatible', baseUrl: url, model: 'm', apiKey: KEY }, { sleep: t.sleep })
    await expect(client.complete(REQ)).rejects.toMatchObject({ kind: 'network' })
    expect(t.sleeps).toHaveLength(2)
  })
})

describe('timeouts and cancellation', () => {
  it('a hanging provider → timeout quickly, not retried', async () => {
    const s = await openai()
    s.setBehaviour(hang())
    const records: LlmCallRecord[] = []
    const t0 = Date.now()
    await expect(createLlmClient(cfgOf(s, 'qwen-plus', 150), { onCall: (r) => records.push(r) }).complete(REQ)).rejects.toMatchObject({ kind: 'timeout' })
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(s.requests).toHaveLength(1)
    expect(records[0]).toMatchObject({ ok: false, errorKind: 'timeout', attempts: 1 })
  })

  it('hang → timeout on gemini and dashscope too', async () => {
    const g = await startFakeGemini({ behaviour: hang() })
    const d = await startFakeDashScope({ behaviour: hang() })
    servers.push(g, d)
    await expect(createLlmClient({ provider: 'gemini', baseUrl: g.url, model: 'gemini-2.5-flash', apiKey: KEY, timeoutMs: 150 }).complete(REQ)).rejects.toMatchObject({ kind: 'timeout' })
    await expect(createLlmClient({ provider: 'dashscope-app', baseUrl: d.url, model: 'app', apiKey: KEY, timeoutMs: 150 }).complete(REQ)).rejects.toMatchObject({ kind: 'timeout' })
  })

  it("the caller's signal cancels as 'aborted', and does not fail over", async () => {
    const s = await openai()
    const b = await openai()
    s.setBehaviour(hang())
    const ctl = new AbortController()
    const p = createLlmClient({ ...cfgOf(s), backup: cfgOf(b) }).complete({ ...REQ, signal: ctl.signal })
    setTimeout(() => ctl.abort(), 50)
    await expect(p).rejects.toMatchObject({ kind: 'aborted' })
    expect(b.requests).toHaveLength(0)
  })
})

describe('failover to the backup provider', () => {
  it('500 × N on the primary → the backup answers; usage records show both groups', async () => {
    const primary = await openai()
    const backup = await startFakeGemini()
    servers.push(backup)
    primary.setBehaviour(serverError())
    backup.setBehaviour(reply('备用模型回答', { tokensIn: 40, tokensOut: 6 }))
    const records: LlmCallRecord[] = []
    const client = createLlmClient(
      { ...cfgOf(primary, 'deepseek-chat'), backup: { provider: 'gemini', baseUrl: backup.url, model: 'gemini-2.5-flash', apiKey: KEY } },
      { sleep: fakeTime().sleep, onCall: (r) => records.push(r) })
    const res = await client.complete(REQ)
    expect(res).toMatchObject({ text: '备用模型回答', provider: 'gemini', viaBackup: true, tokensIn: 40, tokensOut: 6 })
    expect(primary.requests).toHaveLength(3)
    expect(backup.requests).toHaveLength(1)
    expect(records).toEqual([
      expect.objectContaining({ provider: 'openai-compatible', model: 'deepseek-chat', role: 'primary', ok: false, errorKind: 'server', attempts: 3 }),
      expect.objectContaining({ provider: 'gemini', role: 'backup', ok: true, attempts: 1, tokensIn: 40, tokensOut: 6 })
    ])
    // gemini-2.5-flash: 2.2 / 18 ¥ per 1M (estimate)
    expect(records[1]?.costYuan).toBeCloseTo((40 * 2.2 + 6 * 18) / 1e6, 9)
  })

  it('a misconfigured primary (no key) fails over without any HTTP call', async () => {
    const b = await openai()
    const records: LlmCallRecord[] = []
    const client = createLlmClient({ provider: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', model: 'gemini-2.5-flash', apiKey: '', backup: cfgOf(b) }, { onCall: (r) => records.push(r) })
    expect((await client.complete(REQ)).viaBackup).toBe(true)
    expect(records.map((r) => [r.role, r.ok, r.errorKind, r.attempts])).toEqual([['primary', false, 'config', 0], ['backup', true, undefined, 1]])
  })

  it('both fail → the primary kind, message mentions the backup', async () => {
    const p = await openai()
    const b = await openai()
    p.setBehaviour(authError())
    b.setBehaviour(serverError())
    const err = await createLlmClient({ ...cfgOf(p), backup: cfgOf(b) }, { sleep: fakeTime().sleep }).complete(REQ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LlmError)
    expect((err as LlmError).kind).toBe('auth')
    expect((err as LlmError).message).toMatch(/backup failed too/)
  })

  it('an empty answer from the primary fails over too', async () => {
    const p = await openai()
    const b = await openai()
    p.setBehaviour(empty())
    b.setBehaviour(reply('在的'))
    expect((await createLlmClient({ ...cfgOf(p), backup: cfgOf(b) }).complete(REQ)).text).toBe('在的')
  })
})

describe('bad answers', () => {
  const protocols = [
    { name: 'openai', start: startFakeOpenAI, cfg: (s: FakeLlmServer): LlmClientConfig => cfgOf(s) },
    { name: 'gemini', start: startFakeGemini, cfg: (s: FakeLlmServer): LlmClientConfig => ({ provider: 'gemini', baseUrl: s.url, model: 'gemini-2.5-flash', apiKey: KEY }) },
    { name: 'dashscope', start: startFakeDashScope, cfg: (s: FakeLlmServer): LlmClientConfig => ({ provider: 'dashscope-app', baseUrl: s.url, model: 'app', apiKey: KEY }) }
  ]
  it.each(protocols)('$name: empty / whitespace → empty (tokens still recorded); malformed JSON → bad_response; stream too', async (p) => {
    const s = await p.start()
    servers.push(s)
    const records: LlmCallRecord[] = []
    const client = createLlmClient(p.cfg(s), { onCall: (r) => records.push(r), sleep: fakeTime().sleep })
    s.setBehaviour(empty())
    await expect(client.complete(REQ)).rejects.toMatchObject({ kind: 'empty' })
    expect(records.at(-1)).toMatchObject({ ok: false, errorKind: 'empty' })
    expect(records.at(-1)?.tokensIn).toBeGreaterThan(0)
    // wasted tokens are still priced (all three fakes report a priced model)
    expect(records.at(-1)?.costYuan).toBeGreaterThan(0)
    s.setBehaviour(empty({ whitespace: true }))
    await expect(client.complete(REQ)).rejects.toMatchObject({ kind: 'empty' })
    await expect(client.stream(REQ).result).rejects.toMatchObject({ kind: 'empty' })
    s.setBehaviour(malformed())
    s.reset()
    await expect(client.complete(REQ)).rejects.toMatchObject({ kind: 'bad_response' })
    expect(s.requests).toHaveLength(1)
    await expect(client.stream(REQ).result).rejects.toMatchObject({ kind: 'bad_response' })
  })
})

describe('streaming', () => {
  it('429 before the first delta is retried; the deltas arrive once', async () => {
    const s = await openai()
    s.setBehaviour(rateLimited({ times: 1, retryAfterS: 1, then: reply('一二三四五六') }))
    const t = fakeTime()
    const records: LlmCallRecord[] = []
    const st = createLlmClient(cfgOf(s), { sleep: t.sleep, onCall: (r) => records.push(r) }).stream(REQ)
    const parts: string[] = []
    for await (const d of st) parts.push(d)
    expect(parts.join('')).toBe('一二三四五六')
    expect(t.sleeps).toEqual([1000])
    expect(records).toEqual([expect.objectContaining({ ok: true, attempts: 2, stream: true })])
  })

  it('errors reject both the iteration and result', async () => {
    const s = await openai()
    s.setBehaviour(authError())
    const st = createLlmClient(cfgOf(s)).stream(REQ)
    const iterate = async (): Promise<void> => { for await (const _ of st) { /* drain */ } }
    await expect(iterate()).rejects.toMatchObject({ kind: 'auth' })
    await expect(st.result).rejects.toMatchObject({ kind: 'auth' })
  })

  it('breaking out of the iteration cancels the call', async () => {
    const s = await openai()
    s.setBehaviour(reply('很长的一段回答'.repeat(20), { chunkDelayMs: 20 }))
    const st = createLlmClient(cfgOf(s)).stream(REQ)
    for await (const _ of st) break
    await expect(st.result).rejects.toMatchObject({ kind: 'aborted' })
  })
})
