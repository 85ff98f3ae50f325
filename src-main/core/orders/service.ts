/**
 * Orders and exactly-once automatic delivery (issue 16).
 *
 * Orders come from the chat's order cards, the order detail API and the sold-orders list
 * (reconcile). A paid order is delivered by its item's rule: the detail is read right before
 * anything is reserved (never deliver to an unpaid, refunding or closed order); the codes for all
 * units and the delivery messages with their send uuids are written in ONE transaction; every
 * message goes out through the outbound chokepoint with its stored uuid; a code is marked used
 * when the platform acknowledges the message carrying it. After a crash the same messages (same
 * codes, same uuids) are finished: one the platform already has is recognised (its echo) and not
 * sent again. Anything that cannot go on opens a review (需处理) with one notice.
 */
import type { DayStats, DeliveryReview, DeliveryRule, Order, OrderEventCode, OrderQuery as OrderQuerySchema, OrderState, ReviewReason } from '@contract/orders'
import type { z } from 'zod'
import type { ReplyPart } from '@contract/rules'
import type { OrderState as CardState } from '../goofish/orderStates'
import type { ConversationRepo } from '../db/repos/conversationRepo'
import type { ItemRepo } from '../db/repos/itemRepo'
import type { MessageRepo } from '../db/repos/messageRepo'
import type { CoreEvents } from '../events'
import type { NoticeInput } from '../notify/router'
import type { Clock, Logger } from '../ports'
import type { Outbound } from '../pipeline/outbound'
import { isConnectionLoss, isRateLimitExpiry } from '../pipeline/delivery'
import { flushWrites } from '../db/open'
import { AppError } from '../errors'
import { OrderApiRefused, type OrderApi, type PlatformOrder } from './orderApi'
import { fetchCode, type HttpFetch } from './http'
import { DeliveryCatalog } from './catalog'
import { RANK, REVIEW_WORDS, STATE_WORDS, TEXT, cardTarget, nextState, type Source } from './states'

export { cardTarget, nextState } from './states'
import { publicMessage, publicOrder, type MessageRecord, type NewMessage, type OrderPatch, type OrderRecord, type OrdersStore } from './store'
import { maskCode, renderText, type TextVars } from './text'

export interface OrdersOptions {
  /** Attempts of the order detail before the order goes to review (default 3). */
  readonly detailAttempts?: number
  /** Wait before the 2nd attempt of an API call, doubled each time (default 1000 ms). */
  readonly retryMs?: number
  /** Wait before a send the account's rate limit turned away is tried again (default 30 s). */
  readonly sendRetryMs?: number
  /**
   * How long a delivery message the platform never answered may wait for its copy to come back
   * (echo or backfill) before the order goes to review (default 60 s).
   */
  readonly unconfirmedMs?: number
  /** Sold-orders list reconcile period (default 5 minutes; 0 = only at start and on demand). */
  readonly reconcileMs?: number
  /** Pages of the sold-orders list read per reconcile (default 3 × 50). */
  readonly reconcilePages?: number
  /** The order APIs (tests inject a fake; default: the accounts' live mtop clients). */
  readonly api?: OrderApi
  /** The HTTP code source's fetch (default global fetch). */
  readonly fetch?: HttpFetch
}

/** The sold list is read at most this often on reconnects (the periodic reconcile and 立即核对 are not limited). */
const RESUME_RECONCILE_GAP_MS = 60_000

export interface OrdersDeps {
  readonly store: OrdersStore
  readonly events: CoreEvents
  readonly clock: Clock
  readonly logger: Logger
  readonly outbound: Outbound
  readonly api: OrderApi
  readonly conversations: ConversationRepo
  readonly messages: MessageRepo
  readonly items: ItemRepo
  readonly accountExists: (accountId: string) => boolean
  readonly accountOnline: (accountId: string) => boolean
  /** Opens (or finds) the buyer's chat about the item on the platform: an order found in the sold list before its card. */
  readonly openChat?: (accountId: string, o: { buyerId: string; buyerNick: string; itemId: string }) => Promise<string>
  readonly notice: (n: NoticeInput) => void
  readonly fetch: HttpFetch
  readonly options: OrdersOptions
}

const isOffline = (err: unknown): boolean => err instanceof AppError && err.code === 'UNAVAILABLE'

export function errText(err: unknown): string {
  if (err instanceof OrderApiRefused) return `${err.code}: ${err.message}`
  return err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300)
}

function localDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export class OrdersService {
  readonly #d: OrdersDeps
  readonly #s: OrdersStore
  /** When each account last read the sold list because it (re)connected. */
  readonly #resumeReconciled = new Map<string, number>()
  readonly #locks = new Map<string, Promise<unknown>>()
  readonly #timers = new Map<string, { cancel(): void }>()
  #reconcileTimer: { cancel(): void } | null = null
  #closed = false

  /** Settings, rules, card pools and readiness: the seller's side of delivery. */
  readonly catalog: DeliveryCatalog

  constructor(deps: OrdersDeps) {
    this.#d = deps
    this.#s = deps.store
    this.catalog = new DeliveryCatalog(deps)
  }

  // ——— lifecycle ———

  /** At start: delayed deliveries are scheduled again; the periodic reconcile begins. */
  start(): void {
    for (const o of this.#s.ordersByDelivery('waiting')) if (o.dueAt !== null) this.#schedule(o)
    const every = this.#d.options.reconcileMs ?? 5 * 60_000
    if (every > 0) {
      const tick = (): void => {
        this.#reconcileTimer = this.#d.clock.setTimeout(() => {
          if (this.#closed) return
          void this.reconcile().catch((err: unknown) => this.#d.logger.warn('reconcile failed', { err: errText(err) })).finally(tick)
        }, every)
      }
      tick()
    }
  }

  close(): void {
    this.#closed = true
    this.#reconcileTimer?.cancel()
    for (const t of this.#timers.values()) t.cancel()
    this.#timers.clear()
  }

  /** Resolves when every order operation started so far is done (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.#locks.size > 0) await Promise.allSettled([...this.#locks.values()])
  }

  /**
   * An account is connected and its backfill is done (our own messages that reached the platform
   * came back and were claimed): unfinished deliveries go on, then the sold list is read.
   */
  async resume(accountId: string): Promise<void> {
    if (this.#closed) return
    // each order in its own lock: one slow send does not hold the others back
    for (const o of this.#s.ordersByDelivery('sending', accountId)) void this.#locked(o, () => this.#sendPending(o.accountId, o.orderId))
    for (const o of this.#s.ordersByDelivery('waiting', accountId)) {
      if (o.dueAt !== null) this.#schedule(o)
      else void this.#locked(o, () => this.#deliver(o.accountId, o.orderId, { from: ['waiting'], manual: false }))
    }
    // a connection that flaps does not read the sold list on every reconnect (the platform's risk control watches API rates)
    const now = this.#d.clock.now()
    if (now - (this.#resumeReconciled.get(accountId) ?? -Infinity) < RESUME_RECONCILE_GAP_MS) return
    this.#resumeReconciled.set(accountId, now)
    void this.reconcile({ accountId }).catch((err: unknown) => this.#d.logger.warn('reconcile failed', { accountId, err: errText(err) }))
  }

  #locked<T>(o: { accountId: string; orderId: string }, fn: () => Promise<T>): Promise<T> {
    const key = `${o.accountId}|${o.orderId}`
    const prev = this.#locks.get(key) ?? Promise.resolve()
    const next = prev.then(fn, fn)
    const tail = next.catch((err: unknown) => this.#d.logger.error('order operation failed', { accountId: o.accountId, orderId: o.orderId, err: errText(err) }))
    this.#locks.set(key, tail)
    void tail.finally(() => {
      if (this.#locks.get(key) === tail) this.#locks.delete(key)
    })
    return next
  }

  // ——— events and timeline ———

  #emit(accountId: string, orderId: string): Order | null {
    const o = this.#s.order(accountId, orderId)
    if (!o) return null
    const order = publicOrder(o)
    this.#d.events.emit('order.changed', { order })
    return order
  }

  #event(accountId: string, orderId: string, code: OrderEventCode, params: Record<string, string | number | boolean | null> = {}): void {
    this.#s.addEvent(accountId, orderId, this.#d.clock.now(), code, params, TEXT[code])
  }

  #openReview(o: OrderRecord, reason: ReviewReason, detail: string): DeliveryReview {
    const r = this.#s.openReview(o.accountId, o.orderId, o.cid, reason, detail, this.#d.clock.now())
    this.#d.logger.warn('delivery needs the seller', { accountId: o.accountId, orderId: o.orderId, reason })
    this.#event(o.accountId, o.orderId, 'review_opened', { reason, detail: detail.slice(0, 300) })
    this.#d.events.emit('review.changed', { review: r })
    const conv = o.cid ? this.#d.conversations.get(o.accountId, o.cid) : null
    this.#d.notice({
      kind: 'delivery_review', accountId: o.accountId, cid: o.cid, orderId: o.orderId,
      vars: { buyer: o.buyerNick || conv?.buyerNick || '买家', item: o.itemTitle || conv?.itemTitle || '', orderId: o.orderId, reason: `${REVIEW_WORDS[reason]}${detail ? `：${detail.slice(0, 200)}` : ''}` }
    })
    return r
  }

  #resolveReviews(o: { accountId: string; orderId: string }, resolution: NonNullable<DeliveryReview['resolution']>, except?: ReviewReason): void {
    for (const r of this.#s.reviewsOf(o.accountId, o.orderId, true)) {
      if (r.reason === except) continue
      if (this.#s.resolveReview(r.id, resolution, this.#d.clock.now())) {
        this.#event(o.accountId, o.orderId, 'review_resolved', { reason: r.reason, resolution })
        const after = this.#s.review(r.id)
        if (after) this.#d.events.emit('review.changed', { review: after })
      }
    }
  }

  // ——— orders from cards, detail and the sold list ———

  /** An order card or system message arrived in a chat (duplicates and reordering are expected). */
  onCard(accountId: string, cid: string, cardState: CardState, orderId: string | null): void {
    if (!orderId || this.#closed) return
    const { state, xiaodao } = cardTarget(cardState)
    const conv = this.#d.conversations.get(accountId, cid)
    const itemId = conv?.itemId ?? null
    const now = this.#d.clock.now()
    const created = this.#s.insertOrder({
      accountId, orderId, cid, itemId, itemTitle: conv?.itemTitle ?? (itemId ? this.#d.items.get(accountId, itemId)?.title ?? '' : ''), spec: '', quantity: 1, amount: null,
      buyerId: conv?.buyerId || null, buyerNick: conv?.buyerNick ?? '', state: state === 'restore' ? 'placed' : state, xiaodao, createdAt: now,
      paidAt: state !== 'restore' && (RANK[state] ?? 0) >= 1 ? now : null
    })
    if (created) {
      this.#event(accountId, orderId, 'state_changed', { from: null, to: state === 'restore' ? 'placed' : state, source: 'card' })
      this.#emit(accountId, orderId)
      if (state === 'paid') this.#onPaid(accountId, orderId)
      // not paid yet: the detail fills in the amount, spec and quantity for the Orders page (delivery reads it again)
      else void this.#locked({ accountId, orderId }, () => this.#refresh(accountId, orderId))
      return
    }
    const o = this.#s.order(accountId, orderId)
    if (!o) return
    if (o.cid === null || (xiaodao && !o.xiaodao)) this.#s.update(accountId, orderId, { cid: o.cid ?? cid, xiaodao: o.xiaodao || xiaodao }, now)
    this.#apply(o, state, 'card')
  }

  /** Applies a state from a card or the platform; side effects of the change (delivery, skip, review). */
  #apply(o: OrderRecord, target: OrderState | 'restore', source: Source): boolean {
    const next = nextState(o.state, o.priorState, target, source)
    if (!next) return false
    const now = this.#d.clock.now()
    const paidNow = next.state !== 'placed' && next.state !== 'closed' && o.paidAt === null && (RANK[next.state] !== undefined || next.prior !== null)
    this.#s.update(o.accountId, o.orderId, { state: next.state, priorState: next.prior, ...(paidNow ? { paidAt: now } : {}), ...(next.state === 'shipped' && o.ship === 'none' ? { ship: 'shipped', shippedAt: now } : {}) }, now)
    if (next.state !== o.state) this.#event(o.accountId, o.orderId, 'state_changed', { from: o.state, to: next.state, source })
    if (next.state === 'refunding' || next.state === 'closed') this.#stopDelivery(o, next.state)
    this.#emit(o.accountId, o.orderId)
    if (next.state === 'paid' && o.state === 'placed') this.#onPaid(o.accountId, o.orderId)
    // the buyer withdrew the refund before anything was sent: the delivery the refund stopped goes on
    else if (next.state === 'paid' && o.state === 'refunding' && this.#stoppedByRefund(o)) {
      void this.#locked(o, () => this.#deliver(o.accountId, o.orderId, { from: ['skipped'], manual: false }))
    }
    return true
  }

  #stoppedByRefund(o: OrderRecord): boolean {
    if (o.delivery !== 'skipped' || this.#s.messages(o.accountId, o.orderId).length > 0) return false
    const last = this.#s.db.prepare<[string, string], { code: string }>(`SELECT code FROM order_events WHERE account_id = ? AND order_id = ?
      AND code IN ('refunding_or_closed', 'auto_delivery_off', 'no_rule', 'rule_disabled', 'review_resolved', 'note', 'not_paid') ORDER BY id DESC LIMIT 1`).get(o.accountId, o.orderId)
    return last?.code === 'refunding_or_closed'
  }

  #onPaid(accountId: string, orderId: string): void {
    const o = this.#s.order(accountId, orderId)
    if (!o) return
    const conv = o.cid ? this.#d.conversations.get(accountId, o.cid) : null
    this.#d.notice({ kind: 'order_paid', accountId, cid: o.cid, orderId, vars: { buyer: o.buyerNick || conv?.buyerNick || '买家', item: o.itemTitle || conv?.itemTitle || '', orderId } })
    if (o.delivery === 'none') void this.#locked(o, () => this.#deliver(accountId, orderId, { from: ['none'], manual: false }))
  }

  /** Refund or close: a delivery not yet started is skipped; one already made goes to review when a refund is asked. */
  #stopDelivery(o: OrderRecord, to: OrderState): void {
    const now = this.#d.clock.now()
    if (o.paidAt === null && o.delivery === 'none') return
    if (o.delivery === 'none' || o.delivery === 'waiting' || o.delivery === 'review') {
      this.#timers.get(`${o.accountId}|${o.orderId}`)?.cancel()
      if (this.#s.update(o.accountId, o.orderId, { delivery: 'skipped', dueAt: null }, now, [o.delivery])) {
        this.#event(o.accountId, o.orderId, 'refunding_or_closed', { state: to })
      }
    } else if (o.delivery === 'delivered' && to === 'refunding') {
      this.#event(o.accountId, o.orderId, 'refund_after_delivery', {})
      this.#openReview(o, 'refund_after_delivery', '')
    }
    // 'sending': the send loop reads the state before every message and stops there
  }

  /** Order detail with retries; null (and the error) when it could not be read. */
  async #detail(accountId: string, orderId: string): Promise<{ ok: true; detail: PlatformOrder } | { ok: false; offline: boolean; error: string }> {
    const attempts = Math.max(1, this.#d.options.detailAttempts ?? 3)
    let last: unknown = null
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await sleep((this.#d.options.retryMs ?? 1000) * 2 ** (i - 1))
      try {
        return { ok: true, detail: await this.#d.api.detail(accountId, orderId) }
      } catch (err) {
        last = err
        if (isOffline(err) || err instanceof OrderApiRefused) break
      }
    }
    return { ok: false, offline: isOffline(last), error: errText(last) }
  }

  async #refresh(accountId: string, orderId: string): Promise<void> {
    const r = await this.#detail(accountId, orderId)
    const o = this.#s.order(accountId, orderId)
    if (!o) return
    if (!r.ok) {
      if (!r.offline) this.#event(accountId, orderId, 'detail_failed', { error: r.error })
      return
    }
    this.#event(accountId, orderId, 'detail_fetched', { state: r.detail.state, quantity: r.detail.quantity, spec: r.detail.spec })
    this.#merge(o, r.detail, 'detail')
  }

  /** Fields the platform knows better than the card (item, spec, quantity, amount, buyer). */
  #merge(o: OrderRecord, p: PlatformOrder, source: Source): OrderRecord {
    const now = this.#d.clock.now()
    const title = p.itemTitle ?? (p.itemId ? this.#d.items.get(o.accountId, p.itemId)?.title : undefined)
    const want: OrderPatch = {
      itemId: p.itemId ?? o.itemId, itemTitle: title || o.itemTitle, spec: p.spec ?? o.spec, quantity: p.quantity ?? o.quantity, amount: p.amount ?? o.amount,
      buyerId: p.buyerId ?? o.buyerId, buyerNick: p.buyerNick || o.buyerNick
    }
    const patch: OrderPatch = Object.fromEntries(Object.entries(want).filter(([k, v]) => (o as unknown as Record<string, unknown>)[k] !== v))
    const changed = Object.keys(patch).length > 0
    if (changed || source === 'detail') this.#s.update(o.accountId, o.orderId, { ...patch, ...(source === 'detail' ? { detailAt: now } : {}) }, now)
    const merged = this.#s.order(o.accountId, o.orderId) as OrderRecord
    const moved = p.state ? this.#apply(merged, p.state, source) : false
    if (changed && !moved) this.#emit(o.accountId, o.orderId)
    return this.#s.order(o.accountId, o.orderId) as OrderRecord
  }

  /**
   * Reads the sold-orders list: an order the app does not know (paid while it was off) is
   * created and delivered; a known one takes the platform's state. Accounts without a
   * connection are skipped.
   */
  async reconcile(input: { accountId?: string } = {}): Promise<{ checked: number; found: number; updated: number }> {
    const accounts = input.accountId ? [input.accountId] : this.#connectedAccounts()
    let checked = 0
    let found = 0
    let updated = 0
    for (const accountId of accounts) {
      if (!this.#d.accountExists(accountId)) throw new AppError('NOT_FOUND', `账号不存在 / No account ${accountId}`)
      const pages = this.#d.options.reconcilePages ?? 3
      for (let page = 1; page <= pages; page++) {
        let res
        try {
          res = await this.#d.api.sold(accountId, page, 50)
        } catch (err) {
          if (input.accountId && !isOffline(err)) throw new AppError('UNAVAILABLE', `读取订单列表失败 / Could not read the sold-orders list: ${errText(err)}`)
          this.#d.logger.warn('sold list failed', { accountId, err: errText(err) })
          break
        }
        for (const p of res.orders) {
          checked++
          const r = this.#reconcileOne(accountId, p)
          if (r === 'found') found++
          else if (r === 'updated') updated++
        }
        if (!res.more || res.orders.length === 0) break
      }
    }
    return { checked, found, updated }
  }

  #connectedAccounts(): string[] {
    const ids = new Set<string>()
    for (const r of this.#s.db.prepare('SELECT id FROM accounts').pluck().all() as string[]) if (this.#d.accountOnline(r)) ids.add(r)
    return [...ids]
  }

  #reconcileOne(accountId: string, p: PlatformOrder): 'found' | 'updated' | 'same' {
    const existing = this.#s.order(accountId, p.orderId)
    const now = this.#d.clock.now()
    if (!existing) {
      const cid = this.#chatOf(accountId, p)
      this.#s.insertOrder({
        accountId, orderId: p.orderId, cid, itemId: p.itemId, itemTitle: p.itemTitle ?? (p.itemId ? this.#d.items.get(accountId, p.itemId)?.title ?? '' : ''), spec: p.spec ?? '',
        quantity: p.quantity ?? 1, amount: p.amount, buyerId: p.buyerId, buyerNick: p.buyerNick ?? '', state: p.state ?? 'placed', xiaodao: false,
        createdAt: p.createdAt ?? now, paidAt: p.state && p.state !== 'placed' && p.state !== 'closed' ? now : null
      })
      this.#event(accountId, p.orderId, 'found_by_reconcile', { state: p.state ?? 'placed' })
      this.#emit(accountId, p.orderId)
      if (p.state === 'paid') this.#onPaid(accountId, p.orderId)
      return 'found'
    }
    const after = this.#merge(existing, p, 'sold')
    // paid on the platform but never started here (the card was lost): deliver now
    if (after.state === 'paid' && after.delivery === 'none' && existing.state === 'paid') void this.#locked(after, () => this.#deliver(accountId, after.orderId, { from: ['none'], manual: false }))
    return after.updatedAt !== existing.updatedAt ? 'updated' : 'same'
  }

  /** The chat of an order found without a card: the buyer's chat about that item. */
  #chatOf(accountId: string, p: Pick<PlatformOrder, 'buyerId' | 'itemId'>): string | null {
    if (!p.buyerId) return null
    const row = this.#s.db.prepare<{ accountId: string; buyerId: string; itemId: string | null }, { cid: string }>(
      'SELECT cid FROM conversations WHERE account_id = @accountId AND buyer_id = @buyerId AND (@itemId IS NULL OR item_id = @itemId) ORDER BY last_message_at DESC LIMIT 1'
    ).get({ accountId, buyerId: p.buyerId, itemId: p.itemId })
    return row?.cid ?? null
  }

  // ——— delivery ———

  /**
   * From claim to send. `from`: the delivery states this run may start from (a paid card only
   * starts a delivery that never started; the seller's 立即发货 also restarts one in review).
   */
  async #deliver(accountId: string, orderId: string, opts: { from: ReadonlyArray<Order['delivery']>; manual: boolean; ruleId?: number }): Promise<void> {
    let o = this.#s.order(accountId, orderId)
    if (!o || this.#closed) return
    if (o.delivery === 'delivered' || o.delivery === 'sending') {
      if (!opts.manual) this.#event(accountId, orderId, 'already_delivered', { delivery: o.delivery })
      return
    }
    if (!opts.from.includes(o.delivery)) return
    const now = this.#d.clock.now()
    if (!opts.manual && !this.#s.autoDelivery(accountId)) {
      if (this.#s.update(accountId, orderId, { delivery: 'skipped' }, now, opts.from)) this.#event(accountId, orderId, 'auto_delivery_off')
      this.#emit(accountId, orderId)
      return
    }
    if (!this.#s.update(accountId, orderId, { delivery: 'waiting' }, now, opts.from)) return
    this.#event(accountId, orderId, 'delivery_started', { manual: opts.manual })
    this.#emit(accountId, orderId)
    const checked = await this.#verify(accountId, orderId, opts.manual)
    if (!checked) return
    o = checked
    const pick = this.#pickRule(o, opts.ruleId)
    if (!pick.ok) {
      if (pick.reason === 'rules_ambiguous') {
        this.#s.update(accountId, orderId, { delivery: 'review' }, this.#d.clock.now())
        this.#event(accountId, orderId, 'rules_ambiguous', { rules: pick.detail })
        this.#openReview(o, 'rules_ambiguous', `规则 #${pick.detail}`)
      } else {
        this.#s.update(accountId, orderId, { delivery: opts.manual ? 'review' : 'skipped' }, this.#d.clock.now())
        this.#event(accountId, orderId, pick.reason, { itemId: o.itemId, spec: o.spec })
        if (opts.manual) this.#openReview(o, 'no_rule', pick.reason === 'rule_disabled' ? '规则已停用 / the rule is disabled' : '')
      }
      this.#emit(accountId, orderId)
      return
    }
    const rule = pick.rule
    this.#s.update(accountId, orderId, { ruleId: rule.id }, this.#d.clock.now())
    if (rule.shipMode === 'ship_only') {
      this.#s.update(accountId, orderId, { delivery: 'skipped' }, this.#d.clock.now())
      this.#event(accountId, orderId, 'note', { ruleId: rule.id, shipMode: 'ship_only' })
      this.#emit(accountId, orderId)
      await this.#ship(accountId, orderId)
      return
    }
    if (rule.delaySeconds > 0 && !opts.manual) {
      const dueAt = this.#d.clock.now() + rule.delaySeconds * 1000
      this.#s.update(accountId, orderId, { dueAt }, this.#d.clock.now())
      flushWrites(this.#s.db)
      this.#event(accountId, orderId, 'delivery_scheduled', { dueAt, delaySeconds: rule.delaySeconds })
      this.#emit(accountId, orderId)
      this.#schedule(this.#s.order(accountId, orderId) as OrderRecord)
      return
    }
    await this.#reserveAndSend(o, rule)
  }

  /** The detail right before anything is reserved: paid, or nothing happens. Null when the run stops here. */
  async #verify(accountId: string, orderId: string, manual = false): Promise<OrderRecord | null> {
    const r = await this.#detail(accountId, orderId)
    let o = this.#s.order(accountId, orderId) as OrderRecord
    if (!r.ok) {
      if (r.offline) {
        // no connection: stays waiting, resumed when the account is back
        this.#event(accountId, orderId, 'detail_failed', { error: r.error, offline: true })
        return null
      }
      this.#s.update(accountId, orderId, { delivery: 'review' }, this.#d.clock.now())
      this.#event(accountId, orderId, 'detail_failed', { error: r.error })
      this.#openReview(o, 'detail_failed', r.error)
      this.#emit(accountId, orderId)
      return null
    }
    this.#event(accountId, orderId, 'detail_fetched', { state: r.detail.state, quantity: r.detail.quantity, spec: r.detail.spec })
    o = this.#merge(o, r.detail, 'detail')
    const state = r.detail.state ?? o.state
    // the seller's 立即发货 may also send the code of an order already shipped (by hand) or completed
    const deliverable = (x: OrderState): boolean => x === 'paid' || (manual && (x === 'shipped' || x === 'completed'))
    if (!deliverable(state) || !deliverable(o.state)) {
      const now = this.#d.clock.now()
      if (state === 'placed') {
        this.#s.update(accountId, orderId, { delivery: 'none' }, now, ['waiting'])
        this.#event(accountId, orderId, 'not_paid', { state })
      } else {
        // refunding / closed (or already shipped by someone else): never delivered now
        this.#s.update(accountId, orderId, { delivery: 'skipped', dueAt: null }, now, ['waiting'])
        this.#event(accountId, orderId, state === 'refunding' || state === 'closed' ? 'refunding_or_closed' : 'note', { state })
      }
      this.#emit(accountId, orderId)
      return null
    }
    return o
  }

  /** Enabled rules of the item whose spec the order's spec contains; spec rules before any-spec ones. */
  #pickRule(o: OrderRecord, ruleId?: number): { ok: true; rule: DeliveryRule } | { ok: false; reason: 'no_rule' | 'rule_disabled' | 'rules_ambiguous'; detail: string } {
    if (ruleId !== undefined) {
      const r = this.#s.rule(ruleId)
      if (!r || r.accountId !== o.accountId) return { ok: false, reason: 'no_rule', detail: '' }
      return { ok: true, rule: r }
    }
    if (!o.itemId) return { ok: false, reason: 'no_rule', detail: '' }
    const all = this.#s.rulesForItem(o.accountId, o.itemId).filter((r) => r.spec === '' || o.spec.includes(r.spec))
    const enabled = all.filter((r) => r.enabled)
    if (enabled.length === 0) return { ok: false, reason: all.length > 0 ? 'rule_disabled' : 'no_rule', detail: '' }
    const specific = enabled.filter((r) => r.spec !== '')
    const candidates = specific.length > 0 ? specific : enabled
    if (candidates.length > 1) return { ok: false, reason: 'rules_ambiguous', detail: candidates.map((r) => r.id).join(',') }
    return { ok: true, rule: candidates[0] as DeliveryRule }
  }

  #schedule(o: OrderRecord): void {
    const key = `${o.accountId}|${o.orderId}`
    this.#timers.get(key)?.cancel()
    const wait = Math.max(0, (o.dueAt ?? 0) - this.#d.clock.now())
    this.#timers.set(key, this.#d.clock.setTimeout(() => {
      this.#timers.delete(key)
      if (this.#closed) return
      void this.#locked(o, async () => {
        const cur = this.#s.order(o.accountId, o.orderId)
        if (!cur || cur.delivery !== 'waiting') return
        const checked = await this.#verify(o.accountId, o.orderId)
        if (!checked) return
        const rule = checked.ruleId !== null ? this.#s.rule(checked.ruleId) : null
        if (!rule) {
          this.#s.update(o.accountId, o.orderId, { delivery: 'skipped', dueAt: null }, this.#d.clock.now())
          this.#event(o.accountId, o.orderId, 'no_rule', {})
          this.#emit(o.accountId, o.orderId)
          return
        }
        await this.#reserveAndSend(checked, rule)
      })
    }, wait))
  }

  /**
   * A send uuid no stored delivery message has: the generator is per process and runs ahead of
   * the clock in a burst, so a quick restart could otherwise meet a uuid of the last run.
   */
  #newUuid(): string {
    for (;;) {
      const key = this.#d.outbound.delivery.newKey()
      if (!this.#s.messageByUuid(key)) return key
    }
  }

  #vars(o: OrderRecord): TextVars {
    return { order_id: o.orderId, buyer: o.buyerNick || '买家', item_title: o.itemTitle, quantity: String(o.quantity), spec: o.spec }
  }

  /**
   * The chat of an order that has none yet (found in the sold list before its card arrived): the
   * buyer's known chat about the item, else the one the platform opens for the pair (§6.3).
   */
  async #openChat(o: OrderRecord): Promise<{ ok: true; cid: string } | { ok: false; offline: boolean; error: string }> {
    const now = (): number => this.#d.clock.now()
    const known = this.#chatOf(o.accountId, o)
    if (known) {
      this.#s.update(o.accountId, o.orderId, { cid: known }, now())
      return { ok: true, cid: known }
    }
    if (!o.buyerId || !o.itemId || !this.#d.openChat) return { ok: false, offline: false, error: '没有买家或商品 ID / no buyer or item id' }
    try {
      const cid = await this.#d.openChat(o.accountId, { buyerId: o.buyerId, buyerNick: o.buyerNick, itemId: o.itemId })
      this.#s.update(o.accountId, o.orderId, { cid }, now())
      this.#event(o.accountId, o.orderId, 'note', { chatOpened: cid })
      return { ok: true, cid }
    } catch (err) {
      return { ok: false, offline: isOffline(err) || isConnectionLoss(err), error: errText(err) }
    }
  }

  /** Codes for every unit and the messages with their uuids, in one transaction; then the sends. */
  async #reserveAndSend(o: OrderRecord, rule: DeliveryRule): Promise<void> {
    const { accountId, orderId } = o
    const opened = o.cid ? { ok: true as const, cid: o.cid } : await this.#openChat(o)
    if (!opened.ok) {
      if (opened.offline) {
        // no connection: stays waiting, resumed when the account is back
        this.#event(accountId, orderId, 'send_failed', { error: opened.error, transient: true })
        return
      }
      this.#s.update(accountId, orderId, { delivery: 'review' }, this.#d.clock.now())
      this.#event(accountId, orderId, 'send_failed', { error: `no chat: ${opened.error}` })
      this.#openReview(o, 'send_failed', `找不到这笔订单的会话，也没能打开：${opened.error} / no chat for this order and it could not be opened`)
      this.#emit(accountId, orderId)
      return
    }
    const cid = opened.cid
    const units = rule.source.kind === 'none' ? 1 : o.quantity
    const vars = this.#vars(o)
    let httpCodes: string[] = []
    if (rule.source.kind === 'http') {
      try {
        for (let u = 0; u < units; u++) httpCodes.push(await fetchCode(rule.source.http, vars, { fetch: this.#d.fetch, retryDelayMs: this.#d.options.retryMs ?? 1000, sleep }))
      } catch (err) {
        httpCodes = []
        this.#s.update(accountId, orderId, { delivery: 'review' }, this.#d.clock.now())
        this.#event(accountId, orderId, 'http_failed', { error: errText(err) })
        this.#openReview(o, 'http_failed', errText(err))
        this.#emit(accountId, orderId)
        return
      }
    }
    const now = this.#d.clock.now()
    const poolId = rule.source.kind === 'pool' ? rule.source.poolId : null
    let reserved: 'ok' | 'lost' | PoolShort
    try {
      reserved = this.#s.tx(() => {
        // the claim and the reservation are one step: a second run finds 'sending' and stops
        if (!this.#s.update(accountId, orderId, { delivery: 'sending', ruleId: rule.id, dueAt: null }, now, ['waiting'])) return 'lost' as const
        let codes: Array<{ id: number | null; code: string }> = httpCodes.map((code) => ({ id: null, code }))
        if (poolId !== null) {
          const taken = this.#s.takeCodes(poolId, units)
          if (taken.length < units) throw new PoolShort(taken.length)
          for (const c of taken) if (!this.#s.reserveCode(c.id, orderId, now)) throw new PoolShort(taken.length)
          codes = taken
        }
        const round = this.#s.maxRound(accountId, orderId) + 1
        const named = rule.messages.some((p) => p.kind === 'text' && p.text.includes('{code}'))
        for (let u = 0; u < units; u++) {
          const c = codes[u]
          rule.messages.forEach((part, i) => {
            // the unit's code rides on the texts that name it (or on its first message when none does): used when that message is acked
            const carries = c !== undefined && (named ? part.kind === 'text' && part.text.includes('{code}') : i === 0)
            const codeIds = carries && c.id !== null ? [c.id] : []
            const clear = carries ? [c.code] : []
            const m: NewMessage = part.kind === 'text'
              ? { accountId, orderId, cid, round, unit: u, part: i, kind: 'text', body: renderText(part.text, vars, c?.code ?? ''), masked: renderText(part.text, vars, c ? maskCode(c.code) : ''), codeIds, codes: clear, uuid: this.#newUuid() }
              : { accountId, orderId, cid, round, unit: u, part: i, kind: 'image', body: part.url, masked: part.url, codeIds, codes: clear, uuid: this.#newUuid() }
            this.#s.insertMessage(m, now)
          })
        }
        this.#event(accountId, orderId, 'code_reserved', { units, source: rule.source.kind, code: codes.map((c) => maskCode(c.code)).join(', ') || null })
        return 'ok' as const
      })
    } catch (err) {
      if (!(err instanceof PoolShort)) throw err
      reserved = err
    }
    if (reserved instanceof PoolShort) {
      this.#s.update(accountId, orderId, { delivery: 'review' }, this.#d.clock.now())
      this.#event(accountId, orderId, 'pool_empty', { needed: units, available: reserved.available })
      this.#openReview(o, 'pool_empty', `需要 ${units} 张，剩余 ${reserved.available} 张 / ${units} needed, ${reserved.available} left`)
      this.#emit(accountId, orderId)
      if (poolId !== null) this.catalog.poolChanged(poolId, true)
      return
    }
    if (reserved === 'lost') return
    // the reservation and the uuids are on disk before anything leaves
    flushWrites(this.#s.db)
    this.#emit(accountId, orderId)
    if (poolId !== null) this.catalog.poolChanged(poolId, true)
    await this.#sendPending(accountId, orderId)
  }

  /** Sends the latest round's messages not yet acknowledged, in order, each with its own stored uuid. */
  async #sendPending(accountId: string, orderId: string): Promise<void> {
    const o = this.#s.order(accountId, orderId)
    if (!o || o.delivery !== 'sending') return
    const all = this.#s.messages(accountId, orderId)
    const round = all.reduce((r, m) => Math.max(r, m.round), 0)
    const msgs = all.filter((m) => m.round === round)
    for (const stale of msgs) {
      // re-read: the platform's copy may have been claimed while the previous message was on the wire
      const m = this.#s.messageByUuid(stale.uuid) ?? stale
      if (m.state === 'acked') continue
      if (m.state === 'failed') return
      const cur = this.#s.order(accountId, orderId) as OrderRecord
      if (cur.state === 'refunding' || cur.state === 'closed') return this.#abort(cur, msgs)
      // recorded in the chat before a crash cut the bookkeeping short: the platform has it
      if (this.#d.messages.isOwnSend(accountId, m.uuid)) {
        this.#acked(m)
        continue
      }
      if (this.#d.outbound.delivery.inFlight(m.uuid)) return
      // 'pending' and 'sent' resume the same way (the backfill decides): no commit of its own needed
      this.#s.markMessage(m.uuid, 'sent', '', null)
      this.#event(accountId, orderId, 'message_sent', { unit: m.unit, part: m.part })
      const part: ReplyPart = m.kind === 'text' ? { kind: 'text', text: m.body } : { kind: 'image', url: m.body }
      let res
      try {
        res = await this.#d.outbound.sendDelivery(accountId, m.cid, part, { key: m.uuid, codes: m.codes, recordText: m.text })
      } catch (err) {
        if (isRateLimitExpiry(err)) {
          // the account's send-rate limit did not give it a slot in time: nothing left, try again shortly
          this.#s.markMessage(m.uuid, 'pending', '', null)
          this.#event(accountId, orderId, 'send_failed', { error: errText(err), transient: true })
          this.#retryLater(accountId, orderId)
          return
        }
        if (isConnectionLoss(err)) {
          // the platform may or may not have it: the backfill after the reconnect decides (resume)
          this.#event(accountId, orderId, 'send_failed', { error: errText(err), transient: true })
          this.#emit(accountId, orderId)
          return
        }
        this.#failed(cur, m, errText(err))
        return
      }
      if (!res.ok) {
        this.#failed(cur, m, res.reason)
        return
      }
      if (!res.confirmed) {
        // no answer: the buyer may or may not have it. Never counted as delivered (the code stays
        // the order's, reserved, nothing is shipped); its copy coming back settles it, else review.
        this.#event(accountId, orderId, 'send_failed', { error: 'no answer from the platform', unconfirmed: true, transient: true })
        this.#emit(accountId, orderId)
        this.#awaitCopy(m)
        return
      }
      this.#acked(m)
    }
    await this.#complete(accountId, orderId)
  }

  /** A send the platform never answered: if its copy has not come back in time, the seller decides. */
  #awaitCopy(m: MessageRecord): void {
    const key = `unconfirmed|${m.uuid}`
    if (this.#timers.has(key) || this.#closed) return
    this.#timers.set(key, this.#d.clock.setTimeout(() => {
      this.#timers.delete(key)
      if (this.#closed) return
      void this.#locked(m, async () => {
        const cur = this.#s.messageByUuid(m.uuid)
        const o = this.#s.order(m.accountId, m.orderId)
        if (!cur || cur.state !== 'sent' || !o || o.delivery !== 'sending') return
        this.#s.update(o.accountId, o.orderId, { delivery: 'review' }, this.#d.clock.now())
        this.#openReview(o, 'send_failed', '平台没有确认收到这条发货消息，买家可能没有收到；请在聊天里看一下，再选择“重发同一卡密”或“标记已处理” / The platform never confirmed the delivery message, so the buyer may not have it: check the chat, then resend the same code or mark it handled')
        this.#emit(o.accountId, o.orderId)
      })
    }, this.#d.options.unconfirmedMs ?? 60_000))
  }

  #retryLater(accountId: string, orderId: string): void {
    const key = `retry|${accountId}|${orderId}`
    if (this.#timers.has(key) || this.#closed) return
    this.#timers.set(key, this.#d.clock.setTimeout(() => {
      this.#timers.delete(key)
      if (!this.#closed) void this.#locked({ accountId, orderId }, () => this.#sendPending(accountId, orderId))
    }, this.#d.options.sendRetryMs ?? 30_000))
  }

  #failed(o: OrderRecord, m: MessageRecord, error: string): void {
    this.#s.markMessage(m.uuid, 'failed', error, null)
    this.#s.update(o.accountId, o.orderId, { delivery: 'review' }, this.#d.clock.now())
    this.#event(o.accountId, o.orderId, 'send_failed', { error: error.slice(0, 300) })
    this.#openReview(o, 'send_failed', error)
    this.#emit(o.accountId, o.orderId)
  }

  /** Refund or close during the sends: what was not sent stays unsent; its codes go back to the pool. */
  #abort(o: OrderRecord, msgs: MessageRecord[]): void {
    const now = this.#d.clock.now()
    const pools = new Set<number>()
    this.#s.tx(() => {
      for (const stale of msgs) {
        const m = this.#s.messageByUuid(stale.uuid) ?? stale
        if (m.state === 'acked' || m.state === 'failed') continue
        this.#s.markMessage(m.uuid, 'failed', 'refunding or closed', null)
        // a message that may have reached the platform keeps its code reserved (the seller decides)
        if (m.state !== 'pending') continue
        for (const id of m.codeIds) {
          const c = this.#s.code(id)
          if (c && this.#s.releaseCode(id)) pools.add(c.poolId)
        }
      }
      this.#s.update(o.accountId, o.orderId, { delivery: 'skipped' }, now)
    })
    this.#event(o.accountId, o.orderId, 'refunding_or_closed', { state: o.state, during: 'sending' })
    this.#emit(o.accountId, o.orderId)
    for (const id of pools) this.catalog.poolChanged(id)
  }

  /** The platform acknowledged (or already had) this message: its codes are used now. */
  #acked(m: MessageRecord): void {
    const now = this.#d.clock.now()
    const pools = new Set<number>()
    const changed = this.#s.tx(() => {
      if (!this.#s.markMessage(m.uuid, 'acked', '', now)) return false
      for (const id of m.codeIds) {
        const c = this.#s.code(id)
        if (c && this.#s.useCode(id, now)) pools.add(c.poolId)
      }
      return true
    })
    if (!changed) return
    this.#event(m.accountId, m.orderId, 'message_acked', { unit: m.unit, part: m.part, text: m.text.slice(0, 200) })
    this.#emit(m.accountId, m.orderId)
    for (const id of pools) this.catalog.poolChanged(id)
  }

  async #complete(accountId: string, orderId: string): Promise<void> {
    const msgs = this.#s.messages(accountId, orderId)
    const round = msgs.reduce((r, m) => Math.max(r, m.round), 0)
    const latest = msgs.filter((m) => m.round === round)
    if (latest.length === 0 || !latest.every((m) => m.state === 'acked')) return
    const now = this.#d.clock.now()
    // 'review': an unanswered send whose copy came back after the order went to review
    if (!this.#s.update(accountId, orderId, { delivery: 'delivered', deliveredAt: now }, now, ['sending', 'review'])) return
    this.#d.logger.info('order delivered', { accountId, orderId, messages: msgs.filter((m) => m.round === round).length, round })
    this.#event(accountId, orderId, round > 0 ? 'resend' : 'delivered', { messages: msgs.filter((m) => m.round === round).length, ...(round > 0 ? { done: true } : {}) })
    if (round > 0) this.#event(accountId, orderId, 'delivered', { round })
    this.#resolveReviews({ accountId, orderId }, round > 0 ? 'resent' : 'delivered', 'refund_after_delivery')
    this.#emit(accountId, orderId)
    const o = this.#s.order(accountId, orderId) as OrderRecord
    const rule = o.ruleId !== null ? this.#s.rule(o.ruleId) : null
    if (rule?.shipMode === 'after_ack' && o.ship !== 'shipped') await this.#ship(accountId, orderId)
    else if (rule?.shipMode === 'off' && o.ship === 'none') {
      this.#s.update(accountId, orderId, { ship: 'not_asked' }, now)
      this.#event(accountId, orderId, 'ship_skipped', { shipMode: 'off' })
      this.#emit(accountId, orderId)
    }
  }

  /**
   * The platform's copy of one of our delivery messages came back (echo or backfill) that this
   * process did not record: it was sent. True when claimed (the caller stores nothing: the chat
   * gets the masked text).
   */
  claimEcho(m: { accountId: string; cid: string; direction: string; text: string; imageUrl?: string | null; clientUuid?: string | null; platformMessageId?: string | null; createdAt: number }): boolean {
    if (m.direction !== 'out') return false
    const rows = this.#s.db.prepare<[string, string], { uuid: string }>(
      "SELECT uuid FROM delivery_messages WHERE account_id = ? AND cid = ? AND state IN ('pending','sent') ORDER BY id").all(m.accountId, m.cid)
    for (const { uuid } of rows) {
      const dm = this.#s.messageByUuid(uuid)
      if (!dm) continue
      const same = m.clientUuid === dm.uuid || (dm.kind === 'text' ? dm.body === m.text : dm.body === m.imageUrl)
      if (!same || this.#d.outbound.delivery.inFlight(dm.uuid)) continue
      this.#acked(dm)
      this.#d.outbound.delivery.recordClaimed(m.accountId, m.cid, dm.kind === 'text' ? { kind: 'text', text: dm.text } : { kind: 'image', url: dm.body }, 'delivery', dm.uuid, m.platformMessageId ?? null)
      void this.#locked(dm, () => this.#complete(dm.accountId, dm.orderId))
      return true
    }
    return false
  }

  // ——— confirm shipment ———

  /** consign.dummy (after freeshipping for 小刀 orders); a refusal on an order the detail shows shipped counts as shipped. */
  async #ship(accountId: string, orderId: string): Promise<void> {
    const o = this.#s.order(accountId, orderId)
    if (!o) return
    if (o.ship === 'shipped') {
      this.#event(accountId, orderId, 'ship_ok', { already: true })
      return
    }
    this.#event(accountId, orderId, 'ship_called', { xiaodao: o.xiaodao })
    const now = (): number => this.#d.clock.now()
    try {
      if (o.xiaodao) {
        if (!o.itemId || !o.buyerId) throw new OrderApiRefused('NO_IDS', '小刀订单缺少商品或买家 ID / the item or buyer id is missing')
        await this.#d.api.freeShipping(accountId, orderId, o.itemId, o.buyerId).catch((err: unknown) => {
          // already free-shipped: go on to consign, its own answer decides
          if (!(err instanceof OrderApiRefused)) throw err
          this.#event(accountId, orderId, 'note', { freeshipping: errText(err) })
        })
      }
      await this.#d.api.consign(accountId, orderId)
    } catch (err) {
      if (err instanceof OrderApiRefused) {
        const d = await this.#detail(accountId, orderId)
        if (d.ok && (d.detail.state === 'shipped' || d.detail.state === 'completed')) {
          this.#s.update(accountId, orderId, { ship: 'shipped', shippedAt: now() }, now())
          this.#event(accountId, orderId, 'ship_ok', { already: true, message: errText(err) })
          this.#merge(this.#s.order(accountId, orderId) as OrderRecord, d.detail, 'detail')
          this.#emit(accountId, orderId)
          return
        }
        if (d.ok && (d.detail.state === 'refunding' || d.detail.state === 'closed')) {
          // the buyer asked for a refund (or the order closed) before the ship call: nothing to ship;
          // the refund's own review (refund_after_delivery) is the one the seller acts on
          this.#s.update(accountId, orderId, { ship: 'not_asked' }, now())
          this.#event(accountId, orderId, 'ship_skipped', { state: d.detail.state, message: errText(err) })
          this.#merge(this.#s.order(accountId, orderId) as OrderRecord, d.detail, 'detail')
          this.#emit(accountId, orderId)
          return
        }
      }
      this.#s.update(accountId, orderId, { ship: 'failed' }, now())
      this.#event(accountId, orderId, 'ship_failed', { error: errText(err) })
      this.#openReview(this.#s.order(accountId, orderId) as OrderRecord, 'ship_failed', errText(err))
      this.#emit(accountId, orderId)
      return
    }
    this.#s.update(accountId, orderId, { ship: 'shipped', shippedAt: now() }, now())
    this.#event(accountId, orderId, 'ship_ok', {})
    const after = this.#s.order(accountId, orderId) as OrderRecord
    this.#apply(after, 'shipped', 'detail')
    this.#resolveReviews({ accountId, orderId }, 'handled', 'refund_after_delivery')
    this.#emit(accountId, orderId)
  }

  // ——— contract calls ———

  list(q: z.output<typeof OrderQuerySchema>): { orders: Order[]; total: number } {
    return this.#s.listOrders(q)
  }

  get(accountId: string, orderId: string): { order: Order; timeline: ReturnType<OrdersStore['timeline']>; messages: ReturnType<typeof publicMessage>[]; reviews: DeliveryReview[] } {
    const o = this.#order(accountId, orderId)
    return { order: publicOrder(o), timeline: this.#s.timeline(accountId, orderId), messages: this.#s.messages(accountId, orderId).map(publicMessage), reviews: this.#s.reviewsOf(accountId, orderId) }
  }

  stats(days: number, accountId?: string): DayStats[] {
    const start = new Date(this.#d.clock.now())
    start.setHours(0, 0, 0, 0)
    start.setDate(start.getDate() - (days - 1))
    const got = this.#s.stats(start.getTime(), accountId, localDay)
    const out: DayStats[] = []
    for (let i = 0; i < days; i++) {
      const d = new Date(start)
      d.setDate(start.getDate() + i)
      const k = localDay(d.getTime())
      out.push(got.get(k) ?? { day: k, orders: 0, paid: 0, delivered: 0, revenue: 0 })
    }
    return out
  }

  #order(accountId: string, orderId: string): OrderRecord {
    const o = this.#s.order(accountId, orderId)
    if (!o) throw new AppError('NOT_FOUND', `订单不存在 / No order ${orderId}`)
    return o
  }

  listReviews(accountId: string | undefined, open: boolean): DeliveryReview[] {
    return this.#s.listReviews(accountId, open)
  }

  /** 立即发货: a paid order not delivered yet (after codes were added, a rule fixed or chosen). */
  async deliverNow(accountId: string, orderId: string, ruleId?: number): Promise<Order> {
    const o = this.#order(accountId, orderId)
    if (o.delivery === 'delivered') throw new AppError('CONFLICT', '这笔订单已经发过货；要再发一次请用“重发” / Already delivered; use resend to send the same codes again')
    if (o.delivery === 'sending') throw new AppError('CONFLICT', '正在发货中 / Delivery is in progress')
    if (o.state === 'placed' || o.state === 'refunding' || o.state === 'closed') throw new AppError('CONFLICT', `这笔订单是“${STATE_WORDS[o.state]}”，只给已付款的订单发货；等买家付款（或退款结束）后再试 / Only paid orders are delivered: wait for the payment (or the end of the refund)`)
    if (ruleId !== undefined) {
      const r = this.#s.rule(ruleId)
      if (!r || r.accountId !== accountId) throw new AppError('BAD_INPUT', `规则不存在 / No rule ${ruleId}`)
    }
    // codes were already reserved for it (a send failed): the same codes go out again, never new ones
    if (this.#s.messages(accountId, orderId).length > 0 && this.#codesStillMine(accountId, orderId)) {
      if (ruleId !== undefined) throw new AppError('CONFLICT', '这笔订单已预留了卡密，只能重发同一卡密 / Codes are already reserved for this order; resend them')
      return this.resend(accountId, orderId)
    }
    await this.#locked(o, () => this.#deliver(accountId, orderId, { from: ['none', 'review', 'skipped', 'waiting'], manual: true, ...(ruleId !== undefined ? { ruleId } : {}) }))
    const after = this.#order(accountId, orderId)
    if (after.delivery === 'delivered') this.#resolveReviews(after, 'delivered', 'refund_after_delivery')
    return publicOrder(after)
  }

  /** The same codes again with new send uuids (the buyer lost the message); never a new code. */
  async resend(accountId: string, orderId: string): Promise<Order> {
    const o = this.#order(accountId, orderId)
    await this.#locked(o, async () => {
      const cur = this.#order(accountId, orderId)
      if (cur.delivery === 'sending') throw new AppError('CONFLICT', '正在发货中 / Delivery is in progress')
      const msgs = this.#s.messages(accountId, orderId)
      if (msgs.length === 0) throw new AppError('CONFLICT', '这笔订单还没有发货消息可重发 / Nothing was delivered yet; use deliver now')
      if (cur.state === 'refunding' || cur.state === 'closed') throw new AppError('CONFLICT', `订单${cur.state === 'refunding' ? '退款中' : '已关闭'}，不重发 / The order is ${cur.state}`)
      if (!this.#codesStillMine(accountId, orderId)) throw new AppError('CONFLICT', '这笔订单的卡密已退回卡密库，请用“立即发货” / Its codes went back to the pool; use deliver now')
      const last = msgs.reduce((r, m) => Math.max(r, m.round), 0)
      const now = this.#d.clock.now()
      this.#s.tx(() => {
        for (const m of msgs.filter((x) => x.round === last)) {
          this.#s.insertMessage({ accountId, orderId, cid: m.cid, round: last + 1, unit: m.unit, part: m.part, kind: m.kind, body: m.body, masked: m.text, codeIds: m.codeIds, codes: m.codes, uuid: this.#newUuid() }, now)
        }
        this.#s.update(accountId, orderId, { delivery: 'sending' }, now)
      })
      flushWrites(this.#s.db)
      this.#event(accountId, orderId, 'resend', { round: last + 1 })
      this.#emit(accountId, orderId)
      await this.#sendPending(accountId, orderId)
    })
    return publicOrder(this.#order(accountId, orderId))
  }

  /** Every pool code the order's last round carries is still reserved for (or used by) this order. */
  #codesStillMine(accountId: string, orderId: string): boolean {
    const msgs = this.#s.messages(accountId, orderId)
    const last = msgs.reduce((r, m) => Math.max(r, m.round), 0)
    return msgs.filter((m) => m.round === last).flatMap((m) => m.codeIds).every((id) => {
      const c = this.#s.code(id)
      return c !== null && c.orderId === orderId && (c.state === 'reserved' || c.state === 'used')
    })
  }

  markHandled(id: number): DeliveryReview {
    const r = this.#s.review(id)
    if (!r) throw new AppError('NOT_FOUND', `没有这条待处理 / No review ${id}`)
    if (this.#s.resolveReview(id, 'handled', this.#d.clock.now())) {
      this.#event(r.accountId, r.orderId, 'review_resolved', { reason: r.reason, resolution: 'handled' })
      const o = this.#s.order(r.accountId, r.orderId)
      // handled by hand: the order stops waiting for the app; codes reserved for messages that never
      // went out (refused or not sent) go back to the pool — the buyer never saw them
      if (o?.delivery === 'review' && this.#s.reviewsOf(r.accountId, r.orderId, true).length === 0) {
        const pools = new Set<number>()
        this.#s.tx(() => {
          this.#s.update(r.accountId, r.orderId, { delivery: 'skipped' }, this.#d.clock.now())
          const msgs = this.#s.messages(r.accountId, r.orderId)
          const keep = new Set(msgs.filter((m) => m.state === 'acked' || m.state === 'sent').flatMap((m) => m.codeIds))
          for (const m of msgs) {
            if (m.state !== 'pending' && m.state !== 'failed') continue
            for (const id of m.codeIds) {
              const c = this.#s.code(id)
              if (c && !keep.has(id) && this.#s.releaseCode(id)) pools.add(c.poolId)
            }
          }
        })
        for (const id of pools) this.catalog.poolChanged(id)
      }
      this.#emit(r.accountId, r.orderId)
    }
    const after = this.#s.review(id) as DeliveryReview
    this.#d.events.emit('review.changed', { review: after })
    return after
  }

  async ship(accountId: string, orderId: string): Promise<Order> {
    const o = this.#order(accountId, orderId)
    if (o.state === 'placed' || o.state === 'closed' || o.state === 'refunding') throw new AppError('CONFLICT', `这笔订单是“${STATE_WORDS[o.state]}”，不能确认发货 / A shipment can only be confirmed for a paid order`)
    await this.#locked(o, () => this.#ship(accountId, orderId))
    return publicOrder(this.#order(accountId, orderId))
  }
}

class PoolShort extends Error {
  constructor(readonly available: number) {
    super('pool short')
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
