import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_SETTINGS } from '../../../src-main/contract/schemas'
import { LlmError, type LlmClient, type LlmRequest, type LlmResult, type LlmStream } from '../../../src-main/core/ai'
import { decide, type DecideInput } from '../../../src-main/core/pipeline/decide'

const result = (text: string): LlmResult => ({
  text, tokensIn: 10, tokensOut: text.length, usageEstimated: false, latencyMs: 5, provider: 'openai-compatible', model: 'qwen-plus', finishReason: 'stop', viaBackup: false
})

/** An in-process client whose stream yields `deltas`, pausing `gapMs` (0: none) after each one. */
function streamingClient(deltas: ReadonlyArray<string>, opts: { gapMs?: number; failAfter?: number } = {}): LlmClient & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    complete: async () => {
      calls.push('complete')
      return result(deltas.join('').trim())
    },
    stream(req: LlmRequest): LlmStream {
      calls.push('stream')
      let settle!: { ok: (r: LlmResult) => void; fail: (e: unknown) => void }
      const done = new Promise<LlmResult>((ok, fail) => (settle = { ok, fail }))
      done.catch(() => undefined)
      async function* run(): AsyncGenerator<string> {
        try {
          for (const [i, d] of deltas.entries()) {
            if (opts.failAfter === i) throw new LlmError('network', 'connection reset')
            if (req.signal?.aborted) throw new LlmError('aborted', 'cancelled')
            yield d
            if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs))
          }
        } catch (err) {
          settle.fail(err)
          throw err
        }
        settle.ok(result(deltas.join('').trim()))
      }
      return { result: done, [Symbol.asyncIterator]: run }
    }
  }
}

function input(llm: LlmClient, over: Partial<DecideInput> = {}): DecideInput {
  return {
    settings: { ...DEFAULT_ACCOUNT_SETTINGS, defaultReply: '' }, item: null, history: [], burst: ['这个还有吗'], round: 0, llm,
    rules: () => ({ rule: null, replies: [], usedDefault: false }), ...over
  }
}

describe('decide with onDraftText', () => {
  it('streams instead of completing, with at most one preview per ~50 ms and the whole text last', async () => {
    const deltas = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? '有' : '货'))
    const llm = streamingClient(deltas, { gapMs: 2 })
    const previews: Array<{ text: string; at: number }> = []
    const t0 = performance.now()
    const out = await decide(input(llm, { onDraftText: (text) => previews.push({ text, at: performance.now() }) }))
    const elapsed = performance.now() - t0
    expect(llm.calls).toEqual(['stream'])
    expect(out.decision.source).toBe('ai')
    expect(previews.at(-1)?.text).toBe(deltas.join(''))
    expect(previews.length).toBeGreaterThanOrEqual(3)
    expect(previews.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2)
    // every preview but the final one keeps the interval; each extends the one before
    for (let i = 1; i < previews.length - 1; i++) expect((previews[i]?.at ?? 0) - (previews[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(45)
    for (let i = 1; i < previews.length; i++) expect(previews[i]?.text.startsWith(previews[i - 1]?.text ?? '∅')).toBe(true)
  })

  it('a quiet spell after a burst still shows the burst (trailing preview), before the stream ends', async () => {
    // two deltas in quick succession, then 200 ms of silence, then the last one
    const llm = streamingClient(['你好', '，在的', '，欢迎下单'], { gapMs: 0 })
    const slow: LlmClient = {
      complete: llm.complete,
      stream(req) {
        const inner = llm.stream(req)
        return {
          result: inner.result,
          async *[Symbol.asyncIterator]() {
            let i = 0
            for await (const d of inner) {
              if (i++ === 2) await new Promise((r) => setTimeout(r, 200))
              yield d
            }
          }
        }
      }
    }
    const previews: string[] = []
    await decide(input(slow, { onDraftText: (t) => previews.push(t) }))
    expect(previews).toEqual(['你好', '你好，在的', '你好，在的，欢迎下单'])
  })

  it('without onDraftText (auto-send) it completes and never streams', async () => {
    const llm = streamingClient(['在的'])
    const out = await decide(input(llm))
    expect(llm.calls).toEqual(['complete'])
    expect(out.parts).toEqual([{ kind: 'text', text: '在的' }])
  })

  it('a stream that breaks is a recorded AI failure with the usual fallback; an abort is rethrown', async () => {
    const previews: string[] = []
    // '，还有' arrives within 50 ms of '在的' (its preview is pending) and then the stream breaks
    const broken = await decide(input(streamingClient(['在的', '，还有', '货'], { failAfter: 2 }), {
      onDraftText: (t) => previews.push(t),
      rules: () => ({ rule: null, replies: [{ kind: 'text', text: '稍等哦' }], usedDefault: true })
    }))
    expect(broken.decision.source).toBe('fallback')
    expect(broken.decision.checks).toContainEqual({ kind: 'ai', ok: false, detail: 'network: connection reset', code: 'ai_error', params: { kind: 'network' } })
    expect(broken.parts).toEqual([{ kind: 'text', text: '稍等哦' }])
    await new Promise((r) => setTimeout(r, 80))
    expect(previews).toEqual(['在的'])

    const ctl = new AbortController()
    ctl.abort()
    await expect(decide(input(streamingClient(['在的']), { signal: ctl.signal, onDraftText: () => undefined }))).rejects.toMatchObject({ kind: 'aborted' })
  })

  it('a throwing preview callback does not cost the answer', async () => {
    const out = await decide(input(streamingClient(['在的', '，还有货']), {
      onDraftText: () => {
        throw new Error('listener broke')
      }
    }))
    expect(out.parts).toEqual([{ kind: 'text', text: '在的，还有货' }])
  })
})
