/**
 * Capped exponential backoff with proportional jitter (goofish-protocol.md §8.3: jitter avoids
 * reconnect storms across accounts).
 */
import type { Clock } from '../ports'
import type { RandomFn } from './ids'

export interface BackoffPolicy {
  /** Delay of the first retry. */
  readonly baseMs: number
  /** Cap before jitter. */
  readonly maxMs: number
  /** Extra random fraction added on top, e.g. 0.3 → +0–30 %. */
  readonly jitter: number
}

/** attempt 0 → baseMs, then doubling, capped, plus jitter. */
export function backoffDelay(attempt: number, p: BackoffPolicy, random: RandomFn): number {
  const raw = Math.min(p.maxMs, p.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30))
  return Math.round(raw * (1 + p.jitter * random()))
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms)
  })
}
