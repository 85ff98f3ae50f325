import type { Message } from '@contract/schemas'
import type { HistoryEntry } from '@contract/reply'
import { LlmError } from '../ai'
import type { Clock, Logger } from '../ports'
import type { CoreEvents } from '../events'
import { normalizeText } from '../rules/match'
import { decide, type Outcome } from './decide'
import type { PipelineDeps } from './deps'
import { authorOf } from '../reply'
import { Outbound, type AutomatedSend, type AutomatedSource } from './outbound'
import { TtlCache } from './ttlCache'
import { templateVars } from './vars'

const EXPIRE_AFTER_MS = 30 * 60_000
const PER_CHAT_WINDOW_MS = 10 * 60_000
const PER_CHAT_MAX_REPLIES = 8

interface Pending {
  readonly messages: Message[]
  timer: { cancel(): void } | null
}

/**
 * For each persisted buyer message: skip what must not be answered → takeover/pause → debounce
 * per chat (a burst is answered once) → one chat at a time → decide (rules → AI → default) →
 * outbound safety → send → persist the reply and a decision record. A pause that starts while a
 * reply is pending or being generated cancels it.
 */
export class ReplyPipeline {
  readonly #d: PipelineDeps
  readonly #pending = new Map<string, Pending>()
  readonly #locks = new Map<string, Promise<void>>()
  readonly #inflight = new Map<string, AbortController>()
  readonly #sentTimes = new Map<string, number[]>()
  readonly #cache = new TtlCache<string>(500, 60 * 60_000)
  /** The one way out to a buyer; automated text passes the floor check there. */
  readonly outbound: Outbound
  #closed = false

  constructor(deps: PipelineDeps) {
    this.#d = deps
    this.outbound = new Outbound(deps)
  }

  get #clock(): Clock { return this.#d.clock }
  get #log(): Logger { return this.#d.logger }
  get #events(): CoreEvents { return this.#d.events }

