import type { Conversation, DecisionRecord, Draft, Message, ReplyStatus } from '@contract'
import type { ChatState } from './chatStore'
import { chatKey, type InboxFilter, type InboxState } from './store'

type DraftMap = InboxState['drafts']

/** Core writes the order state as free text; these mean "paid, waiting for the seller to ship". */
export function awaitsShipment(orderState: string | null): boolean {
  if (!orderState) return false
  const s = orderState.trim().toLowerCase()
  return s === 'paid' || s.includes('待发货') || s.includes('等待卖家发货')
}

/** A pause counts only until `pausedUntil`: core flips the mode back lazily, on the next message. */
export function isPausedAt(c: Pick<Conversation, 'mode' | 'pausedUntil'>, now: number): boolean {
  return c.mode === 'paused' && (c.pausedUntil === null || c.pausedUntil > now)
}

/** Milliseconds left in a pause, or null when the chat is not paused. */
export function pauseRemaining(c: Pick<Conversation, 'mode' | 'pausedUntil'>, now: number): number | null {
  if (!isPausedAt(c, now) || c.pausedUntil === null) return null
  return c.pausedUntil - now
}

/** "9:05" / "1:02:03" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const sec = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

export const hasDraft = (drafts: DraftMap, c: Pick<Conversation, 'accountId' | 'cid'>): boolean => (drafts[chatKey(c.accountId, c.cid)]?.length ?? 0) > 0

/** A buyer message held or needing the seller, taken over, paused, a draft waiting, or an order paid and not shipped. */
export function needsAttention(c: Conversation, drafts: DraftMap, now: number): boolean {
  return c.attention > 0 || c.mode === 'takeover' || isPausedAt(c, now) || hasDraft(drafts, c) || awaitsShipment(c.orderState)
}

export function matchesFilter(c: Conversation, filter: InboxFilter, drafts: DraftMap, now: number): boolean {
  if (filter.accountId !== null && c.accountId !== filter.accountId) return false
  if (filter.unread && c.unread === 0) return false
  if (filter.attention && !needsAttention(c, drafts, now)) return false
  return true
}

/** The rows the list shows: search results while searching, else the live list, then the filters. */
export function visibleConversations(s: Pick<InboxState, 'conversations' | 'searchResults' | 'filter' | 'drafts'>, now: number): ReadonlyArray<Conversation> {
  const base = s.searchResults ?? s.conversations
  const f = s.filter
  if (f.accountId === null && !f.unread && !f.attention) return base
  return base.filter((c) => matchesFilter(c, f, s.drafts, now))
}

export interface InboxCounts {
  readonly unread: number
  readonly attention: number
}

/** Chats with unread messages and chats needing attention (the filter chips' numbers). */
export function countConversations(list: ReadonlyArray<Conversation>, drafts: DraftMap, now: number): InboxCounts {
  let unread = 0
  let attention = 0
  for (const c of list) {
    if (c.unread > 0) unread++
    if (needsAttention(c, drafts, now)) attention++
  }
  return { unread, attention }
}

export type ChatBadge = 'attention' | 'auto' | 'keywords' | 'aiOff' | 'copilot' | 'paused' | 'takeover' | 'draft' | 'paid'

/** What the bot does in an auto chat: the AI answers, only keyword rules do, or nothing does; null while unknown. */
export function autoMode(status: ReplyStatus | undefined): 'auto' | 'keywords' | 'aiOff' | null {
  if (!status) return null
  if (status.ai === 'on') return 'auto'
  if (status.ai === 'paused_all') return 'aiOff'
  return status.keywordRules ? 'keywords' : 'aiOff'
}

/** Whether the bot only drafts in this chat: the chat's own copilot setting, else its account's. */
export const draftsOnly = (c: Conversation, accountCopilot: boolean): boolean => c.copilot ?? accountCopilot

/**
 * A row's state badges, most important first. `accountCopilot`: the setting a chat with copilot
 * null follows; `status`: whether the AI really answers in the account's chats (AI 自动 only then).
 */
