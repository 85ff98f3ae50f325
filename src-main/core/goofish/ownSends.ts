/**
 * Echo safety (goofish-protocol.md §8.5, §10.13): the gateway may push our own sends back to this
 * socket, where they look exactly like the seller typing on another device. Recent sends are
 * remembered (uuid, text, image url, and the server message id once the response gives it) and a
 * matching self-message is reported as `own_echo` instead of `self_message`.
 *
 * Every inbound message is checked, so the lookup is indexed (by server id, and by chat for a
 * self-sent message) instead of a scan over up to `max` recent sends.
 */
import type { MessageFields } from './classify'

interface OwnSend {
  /** Insertion order: when several records match, the oldest is the echo. */
  readonly seq: number
  readonly uuid: string
  readonly cid: string
  readonly text: string | null
  readonly imageUrl: string | null
  readonly at: number
  messageId: string | null
}

export class OwnSendTracker {
  /** Oldest first. */
  readonly #sends: OwnSend[] = []
  readonly #byCid = new Map<string, OwnSend[]>()
  readonly #byMessageId = new Map<string, OwnSend>()
  #seq = 0

  constructor(readonly windowMs = 120_000, readonly max = 200) {}

  record(s: { uuid: string; cid: string; text?: string; imageUrl?: string }, now: number): void {
    const rec: OwnSend = { seq: this.#seq++, uuid: s.uuid, cid: s.cid, text: s.text ?? null, imageUrl: s.imageUrl ?? null, at: now, messageId: null }
    this.#sends.push(rec)
    const bucket = this.#byCid.get(rec.cid)
    if (bucket) bucket.push(rec)
    else this.#byCid.set(rec.cid, [rec])
    if (this.#sends.length > this.max) this.#remove(this.#sends[0] as OwnSend)
  }

  /** Attach the server's message id from the send response. */
  confirm(uuid: string, messageId: string): void {
    const s = this.#sends.find((x) => x.uuid === uuid)
    if (!s) return
    if (s.messageId !== null && this.#byMessageId.get(s.messageId) === s) this.#byMessageId.delete(s.messageId)
    s.messageId = messageId
    const holder = this.#byMessageId.get(messageId)
    // two sends confirmed with one id (should not happen): the older one keeps it, as a scan would find it first
    if (!holder || holder.seq > s.seq) this.#byMessageId.set(messageId, s)
  }

  forget(uuid: string): void {
    const s = this.#sends.find((x) => x.uuid === uuid)
    if (s) this.#remove(s)
  }

  /** True (and consumes the record) when `m` is the echo of one of our recent sends. */
  matches(m: MessageFields, now: number): boolean {
    while (this.#sends.length > 0 && now - (this.#sends[0] as OwnSend).at > this.windowMs) this.#remove(this.#sends[0] as OwnSend)
    let best: OwnSend | undefined
    for (const id of m.messageIds) {
      const s = this.#byMessageId.get(id)
      if (s && (!best || s.seq < best.seq)) best = s
    }
    if (m.senderIsSelf) {
      for (const s of this.#byCid.get(m.cid) ?? []) {
        if (best && s.seq > best.seq) break
        if ((s.text !== null && m.text === s.text) || (s.imageUrl !== null && m.images.some((p) => p.url === s.imageUrl))) {
          best = s
          break
        }
      }
    }
    if (!best) return false
    this.#remove(best)
    return true
  }

  #remove(s: OwnSend): void {
    const i = this.#sends.indexOf(s)
    if (i >= 0) this.#sends.splice(i, 1)
    const bucket = this.#byCid.get(s.cid)
    if (bucket) {
      const j = bucket.indexOf(s)
      if (j >= 0) bucket.splice(j, 1)
      if (bucket.length === 0) this.#byCid.delete(s.cid)
    }
    if (s.messageId !== null && this.#byMessageId.get(s.messageId) === s) {
      this.#byMessageId.delete(s.messageId)
      const next = this.#sends.find((x) => x.messageId === s.messageId)
      if (next) this.#byMessageId.set(s.messageId, next)
    }
  }
}