  /** A buyer message was just persisted (exactly once per platform message). */
  onInbound(m: Message): void {
    if (this.#closed || m.direction !== 'in' || m.contentType === 'system' || m.contentType === 'card') return
    const key = chatKey(m.accountId, m.cid)
    if (this.#clock.now() - m.createdAt > EXPIRE_AFTER_MS) {
      this.#record(m.accountId, m.cid, m.id, { source: 'none', reason: 'message too old to answer (arrived by backfill)' })
      return
    }
    const held = this.#holdReason(m.accountId, m.cid)
    if (held) {
      this.#record(m.accountId, m.cid, m.id, { source: 'none', reason: held })
      return
    }
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
    this.#cancel(accountId, cid, 'the seller replied')
    this.#emitConversation(accountId, cid)
  }

  takeover(accountId: string, cid: string): void {
    this.#d.conversations.setMode(accountId, cid, 'takeover', null, this.#clock.now())
    this.#cancel(accountId, cid, 'the seller took the chat over')
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
  #holdReason(accountId: string, cid: string): string | null {
    if (this.#d.settings.global().pauseAllAi) return 'all automatic replies are paused'
    const conv = this.#d.conversations.get(accountId, cid)
    if (!conv) return null
    if (conv.mode === 'takeover') return 'the seller has taken this chat over'
    if (conv.mode === 'paused') {
      if (conv.pausedUntil !== null && conv.pausedUntil > this.#clock.now()) return 'paused after the seller replied'
      this.#d.conversations.setMode(accountId, cid, 'auto', null, this.#clock.now())
      this.#emitConversation(accountId, cid)
    }
    return null
  }

  #cancel(accountId: string, cid: string, why: string): void {
    const key = chatKey(accountId, cid)
    const p = this.#pending.get(key)
    if (p) {
      p.timer?.cancel()
      this.#pending.delete(key)
      const last = p.messages.at(-1)
      if (last) this.#record(accountId, cid, last.id, { source: 'none', reason: `pending reply cancelled: ${why}` })
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
    })
    this.#locks.set(key, run)
    void run.finally(() => {
      if (this.#locks.get(key) === run) this.#locks.delete(key)
    })
  }

  async #answer(burst: Message[]): Promise<void> {
    const first = burst[0]
    const last = burst.at(-1)
    if (!first || !last || this.#closed) return
    const { accountId, cid } = last
    const held = this.#holdReason(accountId, cid)
    if (held) return void this.#record(accountId, cid, last.id, { source: 'none', reason: held })
    if (this.#overChatRate(accountId, cid)) return void this.#record(accountId, cid, last.id, { source: 'none', reason: 'per-chat reply rate reached' })
    const controller = new AbortController()
    this.#inflight.set(chatKey(accountId, cid), controller)
    // copilot: the seller watches the draft being written; the preview ends with the answer, however it ends
    const copilot = this.#copilot(accountId, cid)
    const onDraftText = copilot ? (text: string) => this.#events.emit('draft.writing', { accountId, cid, text, done: false }) : undefined
    try {
      let outcome: Outcome
      try {
        outcome = await this.#decide(burst, controller, onDraftText)
      } catch (err) {
        if (err instanceof LlmError && err.kind === 'aborted') return void this.#record(accountId, cid, last.id, { source: 'none', reason: 'cancelled: the seller stepped in while the AI was writing' })
        throw err
      } finally {
        this.#inflight.delete(chatKey(accountId, cid))
      }
      // the seller may have stepped in while the AI was thinking
      const late = this.#holdReason(accountId, cid)
      if (late) return void this.#record(accountId, cid, last.id, { ...outcome.decision, source: 'none', reason: `not sent: ${late}` })
      await this.#deliver(accountId, cid, last, outcome)
    } finally {
      if (copilot) this.#events.emit('draft.writing', { accountId, cid, text: '', done: true })
    }
  }

  /** Whether replies in this chat become drafts for the seller (the chat's choice, else the account's). */
  #copilot(accountId: string, cid: string): boolean {
    return this.#d.conversations.get(accountId, cid)?.copilot ?? this.#d.settings.account(accountId).copilot
  }

  async #decide(burst: Message[], controller: AbortController, onDraftText?: (textSoFar: string) => void): Promise<Outcome> {
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
      return this.#d.messages.lastN(accountId, cid, settings.contextMessages + burst.length, undefined)
        .filter((m) => !burstIds.has(m.id) && m.contentType === 'text' && m.text).map((m) => ({ role: m.direction === 'in' ? 'buyer' : 'seller', text: m.text }))
    }
    const readRound = (): number => this.#d.messages.countPriceIntent(accountId, cid, this.#d.conversations.bargainResetAt(accountId, cid))
    const llm = this.#d.llm.get(accountId, settings, await this.#d.secrets.apiKey(accountId), settings.backup ? await this.#d.secrets.apiKey(accountId, 'backup') : null)
    const texts = burst.map((m) => m.text).filter((t) => t.trim() !== '')
    const cacheKey = `${accountId}|${conv?.itemId ?? ''}|${normalizeText(texts.join(' '))}`
    const account = this.#d.accounts.get(accountId)
    const vars = templateVars({ buyerNick: conv?.buyerNick, sellerNick: account?.nick, itemId: conv?.itemId, item, settings, now: this.#clock.now() })
    const outcome = await decide({
      settings, item, get history() { return (history ??= readHistory()) }, get round() { return (round ??= readRound()) },
      burst: texts.length > 0 ? texts : ['[图片]'], llm: llm.client, llmUnavailable: llm.reason,
      // made only when an LLM call needs it (a keyword answer does not)
      get signal() { return controller.signal },
      cached: this.#cache.get(cacheKey), onDraftText,
      rules: (text) => this.#d.rules.answer({ accountId, cid, itemId: conv?.itemId ?? null, text, vars, defaultReply: settings.defaultReply })
    })
    if (outcome.fromLlm && outcome.decision.intent !== 'price' && outcome.decision.source === 'ai' && outcome.decision.reply) this.#cache.set(cacheKey, outcome.decision.reply)
    return outcome
  }

  async #deliver(accountId: string, cid: string, last: Message, outcome: Outcome): Promise<void> {
    if (outcome.parts.length === 0) return void this.#record(accountId, cid, last.id, outcome.decision)
    const source: AutomatedSource = outcome.decision.source === 'none' ? 'fallback' : outcome.decision.source
    if (this.#copilot(accountId, cid)) {
      // a draft is automated text too: the seller sees only what the bot could have sent
      const blocked = this.outbound.blockReason(accountId, cid, outcome.parts, authorOf(source))
      if (blocked) return void this.#recordBlocked(accountId, cid, last.id, outcome, blocked)
      const record = this.#record(accountId, cid, last.id, { ...outcome.decision, reason: `${outcome.decision.reason} (draft: copilot mode)` })
      const text = outcome.parts.map((p) => (p.kind === 'text' ? p.text : '')).filter(Boolean).join('\n')
      const draft = this.#d.drafts.insert(accountId, cid, text, record?.id ?? null, this.#clock.now())
      this.#events.emit('draft.changed', { draft })
      return
    }
    const rule = outcome.decision.ruleId !== null ? this.#d.rules.list(accountId).find((r) => r.id === outcome.decision.ruleId) : undefined
    let result: AutomatedSend
    try {
      result = await this.outbound.sendAutomated(accountId, cid, outcome.parts, source)
    } catch (err) {
      // the decision is kept, with why nothing (or not everything) went out; nothing is retried
      this.#record(accountId, cid, last.id, { ...outcome.decision, reason: `${outcome.decision.reason}; send failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 500) })
      throw err
    }
    if (!result.ok) return void this.#recordBlocked(accountId, cid, last.id, outcome, result.reason)
    if (rule) this.#d.rules.recordHit(rule, accountId, cid)
    this.#record(accountId, cid, last.id, outcome.decision, result.sent[0]?.id ?? null)
    this.#noteChatSend(accountId, cid)
  }

  /** The outbound price check held the reply: kept as a decision with the reason, like a safety block. */
  #recordBlocked(accountId: string, cid: string, messageId: number, outcome: Outcome, reason: string): void {
    const d = outcome.decision
    this.#log.warn('reply held by the outbound price check', { accountId, cid, source: d.source, reason })
    this.#record(accountId, cid, messageId, {
      ...d, source: 'none', reason: `not sent: the ${d.source} reply ${reason}`.slice(0, 500),
      checks: [...d.checks, { kind: 'price.blocked', ok: false, detail: `outbound check: ${reason}` }]
    })
  }

  #record(accountId: string, cid: string, messageId: number | null, d: Partial<Outcome['decision']> & Pick<Outcome['decision'], 'source' | 'reason'>, replyMessageId: number | null = null) {
    const decision = this.#d.decisions.insert({
      intent: 'default', reply: null, allowedPrice: null, floorPrice: null, round: null, ruleId: null, provider: null, model: null,
      tokensIn: null, tokensOut: null, latencyMs: null, checks: [], ...d, accountId, cid, messageId, replyMessageId, createdAt: this.#clock.now()
    })
    this.#events.emit('decision.added', { decision })
    return decision
  }

  #overChatRate(accountId: string, cid: string): boolean {
    const now = this.#clock.now()
    const times = (this.#sentTimes.get(chatKey(accountId, cid)) ?? []).filter((t) => now - t < PER_CHAT_WINDOW_MS)
    this.#sentTimes.set(chatKey(accountId, cid), times)
    return times.length >= PER_CHAT_MAX_REPLIES
  }

  #noteChatSend(accountId: string, cid: string): void {
    const key = chatKey(accountId, cid)
    this.#sentTimes.set(key, [...(this.#sentTimes.get(key) ?? []), this.#clock.now()])
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
