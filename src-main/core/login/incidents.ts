import type { EventPayload } from '@contract/events'
import type { CoreEvents } from '../events'
import type { Clock } from '../ports'

type Notice = EventPayload<'notice.raised'>

/**
 * Raises a notice once per incident: the same problem on the same account is not raised again
 * (on every retry) until it has been resolved.
 */
export class Incidents {
  readonly #open = new Set<string>()
  readonly #events: CoreEvents
  readonly #clock: Clock
  #seq = 0

  constructor(events: CoreEvents, clock: Clock) {
    this.#events = events
    this.#clock = clock
  }

  raise(n: Omit<Notice, 'id' | 'createdAt'>): boolean {
    const key = `${n.kind}|${n.accountId ?? ''}|${n.cid ?? ''}`
    if (this.#open.has(key)) return false
    this.#open.add(key)
    this.#seq += 1
    this.#events.emit('notice.raised', { ...n, id: `n${this.#clock.now()}-${this.#seq}`, createdAt: this.#clock.now() })
    return true
  }

  resolve(kind: Notice['kind'], accountId: string | null, cid: string | null = null): void {
    this.#open.delete(`${kind}|${accountId ?? ''}|${cid ?? ''}`)
  }

  /** A notice that is an event, not a state (a paid order, a message in a taken-over chat). */
  once(n: Omit<Notice, 'id' | 'createdAt'>): void {
    this.#seq += 1
    this.#events.emit('notice.raised', { ...n, id: `n${this.#clock.now()}-${this.#seq}`, createdAt: this.#clock.now() })
  }
}
