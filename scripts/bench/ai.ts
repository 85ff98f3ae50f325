import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../src-main/core/app'
import { createLogger } from '../../src-main/core/log/logger'
import type { LlmProvider } from '../../src-main/core/ai'
import type { SecretStore } from '../../src-main/core/ports'
import { nowMs, summarize } from './stats'

class MemorySecrets implements SecretStore {
  readonly backend = 'memory' as const
  readonly #m = new Map<string, string>()
  async get(k: string): Promise<string | null> { return this.#m.get(k) ?? null }
  async set(k: string, v: string): Promise<void> { this.#m.set(k, v) }
  async delete(k: string): Promise<boolean> { return this.#m.delete(k) }
}

/**
 * An LLM that answers at once: what remains is the pipeline's own cost. On a bargain it quotes ¥950
 * (below the early rounds' allowed price: the correction and the templated counter-offer are part of
 * the measured path); otherwise it answers without a price — every reply still passes the price check.
 */
const instant = (): LlmProvider => ({
  kind: 'openai-compatible', model: 'bench',
  complete: async (req) => ({ text: /议价（最多/.test(req.system) ? '可以的，950元给你' : '在的，95新，电池健康88%，放心拍', tokensIn: 100, tokensOut: 10, model: 'bench', finishReason: 'stop' }),
  stream: async function* () { yield { type: 'done', output: { text: 'ok', tokensIn: 1, tokensOut: 1, model: 'bench', finishReason: 'stop' } } }
})

/**
 * AI path overhead excluding the LLM wait: from a persisted buyer message to the reply handed to
 * the connection — history and round queries, intent, prompt, floor/ladder, price check, safety,
 * decision record and the reply row — with an LLM that answers instantly. Debounce 0.
 */
export async function benchAiOverhead(opts: { messages?: number } = {}): Promise<Record<string, unknown>> {
  const n = opts.messages ?? 2000
  const dir = mkdtempSync(join(tmpdir(), 'xd-bench-ai-'))
  const core = createCore({ secrets: new MemorySecrets(), logger: createLogger({ sinks: [] }), paths: { dataDir: dir }, host: 'headless', appVersion: 'bench' },
    { llmOptions: { createProvider: instant } })
  const unb = '2200000000001'
  const acc = await core.services.accounts.addByCookie({ cookie: `unb=${unb}; _m_h5_tk=0123456789abcdef0123456789abcdef_1; cookie2=x` })
  await core.api['secrets.setApiKey']({ accountId: acc.id, apiKey: 'sk-bench' })
  await core.api['settings.update']({ accountId: acc.id, account: { aiEnabled: true, debounceSeconds: 0, maxBargainRounds: 10 } })
  core.services.items.upsert({ accountId: acc.id, itemId: '1', title: 'iPhone 13', price: 1000, description: '95新', skus: [], images: [], stock: 1, fetchedAt: 0 })
  const started = new Map<string, number>()
  const lat: number[] = []
  let done: () => void = () => {}
  core.services.setSender({
    send: async (_a, cid) => {
      const s = started.get(cid)
      if (s !== undefined) lat.push(nowMs() - s)
      if (lat.length >= n) done()
      return { clientUuid: `-${Date.now()}${lat.length}1`, platformMessageId: null }
    }
  })
  const finished = new Promise<void>((r) => (done = r))
  const texts = ['能便宜点吗', '电池健康多少', '在吗', '900出吗', '还有货吗']
  for (let i = 0; i < n; i++) {
    const cid = `c${i}`
    started.set(cid, nowMs())
    core.services.ingest.ingest({ accountId: acc.id, cid, direction: 'in', senderId: 'b', senderNick: 'b', buyerId: 'b', itemId: '1', contentType: 'text', text: texts[i % texts.length] ?? '在吗', platformMessageId: `p${i}`, createdAt: Date.now() })
    // one at a time: the overhead of a single reply, not a queue
    await new Promise<void>((r) => {
      const tick = (): void => (lat.length > i ? r() : void setImmediate(tick))
      tick()
    })
  }
  await finished
  await core.close()
  rmSync(dir, { recursive: true, force: true })
  return { replies: n, overheadMs: summarize(lat), goalP99Ms: 10, note: 'includes the debounce-0 hop (setImmediate, after the commit of the turn)' }
}
