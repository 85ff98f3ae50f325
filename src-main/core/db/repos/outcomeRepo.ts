import type { MessageOutcome, OutcomeReason, OutcomeState } from '@contract/reply'
import type { Db } from '../open'

interface Raw {
  message_id: number; account_id: string; cid: string; state: OutcomeState; reason: OutcomeReason | null; detail: string
  decision_id: number | null; resolved_at: number | null; updated_at: number
}

const map = (r: Raw): MessageOutcome => ({
  messageId: r.message_id, accountId: r.account_id, cid: r.cid, state: r.state, reason: r.reason, detail: r.detail,
  decisionId: r.decision_id, resolvedAt: r.resolved_at, updatedAt: r.updated_at
})

export interface OutcomeUpdate {
  readonly state: Exclude<OutcomeState, 'pending'>
  readonly reason: OutcomeReason | null
  readonly detail: string
  readonly decisionId: number | null
}

/**
 * One outcome per stored buyer message (text or image). Written 'pending' in the transaction that
 * stores the message, so a message can never exist without one; the pipeline settles it.
 */
export class OutcomeRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      insert: db.prepare(`INSERT INTO message_outcomes (message_id, account_id, cid, state, updated_at) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`),
      set: db.prepare(`UPDATE message_outcomes SET state = @state, reason = @reason, detail = @detail, decision_id = coalesce(@decisionId, decision_id),
        resolved_at = NULL, updated_at = @now WHERE message_id = @id`),
      get: db.prepare<[number], Raw>('SELECT * FROM message_outcomes WHERE message_id = ?'),
      chat: db.prepare<[string, string, number], Raw>('SELECT * FROM message_outcomes WHERE account_id = ? AND cid = ? ORDER BY message_id DESC LIMIT ?'),
      open: db.prepare<[string, string], Raw>(`SELECT * FROM message_outcomes WHERE account_id = ? AND cid = ? AND state IN ('held','needs_you') AND resolved_at IS NULL`),
      resolve: db.prepare(`UPDATE message_outcomes SET resolved_at = ?, updated_at = ? WHERE message_id = ?`),
      pending: db.prepare<[string], { message_id: number }>(`SELECT message_id FROM message_outcomes WHERE account_id = ? AND state = 'pending' ORDER BY message_id`),
      byDecision: db.prepare<[number], { message_id: number }>('SELECT message_id FROM message_outcomes WHERE decision_id = ?'),
      pendingChat: db.prepare<[string, string, number], { message_id: number }>(`SELECT message_id FROM message_outcomes
        WHERE account_id = ? AND state = 'pending' AND cid = ? AND message_id <= ? ORDER BY message_id`)
    }
  }

  /** Part of the message's own insert (ChatService.record). */
  insertPending(messageId: number, accountId: string, cid: string, now: number): void {
    this.#q.insert.run(messageId, accountId, cid, now)
  }

  set(messageId: number, u: OutcomeUpdate, now: number): MessageOutcome | null {
    this.#q.set.run({ id: messageId, state: u.state, reason: u.reason, detail: u.detail.slice(0, 500), decisionId: u.decisionId, now })
    return this.get(messageId)
  }

  get(messageId: number): MessageOutcome | null {
    const r = this.#q.get.get(messageId)
    return r ? map(r) : null
  }

  /** A chat's outcomes, oldest first. */
  listChat(accountId: string, cid: string, limit: number): MessageOutcome[] {
    return this.#q.chat.all(accountId, cid, limit).reverse().map(map)
  }

  /** The seller dealt with the chat (replied in it): its held and needs-you messages leave 需处理. */
  resolveChat(accountId: string, cid: string, now: number): MessageOutcome[] {
    const open = this.#q.open.all(accountId, cid)
    for (const r of open) this.#q.resolve.run(now, now, r.message_id)
    return open.map((r) => map({ ...r, resolved_at: now, updated_at: now }))
  }

  /** The messages a decision settled (a copilot draft's burst). */
  byDecision(decisionId: number): number[] {
    return this.#q.byDecision.all(decisionId).map((r) => r.message_id)
  }

  /** A chat's unsettled buyer messages up to `maxId` (the burst a reply intent answers). */
  pendingUpTo(accountId: string, cid: string, maxId: number): number[] {
    return this.#q.pendingChat.all(accountId, cid, maxId).map((r) => r.message_id)
  }

  /** Buyer messages of an account the bot has not settled yet (after a crash: to resume). */
  pendingIds(accountId: string): number[] {
    return this.#q.pending.all(accountId).map((r) => r.message_id)
  }
}
