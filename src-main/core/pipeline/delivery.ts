import type { ReplyPart } from '@contract/rules'
import type { Message } from '@contract/schemas'
import { flushWrites, type Db } from '../db/open'
import type { AccountRepo } from '../db/repos/accountRepo'
import type { IntentRepo, ReplyIntent } from '../db/repos/intentRepo'
import { AppError } from '../errors'
import type { Clock } from '../ports'
import type { ChatService } from '../services/chatService'
import type { ReplySender } from './ports'

export interface DeliveryDeps {
  readonly db: Db
  readonly intents: IntentRepo
  readonly chats: ChatService
  readonly accounts: AccountRepo
  readonly clock: Clock
  readonly sender: () => ReplySender | null
}

export interface SendOpts {
  /** A bot reply to this buyer message: durable intents are written (and committed) before anything is sent. */
  readonly answers?: number
  readonly onQueued?: (waitMs: number) => void
}

/** The connection went away under the send: the platform may or may not have it (the resume decides). */
export function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof AppError)) return false
  const kind = (err.details as { kind?: unknown } | undefined)?.kind
  return kind === 'closed' || kind === 'not_connected' || (err.code === 'UNAVAILABLE' && kind === undefined)
}

export const isRateLimitExpiry = (err: unknown): boolean => err instanceof AppError && (err.details as { kind?: unknown } | undefined)?.kind === 'send_rate_limited'

/**
 * Sends reply parts in order and stores each as an outbound message. A bot reply is first written as
 * one durable intent per part, keyed by the client uuid the send carries (issue 15.1): after a
 * crash the intent is either recognised on the platform (our own message comes back by the
 * backfill) or sent then — exactly once.
 */
export class Delivery {
  readonly #d: DeliveryDeps
  /** Keys whose send this process is doing right now (the resume must not send them again). */
  readonly #inFlight = new Set<string>()
  #lastKeyMs = 0

  constructor(deps: DeliveryDeps) {
    this.#d = deps
  }

