import type { Decision, DecisionRecord, DecisionWhy, MessageOutcome, OutcomeReason } from '@contract/reply'
import type { Message } from '@contract/schemas'
import type { ConversationRepo } from '../db/repos/conversationRepo'
import type { DecisionRepo } from '../db/repos/decisionRepo'
import type { MessageRepo } from '../db/repos/messageRepo'
import type { OutcomeRepo } from '../db/repos/outcomeRepo'
import type { CoreEvents } from '../events'
import type { Clock } from '../ports'
import type { Outcome } from './decide'

/** Reasons that are a limit the seller set (held); every other reason means the bot could not answer (needs you). */
const HELD: ReadonlySet<OutcomeReason> = new Set<OutcomeReason>([
  'ai_off', 'no_api_key', 'takeover', 'paused', 'pause_all', 'rate_limit', 'chat_cap', 'budget', 'safety', 'llm_failed', 'outside_hours'
])

export type Settled =
  | { readonly state: 'answered'; readonly replyMessageId: number | null }
  | { readonly state: 'drafted' }
  | { readonly state: 'unanswered'; readonly reason: OutcomeReason }

export type DecisionInput = Partial<Decision> & Pick<Decision, 'source' | 'reason'>

export interface OutcomeBookDeps {
  readonly outcomes: OutcomeRepo
  readonly decisions: DecisionRepo
  readonly conversations: ConversationRepo
  readonly messages: MessageRepo
  readonly events: CoreEvents
  readonly clock: Clock
}

export const outcomeStateOf = (reason: OutcomeReason): 'held' | 'needs_you' => (HELD.has(reason) ? 'held' : 'needs_you')

/**
 * The one place a buyer message's outcome is set (issue 14.3): every path of the pipeline ends
 * here with its decision record, so a message is answered, drafted, held (with the reason) or
 * needs you — never silently nothing. A bargaining round counts once its reply was sent.
 */
export class OutcomeBook {
  readonly #d: OutcomeBookDeps

  constructor(deps: OutcomeBookDeps) {
    this.#d = deps
  }

  /** Records the decision for a burst (on its last message) and sets every message's outcome. */
  settle(burst: ReadonlyArray<Message>, decision: DecisionInput, how: Settled): DecisionRecord | null {
    const last = burst.at(-1)
    if (!last) return null
    const now = this.#d.clock.now()
    const record = this.#d.decisions.insert({
      intent: 'default', reply: null, allowedPrice: null, floorPrice: null, round: null, ruleId: null, provider: null, model: null,
      tokensIn: null, tokensOut: null, latencyMs: null, checks: [], ...decision, why: whyOf(decision, how), sentText: decision.sentText ?? null,
      accountId: last.accountId, cid: last.cid, messageId: last.id, replyMessageId: how.state === 'answered' ? how.replyMessageId : null, createdAt: now
    })
    this.#d.events.emit('decision.added', { decision: record })
    const state = how.state === 'unanswered' ? outcomeStateOf(how.reason) : how.state
    const reason = how.state === 'unanswered' ? how.reason : null
    this.#apply(burst, { state, reason, detail: decision.reason, decisionId: record.id })
    return record
  }

  /** A held reply went out after all (queued by the rate limit, a draft approved): the messages are answered. */
  answered(accountId: string, cid: string, messageIds: ReadonlyArray<number>, decisionId: number | null): void {
    const msgs = messageIds.map((id) => ({ id, accountId, cid, intent: this.#d.messages.get(id)?.intent ?? null }))
    this.#apply(msgs, { state: 'answered', reason: null, detail: '', decisionId })
  }

  /** The seller dealt with the chat (replied in it): its held and needs-you messages leave 需处理. */
  resolveChat(accountId: string, cid: string): void {
    const changed = this.#d.outcomes.resolveChat(accountId, cid, this.#d.clock.now())
    if (changed.length === 0) return
    for (const outcome of changed) this.#d.events.emit('outcome.changed', { outcome })
    this.#chatChanged(accountId, cid)
  }

  get(messageId: number): MessageOutcome | null {
    return this.#d.outcomes.get(messageId)
  }

  #apply(burst: ReadonlyArray<Pick<Message, 'id' | 'accountId' | 'cid' | 'intent'>>, u: { state: MessageOutcome['state']; reason: OutcomeReason | null; detail: string; decisionId: number | null }): void {
    const first = burst[0]
    if (!first || u.state === 'pending') return
    const now = this.#d.clock.now()
    for (const m of burst) {
      const before = this.#d.outcomes.get(m.id)
      // an answered message stays answered (a draft the seller asked for later records its decision only)
      if (before?.state === 'answered' && u.state !== 'answered') continue
      const outcome = this.#d.outcomes.set(m.id, { state: u.state, reason: u.reason, detail: u.detail || before?.detail || '', decisionId: u.decisionId }, now)
      if (!outcome) continue
      // the bargaining round is used up by the reply that went out, not by the buyer's asking
      if (u.state === 'answered' && before?.state !== 'answered' && m.intent === 'price') this.#d.conversations.bumpBargain(m.accountId, m.cid)
      this.#d.events.emit('outcome.changed', { outcome })
    }
    this.#chatChanged(first.accountId, first.cid)
  }

  #chatChanged(accountId: string, cid: string): void {
    this.#d.conversations.invalidate(accountId, cid)
    const conversation = this.#d.conversations.get(accountId, cid)
    if (conversation) this.#d.events.emit('conversation.changed', { conversation })
  }
}

/**
 * The record's reason as a code: an unanswered message says why nothing went out (the outcome's
 * reason, worded by the UI) unless the price check held the reply (its own code).
 */
function whyOf(decision: DecisionInput, how: Settled): DecisionWhy | null {
  if (how.state !== 'unanswered' || decision.why?.code === 'price_blocked') return decision.why ?? null
  return { code: 'unanswered', params: decision.why ? { outcome: how.reason, decided: decision.why.code } : { outcome: how.reason } }
}

/** Why nothing was there to send: the AI was unavailable (and why), blocked, failed, or had nothing to say. */
export function silentReason(outcome: Outcome, aiCode: OutcomeReason | null): OutcomeReason {
  if (aiCode !== null) return aiCode
  if (outcome.decision.checks.some((c) => c.kind.startsWith('safety.') && !c.ok)) return 'safety'
  if (outcome.decision.checks.some((c) => c.kind === 'ai' && !c.ok)) return 'llm_failed'
  return 'no_answer'
}
