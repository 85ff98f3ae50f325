/** A tiny typed event emitter. `on` returns its disposer; a throwing listener never breaks emit. */
export type EventMap = Record<string, unknown>

export class Emitter<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Set<(p: never) => void>>()
  readonly #onListenerError: (err: unknown) => void

  constructor(onListenerError: (err: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError
  }

  on<K extends keyof E>(key: K, fn: (payload: E[K]) => void): () => void {
    let set = this.#listeners.get(key)
    if (!set) this.#listeners.set(key, (set = new Set()))
    const f = fn as (p: never) => void
    set.add(f)
    return () => void set.delete(f)
  }

  emit<K extends keyof E>(key: K, payload: E[K]): void {
    for (const f of [...(this.#listeners.get(key) ?? [])]) {
      try {
        ;(f as (p: E[K]) => void)(payload)
      } catch (err) {
        this.#onListenerError(err)
      }
    }
  }

  clear(): void {
    this.#listeners.clear()
  }
}
