import type { Draft } from '@contract/reply'
import type { Db } from '../open'

interface Raw { id: number; account_id: string; cid: string; text: string; status: Draft['status']; decision_id: number | null; created_at: number; updated_at: number }
const map = (r: Raw): Draft => ({ id: r.id, accountId: r.account_id, cid: r.cid, text: r.text, status: r.status, decisionId: r.decision_id, createdAt: r.created_at, updatedAt: r.updated_at })

export class DraftRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      insert: db.prepare("INSERT INTO drafts (account_id, cid, text, status, decision_id, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)"),
      get: db.prepare<[number], Raw>('SELECT * FROM drafts WHERE id = ?'),
      pending: db.prepare<{ account: string | null; cid: string | null }, Raw>(`SELECT * FROM drafts WHERE status = 'pending'
        AND (@account IS NULL OR account_id = @account) AND (@cid IS NULL OR cid = @cid) ORDER BY id`),
      edit: db.prepare("UPDATE drafts SET text = ?, updated_at = ? WHERE id = ? AND status = 'pending'"),
      // the status moves from pending exactly once: the guard against sending a draft twice
      claim: db.prepare("UPDATE drafts SET status = ?, text = ?, updated_at = ? WHERE id = ? AND status = 'pending'"),
      unclaim: db.prepare("UPDATE drafts SET status = 'pending', updated_at = ? WHERE id = ? AND status = 'sent'"),
      discardChat: db.prepare("UPDATE drafts SET status = 'discarded', updated_at = ? WHERE account_id = ? AND cid = ? AND status = 'pending'")
    }
  }

  insert(accountId: string, cid: string, text: string, decisionId: number | null, now: number): Draft {
    const id = Number(this.#q.insert.run(accountId, cid, text, decisionId, now, now).lastInsertRowid)
    return this.get(id) as Draft
  }
  get(id: number): Draft | null { const r = this.#q.get.get(id); return r ? map(r) : null }
  pending(accountId?: string, cid?: string): Draft[] { return this.#q.pending.all({ account: accountId ?? null, cid: cid ?? null }).map(map) }
  edit(id: number, text: string, now: number): boolean { return this.#q.edit.run(text, now, id).changes === 1 }
  /** Atomically moves a pending draft to `status`; false if it was not pending any more. */
  claim(id: number, status: 'sent' | 'discarded', text: string, now: number): boolean { return this.#q.claim.run(status, text, now, id).changes === 1 }
  /** A send that failed after the claim: the draft goes back to pending, to be approved again. */
  unclaim(id: number, now: number): void { this.#q.unclaim.run(now, id) }
  /** Returns the ids discarded. */
  discardChat(accountId: string, cid: string, now: number): number[] {
    const ids = this.pending(accountId, cid).map((d) => d.id)
    this.#q.discardChat.run(now, accountId, cid)
    return ids
  }
}