  /** Stops at the first failure. A lost connection leaves the intents pending for the resume. */
  async send(accountId: string, cid: string, parts: ReadonlyArray<ReplyPart>, source: NonNullable<Message['source']>, opts: SendOpts = {}): Promise<Message[]> {
    const sender = this.#sender()
    const keys = parts.map(() => this.#newKey())
    if (opts.answers !== undefined) {
      const answers = opts.answers
      parts.forEach((part, i) => this.#d.intents.insert({ accountId, cid, messageId: answers, idemKey: keys[i] as string, partIndex: i, part, source, createdAt: this.#d.clock.now() }))
      // the intent must be on disk before the message can leave
      flushWrites(this.#d.db)
    }
    const out: Message[] = []
    for (const [i, part] of parts.entries()) {
      const key = keys[i] as string
      let sent
      this.#inFlight.add(key)
      try {
        sent = await sender.send(accountId, cid, part, { idemKey: key, ...(opts.onQueued ? { onQueued: opts.onQueued } : {}) })
      } catch (err) {
        if (opts.answers !== undefined && !isConnectionLoss(err)) for (const k of keys.slice(i)) this.#d.intents.mark(k, 'failed', null, this.#d.clock.now())
        throw err
      } finally {
        this.#inFlight.delete(key)
      }
      const m = this.#recordSent(accountId, cid, part, source, sent.clientUuid, sent.platformMessageId)
      if (opts.answers !== undefined) this.#d.intents.mark(key, 'sent', m?.id ?? null, this.#d.clock.now())
      if (m) out.push(m)
    }
    return out
  }

  /** Resume: sends a pending intent's part with its own key (nothing of it reached the platform). */
  async resend(intent: ReplyIntent): Promise<Message | null> {
    this.#inFlight.add(intent.idemKey)
    let sent
    try {
      sent = await this.#sender().send(intent.accountId, intent.cid, intent.part, { idemKey: intent.idemKey })
    } finally {
      this.#inFlight.delete(intent.idemKey)
    }
    const m = this.#recordSent(intent.accountId, intent.cid, intent.part, intent.source, sent.clientUuid, sent.platformMessageId)
    this.#d.intents.mark(intent.idemKey, 'sent', m?.id ?? null, this.#d.clock.now())
    return m
  }

  /**
   * One part sent with a key the caller already made durable (an order's delivery message, issue
   * 16): recorded in the chat as `record` (the code masked), never with the clear text it carries.
   */
  async sendKeyed(accountId: string, cid: string, part: ReplyPart, record: ReplyPart, source: NonNullable<Message['source']>, key: string): Promise<{ message: Message | null; confirmed: boolean }> {
    this.#inFlight.add(key)
    let sent
    try {
      sent = await this.#sender().send(accountId, cid, part, { idemKey: key })
    } finally {
      this.#inFlight.delete(key)
    }
    // no answer from the platform: not recorded as sent (its copy, if it arrives, is claimed then)
    if (sent.confirmed === false) return { message: null, confirmed: false }
    return { message: this.#recordSent(accountId, cid, record, source, sent.clientUuid, sent.platformMessageId), confirmed: true }
  }

  /** Our message the platform already had (its copy came back after a crash): recorded as sent, without sending. */
  recordClaimed(accountId: string, cid: string, part: ReplyPart, source: NonNullable<Message['source']>, clientUuid: string, platformMessageId: string | null): Message | null {
    return this.#recordSent(accountId, cid, part, source, clientUuid, platformMessageId)
  }

  /** A fresh client uuid for a send the caller stores before sending (same generator as the replies'). */
  newKey(): string {
    return this.#newKey()
  }

  /**
   * A message of ours came back from the platform (echo or backfill) that this process did not
   * record: if a pending intent of the chat carries its uuid or text, it was sent — claim it.
   */
  claimEcho(m: { accountId: string; cid: string; text: string; imageUrl?: string | null | undefined; clientUuid?: string | null | undefined }): ReplyIntent | null {
    for (const intent of this.#d.intents.pending(m.accountId, m.cid)) {
      const same = intent.part.kind === 'text' ? intent.part.text === m.text : intent.part.url === m.imageUrl
      if (m.clientUuid !== intent.idemKey && !same) continue
      if (this.#d.intents.mark(intent.idemKey, 'sent', null, this.#d.clock.now())) return intent
    }
    return null
  }

  inFlight(idemKey: string): boolean {
    return this.#inFlight.has(idemKey)
  }

  markFailed(intent: ReplyIntent): void {
    this.#d.intents.mark(intent.idemKey, 'failed', null, this.#d.clock.now())
  }

  pending(accountId: string): ReplyIntent[] {
    return this.#d.intents.pending(accountId)
  }

  #sender(): ReplySender {
    const sender = this.#d.sender()
    if (!sender) throw new AppError('UNAVAILABLE', '账号未连接，消息没有发出 / The account is not connected; nothing was sent')
    return sender
  }

  #recordSent(accountId: string, cid: string, part: ReplyPart, source: NonNullable<Message['source']>, clientUuid: string, platformMessageId: string | null): Message | null {
    const account = this.#d.accounts.get(accountId)
    return this.#d.chats.record({
      accountId, cid, direction: 'out', senderId: account?.unb ?? '', senderNick: account?.nick ?? '',
      contentType: part.kind === 'image' ? 'image' : 'text', text: part.kind === 'text' ? part.text : '', imageUrl: part.kind === 'image' ? part.url : null,
      platformMessageId, clientUuid, source, createdAt: this.#d.clock.now()
    }, {}, { sent: true })
  }

  /** The protocol's client uuid (`-<13 digit ms>1`), unique in this process: two sends in one millisecond get two keys. */
  #newKey(): string {
    this.#lastKeyMs = Math.max(this.#d.clock.now(), this.#lastKeyMs + 1)
    return `-${this.#lastKeyMs}1`
  }
}
