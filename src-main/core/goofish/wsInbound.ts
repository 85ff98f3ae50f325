/**
 * Inbound side of GoofishClient: sync frames → decoded, classified, deduped events. A decode
 * failure is logged with its raw bytes and emitted as a typed error; it never stops the loop.
 */
import type { Clock, Logger } from '../ports'
import type { ClassifyContext, GoofishEvent, MessageFields } from './classify'
import type { ClientEvents } from './clientTypes'
import { eventMessage, messageDedupeKey, messageKeys, RecentIds } from './dedupe'
import type { Emitter } from './emitter'
import type { OwnSendTracker } from './ownSends'
import { decodeSyncItem, frameLwp, syncPackageItems } from './push'
import type { JsonValue } from './types'

export interface InboundDeps {
  readonly unb: string
  readonly clock: Clock
  readonly logger: Logger | undefined
  readonly emitter: Emitter<ClientEvents>
  readonly ownSends: OwnSendTracker
  readonly recentIdsMax: number
}

export class Inbound {
  readonly #d: InboundDeps
  readonly #recent: RecentIds

  constructor(d: InboundDeps) {
    this.#d = d
    this.#recent = new RecentIds(d.recentIdsMax)
  }

  ctx(): ClassifyContext {
    return { unb: this.#d.unb, isOwnSend: (m) => this.#d.ownSends.matches(m, this.#d.clock.now()) }
  }

  /** Handle one push; returns 'kickout' when the gateway pushed `/push/kickout`. */
  onPush(frame: JsonValue): 'kickout' | undefined {
    const lwp = frameLwp(frame)
    if (lwp === '/push/kickout') return 'kickout'
    for (const item of syncPackageItems(frame) ?? []) {
      const r = decodeSyncItem(item, this.ctx())
      if (r.ok) {
        this.deliver(r.event)
        continue
      }
      this.#d.logger?.warn('goofish: undecodable push item', { lwp, reason: r.error.reason, message: r.error.message, rawBase64: r.error.rawBase64.slice(0, 2048) })
      this.#d.emitter.emit('error', { type: 'decode', error: r.error, lwp, bizType: r.bizType })
    }
    return undefined
  }

  /** True when any key of this message was delivered (or recorded) recently. */
  isKnown(m: MessageFields): boolean {
    return messageKeys(m).some((k) => this.#recent.has(k))
  }

  /** Remember ids without emitting (our own sends, so listings do not look like missed pushes). */
  remember(keys: ReadonlyArray<string>): void {
    for (const k of keys) this.#recent.add(k)
  }

  /** Emit unless one of the message's keys was seen recently (burst duplicates, push vs backfill). */
  deliver(event: GoofishEvent): void {
    const m = eventMessage(event)
    if (!m) return this.#d.emitter.emit('message', { event, dedupeKey: null })
    if (!this.#recent.firstSeen(messageKeys(m))) return
    this.#d.emitter.emit('message', { event, dedupeKey: messageDedupeKey(m) })
  }
}
