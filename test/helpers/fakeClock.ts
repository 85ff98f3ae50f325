import type { Clock } from '../../src-main/core/ports'

/** A clock whose time moves only when a test says so; timers fire in order as it passes them. */
export class FakeClock implements Clock {
  #now: number
  #seq = 0
  readonly #timers = new Map<number, { at: number; fn: () => void }>()

  constructor(start: number) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const id = ++this.#seq
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn })
    return { cancel: () => { this.#timers.delete(id) } }
  }

  /** Moves time forward, firing every timer due on the way (and letting I/O callbacks run in between). */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null
      for (const e of this.#timers) if (e[1].at <= target && (!next || e[1].at < next[1].at)) next = e
      if (!next) break
      this.#timers.delete(next[0])
      this.#now = next[1].at
      next[1].fn()
      await new Promise((r) => setImmediate(r))
    }
    this.#now = target
  }

  get pending(): number {
    return this.#timers.size
  }
}
