import type { Conversation, Message } from '@contract/schemas'
import type { CallInput } from '@contract/api'
import { joinLazyBatch, joinTickBatch, type Db } from '../db/open'
import type { ConversationRepo } from '../db/repos/conversationRepo'
import type { MessageRepo, NewMessage } from '../db/repos/messageRepo'
import type { AccountRepo } from '../db/repos/accountRepo'
import type { OutcomeRepo } from '../db/repos/outcomeRepo'
import type { CoreEvents } from '../events'
import { AppError } from '../errors'
import { atomic } from '../db/cache'

export interface IngestMeta {
  readonly buyerId?: string
  readonly buyerNick?: string
  readonly itemId?: string | null
  /** Counts toward unread (a buyer message the seller hasn't seen). */
  readonly unread?: boolean
}

/**
 * Conversations and messages. `record` is the one door every message goes through: it is
 * persisted (deduplicated) in one transaction with its conversation before anything else happens.
 */
export class ChatService {
  readonly #db: Db
  readonly #conversations: ConversationRepo
  readonly #messages: MessageRepo
  readonly #accounts: AccountRepo
  readonly #events: CoreEvents
  readonly #record: (m: NewMessage, meta: IngestMeta) => { id: number; inserted: boolean }

  constructor(deps: { db: Db; conversations: ConversationRepo; messages: MessageRepo; accounts: AccountRepo; outcomes: OutcomeRepo; events: CoreEvents }) {
    this.#db = deps.db
    this.#conversations = deps.conversations
    this.#messages = deps.messages
    this.#accounts = deps.accounts
    this.#events = deps.events
    this.#record = atomic(this.#db, (m: NewMessage, meta: IngestMeta) => {
      this.#conversations.ensure(m.accountId, m.cid, m.createdAt)
      const r = this.#messages.insert(m)
      if (!r.inserted) return r
      this.#conversations.touch({
        accountId: m.accountId, cid: m.cid, buyerId: meta.buyerId, buyerNick: meta.buyerNick, itemId: meta.itemId ?? null,
        text: previewText(m), at: m.createdAt, unreadDelta: meta.unread ? 1 : 0
      })
      // every buyer message the bot may answer gets its outcome row with it: it can never be left without one
      if (needsOutcome(m)) deps.outcomes.insertPending(r.id, m.accountId, m.cid, m.createdAt)
      if (m.direction === 'in') this.#accounts.touchLastMessage(m.accountId, m.createdAt)
      return r
    })
  }

  /**
   * Persists a message; returns it when new, null when it was a duplicate. Emits the events.
   * Inbound messages are committed this turn, before anything reacts to them; `sent` records (our
   * own replies, already out) ride along with the next commit instead of forcing one.
   */
  record(m: NewMessage, meta: IngestMeta = {}, opts: { sent?: boolean } = {}): Message | null {
    if (opts.sent) joinLazyBatch(this.#db)
    else joinTickBatch(this.#db)
    const r = this.#record(m, meta)
    if (!r.inserted) return null
    // exactly the row just inserted (what messages.get would read back)
    const message: Message = {
      id: r.id, accountId: m.accountId, cid: m.cid, direction: m.direction, senderId: m.senderId, senderNick: m.senderNick,
      contentType: m.contentType, text: m.text, imageUrl: m.imageUrl ?? null, platformMessageId: m.platformMessageId ?? null,
      intent: m.intent ?? null, source: m.source ?? null, createdAt: m.createdAt
    }
    this.#events.emit('message.added', { message })
    this.#emitConversation(m.accountId, m.cid)
    return message
  }

  listConversations(input: CallInput<'conversations.list'>): Conversation[] {
    return this.#conversations.list({ accountId: input.accountId, search: input.search, limit: input.limit ?? 200 })
  }

  listMessages(input: { accountId: string; cid: string; limit: number; beforeId?: number | undefined }): Message[] {
    return this.#messages.lastN(input.accountId, input.cid, input.limit, input.beforeId)
  }

  conversation(accountId: string, cid: string): Conversation {
    const c = this.#conversations.get(accountId, cid)
    if (!c) throw new AppError('NOT_FOUND', `会话不存在 / No such conversation: ${cid}`)
    return c
  }

  #emitConversation(accountId: string, cid: string): void {
    const conversation = this.#conversations.get(accountId, cid)
    if (conversation) this.#events.emit('conversation.changed', { conversation })
  }
}

/** Buyer messages the bot answers (text and pictures), as opposed to cards, notices and our own. */
export const needsOutcome = (m: Pick<NewMessage, 'direction' | 'contentType'>): boolean => m.direction === 'in' && (m.contentType === 'text' || m.contentType === 'image')

function previewText(m: NewMessage): string {
  if (m.contentType === 'image') return '[图片]'
  if (m.contentType === 'card') return m.text ? `[${m.text.slice(0, 40)}]` : '[卡片]'
  return m.text.slice(0, 200)
}
