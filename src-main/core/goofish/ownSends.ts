/**
 * Echo safety (goofish-protocol.md §8.5, §10.13): the gateway may push our own sends back to this
 * socket, where they look exactly like the seller typing on another device. Recent sends are
 * remembered (uuid, text, image url, and the server message id once the response gives it) and a
 * matching self-message is reported as `own_echo` instead of `self_message`.
 */
import type { MessageFields } from './classify'

interface OwnSend {
  readonly uuid: string
  readonly cid: string
  readonly text: string | null
  readonly imageUrl: string | null
  readonly at: number
  messageId: string | null
}

export class OwnSendTracker {
  readonly #sends: OwnSend[] = []

  constructor(readonly windowMs = 120_000, readonly max = 200) {}

  record(s: { uuid: string; cid: string; text?: string; imageUrl?: string }, now: number): void {
    this.#sends.push({ uuid: s.uuid, cid: s.cid, text: s.text ?? null, imageUrl: s.imageUrl ?? null, at: now, messageId: null })
    if (this.#sends.length > this.max) this.#sends.shift()
  }

  /** Attach the server's message id from the send response. */
  confirm(uuid: string, messageId: string): void {
    const s = this.#sends.find((x) => x.uuid === uuid)
    if (s) s.messageId = messageId
  }

  forget(uuid: string): void {
    const i = this.#sends.findIndex((x) => x.uuid === uuid)
    if (i >= 0) this.#sends.splice(i, 1)
  }

  /** True (and consumes the record) when `m` is the echo of one of our recent sends. */
  matches(m: MessageFields, now: number): boolean {
    while (this.#sends.length > 0 && now - (this.#sends[0] as OwnSend).at > this.windowMs) this.#sends.shift()
    const i = this.#sends.findIndex((s) => this.#isEcho(s, m))
    if (i < 0) return false
    this.#sends.splice(i, 1)
    return true
  }

  #isEcho(s: OwnSend, m: MessageFields): boolean {
    if (s.messageId !== null && m.messageIds.includes(s.messageId)) return true
    if (!m.senderIsSelf || m.cid !== s.cid) return false
    if (s.text !== null && m.text === s.text) return true
    return s.imageUrl !== null && m.images.some((p) => p.url === s.imageUrl)
  }
}
