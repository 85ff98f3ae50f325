/**
 * Storage of orders and delivery (migration 0005). Pure data: the services decide, emit events and
 * keep the invariants; every statement is prepared once.
 */
import {
  CodeSource, DeliveryPart, type CardPool, type DayStats, type DeliveryMessage, type DeliveryReview, type DeliveryRule, type NewDeliveryRule,
  type Order, type OrderEvent, type OrderEventCode, type OrderState, type OrderQuery as OrderQuerySchema, type PoolCode, type ReviewReason
} from '@contract/orders'
import { z } from 'zod'
import type { Db } from '../db/open'
import { maskCode } from './text'

type Params = OrderEvent['params']

interface OrderRow {
  account_id: string; order_id: string; cid: string | null; item_id: string | null; item_title: string; spec: string; quantity: number
  amount: number | null; buyer_id: string | null; buyer_nick: string; state: OrderState; prior_state: OrderState | null; xiaodao: number
  delivery: Order['delivery']; ship: Order['ship']; rule_id: number | null; due_at: number | null; detail_at: number | null
  created_at: number; paid_at: number | null; delivered_at: number | null; shipped_at: number | null; updated_at: number
}

/** An order with the bookkeeping the contract does not show. */
export interface OrderRecord extends Order {
  readonly priorState: OrderState | null
  readonly dueAt: number | null
  readonly detailAt: number | null
}

const toOrder = (r: OrderRow): OrderRecord => ({
  accountId: r.account_id, orderId: r.order_id, cid: r.cid, itemId: r.item_id, itemTitle: r.item_title, spec: r.spec, quantity: r.quantity,
  amount: r.amount, buyerId: r.buyer_id, buyerNick: r.buyer_nick, state: r.state, xiaodao: r.xiaodao === 1, delivery: r.delivery, ship: r.ship,
  ruleId: r.rule_id, createdAt: r.created_at, paidAt: r.paid_at, deliveredAt: r.delivered_at, shippedAt: r.shipped_at, updatedAt: r.updated_at,
  priorState: r.prior_state, dueAt: r.due_at, detailAt: r.detail_at
})

/** The public shape (bookkeeping fields dropped). */
export function publicOrder(o: OrderRecord): Order {
  const { priorState: _p, dueAt: _d, detailAt: _a, ...order } = o
  return order
}

export type OrderPatch = Partial<{
  cid: string | null; itemId: string | null; itemTitle: string; spec: string; quantity: number; amount: number | null; buyerId: string | null
  buyerNick: string; state: OrderState; priorState: OrderState | null; xiaodao: boolean; delivery: Order['delivery']; ship: Order['ship']
  ruleId: number | null; dueAt: number | null; detailAt: number | null; paidAt: number | null; deliveredAt: number | null; shippedAt: number | null
}>

const COLUMNS: Record<keyof OrderPatch, string> = {
  cid: 'cid', itemId: 'item_id', itemTitle: 'item_title', spec: 'spec', quantity: 'quantity', amount: 'amount', buyerId: 'buyer_id', buyerNick: 'buyer_nick',
  state: 'state', priorState: 'prior_state', xiaodao: 'xiaodao', delivery: 'delivery', ship: 'ship', ruleId: 'rule_id', dueAt: 'due_at', detailAt: 'detail_at',
  paidAt: 'paid_at', deliveredAt: 'delivered_at', shippedAt: 'shipped_at'
}

interface RuleRow {
  id: number; account_id: string; item_id: string; spec: string; name: string; enabled: number; source_json: string; messages_json: string
  delay_seconds: number; ship_mode: DeliveryRule['shipMode']; created_at: number; updated_at: number
}

const toRule = (r: RuleRow): DeliveryRule => ({
  id: r.id, accountId: r.account_id, itemId: r.item_id, spec: r.spec, name: r.name, enabled: r.enabled === 1,
  source: CodeSource.parse(JSON.parse(r.source_json)), messages: z.array(DeliveryPart).parse(JSON.parse(r.messages_json)),
  delaySeconds: r.delay_seconds, shipMode: r.ship_mode, createdAt: r.created_at, updatedAt: r.updated_at
})

interface PoolRow { id: number; account_id: string; name: string; low_stock_threshold: number; low_notified: number; created_at: number; available: number; reserved: number; used: number }

export interface PoolRecord extends CardPool {
  readonly lowNotified: boolean
}

