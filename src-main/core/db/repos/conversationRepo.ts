import type { Conversation } from '@contract/schemas'
import type { Db } from '../open'

interface Raw {
  account_id: string; cid: string; buyer_id: string; buyer_nick: string; item_id: string | null
  item_title: string | null; last_message_text: string; last_message_at: number | null; unread: number
  mode: 'auto' | 'paused' | 'takeover'; paused_until: number | null; bargain_count: number; order_state: string | null; copilot: number | null
}

const map = (r: Raw): Conversation => ({
  accountId: r.account_id, cid: r.cid, buyerId: r.buyer_id, buyerNick: r.buyer_nick, itemId: r.item_id,
  itemTitle: r.item_title, lastMessageText: r.last_message_text, lastMessageAt: r.last_message_at,
  unread: r.unread, mode: r.mode, pausedUntil: r.paused_until, bargainCount: r.bargain_count, orderState: r.order_state,
  copilot: r.copilot === null ? null : r.copilot === 1
})

const SELECT = `SELECT c.account_id, c.cid, c.buyer_id, c.buyer_nick, c.item_id, i.title AS item_title, c.last_message_text,
  c.last_message_at, c.unread, c.mode, c.paused_until, c.bargain_count, c.order_state, c.copilot
  FROM conversations c
  JOIN accounts a ON a.id = c.account_id AND a.archived_at IS NULL
  LEFT JOIN items i ON i.account_id = c.account_id AND i.item_id = c.item_id`

export interface ConversationTouch {
  readonly accountId: string
  readonly cid: string
  readonly buyerId?: string
  readonly buyerNick?: string
  readonly itemId?: string | null
  readonly text: string
  readonly at: number
  readonly unreadDelta: number
}

export class ConversationRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      get: db.prepare<[string, string], Raw>(`${SELECT} WHERE c.account_id = ? AND c.cid = ?`),
      listAll: db.prepare<[number], Raw>(`${SELECT} ORDER BY c.last_message_at DESC NULLS LAST LIMIT ?`),
      listAccount: db.prepare<[string, number], Raw>(`${SELECT} WHERE c.account_id = ? ORDER BY c.last_message_at DESC NULLS LAST LIMIT ?`),
      search: db.prepare<{ q: string; account: string | null; limit: number }, Raw>(`${SELECT}
        WHERE (@account IS NULL OR c.account_id = @account)
          AND (c.buyer_nick LIKE @q ESCAPE '\\' OR c.last_message_text LIKE @q ESCAPE '\\' OR i.title LIKE @q ESCAPE '\\'
               OR EXISTS (SELECT 1 FROM messages m WHERE m.account_id = c.account_id AND m.cid = c.cid AND m.text LIKE @q ESCAPE '\\'))
        ORDER BY c.last_message_at DESC NULLS LAST LIMIT @limit`),
      touch: db.prepare(`INSERT INTO conversations (account_id, cid, buyer_id, buyer_nick, item_id, last_message_text, last_message_at, unread, created_at, updated_at)
        VALUES (@accountId, @cid, coalesce(@buyerId, ''), coalesce(@buyerNick, ''), @itemId, @text, @at, @unreadDelta, @at, @at)
        ON CONFLICT (account_id, cid) DO UPDATE SET
          buyer_id = CASE WHEN coalesce(@buyerId, '') = '' THEN buyer_id ELSE @buyerId END,
          buyer_nick = CASE WHEN coalesce(@buyerNick, '') = '' THEN buyer_nick ELSE @buyerNick END,
          item_id = coalesce(@itemId, item_id),
          last_message_text = CASE WHEN @at >= coalesce(last_message_at, 0) THEN @text ELSE last_message_text END,
          last_message_at = max(coalesce(last_message_at, 0), @at),
          unread = unread + @unreadDelta,
          updated_at = @at`),
      ensure: db.prepare(`INSERT INTO conversations (account_id, cid, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      markRead: db.prepare('UPDATE conversations SET unread = 0 WHERE account_id = ? AND cid = ?'),
      bumpBargain: db.prepare('UPDATE conversations SET bargain_count = bargain_count + 1 WHERE account_id = ? AND cid = ?'),
      resetBargain: db.prepare('UPDATE conversations SET bargain_count = 0, bargain_reset_at = @now WHERE account_id = @accountId AND cid = @cid'),
      setMode: db.prepare('UPDATE conversations SET mode = @mode, paused_until = @until, updated_at = @now WHERE account_id = @accountId AND cid = @cid'),
      setOrder: db.prepare('UPDATE conversations SET order_id = coalesce(@orderId, order_id), order_state = @state WHERE account_id = @accountId AND cid = @cid'),
      setCopilot: db.prepare('UPDATE conversations SET copilot = ? WHERE account_id = ? AND cid = ?'),
      bargainSince: db.prepare<[string, string], { bargain_reset_at: number }>('SELECT bargain_reset_at FROM conversations WHERE account_id = ? AND cid = ?'),
      removeAccount: db.prepare('DELETE FROM conversations WHERE account_id = ?')
    }
  }

  get(accountId: string, cid: string): Conversation | null {
    const r = this.#q.get.get(accountId, cid)
    return r ? map(r) : null
  }

  list(opts: { accountId?: string; search?: string; limit: number }): Conversation[] {
    const search = opts.search?.trim()
    if (search) {
      const q = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      return this.#q.search.all({ q, account: opts.accountId ?? null, limit: opts.limit }).map(map)
    }
    const rows = opts.accountId ? this.#q.listAccount.all(opts.accountId, opts.limit) : this.#q.listAll.all(opts.limit)
    return rows.map(map)
  }

  touch(t: ConversationTouch): void {
    this.#q.touch.run({ buyerId: null, buyerNick: null, itemId: null, ...t })
  }
  ensure(accountId: string, cid: string, at: number): void { this.#q.ensure.run(accountId, cid, at, at) }
  markRead(accountId: string, cid: string): void { this.#q.markRead.run(accountId, cid) }
  bumpBargain(accountId: string, cid: string): void { this.#q.bumpBargain.run(accountId, cid) }
  resetBargain(accountId: string, cid: string, now: number): void { this.#q.resetBargain.run({ accountId, cid, now }) }
  setMode(accountId: string, cid: string, mode: Conversation['mode'], until: number | null, now: number): void {
    this.#q.setMode.run({ accountId, cid, mode, until, now })
  }
  setOrder(accountId: string, cid: string, orderId: string | null, state: string): void { this.#q.setOrder.run({ accountId, cid, orderId, state }) }
  setCopilot(accountId: string, cid: string, copilot: boolean | null): void { this.#q.setCopilot.run(copilot === null ? null : copilot ? 1 : 0, accountId, cid) }
  bargainResetAt(accountId: string, cid: string): number { return this.#q.bargainSince.get(accountId, cid)?.bargain_reset_at ?? 0 }
  removeForAccount(accountId: string): void { this.#q.removeAccount.run(accountId) }
}
