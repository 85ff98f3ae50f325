import type { Message } from '@contract/schemas'
import type { Draft, HistoryEntry, OutcomeReason } from '@contract/reply'
import { AppError } from '../errors'
import { LlmError } from '../ai'
import type { ReplyIntent } from '../db/repos/intentRepo'
import type { Clock, Logger } from '../ports'
import type { CoreEvents } from '../events'
import { normalizeText } from '../rules/match'
import { needsOutcome } from '../services/chatService'
import { decide, type Outcome } from './decide'
import type { PipelineDeps } from './deps'
import { authorOf } from '../reply'
import type { Delivery } from './delivery'
import { isConnectionLoss, isRateLimitExpiry } from './delivery'
import { Outbound, type AutomatedSend, type AutomatedSource } from './outbound'
import { OutcomeBook, silentReason, type DecisionInput } from './outcomes'
import { Resumer } from './resume'
import { TtlCache } from './ttlCache'
import { templateVars } from './vars'

/** The per-chat anti-spam cap, counted over the bot's stored replies (durable across restarts). */
const PER_CHAT_WINDOW_MS = 10 * 60_000
const PER_CHAT_MAX_REPLIES = 8

/** Why the bot stays silent: the outcome reason the seller sees, and the decision log's text. */
interface Hold { readonly code: OutcomeReason; readonly text: string }

interface Pending {
  readonly messages: Message[]
  timer: { cancel(): void } | null
}

/**
 * For each persisted buyer message: too old (arrived while the app was off) → takeover/pause →
 * debounce per chat (a burst is answered once) → one chat at a time → decide (rules → AI →
 * default) → outbound safety → durable reply intent → send → the reply and a decision record. A
 * pause that starts while a reply is pending or being generated cancels it. Every path ends in
 * `OutcomeBook.settle`: each message is answered, drafted, held or needs the seller.
 */
export class ReplyPipeline {
  readonly #d: PipelineDeps
  readonly #pending = new Map<string, Pending>()
  readonly #locks = new Map<string, Promise<void>>()
  readonly #inflight = new Map<string, AbortController>()
  readonly #cache = new TtlCache<string>(500, 60 * 60_000)
  /** The one way out to a buyer; automated text passes the floor check there, as a durable intent. */
  readonly outbound: Outbound
  /** Buyer messages this process is working on (the resume leaves them alone). */
  readonly #active = new Set<number>()
  /**
   * Accounts left with unsettled work by the last run (a crash): their new messages wait for the
   * resume after the first backfill, so old and new are answered together, in order, once.
   */
  readonly #recovering = new Set<string>()
  readonly outcomes: OutcomeBook
  readonly #resumer: Resumer
  #closed = false

  constructor(deps: PipelineDeps) {
    this.#d = deps
    this.outbound = new Outbound(deps)
    this.outcomes = new OutcomeBook(deps)
    this.#resumer = new Resumer({ d: deps, outbound: this.outbound, outcomes: this.outcomes, isActive: (id) => this.#active.has(id), admit: (m) => this.admit(m) })
  }

  get #clock(): Clock { return this.#d.clock }
  get #log(): Logger { return this.#d.logger }
  get #events(): CoreEvents { return this.#d.events }

