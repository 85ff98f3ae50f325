import type { Conversation } from '@contract/schemas'
import type { Db } from '../open'
import { BoundedCache, registerCache } from '../cache'
import type { AccountRepo } from './accountRepo'
import type { ItemRepo, ItemRow } from './itemRepo'

interface Raw {
  account_id: string; cid: string; buyer_id: string; buyer_nick: string; item_id: string | null
  item_title: string | null; last_message_text: string; last_message_at: number | null; unread: number
  mode: 'auto' | 'paused' | 'takeover'; paused_until: number | null; bargain_count: number; order_state: string | null; copilot: number | null
  attention: number
}

const map = (r: Raw): Conversation => ({
  accountId: r.account_id, cid: r.cid, buyerId: r.buyer_id, buyerNick: r.buyer_nick, itemId: r.item_id,
  itemTitle: r.item_title, lastMessageText: r.last_message_text, lastMessageAt: r.last_message_at,
  unread: r.unread, mode: r.mode, pausedUntil: r.paused_until, bargainCount: r.bargain_count, orderState: r.order_state,
  copilot: r.copilot === null ? null : r.copilot === 1, attention: r.attention
})

/** Held and needs-you buyer messages not dealt with (idx_outcomes_open): the 需处理 count. */
const ATTENTION = `(SELECT count(*) FROM message_outcomes o WHERE o.account_id = c.account_id AND o.cid = c.cid
  AND o.state IN ('held','needs_you') AND o.resolved_at IS NULL) AS attention`

