/** Retry policy pieces of the LLM client: per-attempt deadline signals and backoff. */
import { LlmError, type LlmErrorKind } from './types'

export interface RetryPolicy {
  /** Retries after the first attempt (default 2, so at most 3 HTTP attempts per provider). */
  readonly maxRetries: number
  /** First backoff step (default 500 ms); doubles per retry. */
  readonly baseDelayMs: number
  /** Cap for one backoff step (default 4 s). */
  readonly maxDelayMs: number
  /**
   * A Retry-After longer than this is not waited out (the buyer is waiting): the group gives
   * up and the backup provider, if any, answers instead. Default 15 s.
   */
  readonly maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 4000, maxRetryAfterMs: 15_000 }

/**
 * Transient failures only. Timeouts are not retried on the same provider: a hung provider
 * would double the buyer's wait; failover to the backup handles them instead.
 */
const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set(['rate_limited', 'server', 'network'])

export function isRetryable(err: LlmError): boolean {
  return RETRYABLE.has(err.kind)
}

/**
 * Delay before retry number `retry` (0-based): the server's Retry-After when given, else
 * exponential backoff with equal jitter (half fixed, half random) so clients spread out.
 * Returns null when the server asks for longer than the policy allows.
 */
export function backoffDelay(retry: number, err: LlmError, policy: RetryPolicy, random: () => number): number | null {
  if (err.retryAfterMs !== undefined) return err.retryAfterMs > policy.maxRetryAfterMs ? null : err.retryAfterMs
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return Math.round(step / 2 + (step / 2) * random())
}

export interface AttemptSignal {
  readonly signal: AbortSignal
  /** Clears the timer and detaches from the caller's signal; aborts in-flight I/O if still running. */
  dispose(): void
}

/**
 * One attempt's signal: fires on the deadline (reason LlmError 'timeout') or when the caller
 * aborts (reason LlmError 'aborted'). Providers surface `signal.reason`, so the kind is exact.
 */
export function attemptSignal(timeoutMs: number, caller: AbortSignal | undefined, label: string): AttemptSignal {
  const ctl = new AbortController()
  const onCallerAbort = (): void => ctl.abort(new LlmError('aborted', `${label}: cancelled by the caller`))
  if (caller?.aborted) onCallerAbort()
  else caller?.addEventListener('abort', onCallerAbort, { once: true })
  const timer = setTimeout(() => ctl.abort(new LlmError('timeout', `${label}: no answer within ${timeoutMs} ms`)), timeoutMs)
  return {
    signal: ctl.signal,
    dispose() {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onCallerAbort)
      if (!ctl.signal.aborted) ctl.abort(new LlmError('aborted', `${label}: attempt finished`))
    }
  }
}

/** Sleep that wakes early (rejecting with 'aborted') when the caller cancels. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('aborted', 'cancelled by the caller'))
    const onAbort = (): void => {
      clearTimeout(t)
      reject(new LlmError('aborted', 'cancelled by the caller'))
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
