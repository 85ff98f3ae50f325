import type { EventKey, EventPayload } from '@contract/events'

export type Listener<K extends EventKey> = (payload: EventPayload<K>) => void
export type AnyListener = <K extends EventKey>(key: K, payload: EventPayload<K>) => void

/** Core's outbound events. Every subscription returns its disposer. */
export class CoreEvents {
  readonly #byKey = new Map<EventKey, Set<(p: unknown) => void>>()
  readonly #any = new Set<AnyListener>()
  readonly #onError: (key: EventKey, err: unknown) => void

  constructor(onError: (key: EventKey, err: unknown) => void = () => {}) {
    this.#onError = onError
  }

  on<K extends EventKey>(key: K, fn: Listener<K>): () => void {
    let set = this.#byKey.get(key)
    if (!set) this.#byKey.set(key, (set = new Set()))
    const f = fn as (p: unknown) => void
    set.add(f)
    return () => void set.delete(f)
  }

  /** Every event, for the bindings (IPC, WebSocket) that forward them all. */
  onAny(fn: AnyListener): () => void {
    this.#any.add(fn)
    return () => void this.#any.delete(fn)
  }

  emit<K extends EventKey>(key: K, payload: EventPayload<K>): void {
    for (const f of this.#byKey.get(key) ?? []) this.#safe(key, () => f(payload))
    for (const f of this.#any) this.#safe(key, () => f(key, payload))
  }

  /** One failing listener must not stop the others or the emitter: it is reported, not rethrown. */
  #safe(key: EventKey, fn: () => void): void {
    try {
      fn()
    } catch (err) {
      this.#onError(key, err)
    }
  }

  clear(): void {
    this.#byKey.clear()
    this.#any.clear()
  }
}
