/**
 * Per-account send hygiene (goofish-protocol.md §8.7): a sliding-window send rate limit and an
 * optional human-like delay.
 */
import type { RandomFn } from './ids'

export class SlidingWindowLimiter {
  readonly #stamps: number[] = []

  /** Sends allowed per window; may change at any time (a settings change applies to the next send). */
  perWindow: number

  constructor(perWindow: number, readonly windowMs = 60_000) {
    this.perWindow = perWindow
  }

  /** Ms to wait before the next send is allowed (0 = now). */
  waitMs(now: number): number {
    while (this.#stamps.length > 0 && now - (this.#stamps[0] as number) >= this.windowMs) this.#stamps.shift()
    if (this.#stamps.length < this.perWindow) return 0
    // the slot frees when the send perWindow places back leaves the window (the rate may have dropped)
    const oldest = this.#stamps[this.#stamps.length - this.perWindow] as number
    return oldest + this.windowMs - now
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
