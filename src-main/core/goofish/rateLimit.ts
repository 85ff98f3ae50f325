/**
 * Per-account send hygiene (goofish-protocol.md §8.7): a sliding-window send rate limit and an
 * optional human-like delay.
 */
import type { RandomFn } from './ids'

export class SlidingWindowLimiter {
  readonly #stamps: number[] = []

  constructor(readonly perWindow: number, readonly windowMs = 60_000) {}

  /** Ms to wait before the next send is allowed (0 = now). */
  waitMs(now: number): number {
    while (this.#stamps.length > 0 && now - (this.#stamps[0] as number) >= this.windowMs) this.#stamps.shift()
    if (this.#stamps.length < this.perWindow) return 0
    return (this.#stamps[0] as number) + this.windowMs - now
  }

  record(now: number): void {
    this.#stamps.push(now)
  }
}

/** Uniform delay in [min, max] ms (0 when max is 0). */
export function humanDelayMs(range: { readonly min: number; readonly max: number }, random: RandomFn): number {
  if (range.max <= 0) return 0
  const lo = Math.max(0, Math.min(range.min, range.max))
  return Math.round(lo + (range.max - lo) * random())
}
