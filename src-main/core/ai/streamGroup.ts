/**
 * Streaming completions (copilot drafts). The call starts at once and buffers deltas until the
 * consumer iterates. Retries and failover are allowed only before the first delta: once text
 * has been shown, switching providers would splice two different answers together.
 */
import type { LlmClientConfig } from './client'
import { combinedError, DEFAULT_TIMEOUT_MS, finishOutput, runGroup, toResult, type GroupContext, type GroupOutcome, type Role } from './group'
import { classifyThrown } from './providers/errors'
import { attemptSignal } from './retry'
import { LlmError, type LlmProvider, type LlmResult, type LlmStream, type ProviderConfig, type ProviderOutput } from './types'

/** Single-consumer buffer between the pump and the iterator. */
class DeltaQueue {
  #items: string[] = []
  #done = false
  #error: unknown = undefined
  #wake: (() => void) | null = null
  #iterated = false
  emitted = 0

  push(text: string): void {
    this.#items.push(text)
    this.emitted++
    this.#notify()
  }
  end(error?: unknown): void {
    this.#done = true
    this.#error = error
    this.#notify()
  }
  #notify(): void {
    const w = this.#wake
    this.#wake = null
    w?.()
  }

  async *iterate(onCancel: () => void): AsyncGenerator<string> {
    if (this.#iterated) throw new Error('an LlmStream can be iterated once')
    this.#iterated = true
    try {
      for (;;) {
        const next = this.#items.shift()
        if (next !== undefined) yield next
        else if (this.#done) {
          if (this.#error !== undefined) throw this.#error
          return
        } else await new Promise<void>((r) => { this.#wake = r })
      }
    } finally {
      // the consumer stopped early (break / return): stop the HTTP stream too
      if (!this.#done) onCancel()
    }
  }
}

async function streamAttempt(ctx: GroupContext, provider: LlmProvider, cfg: ProviderConfig, q: DeltaQueue): Promise<GroupOutcome> {
  const att = attemptSignal(cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS, ctx.req.signal, cfg.provider)
  try {
    let output: ProviderOutput | undefined
    for await (const chunk of provider.stream(ctx.req, att.signal)) {
      if (chunk.type === 'delta') q.push(chunk.text)
      else output = chunk.output
    }
    // The openai SDK ends a stream quietly when its signal fires; a cut-off answer is not a result.
    if (att.signal.aborted) throw att.signal.reason
    if (!output) return { ok: false, error: new LlmError('bad_response', `${cfg.provider}: stream ended without a result`) }
    return finishOutput(ctx, output)
  } catch (err) {
    return { ok: false, error: classifyThrown(cfg.provider, err, att.signal) }
  } finally {
    att.dispose()
  }
}

function streamOne(ctx: GroupContext, cfg: ProviderConfig, role: Role, q: DeltaQueue): Promise<GroupOutcome> {
  let before = 0
  return runGroup(ctx, cfg, {
    role, stream: true,
    attempt: (provider) => {
      before = q.emitted
      return streamAttempt(ctx, provider, cfg, q)
    },
    // text already reached the caller: a retry would repeat it
    mayRetry: () => q.emitted === before
  })
}

async function run(ctx: GroupContext, config: LlmClientConfig, q: DeltaQueue): Promise<LlmResult> {
  const t0 = ctx.now()
  const primary = await streamOne(ctx, config, 'primary', q)
  if (primary.ok) return toResult(ctx, primary, { cfg: config, t0, viaBackup: false })
  if (!config.backup || primary.error.kind === 'aborted' || q.emitted > 0) throw primary.error
  const backup = await streamOne(ctx, config.backup, 'backup', q)
  if (backup.ok) return toResult(ctx, backup, { cfg: config.backup, t0, viaBackup: true })
  throw combinedError(primary.error, backup.error)
}

export function streamGroup(ctx: GroupContext, config: LlmClientConfig): LlmStream {
  const cancel = new AbortController()
  const signal = ctx.req.signal ? AbortSignal.any([ctx.req.signal, cancel.signal]) : cancel.signal
  const q = new DeltaQueue()
  const result = run({ ...ctx, req: { ...ctx.req, signal } }, config, q)
  result.then(() => q.end(), (err: unknown) => q.end(err ?? new Error('stream failed')))
  // best effort: a consumer that only iterates sees the error there; avoid an unhandled rejection
  result.catch(() => undefined)
  return {
    result,
    [Symbol.asyncIterator]: () => q.iterate(() => cancel.abort(new LlmError('aborted', 'stream closed by the consumer')))
  }
}