  /** A buyer message was just persisted (exactly once per platform message). */
  onInbound(m: Message): void {
    if (this.#closed || !needsOutcome(m) || this.#recovering.has(m.accountId)) return
    this.admit(m)
  }

  /** At start: accounts with messages or reply intents the last run left unsettled wait for their resume. */
  holdForResume(accountIds: ReadonlyArray<string>): void {
    for (const id of accountIds) {
      if (this.#d.outcomes.pendingIds(id).length > 0 || this.delivery.pending(id).length > 0) this.#recovering.add(id)
    }
  }

  /** Starts answering a stored buyer message (new, or left unsettled by a crash) unless it is too old or held. */
  admit(m: Message): void {
    if (this.#closed || this.#active.has(m.id)) return
    const age = this.#clock.now() - m.createdAt
    if (age > this.#d.settings.account(m.accountId).offlineReplyMinutes * 60_000) {
      const text = `arrived while the app was off or disconnected (${Math.round(age / 60_000)} min ago): not answered automatically`
      return void this.outcomes.settle([m], { source: 'none', reason: text }, { state: 'unanswered', reason: 'offline' })
    }
    const held = this.#holdReason(m.accountId, m.cid)
    if (held) return void this.outcomes.settle([m], { source: 'none', reason: held.text }, { state: 'unanswered', reason: held.code })
    this.#active.add(m.id)
    const key = chatKey(m.accountId, m.cid)
    const p = this.#pending.get(key) ?? { messages: [], timer: null }
    p.messages.push(m)
    p.timer?.cancel()
    this.#pending.set(key, p)
    const delay = this.#d.settings.account(m.accountId).debounceSeconds * 1000
    p.timer = delay > 0 ? this.#clock.setTimeout(() => this.#flush(key), delay) : nextTurn(() => this.#flush(key))
  }

  /** The seller wrote in this chat (phone, web, or by hand here): pause the bot there. */
  onSellerActivity(accountId: string, cid: string): void {
    const minutes = this.#d.settings.account(accountId).pauseMinutes
    const conv = this.#d.conversations.get(accountId, cid)
    if (conv?.mode !== 'takeover') {
      this.#d.conversations.setMode(accountId, cid, 'paused', this.#clock.now() + minutes * 60_000, this.#clock.now())
    }
    this.#cancel(accountId, cid, { code: 'paused', text: 'pending reply cancelled: the seller replied' })
    // the seller answered in this chat: what was held or waiting for them is dealt with
    this.outcomes.resolveChat(accountId, cid)
    this.#emitConversation(accountId, cid)
  }

  takeover(accountId: string, cid: string): void {
    this.#d.conversations.setMode(accountId, cid, 'takeover', null, this.#clock.now())
    this.#cancel(accountId, cid, { code: 'takeover', text: 'pending reply cancelled: the seller took the chat over' })
    this.#emitConversation(accountId, cid)
  }

  release(accountId: string, cid: string): void {
    this.#d.conversations.setMode(accountId, cid, 'auto', null, this.#clock.now())
    this.#emitConversation(accountId, cid)
  }

  /** Waits for pending and in-flight replies (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#locks.values()])
  }

  close(): void {
    this.#closed = true
    for (const p of this.#pending.values()) p.timer?.cancel()
    this.#pending.clear()
    for (const c of this.#inflight.values()) c.abort()
  }

  /** Why the bot must stay silent in this chat right now, or null. Expired pauses end here. */
  #holdReason(accountId: string, cid: string): Hold | null {
    if (this.#d.settings.global().pauseAllAi) return { code: 'pause_all', text: 'all automatic replies are paused' }
    const conv = this.#d.conversations.get(accountId, cid)
    if (!conv) return null
    if (conv.mode === 'takeover') return { code: 'takeover', text: 'the seller has taken this chat over' }
    if (conv.mode === 'paused') {
      if (conv.pausedUntil !== null && conv.pausedUntil > this.#clock.now()) return { code: 'paused', text: 'paused after the seller replied' }
      this.#d.conversations.setMode(accountId, cid, 'auto', null, this.#clock.now())
      this.#emitConversation(accountId, cid)
    }
    return null
  }

  #cancel(accountId: string, cid: string, why: Hold): void {
    const key = chatKey(accountId, cid)
    const p = this.#pending.get(key)
    if (p) {
      p.timer?.cancel()
      this.#pending.delete(key)
      for (const m of p.messages) this.#active.delete(m.id)
      this.outcomes.settle(p.messages, { source: 'none', reason: why.text }, { state: 'unanswered', reason: why.code })
    }
    this.#inflight.get(key)?.abort()
    for (const id of this.#d.drafts.discardChat(accountId, cid, this.#clock.now())) {
      const draft = this.#d.drafts.get(id)
      if (draft) this.#events.emit('draft.changed', { draft })
    }
  }

  #flush(key: string): void {
    const p = this.#pending.get(key)
    this.#pending.delete(key)
    if (!p || p.messages.length === 0) return
    const prev = this.#locks.get(key) ?? Promise.resolve()
    const run = prev.then(() => this.#answer(p.messages)).catch((err: unknown) => {
      this.#log.error('reply failed', { key, err })
      this.#settleLeftovers(p.messages, err)
    }).finally(() => {
      for (const m of p.messages) this.#active.delete(m.id)
    })
    this.#locks.set(key, run)
    void run.finally(() => {
      if (this.#locks.get(key) === run) this.#locks.delete(key)
    })
  }

  /**
   * A draft on demand (issue 18): the seller asks the AI about one buyer message — an older one,
   * say, that arrived while the AI was off. The copilot path: the same decision (the context is the
   * chat before that message), every check before the draft is stored, nothing sent. Runs in the
   * chat's turn, after any reply being written.
   */
  requestDraft(m: Message): Promise<Draft> {
    const key = chatKey(m.accountId, m.cid)
    const run = (this.#locks.get(key) ?? Promise.resolve()).then(() => this.#draftOnDemand(m))
    const turn = run.then(() => undefined, () => undefined)
    this.#locks.set(key, turn)
    void turn.finally(() => {
      if (this.#locks.get(key) === turn) this.#locks.delete(key)
    })
    return run
  }

  async #draftOnDemand(m: Message): Promise<Draft> {
    const { accountId, cid } = m
    const onDraftText = (text: string): void => this.#events.emit('draft.writing', { accountId, cid, text, done: false })
    let decided: { outcome: Outcome; aiCode: Hold['code'] | null }
    try {
      decided = await this.#decide([m], new AbortController(), onDraftText, m.id)
    } finally {
      this.#events.emit('draft.writing', { accountId, cid, text: '', done: true })
    }
    const { outcome } = decided
    if (outcome.parts.length === 0) {
      this.#unanswered([m], outcome.decision, silentReason(outcome, decided.aiCode))
      throw new AppError('UNAVAILABLE', 'AI 没有给出可用的回答，详见回复依据 / The AI gave no usable answer; see the decision record')
    }
    const source: AutomatedSource = outcome.decision.source === 'none' ? 'fallback' : outcome.decision.source
    const blocked = this.outbound.blockReason(accountId, cid, outcome.parts, authorOf(source))
    if (blocked) {
      this.#recordBlocked([m], outcome, blocked)
      throw new AppError('UNAVAILABLE', 'AI 的报价低于允许的价格，草稿已拦下 / The AI quoted below the allowed price; the draft was held')
    }
    const record = this.outcomes.settle([m], { ...outcome.decision, reason: `${outcome.decision.reason} (draft: requested by the seller)` }, { state: 'drafted' })
    const text = outcome.parts.map((p) => (p.kind === 'text' ? p.text : '')).filter(Boolean).join('\n')
    const draft = this.#d.drafts.insert(accountId, cid, text, record?.id ?? null, this.#clock.now())
    this.#events.emit('draft.changed', { draft })
    return draft
  }

  /** The safety net of the one-outcome rule: a burst that failed unexpectedly still gets one. */
  #settleLeftovers(burst: ReadonlyArray<Message>, err: unknown): void {
    const left = burst.filter((m) => this.outcomes.get(m.id)?.state === 'pending')
    const text = `internal error: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300)
    if (left.length > 0 && !this.#closed) this.outcomes.settle(left, { source: 'none', reason: text }, { state: 'unanswered', reason: 'error' })
  }

  async #answer(burst: Message[]): Promise<void> {
    const first = burst[0]
    const last = burst.at(-1)
    // closed: the messages stay pending and are resumed at the next start
    if (!first || !last || this.#closed) return
    const { accountId, cid } = last
    const held = this.#holdReason(accountId, cid)
    if (held) return this.#unanswered(burst, { source: 'none', reason: held.text }, held.code)
    if (this.#overChatRate(accountId, cid)) return this.#unanswered(burst, { source: 'none', reason: `per-chat cap: ${PER_CHAT_MAX_REPLIES} replies in ${PER_CHAT_WINDOW_MS / 60_000} min` }, 'chat_cap')
    const controller = new AbortController()
    this.#inflight.set(chatKey(accountId, cid), controller)
    // copilot: the seller watches the draft being written; the preview ends with the answer, however it ends
    const copilot = this.#copilot(accountId, cid)
    const onDraftText = copilot ? (text: string) => this.#events.emit('draft.writing', { accountId, cid, text, done: false }) : undefined
    try {
      let decided: { outcome: Outcome; aiCode: Hold['code'] | null }
      try {
        decided = await this.#decide(burst, controller, onDraftText)
      } catch (err) {
        if (err instanceof LlmError && err.kind === 'aborted') {
          // shutting down: the message stays pending and is resumed at the next start
          if (this.#closed) return
          const why = this.#holdReason(accountId, cid) ?? { code: 'paused', text: '' }
          return this.#unanswered(burst, { source: 'none', reason: 'cancelled: the seller stepped in while the AI was writing' }, why.code)
        }
        throw err
      } finally {
        this.#inflight.delete(chatKey(accountId, cid))
      }
      // the seller may have stepped in while the AI was thinking
      const late = this.#holdReason(accountId, cid)
      if (late) return this.#unanswered(burst, { ...decided.outcome.decision, source: 'none', reason: `not sent: ${late.text}` }, late.code)
      await this.#deliver(burst, decided.outcome, decided.aiCode)
    } finally {
      if (copilot) this.#events.emit('draft.writing', { accountId, cid, text: '', done: true })
    }
  }

  /** Whether replies in this chat become drafts for the seller (the chat's choice, else the account's). */
  #copilot(accountId: string, cid: string): boolean {
    return this.#d.conversations.get(accountId, cid)?.copilot ?? this.#d.settings.account(accountId).copilot
  }

  #unanswered(burst: ReadonlyArray<Message>, decision: DecisionInput, reason: OutcomeReason): void {
    this.outcomes.settle(burst, decision, { state: 'unanswered', reason })
  }

  async #decide(burst: Message[], controller: AbortController, onDraftText?: (textSoFar: string) => void, beforeId?: number): Promise<{ outcome: Outcome; aiCode: Hold['code'] | null }> {
    const last = burst.at(-1) as Message
    const { accountId, cid } = last
    const settings = this.#d.settings.account(accountId)
    const conv = this.#d.conversations.get(accountId, cid)
    const fetching = conv?.itemId ? this.#d.ensureItem(accountId, conv.itemId) : undefined
    if (fetching) await withTimeout(fetching, 5000)
    const item = conv?.itemId ? this.#d.items.get(accountId, conv.itemId) : null
    // read only when decide needs them (a keyword answer needs neither the context nor the round)
    let history: HistoryEntry[] | undefined
    let round: number | undefined
    const readHistory = (): HistoryEntry[] => {
      const burstIds = new Set(burst.map((m) => m.id))
      return this.#d.messages.lastN(accountId, cid, settings.contextMessages + burst.length, beforeId)
        .filter((m) => !burstIds.has(m.id) && m.contentType === 'text' && m.text).map((m) => ({ role: m.direction === 'in' ? 'buyer' : 'seller', text: m.text }))
    }
    // rounds answered, plus this burst's own (still pending); held ones never count
    const readRound = (): number => this.#d.messages.countPriceIntent(accountId, cid, this.#d.conversations.bargainResetAt(accountId, cid))
    const llm = this.#d.llm.get(accountId, settings, await this.#d.secrets.apiKey(accountId), settings.backup ? await this.#d.secrets.apiKey(accountId, 'backup') : null)
    const texts = burst.map((m) => m.text).filter((t) => t.trim() !== '')
    const cacheKey = `${accountId}|${conv?.itemId ?? ''}|${normalizeText(texts.join(' '))}`
    const account = this.#d.accounts.get(accountId)
    const vars = templateVars({ buyerNick: conv?.buyerNick, sellerNick: account?.nick, itemId: conv?.itemId, item, settings, now: this.#clock.now() })
    const outcome = await decide({
      settings, item, get history() { return (history ??= readHistory()) }, get round() { return (round ??= readRound()) },
      burst: texts.length > 0 ? texts : ['[图片]'], llm: llm.client, llmUnavailable: llm.reason, llmUnavailableCode: llm.code,
      // made only when an LLM call needs it (a keyword answer does not)
      get signal() { return controller.signal },
      cached: this.#cache.get(cacheKey), onDraftText,
      rules: (text) => this.#d.rules.answer({ accountId, cid, itemId: conv?.itemId ?? null, text, vars, defaultReply: settings.defaultReply })
    })
    if (outcome.fromLlm && outcome.decision.intent !== 'price' && outcome.decision.source === 'ai' && outcome.decision.reply) this.#cache.set(cacheKey, outcome.decision.reply)
    return { outcome, aiCode: llm.code }
  }

  async #deliver(burst: ReadonlyArray<Message>, outcome: Outcome, aiCode: Hold['code'] | null): Promise<void> {
    const last = burst.at(-1) as Message
    const { accountId, cid } = last
    if (outcome.parts.length === 0) return this.#unanswered(burst, outcome.decision, silentReason(outcome, aiCode))
    const source: AutomatedSource = outcome.decision.source === 'none' ? 'fallback' : outcome.decision.source
    if (this.#copilot(accountId, cid)) {
      // a draft is automated text too: the seller sees only what the bot could have sent
      const blocked = this.outbound.blockReason(accountId, cid, outcome.parts, authorOf(source))
      if (blocked) return this.#recordBlocked(burst, outcome, blocked)
      const record = this.outcomes.settle(burst, { ...outcome.decision, reason: `${outcome.decision.reason} (draft: copilot mode)` }, { state: 'drafted' })
      const text = outcome.parts.map((p) => (p.kind === 'text' ? p.text : '')).filter(Boolean).join('\n')
      const draft = this.#d.drafts.insert(accountId, cid, text, record?.id ?? null, this.#clock.now())
      this.#events.emit('draft.changed', { draft })
      return
    }
    const rule = outcome.decision.ruleId !== null ? this.#d.rules.list(accountId).find((r) => r.id === outcome.decision.ruleId) : undefined
    let queued = false
    // held visibly while the send-rate limit makes it wait; answered once it goes out
    const onQueued = (ms: number): void => {
      if (queued) return
      queued = true
      this.#unanswered(burst, { ...outcome.decision, reason: `queued by the send-rate limit: next slot in ${Math.ceil(ms / 1000)} s` }, 'rate_limit')
    }
    let result: AutomatedSend
    try {
      result = await this.outbound.sendAutomated(accountId, cid, outcome.parts, source, { answers: last.id, onQueued })
    } catch (err) {
      // the decision is kept, with why nothing (or not everything) went out; a lost connection is resumed after the reconnect
      const code: OutcomeReason = isConnectionLoss(err) ? 'not_connected' : isRateLimitExpiry(err) ? 'rate_limit_expired' : 'send_failed'
      this.#unanswered(burst, { ...outcome.decision, reason: `${outcome.decision.reason}; send failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500) }, code)
      this.#log.warn('reply not sent', { accountId, cid, code, err })
      return
    }
    if (!result.ok) return this.#recordBlocked(burst, outcome, result.reason)
    if (rule) this.#d.rules.recordHit(rule, accountId, cid)
    this.outcomes.settle(burst, outcome.decision, { state: 'answered', replyMessageId: result.sent[0]?.id ?? null })
  }

  /** The outbound price check held the reply: kept as a decision with the reason, held like a safety block. */
  #recordBlocked(burst: ReadonlyArray<Message>, outcome: Outcome, reason: string): void {
    const d = outcome.decision
    const last = burst.at(-1) as Message
    this.#log.warn('reply held by the outbound price check', { accountId: last.accountId, cid: last.cid, source: d.source, reason })
    this.#unanswered(burst, {
      ...d, source: 'none', reason: `not sent: the ${d.source} reply ${reason}`.slice(0, 500), why: { code: 'price_blocked', params: { source: d.source } },
      checks: [...d.checks, { kind: 'price.blocked', ok: false, detail: `outbound check: ${reason}`, code: 'price_blocked', params: { source: d.source } }]
    }, 'safety')
  }

  /** The durable sends (reply intents) behind the outbound check. */
  get delivery(): Delivery {
    return this.outbound.delivery
  }

  /**
   * A message of ours came back that this process did not record (after a crash: the backfill
   * brings the reply sent just before the kill): its intent is claimed, not sent again.
   */
  claimOwnReply(m: Parameters<Resumer['claimOwnReply']>[0]): ReplyIntent | null {
    return this.#resumer.claimOwnReply(m)
  }

  /** After an account's backfill: unsettled reply intents and buyer messages of the last run (resume.ts). */
  async resume(accountId: string): Promise<void> {
    if (this.#closed) return
    await this.#resumer.resume(accountId, () => this.#recovering.delete(accountId))
  }

  /** Counted over the stored bot replies, so a restart does not reset it (issue 15.1). */
  #overChatRate(accountId: string, cid: string): boolean {
    return this.#d.messages.countBotReplies(accountId, cid, this.#clock.now() - PER_CHAT_WINDOW_MS) >= PER_CHAT_MAX_REPLIES
  }

  #emitConversation(accountId: string, cid: string): void {
    const conversation = this.#d.conversations.get(accountId, cid)
    if (conversation) this.#events.emit('conversation.changed', { conversation })
  }
}

const chatKey = (accountId: string, cid: string): string => `${accountId}\u0000${cid}`


/**
 * Debounce 0: answer in this turn of the event loop, right after the tick's database batch is
 * committed (its setImmediate was queued first) — not a 1 ms timer later. Messages of the same
 * chat that arrived in this turn are still answered together.
 */
function nextTurn(fn: () => void): { cancel(): void } {
  const h = setImmediate(fn)
  return { cancel: () => clearImmediate(h) }
}

/** Waits for `p` at most `ms`; a slow item fetch must not hold a reply forever. */
async function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, ms)))])
  clearTimeout(timer)
}