const toPool = (r: PoolRow): PoolRecord => ({
  id: r.id, accountId: r.account_id, name: r.name, lowStockThreshold: r.low_stock_threshold, available: r.available, reserved: r.reserved, used: r.used,
  createdAt: r.created_at, lowNotified: r.low_notified === 1
})

export function publicPool(p: PoolRecord): CardPool {
  const { lowNotified: _l, ...pool } = p
  return pool
}

interface MessageRow {
  id: number; account_id: string; order_id: string; cid: string; round: number; unit: number; part: number; kind: 'text' | 'image'; body: string
  masked: string; code_id: number | null; codes_json: string; clear_json: string; uuid: string; state: DeliveryMessage['state']; error: string; created_at: number; acked_at: number | null
}

/** A delivery message with its clear body, uuid and codes (never leaves core). */
export interface MessageRecord extends DeliveryMessage {
  readonly cid: string
  readonly round: number
  readonly body: string
  readonly uuid: string
  /** Pool code ids this message carries (one unit's codes). */
  readonly codeIds: number[]
  /** The clear codes it carries (pool or HTTP source): replaced by a word for the price check. */
  readonly codes: string[]
}

const toMessage = (r: MessageRow): MessageRecord => ({
  id: r.id, accountId: r.account_id, orderId: r.order_id, unit: r.unit, part: r.part, kind: r.kind, text: r.masked, codeId: r.code_id, state: r.state,
  error: r.error, createdAt: r.created_at, ackedAt: r.acked_at, cid: r.cid, round: r.round, body: r.body, uuid: r.uuid, codeIds: JSON.parse(r.codes_json) as number[], codes: JSON.parse(r.clear_json) as string[]
})

export function publicMessage(m: MessageRecord): DeliveryMessage {
  const { cid: _c, round: _r, body: _b, uuid: _u, codeIds: _i, codes: _x, ...msg } = m
  return msg
}

export interface NewMessage {
  readonly accountId: string; readonly orderId: string; readonly cid: string; readonly round: number; readonly unit: number; readonly part: number
  readonly kind: 'text' | 'image'; readonly body: string; readonly masked: string; readonly codeIds: number[]; readonly codes: string[]; readonly uuid: string
}

interface ReviewRow { id: number; account_id: string; order_id: string; cid: string | null; reason: ReviewReason; detail: string; created_at: number; resolved_at: number | null; resolution: DeliveryReview['resolution'] }
const toReview = (r: ReviewRow): DeliveryReview => ({
  id: r.id, accountId: r.account_id, orderId: r.order_id, cid: r.cid, reason: r.reason, detail: r.detail, createdAt: r.created_at, resolvedAt: r.resolved_at, resolution: r.resolution
})

interface CodeRow { id: number; pool_id: number; code: string; state: PoolCode['state']; order_id: string | null; created_at: number; used_at: number | null }

const POOL_SELECT = `SELECT p.id, p.account_id, p.name, p.low_stock_threshold, p.low_notified, p.created_at,
  p.n_available AS available, p.n_reserved AS reserved, p.n_used AS used FROM card_pools p WHERE p.removed_at IS NULL`

export class OrdersStore {
  readonly db: Db
  readonly #q

