import type { Db } from './open'

/**
 * A bounded map that evicts the oldest entry (by when it was cached): the repos' read caches. The hot
 * per-message reads (account, settings, rules, item, conversation) are answered from memory; every
 * write through a repo drops the entries it touches (or, for the two per-message touches, updates
 * them exactly as its SQL does), so a cache never answers with a value the database does not hold.
 */
export class BoundedCache<K, V> {
  readonly #max: number
  readonly #m = new Map<K, V>()

  constructor(max: number) {
    this.#max = Math.max(1, max)
  }

  get size(): number { return this.#m.size }

  /** A plain lookup: hits do not reorder (a Map delete + set per hit costs more than a rare re-read). */
  get(k: K): V | undefined {
    return this.#m.get(k)
  }

  set(k: K, v: V): void {
    this.#m.delete(k)
    this.#m.set(k, v)
    if (this.#m.size > this.#max) {
      const oldest = this.#m.keys().next()
      if (!oldest.done) this.#m.delete(oldest.value)
    }
  }

  delete(k: K): void { this.#m.delete(k) }

  /** Drops every entry whose key matches (e.g. all of one account's). */
  deleteWhere(pred: (k: K) => boolean): void {
    for (const k of [...this.#m.keys()]) if (pred(k)) this.#m.delete(k)
  }

  clear(): void { this.#m.clear() }
}

const registry = new WeakMap<Db, Set<{ clear(): void }>>()

/** Registers a repo cache of this database, so a failed commit can drop them all. */
export function registerCache<T extends { clear(): void }>(db: Db, cache: T): T {
  let set = registry.get(db)
  if (!set) registry.set(db, (set = new Set()))
  set.add(cache)
  return cache
}

/** After a rollback nothing cached since the transaction began can be trusted: start over. */
export function clearCaches(db: Db): void {
  for (const c of registry.get(db) ?? []) c.clear()
}

/**
 * `db.transaction(fn)` for core code: when `fn` throws, the transaction (or savepoint) is rolled
 * back and every repo cache of this database is dropped, so nothing read inside it survives.
 */
export function atomic<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn)
  return (...args: A): R => {
    try {
      return tx(...args)
    } catch (err) {
      clearCaches(db)
      throw err
    }
  }
}
