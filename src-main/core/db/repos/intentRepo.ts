import type { z } from 'zod'
import { ReplyPart } from '@contract/rules'
import { OutSource } from '@contract/schemas'
import type { Db } from '../open'

export interface ReplyIntent {
  readonly id: number
  readonly accountId: string
  readonly cid: string
  /** The buyer message (last of its burst) this reply answers. */
  readonly messageId: number
  /** The client uuid the send carries: the platform's copy of the message is recognised by it (or by its text). */
  readonly idemKey: string
  readonly partIndex: number
  readonly part: ReplyPart
  readonly source: z.infer<typeof OutSource>
  readonly status: 'pending' | 'sent' | 'failed'
  readonly createdAt: number
}

interface Raw {
  id: number; account_id: string; cid: string; message_id: number; idem_key: string; part_index: number; part_json: string
  source: string; status: ReplyIntent['status']; created_at: number
}

const map = (r: Raw): ReplyIntent | null => {
  const part = ReplyPart.safeParse(JSON.parse(r.part_json))
  const source = OutSource.safeParse(r.source)
  // a damaged row cannot be resent; the caller treats it as failed
  if (!part.success || !source.success) return null
  return {
    id: r.id, accountId: r.account_id, cid: r.cid, messageId: r.message_id, idemKey: r.idem_key, partIndex: r.part_index,
    part: part.data, source: source.data, status: r.status, createdAt: r.created_at
  }
}

/**
 * Durable reply intents (issue 15.1): written and committed before a reply part is sent, marked
 * sent once it is. After a crash, a pending intent is either found on the platform (its echo or
 * the backfill brings our message back) or sent then — never both.
 */
export class IntentRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      insert: db.prepare(`INSERT INTO reply_intents (account_id, cid, message_id, idem_key, part_index, part_json, source, status, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`),
      mark: db.prepare(`UPDATE reply_intents SET status = ?, sent_message_id = coalesce(?, sent_message_id), updated_at = ? WHERE idem_key = ? AND status = 'pending'`),
      pending: db.prepare<[string], Raw>(`SELECT * FROM reply_intents WHERE account_id = ? AND status = 'pending' ORDER BY id`),
      pendingChat: db.prepare<[string, string], Raw>(`SELECT * FROM reply_intents WHERE account_id = ? AND status = 'pending' AND cid = ? ORDER BY id`),
      byKey: db.prepare<[string], Raw>('SELECT * FROM reply_intents WHERE idem_key = ?')
    }
  }

  insert(i: Omit<ReplyIntent, 'id' | 'status'>): void {
    this.#q.insert.run(i.accountId, i.cid, i.messageId, i.idemKey, i.partIndex, JSON.stringify(i.part), i.source, i.createdAt, i.createdAt)
  }

  /** True when this call moved the intent out of 'pending'. */
  mark(idemKey: string, status: 'sent' | 'failed', sentMessageId: number | null, now: number): boolean {
    return this.#q.mark.run(status, sentMessageId, now, idemKey).changes === 1
  }

  pending(accountId: string, cid?: string): ReplyIntent[] {
    const rows = cid === undefined ? this.#q.pending.all(accountId) : this.#q.pendingChat.all(accountId, cid)
    return rows.map(map).filter((x): x is ReplyIntent => x !== null)
  }

  byKey(idemKey: string): ReplyIntent | null {
    const r = this.#q.byKey.get(idemKey)
    return r ? map(r) : null
  }
}