  constructor(db: Db) {
    this.db = db
    this.#q = {
      order: db.prepare<[string, string], OrderRow>('SELECT * FROM orders WHERE account_id = ? AND order_id = ?'),
      insertOrder: db.prepare(`INSERT INTO orders (account_id, order_id, cid, item_id, item_title, spec, quantity, amount, buyer_id, buyer_nick, state, xiaodao,
        created_at, paid_at, updated_at) VALUES (@accountId, @orderId, @cid, @itemId, @itemTitle, @spec, @quantity, @amount, @buyerId, @buyerNick, @state, @xiaodao,
        @createdAt, @paidAt, @createdAt) ON CONFLICT (account_id, order_id) DO NOTHING`),
      claim: new Map<string, ReturnType<Db['prepare']>>(),
      byDelivery: db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE delivery = ? ORDER BY created_at'),
      byDeliveryAccount: db.prepare<[string, string], OrderRow>('SELECT * FROM orders WHERE delivery = ? AND account_id = ? ORDER BY created_at'),
      addEvent: db.prepare('INSERT INTO order_events (account_id, order_id, at, code, params_json, text) VALUES (?, ?, ?, ?, ?, ?)'),
      timeline: db.prepare<[string, string], { id: number; account_id: string; order_id: string; at: number; code: OrderEventCode; params_json: string; text: string }>(
        'SELECT * FROM order_events WHERE account_id = ? AND order_id = ? ORDER BY id'),
      rule: db.prepare<[number], RuleRow>('SELECT * FROM delivery_rules WHERE id = ?'),
      rulesForItem: db.prepare<[string, string], RuleRow>('SELECT * FROM delivery_rules WHERE account_id = ? AND item_id = ? ORDER BY id'),
      insertRule: db.prepare(`INSERT INTO delivery_rules (account_id, item_id, spec, name, enabled, source_json, messages_json, delay_seconds, ship_mode, created_at, updated_at)
        VALUES (@accountId, @itemId, @spec, @name, @enabled, @source, @messages, @delaySeconds, @shipMode, @now, @now)`),
      updateRule: db.prepare(`UPDATE delivery_rules SET account_id = @accountId, item_id = @itemId, spec = @spec, name = @name, enabled = @enabled, source_json = @source,
        messages_json = @messages, delay_seconds = @delaySeconds, ship_mode = @shipMode, updated_at = @now WHERE id = @id`),
      removeRule: db.prepare('DELETE FROM delivery_rules WHERE id = ?'),
      pool: db.prepare<[number], PoolRow>(`${POOL_SELECT} AND p.id = ?`),
      pools: db.prepare<[], PoolRow>(`${POOL_SELECT} ORDER BY p.id`),
      poolsOf: db.prepare<[string], PoolRow>(`${POOL_SELECT} AND p.account_id = ? ORDER BY p.id`),
      insertPool: db.prepare('INSERT INTO card_pools (account_id, name, low_stock_threshold, created_at) VALUES (?, ?, ?, ?)'),
      updatePool: db.prepare('UPDATE card_pools SET name = ?, low_stock_threshold = ? WHERE id = ? AND removed_at IS NULL'),
      setLowNotified: db.prepare('UPDATE card_pools SET low_notified = ? WHERE id = ?'),
      removePool: db.prepare('UPDATE card_pools SET removed_at = ? WHERE id = ? AND removed_at IS NULL'),
      deleteAvailable: db.prepare("DELETE FROM pool_codes WHERE pool_id = ? AND state = 'available'"),
      deleteAvailableId: db.prepare("DELETE FROM pool_codes WHERE pool_id = ? AND id = ? AND state = 'available'"),
      insertCode: db.prepare("INSERT OR IGNORE INTO pool_codes (pool_id, account_id, code, state, created_at) VALUES (?, ?, ?, 'available', ?)"),
      codeState: db.prepare<[string, string], { state: PoolCode['state'] }>('SELECT state FROM pool_codes WHERE account_id = ? AND code = ?'),
      takeCodes: db.prepare<[number, number], { id: number; code: string }>("SELECT id, code FROM pool_codes WHERE pool_id = ? AND state = 'available' ORDER BY id LIMIT ?"),
      reserveCode: db.prepare("UPDATE pool_codes SET state = 'reserved', order_id = ?, reserved_at = ? WHERE id = ? AND state = 'available'"),
      useCode: db.prepare("UPDATE pool_codes SET state = 'used', used_at = ? WHERE id = ? AND state = 'reserved'"),
      releaseCode: db.prepare("UPDATE pool_codes SET state = 'available', order_id = NULL, reserved_at = NULL WHERE id = ? AND state = 'reserved'"),
      code: db.prepare<[number], { id: number; pool_id: number; code: string; state: PoolCode['state']; order_id: string | null }>('SELECT id, pool_id, code, state, order_id FROM pool_codes WHERE id = ?'),
      codesOfOrder: db.prepare<[string, string], { id: number; pool_id: number; code: string; state: PoolCode['state'] }>(
        'SELECT id, pool_id, code, state FROM pool_codes WHERE account_id = ? AND order_id = ? ORDER BY id'),
      listCodes: db.prepare<[number, string | null, string | null, number, number], CodeRow>(
        'SELECT id, pool_id, code, state, order_id, created_at, used_at FROM pool_codes WHERE pool_id = ? AND (? IS NULL OR state = ?) ORDER BY id LIMIT ? OFFSET ?'),
      countCodes: db.prepare<[number, string | null, string | null], { n: number }>('SELECT count(*) AS n FROM pool_codes WHERE pool_id = ? AND (? IS NULL OR state = ?)'),
      insertMessage: db.prepare(`INSERT INTO delivery_messages (account_id, order_id, cid, round, unit, part, kind, body, masked, code_id, codes_json, clear_json, uuid, state, created_at)
        VALUES (@accountId, @orderId, @cid, @round, @unit, @part, @kind, @body, @masked, @codeId, @codeIds, @clear, @uuid, 'pending', @now)`),
      messages: db.prepare<[string, string], MessageRow>('SELECT * FROM delivery_messages WHERE account_id = ? AND order_id = ? ORDER BY round, unit, part, id'),
      messageByUuid: db.prepare<[string], MessageRow>('SELECT * FROM delivery_messages WHERE uuid = ?'),
      markMessage: db.prepare("UPDATE delivery_messages SET state = ?, error = ?, acked_at = ? WHERE uuid = ? AND state <> 'acked'"),
      maxRound: db.prepare<[string, string], { r: number | null }>('SELECT max(round) AS r FROM delivery_messages WHERE account_id = ? AND order_id = ?'),
      openReview: db.prepare('INSERT INTO delivery_reviews (account_id, order_id, cid, reason, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      review: db.prepare<[number], ReviewRow>('SELECT * FROM delivery_reviews WHERE id = ?'),
      reviewsOf: db.prepare<[string, string], ReviewRow>('SELECT * FROM delivery_reviews WHERE account_id = ? AND order_id = ? ORDER BY id'),
      openReviewsOf: db.prepare<[string, string], ReviewRow>('SELECT * FROM delivery_reviews WHERE account_id = ? AND order_id = ? AND resolved_at IS NULL ORDER BY id'),
      resolveReview: db.prepare('UPDATE delivery_reviews SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL'),
      settings: db.prepare<[string], { auto_delivery: number }>('SELECT auto_delivery FROM delivery_settings WHERE account_id = ?'),
      setSettings: db.prepare('INSERT INTO delivery_settings (account_id, auto_delivery) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET auto_delivery = excluded.auto_delivery')
    }
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  // ——— orders ———

  order(accountId: string, orderId: string): OrderRecord | null {
    const r = this.#q.order.get(accountId, orderId)
    return r ? toOrder(r) : null
  }

  /** Creates the order when new; true when it was created. */
  insertOrder(o: { accountId: string; orderId: string; cid: string | null; itemId: string | null; itemTitle: string; spec: string; quantity: number; amount: number | null
    buyerId: string | null; buyerNick: string; state: OrderState; xiaodao: boolean; createdAt: number; paidAt: number | null }): boolean {
    return this.#q.insertOrder.run({ ...o, xiaodao: o.xiaodao ? 1 : 0 }).changes === 1
  }

  /** Applies `patch`; with `onlyIf`, only while the order's delivery is one of those (a claim). True when a row changed. */
  update(accountId: string, orderId: string, patch: OrderPatch, now: number, onlyIf?: ReadonlyArray<Order['delivery']>): boolean {
    const keys = (Object.keys(patch) as Array<keyof OrderPatch>).filter((k) => patch[k] !== undefined)
    const sets = keys.map((k) => `${COLUMNS[k]} = @${k}`)
    const cond = onlyIf ? ` AND delivery IN (${onlyIf.map((d) => `'${d}'`).join(',')})` : ''
    const sql = `UPDATE orders SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE account_id = @accountId AND order_id = @orderId${cond}`
    let stmt = this.#q.claim.get(sql)
    if (!stmt) {
      stmt = this.db.prepare(sql)
      this.#q.claim.set(sql, stmt)
    }
    const values: Record<string, unknown> = { accountId, orderId, now }
    for (const k of keys) {
      const v = patch[k]
      values[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v
    }
    return stmt.run(values).changes === 1
  }

  ordersByDelivery(delivery: Order['delivery'], accountId?: string): OrderRecord[] {
    return (accountId ? this.#q.byDeliveryAccount.all(delivery, accountId) : this.#q.byDelivery.all(delivery)).map(toOrder)
  }

  listOrders(q: z.output<typeof OrderQuerySchema>): { orders: Order[]; total: number } {
    const where: string[] = []
    const p: Record<string, unknown> = {}
    if (q.accountId) { where.push('account_id = @accountId'); p['accountId'] = q.accountId }
    if (q.states && q.states.length > 0) { where.push(`state IN (${q.states.map((_s, i) => `@s${i}`).join(',')})`); q.states.forEach((s, i) => { p[`s${i}`] = s }) }
    if (q.itemId) { where.push('item_id = @itemId'); p['itemId'] = q.itemId }
    if (q.from !== undefined) { where.push('created_at >= @from'); p['from'] = q.from }
    if (q.to !== undefined) { where.push('created_at < @to'); p['to'] = q.to }
    if (q.search) {
      where.push("(order_id LIKE @search ESCAPE '\\' OR buyer_nick LIKE @search ESCAPE '\\' OR buyer_id LIKE @search ESCAPE '\\' OR item_title LIKE @search ESCAPE '\\')")
      p['search'] = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    }
    const w = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    const total = (this.db.prepare(`SELECT count(*) AS n FROM orders ${w}`).get(p) as { n: number }).n
    const rows = this.db.prepare(`SELECT * FROM orders ${w} ORDER BY created_at DESC, order_id DESC LIMIT @limit OFFSET @offset`).all({ ...p, limit: q.limit, offset: q.offset }) as OrderRow[]
    return { orders: rows.map((r) => publicOrder(toOrder(r))), total }
  }

  /** Per local day from `since`: orders created, paid, delivered, revenue (amount of paid orders not closed). */
  stats(since: number, accountId: string | undefined, day: (ms: number) => string): Map<string, DayStats> {
    const rows = this.db.prepare(`SELECT created_at, paid_at, delivered_at, amount, state FROM orders WHERE (created_at >= @since OR paid_at >= @since OR delivered_at >= @since)
      ${accountId ? 'AND account_id = @accountId' : ''}`).all({ since, accountId }) as Array<{ created_at: number; paid_at: number | null; delivered_at: number | null; amount: number | null; state: OrderState }>
    const out = new Map<string, DayStats>()
    const bucket = (ms: number): DayStats => {
      const k = day(ms)
      let s = out.get(k)
      if (!s) { s = { day: k, orders: 0, paid: 0, delivered: 0, revenue: 0 }; out.set(k, s) }
      return s
    }
    for (const r of rows) {
      if (r.created_at >= since) bucket(r.created_at).orders++
      if (r.paid_at !== null && r.paid_at >= since) {
        const b = bucket(r.paid_at)
        b.paid++
        if (r.state !== 'closed' && r.state !== 'refunding' && r.amount !== null) b.revenue = Math.round((b.revenue + r.amount) * 100) / 100
      }
      if (r.delivered_at !== null && r.delivered_at >= since) bucket(r.delivered_at).delivered++
    }
    return out
  }

  // ——— timeline ———

  addEvent(accountId: string, orderId: string, at: number, code: OrderEventCode, params: Params, text: string): OrderEvent {
    const id = Number(this.#q.addEvent.run(accountId, orderId, at, code, JSON.stringify(params), text).lastInsertRowid)
    return { id, accountId, orderId, at, code, params, text }
  }

  timeline(accountId: string, orderId: string): OrderEvent[] {
    return this.#q.timeline.all(accountId, orderId).map((r) => ({
      id: r.id, accountId: r.account_id, orderId: r.order_id, at: r.at, code: r.code, params: JSON.parse(r.params_json) as Params, text: r.text
    }))
  }

  // ——— rules ———

  rule(id: number): DeliveryRule | null {
    const r = this.#q.rule.get(id)
    return r ? toRule(r) : null
  }

  rulesForItem(accountId: string, itemId: string): DeliveryRule[] {
    return this.#q.rulesForItem.all(accountId, itemId).map(toRule)
  }

  listRules(accountId?: string, itemId?: string): DeliveryRule[] {
    const rows = this.db.prepare(`SELECT * FROM delivery_rules WHERE (@accountId IS NULL OR account_id = @accountId) AND (@itemId IS NULL OR item_id = @itemId) ORDER BY account_id, item_id, id`)
      .all({ accountId: accountId ?? null, itemId: itemId ?? null }) as RuleRow[]
    return rows.map(toRule)
  }

  saveRule(id: number | undefined, r: NewDeliveryRule, now: number): DeliveryRule {
    const v = { accountId: r.accountId, itemId: r.itemId, spec: r.spec, name: r.name, enabled: r.enabled ? 1 : 0, source: JSON.stringify(r.source), messages: JSON.stringify(r.messages), delaySeconds: r.delaySeconds, shipMode: r.shipMode, now }
    if (id === undefined) return this.rule(Number(this.#q.insertRule.run(v).lastInsertRowid)) as DeliveryRule
    this.#q.updateRule.run({ ...v, id })
    return this.rule(id) as DeliveryRule
  }

  removeRule(id: number): boolean {
    return this.#q.removeRule.run(id).changes === 1
  }

  // ——— pools and codes ———

  pool(id: number): PoolRecord | null {
    const r = this.#q.pool.get(id)
    return r ? toPool(r) : null
  }

  pools(accountId?: string): PoolRecord[] {
    return (accountId ? this.#q.poolsOf.all(accountId) : this.#q.pools.all()).map(toPool)
  }

  insertPool(accountId: string, name: string, threshold: number, now: number): number {
    return Number(this.#q.insertPool.run(accountId, name, threshold, now).lastInsertRowid)
  }

  updatePool(id: number, name: string, threshold: number): void {
    this.#q.updatePool.run(name, threshold, id)
  }

  setLowNotified(id: number, v: boolean): void {
    this.#q.setLowNotified.run(v ? 1 : 0, id)
  }

  /** Soft-removes the pool (used codes stay for the orders' history) and deletes its available codes. */
  removePool(id: number, now: number): boolean {
    return this.tx(() => {
      this.#q.deleteAvailable.run(id)
      return this.#q.removePool.run(now, id).changes === 1
    })
  }

  /** One transaction for the whole import: each distinct code inserted unless the account has it already. */
  importCodes(poolId: number, accountId: string, codes: ReadonlyArray<string>, now: number): { added: number; duplicates: number; alreadyUsed: number } {
    return this.tx(() => {
      let added = 0
      let duplicates = 0
      let alreadyUsed = 0
      for (const code of codes) {
        if (this.#q.insertCode.run(poolId, accountId, code, now).changes === 1) { added++; continue }
        if (this.#q.codeState.get(accountId, code)?.state === 'used') alreadyUsed++
        else duplicates++
      }
      return { added, duplicates, alreadyUsed }
    })
  }

  listCodes(poolId: number, state: PoolCode['state'] | undefined, limit: number, offset: number): { codes: PoolCode[]; total: number } {
    const s = state ?? null
    const codes = this.#q.listCodes.all(poolId, s, s, limit, offset).map((r) => ({
      id: r.id, poolId: r.pool_id, masked: maskCode(r.code), state: r.state, orderId: r.order_id, createdAt: r.created_at, usedAt: r.used_at
    }))
    return { codes, total: this.#q.countCodes.get(poolId, s, s)?.n ?? 0 }
  }

  exportCodes(poolId: number, state: 'available' | 'used' | 'all'): string[] {
    const rows = this.db.prepare(`SELECT code FROM pool_codes WHERE pool_id = ? ${state === 'all' ? '' : 'AND state = ?'} ORDER BY id`).pluck()
    return (state === 'all' ? rows.all(poolId) : rows.all(poolId, state)) as string[]
  }

  deleteCodes(poolId: number, ids: ReadonlyArray<number> | undefined): number {
    return this.tx(() => {
      if (!ids) return this.#q.deleteAvailable.run(poolId).changes
      let n = 0
      for (const id of ids) n += this.#q.deleteAvailableId.run(poolId, id).changes
      return n
    })
  }

  /** Up to `n` available codes of the pool, oldest first (call inside the reserving transaction). */
  takeCodes(poolId: number, n: number): Array<{ id: number; code: string }> {
    return this.#q.takeCodes.all(poolId, n)
  }

  reserveCode(id: number, orderId: string, now: number): boolean {
    return this.#q.reserveCode.run(orderId, now, id).changes === 1
  }

  useCode(id: number, now: number): boolean {
    return this.#q.useCode.run(now, id).changes === 1
  }

  releaseCode(id: number): boolean {
    return this.#q.releaseCode.run(id).changes === 1
  }

  code(id: number): { id: number; poolId: number; code: string; state: PoolCode['state']; orderId: string | null } | null {
    const r = this.#q.code.get(id)
    return r ? { id: r.id, poolId: r.pool_id, code: r.code, state: r.state, orderId: r.order_id } : null
  }

  codesOfOrder(accountId: string, orderId: string): Array<{ id: number; poolId: number; code: string; state: PoolCode['state'] }> {
    return this.#q.codesOfOrder.all(accountId, orderId).map((r) => ({ id: r.id, poolId: r.pool_id, code: r.code, state: r.state }))
  }

  // ——— delivery messages ———

  insertMessage(m: NewMessage, now: number): void {
    this.#q.insertMessage.run({ accountId: m.accountId, orderId: m.orderId, cid: m.cid, round: m.round, unit: m.unit, part: m.part, kind: m.kind, body: m.body, masked: m.masked, codeId: m.codeIds[0] ?? null, codeIds: JSON.stringify(m.codeIds), clear: JSON.stringify(m.codes), uuid: m.uuid, now })
  }

  messages(accountId: string, orderId: string): MessageRecord[] {
    return this.#q.messages.all(accountId, orderId).map(toMessage)
  }

  messageByUuid(uuid: string): MessageRecord | null {
    const r = this.#q.messageByUuid.get(uuid)
    return r ? toMessage(r) : null
  }

  /** True when the message changed (an acked message never changes again). */
  markMessage(uuid: string, state: DeliveryMessage['state'], error: string, ackedAt: number | null): boolean {
    return this.#q.markMessage.run(state, error, ackedAt, uuid).changes === 1
  }

  maxRound(accountId: string, orderId: string): number {
    return this.#q.maxRound.get(accountId, orderId)?.r ?? -1
  }

  // ——— reviews ———

  openReview(accountId: string, orderId: string, cid: string | null, reason: ReviewReason, detail: string, now: number): DeliveryReview {
    const id = Number(this.#q.openReview.run(accountId, orderId, cid, reason, detail.slice(0, 1000), now).lastInsertRowid)
    return this.review(id) as DeliveryReview
  }

  review(id: number): DeliveryReview | null {
    const r = this.#q.review.get(id)
    return r ? toReview(r) : null
  }

  reviewsOf(accountId: string, orderId: string, openOnly = false): DeliveryReview[] {
    return (openOnly ? this.#q.openReviewsOf : this.#q.reviewsOf).all(accountId, orderId).map(toReview)
  }

  listReviews(accountId: string | undefined, open: boolean): DeliveryReview[] {
    const rows = this.db.prepare(`SELECT * FROM delivery_reviews WHERE (@accountId IS NULL OR account_id = @accountId) AND (resolved_at IS NULL) = @open ORDER BY id DESC LIMIT 1000`)
      .all({ accountId: accountId ?? null, open: open ? 1 : 0 }) as ReviewRow[]
    return rows.map(toReview)
  }

  resolveReview(id: number, resolution: NonNullable<DeliveryReview['resolution']>, now: number): boolean {
    return this.#q.resolveReview.run(now, resolution, id).changes === 1
  }

  // ——— settings ———

  autoDelivery(accountId: string): boolean {
    return (this.#q.settings.get(accountId)?.auto_delivery ?? 1) === 1
  }

  setAutoDelivery(accountId: string, on: boolean): void {
    this.#q.setSettings.run(accountId, on ? 1 : 0)
  }

  /** The account's orders, rules, pools and codes go with its data (wipe on remove). */
  wipeAccount(accountId: string): void {
    this.tx(() => {
      for (const t of ['orders', 'order_events', 'delivery_rules', 'card_pools', 'pool_codes', 'delivery_messages', 'delivery_reviews', 'delivery_settings']) {
        this.db.prepare(`DELETE FROM ${t} WHERE account_id = ?`).run(accountId)
      }
    })
  }

  /** Items that have a rule or an order waiting / in review. */
  itemsOfInterest(accountId?: string): Array<{ accountId: string; itemId: string }> {
    return this.db.prepare(`SELECT DISTINCT account_id AS accountId, item_id AS itemId FROM (
        SELECT account_id, item_id FROM delivery_rules
        UNION SELECT account_id, item_id FROM orders WHERE item_id IS NOT NULL AND state = 'paid'
      ) WHERE (@accountId IS NULL OR account_id = @accountId) ORDER BY account_id, item_id`).all({ accountId: accountId ?? null }) as Array<{ accountId: string; itemId: string }>
  }

  waitingForItem(accountId: string, itemId: string): number {
    return (this.db.prepare("SELECT count(*) AS n FROM orders WHERE account_id = ? AND item_id = ? AND state = 'paid' AND delivery IN ('none','waiting','sending','review')").get(accountId, itemId) as { n: number }).n
  }
}
