import type { Message } from '@contract/schemas'
import type { MessageRepo, NewMessage } from '../db/repos/messageRepo'
import { countsAsBargain, detectIntent } from '../reply'
import type { ReplyPipeline } from '../pipeline/pipeline'
import type { ChatService } from './chatService'

/** A message as the protocol client normalized it, before it is stored (intent and source are core's). */
export interface InboundMessage extends Omit<NewMessage, 'intent' | 'source'> {
  readonly buyerId?: string
  readonly buyerNick?: string
  readonly itemId?: string | null
  /** The client recognised this push as the echo of one of our own sends (recorded by the send path). */
  readonly ownSend?: boolean
}

/** With the chat's item price known, a bare number near it ("那2000呢") is an offer and counts as a round. */
function storedIntent(text: string, listPrice: number | null): NonNullable<NewMessage['intent']> {
  const r = detectIntent(text, { listPrice })
  return r.intent === 'price' && !countsAsBargain(r) ? 'default' : r.intent
}

export type IngestResult = 'new' | 'duplicate' | 'own_echo'

/**
 * The one entry for messages from the platform. Persist first (deduplicated), then let the
 * pipeline react: a new buyer message may be answered; a seller message that is not one of our
 * own sends means the seller replied from elsewhere, so the bot pauses in that chat.
 */
export class IngestService {
  readonly #chats: ChatService
  readonly #messages: MessageRepo
  readonly #pipeline: ReplyPipeline

  readonly #onBuyerMessage: (m: Message) => void
  readonly #listPrice: (accountId: string, cid: string, itemId: string | null) => number | null
  readonly #claimDelivery: (m: InboundMessage) => boolean

  constructor(deps: {
    chats: ChatService; messages: MessageRepo; pipeline: ReplyPipeline; onBuyerMessage?: (m: Message) => void
    /** The chat's item's listed price when cached (the item named by the message, else the chat's). */
    listPrice?: (accountId: string, cid: string, itemId: string | null) => number | null
    /** An order's delivery message of ours the platform already had (after a crash): claimed, stored masked, never as the seller's. */
    claimDelivery?: (m: InboundMessage) => boolean
  }) {
    this.#chats = deps.chats
    this.#messages = deps.messages
    this.#pipeline = deps.pipeline
    this.#onBuyerMessage = deps.onBuyerMessage ?? (() => {})
    this.#listPrice = deps.listPrice ?? (() => null)
    this.#claimDelivery = deps.claimDelivery ?? (() => false)
  }

  ingest(m: InboundMessage): IngestResult {
    const recorded = m.direction === 'out' && m.clientUuid ? this.#messages.isOwnSend(m.accountId, m.clientUuid) : false
    if (m.direction === 'out' && (m.ownSend || recorded)) {
      if (recorded && m.platformMessageId && m.clientUuid) this.#messages.attachPlatformId(m.accountId, m.clientUuid, m.platformMessageId)
      // the echo of a delivery message whose send lost its connection or its answer: the platform has it
      else if (!recorded) this.#claimDelivery(m)
      return 'own_echo'
    }
    if (m.direction === 'out' && !this.#messages.exists(m) && this.#claimDelivery(m)) return 'own_echo'
    // a reply of ours this process did not record (sent just before a crash) comes back: not the seller's doing
    const own = m.direction === 'out' && !this.#messages.exists(m) ? this.#pipeline.claimOwnReply(m) : null
    if (own) {
      this.#chats.record({
        accountId: m.accountId, cid: m.cid, direction: 'out', senderId: m.senderId, senderNick: m.senderNick, contentType: m.contentType, text: m.text,
        imageUrl: m.imageUrl ?? null, raw: m.raw ?? null, platformMessageId: m.platformMessageId ?? null, clientUuid: own.idemKey, source: own.source, createdAt: m.createdAt
      }, {}, { sent: true })
      return 'own_echo'
    }
    const isBuyerText = m.direction === 'in' && (m.contentType === 'text' || m.contentType === 'image')
    const row: NewMessage = {
      accountId: m.accountId, cid: m.cid, direction: m.direction, senderId: m.senderId, senderNick: m.senderNick,
      contentType: m.contentType, text: m.text, imageUrl: m.imageUrl ?? null, raw: m.raw ?? null,
      platformMessageId: m.platformMessageId ?? null, clientUuid: m.clientUuid ?? null, createdAt: m.createdAt,
      // stored intent 'price' is what the bargaining round counter counts: postage-only questions don't
      intent: isBuyerText && m.text ? storedIntent(m.text, this.#listPrice(m.accountId, m.cid, m.itemId ?? null)) : null,
      source: m.direction === 'out' ? 'other_device' : null
    }
    const saved = this.#chats.record(row, { buyerId: m.buyerId, buyerNick: m.buyerNick, itemId: m.itemId ?? null, unread: m.direction === 'in' && m.contentType !== 'system' })
    if (!saved) return 'duplicate'
    if (m.direction === 'in') {
      this.#onBuyerMessage(saved)
      this.#pipeline.onInbound(saved)
    }
    else this.#pipeline.onSellerActivity(m.accountId, m.cid)
    return 'new'
  }
}