export function chatBadges(c: Conversation, drafts: DraftMap, now: number, accountCopilot = false, status?: ReplyStatus): ReadonlyArray<ChatBadge> {
  const out: ChatBadge[] = []
  if (c.attention > 0) out.push('attention')
  if (hasDraft(drafts, c)) out.push('draft')
  const auto = autoMode(status)
  if (c.mode === 'takeover') out.push('takeover')
  else if (isPausedAt(c, now)) out.push('paused')
  else if (status?.ai === 'paused_all') out.push('aiOff')
  else if (draftsOnly(c, accountCopilot)) out.push('copilot')
  else if (auto) out.push(auto)
  if (awaitsShipment(c.orderState)) out.push('paid')
  return out
}

export const selectFilter = (s: InboxState): InboxFilter => s.filter
export const selectSearch = (s: InboxState): string => s.search
export const selectSearching = (s: InboxState): boolean => s.searching
export const selectListStatus = (s: InboxState) => s.status
export const selectListError = (s: InboxState) => s.loadError
export const selectMaxRounds = (accountId: string) => (s: InboxState): number | undefined => s.maxRounds[accountId]
export const selectHasChats = (s: InboxState): boolean => s.conversations.length > 0

/** Who wrote a message, as the chat view labels it. */
export type SenderKind = 'buyer' | 'manual' | 'other_device' | 'bot' | 'notice'
export type BotSource = 'keyword' | 'ai' | 'fallback' | 'refusal' | 'draft' | 'delivery'

export function senderOf(m: Pick<Message, 'direction' | 'source' | 'contentType'>): SenderKind {
  if (m.contentType === 'system') return 'notice'
  if (m.direction === 'in') return 'buyer'
  if (m.source === 'manual') return 'manual'
  if (m.source === null || m.source === 'other_device') return 'other_device'
  return 'bot'
}

/** The bot's source for a bot message (drafts are bot replies the seller approved). */
export function botSourceOf(m: Pick<Message, 'source'>): BotSource | null {
  const s = m.source
  return s === 'keyword' || s === 'ai' || s === 'fallback' || s === 'refusal' || s === 'draft' || s === 'delivery' ? s : null
}

/** The decision record that produced a bot message (matched by `replyMessageId`). */
export function decisionForMessage(decisions: ReadonlyArray<DecisionRecord>, messageId: number | null): DecisionRecord | null {
  if (messageId === null) return null
  return decisions.find((d) => d.replyMessageId === messageId) ?? null
}

export const selectOpen = (s: ChatState) => s.open
export const selectMessages = (s: ChatState) => s.messages
export const selectChatStatus = (s: ChatState) => s.status
export const selectDetail = (s: ChatState) => s.detail
export const selectConversation = (s: ChatState): Conversation | null => s.detail?.conversation ?? null
export const selectSending = (s: ChatState) => s.sending
export const selectSendError = (s: ChatState) => s.sendError
export const selectBusyAction = (s: ChatState) => s.busyAction
export const selectActionError = (s: ChatState) => s.actionError
export const selectWriting = (s: ChatState): string | null => s.writing
export const selectShownDecision = (s: ChatState): DecisionRecord | null => decisionForMessage(s.decisions, s.decisionFor)

/** The draft waiting above the composer: the newest pending one. */
export function selectPendingDraft(s: ChatState): Draft | null {
  const pending = s.detail?.drafts.filter((d) => d.status === 'pending') ?? []
  return pending.reduce<Draft | null>((a, d) => (a === null || d.id > a.id ? d : a), null)
}

export const ORDER_STATES = ['awaiting_payment', 'paid', 'shipped', 'completed', 'rate_requested', 'rated', 'refunding', 'refund_cancelled', 'cancelled', 'bargain_pending'] as const
export type OrderStateKey = (typeof ORDER_STATES)[number]
export const isOrderState = (s: string | null): s is OrderStateKey => s !== null && (ORDER_STATES as ReadonlyArray<string>).includes(s)

/** The chat's order cards, oldest first: the order timeline. */
export function orderTimeline(messages: ReadonlyArray<Message>): ReadonlyArray<{ id: number; at: number; text: string }> {
  return messages.filter((m) => m.contentType === 'card').map((m) => ({ id: m.id, at: m.createdAt, text: m.text.replace(/^\[|\]$/g, '') }))
}
