/**
 * Bounded LRU cache of item details (TTL 24 h by default). Concurrent misses for the same item
 * share one request. `invalidate` is called when the seller changes a price.
 */
import type { ItemDetail } from './apis'

export interface ItemCacheOptions {
  readonly load: (itemId: string) => Promise<ItemDetail>
  readonly now: () => number
  readonly maxEntries?: number
  readonly ttlMs?: number
}

interface Entry {
  readonly value: ItemDetail
  readonly at: number
}

export const ITEM_TTL_MS = 24 * 60 * 60 * 1000

export class ItemCache {
  readonly #o: ItemCacheOptions
  readonly #max: number
  readonly #ttl: number
  /** Map iteration order is insertion order: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry>()
  readonly #inflight = new Map<string, Promise<ItemDetail>>()
  /** Bumped by invalidate: a load that started earlier must not store its (stale) result. */
  #epoch = 0
  readonly #invalidatedAt = new Map<string, number>()

  constructor(o: ItemCacheOptions) {
    this.#o = o
    this.#max = Math.max(1, o.maxEntries ?? 500)
    this.#ttl = o.ttlMs ?? ITEM_TTL_MS
  }

  get size(): number {
    return this.#entries.size
  }

  /** A fresh cached value without loading (and without touching recency). */
  peek(itemId: string): ItemDetail | undefined {
    const e = this.#entries.get(itemId)
    return e && this.#o.now() - e.at < this.#ttl ? e.value : undefined
  }

  /** Cached value if fresh, else load. `refresh: true` forces a load. */
  async get(itemId: string, opts: { refresh?: boolean } = {}): Promise<ItemDetail> {
    const e = this.#entries.get(itemId)
    if (!opts.refresh && e && this.#o.now() - e.at < this.#ttl) {
      this.#entries.delete(itemId)
      this.#entries.set(itemId, e)
      return e.value
    }
    const pending = this.#inflight.get(itemId)
    if (pending) return pending
    const p = this.#load(itemId)
    this.#inflight.set(itemId, p)
    try {
      return await p
    } finally {
      if (this.#inflight.get(itemId) === p) this.#inflight.delete(itemId)
    }
  }

  async #load(itemId: string): Promise<ItemDetail> {
    const started = this.#epoch
    const value = await this.#o.load(itemId)
    if ((this.#invalidatedAt.get(itemId) ?? -1) >= started) return value
    this.#entries.delete(itemId)
    this.#entries.set(itemId, { value, at: this.#o.now() })
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      this.#entries.delete(oldest.value)
    }
    return value
  }

  invalidate(itemId: string): boolean {
    this.#invalidatedAt.set(itemId, this.#epoch++)
    this.#inflight.delete(itemId)
    if (this.#invalidatedAt.size > this.#max * 4) this.#invalidatedAt.clear() // bounded; only in-flight races need it
    return this.#entries.delete(itemId)
  }

  clear(): void {
    this.#entries.clear()
  }
}
