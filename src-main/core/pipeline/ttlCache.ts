/** A small LRU with a time-to-live, for answers that should not cost tokens twice. */
export class TtlCache<V> {
  readonly #map = new Map<string, { value: V; at: number }>()
  readonly #max: number
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(max: number, ttlMs: number, now: () => number = Date.now) {
    this.#max = max
    this.#ttlMs = ttlMs
    this.#now = now
  }

  get(key: string): V | null {
    const hit = this.#map.get(key)
    if (!hit) return null
    this.#map.delete(key)
    if (this.#now() - hit.at > this.#ttlMs) return null
    this.#map.set(key, hit)
    return hit.value
  }

  set(key: string, value: V): void {
    this.#map.delete(key)
    this.#map.set(key, { value, at: this.#now() })
    while (this.#map.size > this.#max) {
      const oldest = this.#map.keys().next().value
      if (oldest === undefined) break
      this.#map.delete(oldest)
    }
  }

  clear(): void {
    this.#map.clear()
  }
}