const SELECT = `SELECT c.account_id, c.cid, c.buyer_id, c.buyer_nick, c.item_id, i.title AS item_title, c.last_message_text,
  c.last_message_at, c.unread, c.mode, c.paused_until, c.bargain_count, c.order_state, c.copilot, ${ATTENTION}
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

/** A conversation's own columns (the item title and the account's archived state come from their repos). */
type Row = Omit<Raw, 'item_title'> & { bargain_reset_at: number }

interface Entry {
  readonly row: Row
  /** The Conversation last built from `row`, and the item row its title came from. */
  conv: Readonly<Conversation> | null
  item: ItemRow | null
}

const chatKey = (accountId: string, cid: string): string => `${accountId}\u0000${cid}`

export class ConversationRepo {
  readonly #q
  readonly #accounts: Pick<AccountRepo, 'get' | 'onRemoved'>
  readonly #items: Pick<ItemRepo, 'get'>
  /**
   * Rows by chat: a buyer message reads its conversation about ten times on its way to a reply
   * (takeover/pause checks, context, copilot, events). Every write here drops the chat's row;
   * `touch`, once per message, updates it the way its SQL does.
   */
  readonly #rows: BoundedCache<string, Entry>

  constructor(db: Db, deps: { accounts: Pick<AccountRepo, 'get' | 'onRemoved'>; items: Pick<ItemRepo, 'get'> }) {
    this.#accounts = deps.accounts
    this.#items = deps.items
    this.#rows = registerCache(db, new BoundedCache<string, Entry>(5_000))
    deps.accounts.onRemoved((id) => this.#rows.deleteWhere((k) => k.startsWith(`${id}\u0000`)))
    this.#q = {
      row: db.prepare<[string, string], Row>(`SELECT account_id, cid, buyer_id, buyer_nick, item_id, last_message_text, last_message_at, unread,
        mode, paused_until, bargain_count, bargain_reset_at, order_state, copilot, ${ATTENTION} FROM conversations c WHERE account_id = ? AND cid = ?`),
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
      opened: db.prepare(`INSERT INTO conversations (account_id, cid, buyer_id, buyer_nick, item_id, created_at, updated_at) VALUES (@accountId, @cid, @buyerId, @buyerNick, @itemId, @at, @at)
        ON CONFLICT (account_id, cid) DO UPDATE SET
          buyer_id = CASE WHEN buyer_id = '' THEN @buyerId ELSE buyer_id END,
          buyer_nick = CASE WHEN buyer_nick = '' THEN @buyerNick ELSE buyer_nick END,
          item_id = coalesce(item_id, @itemId)`),
      markRead: db.prepare('UPDATE conversations SET unread = 0 WHERE account_id = ? AND cid = ?'),
      bumpBargain: db.prepare('UPDATE conversations SET bargain_count = bargain_count + 1 WHERE account_id = ? AND cid = ?'),
      resetBargain: db.prepare('UPDATE conversations SET bargain_count = 0, bargain_reset_at = @now WHERE account_id = @accountId AND cid = @cid'),
      setMode: db.prepare('UPDATE conversations SET mode = @mode, paused_until = @until, updated_at = @now WHERE account_id = @accountId AND cid = @cid'),
      setOrder: db.prepare('UPDATE conversations SET order_id = coalesce(@orderId, order_id), order_state = @state WHERE account_id = @accountId AND cid = @cid'),
      setCopilot: db.prepare('UPDATE conversations SET copilot = ? WHERE account_id = ? AND cid = ?'),
      removeAccount: db.prepare('DELETE FROM conversations WHERE account_id = ?')
    }
  }

  /** The same answer as the list queries' join: null for a missing chat or an archived account. */
  get(accountId: string, cid: string): Conversation | null {
    const e = this.#entry(accountId, cid)
    if (!e) return null
    const account = this.#accounts.get(accountId)
    if (!account || account.archivedAt !== null) return null
    const item = e.row.item_id ? this.#items.get(accountId, e.row.item_id) : null
    // the mapped object is reused while its item row is the same (item writes replace the row)
    if (e.conv && e.item === item) return e.conv
    e.item = item
    e.conv = Object.freeze(map({ ...e.row, item_title: item?.title ?? null }))
    return e.conv
  }

  #entry(accountId: string, cid: string): Entry | null {
    const key = chatKey(accountId, cid)
    const hit = this.#rows.get(key)
    if (hit) return hit
    const row = this.#q.row.get(accountId, cid)
    if (!row) return null
    const e: Entry = { row, conv: null, item: null }
    this.#rows.set(key, e)
    return e
  }

  #drop(accountId: string, cid: string): void { this.#rows.delete(chatKey(accountId, cid)) }

  list(opts: { accountId?: string; search?: string; limit: number }): Conversation[] {
    const search = opts.search?.trim()
    if (search) {
      const q = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      return this.#q.search.all({ q, account: opts.accountId ?? null, limit: opts.limit }).map(map)
    }
    const rows = opts.accountId ? this.#q.listAccount.all(opts.accountId, opts.limit) : this.#q.listAll.all(opts.limit)
    return rows.map(map)
  }

  /** Every message touches its chat: a cached row is updated exactly as the SQL below updates it. */
  touch(t: ConversationTouch): void {
    const key = chatKey(t.accountId, t.cid)
    const e = this.#rows.get(key)
    this.#rows.delete(key)
    this.#q.touch.run({ buyerId: null, buyerNick: null, itemId: null, ...t })
    if (!e) return
    const r = e.row
    const newer = t.at >= (r.last_message_at ?? 0)
    this.#rows.set(key, {
      row: {
        ...r, buyer_id: t.buyerId ? t.buyerId : r.buyer_id, buyer_nick: t.buyerNick ? t.buyerNick : r.buyer_nick, item_id: t.itemId ?? r.item_id,
        last_message_text: newer ? t.text : r.last_message_text, last_message_at: Math.max(r.last_message_at ?? 0, t.at), unread: r.unread + t.unreadDelta
      },
      conv: null, item: null
    })
  }
  /** Creates the chat's row if it is missing (a cached row means it exists: nothing to write). */
  ensure(accountId: string, cid: string, at: number): void {
    if (this.#rows.get(chatKey(accountId, cid))) return
    this.#q.ensure.run(accountId, cid, at, at)
  }
  /** A chat we opened ourselves (no message yet, e.g. to deliver an order found in the sold list): its buyer and item. */
  opened(o: { accountId: string; cid: string; buyerId: string; buyerNick: string; itemId: string; at: number }): void {
    this.#drop(o.accountId, o.cid)
    this.#q.opened.run(o)
  }
  /** Something the row shows changed elsewhere (an outcome: the attention count). */
  invalidate(accountId: string, cid: string): void { this.#drop(accountId, cid) }
  markRead(accountId: string, cid: string): void { this.#drop(accountId, cid); this.#q.markRead.run(accountId, cid) }
  bumpBargain(accountId: string, cid: string): void { this.#drop(accountId, cid); this.#q.bumpBargain.run(accountId, cid) }
  resetBargain(accountId: string, cid: string, now: number): void { this.#drop(accountId, cid); this.#q.resetBargain.run({ accountId, cid, now }) }
  setMode(accountId: string, cid: string, mode: Conversation['mode'], until: number | null, now: number): void {
    this.#drop(accountId, cid)
    this.#q.setMode.run({ accountId, cid, mode, until, now })
  }
  setOrder(accountId: string, cid: string, orderId: string | null, state: string): void {
    this.#drop(accountId, cid)
    this.#q.setOrder.run({ accountId, cid, orderId, state })
  }
  setCopilot(accountId: string, cid: string, copilot: boolean | null): void {
    this.#drop(accountId, cid)
    this.#q.setCopilot.run(copilot === null ? null : copilot ? 1 : 0, accountId, cid)
  }
  bargainResetAt(accountId: string, cid: string): number { return this.#entry(accountId, cid)?.row.bargain_reset_at ?? 0 }
  removeForAccount(accountId: string): void {
    this.#rows.deleteWhere((k) => k.startsWith(`${accountId}\u0000`))
    this.#q.removeAccount.run(accountId)
  }
}
