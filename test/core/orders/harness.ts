import type { ReplyPart } from '../../../src-main/contract/rules'
import type { NewDeliveryRule } from '../../../src-main/contract/orders'
import type { ReplySender, SendOptions, SentPart } from '../../../src-main/core/pipeline/ports'
import { AppError } from '../../../src-main/core/errors'
import { OrderApiRefused, type OrderApi, type PlatformOrder } from '../../../src-main/core/orders'
import type { OrderState as CardState } from '../../../src-main/core/goofish/orderStates'
import type { HttpFetch } from '../../../src-main/core/orders/http'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../../helpers/core'

export const ITEM = '800000000004'
export const BUYER = '3300000000002'

/**
 * A transport that acks, fails, loses the connection, never returns (a crash mid-send) or gets no
 * answer from the platform (`unanswered`: the client's answer timeout), by mode.
 */
export class FakeTransport implements ReplySender {
  readonly sent: Array<{ accountId: string; cid: string; part: ReplyPart; key: string }> = []
  mode: 'ack' | 'fail' | 'lose' | 'hang' | 'busy' | 'unanswered' = 'ack'
  #n = 0
  async send(accountId: string, cid: string, part: ReplyPart, opts: SendOptions = {}): Promise<SentPart> {
    const key = opts.idemKey ?? `k${this.#n}`
    if (this.mode === 'fail') throw new AppError('BAD_INPUT', '平台拒绝了这条消息 / refused')
    if (this.mode === 'lose') throw new AppError('UNAVAILABLE', 'socket closed', { details: { kind: 'closed' } })
    if (this.mode === 'busy') throw new AppError('RATE_LIMITED', 'send rate limit', { details: { kind: 'send_rate_limited' } })
    this.sent.push({ accountId, cid, part, key })
    if (this.mode === 'hang') return new Promise<SentPart>(() => {})
    this.#n += 1
    if (this.mode === 'unanswered') return { clientUuid: key, platformMessageId: null, confirmed: false }
    return { clientUuid: key, platformMessageId: `pm-${this.#n}-${key}` }
  }
  texts(): string[] {
    return this.sent.map((s) => (s.part.kind === 'text' ? s.part.text : `[image ${s.part.url}]`))
  }
}

/** The order APIs with the platform's behaviour: orders by id, consign idempotence, faults. */
export class FakeOrderApi implements OrderApi {
  readonly orders = new Map<string, PlatformOrder>()
  detailFailures = 0
  detailCalls = 0
  consignCalls = 0
  freeCalls = 0
  consignError: string | null = null
  async detail(_accountId: string, orderId: string): Promise<PlatformOrder> {
    this.detailCalls++
    if (this.detailFailures > 0) {
      this.detailFailures--
      throw new Error('network down')
    }
    const o = this.orders.get(orderId)
    if (!o) throw new OrderApiRefused('FAIL_BIZ_ORDER_NOT_EXIST', '订单不存在')
    return o
  }
  soldCalls = 0
  async sold(_accountId: string, page: number, rows: number): Promise<{ orders: PlatformOrder[]; more: boolean }> {
    this.soldCalls++
    const all = [...this.orders.values()]
    const slice = all.slice((page - 1) * rows, page * rows)
    return { orders: slice, more: page * rows < all.length }
  }
  async consign(_accountId: string, orderId: string): Promise<void> {
    this.consignCalls++
    if (this.consignError) throw new OrderApiRefused('FAIL_BIZ_SHIP', this.consignError)
    const o = this.orders.get(orderId)
    if (!o) throw new OrderApiRefused('FAIL_BIZ_ORDER_NOT_EXIST', '订单不存在')
    if (o.state !== 'paid') throw new OrderApiRefused('FAIL_BIZ_ORDER_STATUS_ERROR', '订单状态不允许发货')
    this.orders.set(orderId, { ...o, state: 'shipped' })
  }
  async freeShipping(): Promise<void> {
    this.freeCalls++
  }
  add(orderId: string, over: Partial<PlatformOrder> = {}): PlatformOrder {
    const o: PlatformOrder = {
      orderId, state: 'paid', itemId: ITEM, itemTitle: '游戏月卡', spec: '', quantity: 1, amount: 30, buyerId: BUYER, buyerNick: '买家小王', createdAt: null, ...over
    }
    this.orders.set(orderId, o)
    return o
  }
  setState(orderId: string, state: PlatformOrder['state']): void {
    const o = this.orders.get(orderId)
    if (o) this.orders.set(orderId, { ...o, state })
  }
}

export interface OrdersHarness {
  readonly t: TestCore
  readonly tx: FakeTransport
  readonly api: FakeOrderApi
  readonly accountId: string
  readonly cid: string
  /** An order card as the account manager hands it over (stored message first, then the order). */
  card(state: CardState, orderId: string, opts?: { cid?: string; buyerId?: string; itemId?: string }): void
  pool(name?: string, codes?: string[], threshold?: number): Promise<number>
  rule(over?: Partial<NewDeliveryRule>): Promise<number>
  settle(): Promise<void>
  dispose(keepDir?: boolean): Promise<void>
}

let seq = 0

export async function ordersHarness(opts: { dir?: string; api?: FakeOrderApi; fetch?: HttpFetch; tx?: FakeTransport } = {}): Promise<OrdersHarness> {
  const api = opts.api ?? new FakeOrderApi()
  const t = makeCore({ ...(opts.dir ? { dir: opts.dir } : {}), core: { orders: { api, retryMs: 1, reconcileMs: 0, sendRetryMs: 50, unconfirmedMs: 150, ...(opts.fetch ? { fetch: opts.fetch } : {}) } } })
  const tx = opts.tx ?? new FakeTransport()
  t.core.services.setSender(tx)
  const [existing] = await t.core.api['accounts.list']({})
  const account = existing ?? await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
  t.core.services.items.upsert({ accountId: account.id, itemId: ITEM, title: '游戏月卡', price: 30, description: '', skus: [], images: [], stock: 100, fetchedAt: Date.now() })
  const cid = '51000000003'
  const h: OrdersHarness = {
    t, tx, api, accountId: account.id, cid,
    card(state, orderId, o = {}) {
      seq += 1
      const c = o.cid ?? cid
      const r = t.core.services.ingest.ingest({
        accountId: account.id, cid: c, direction: 'in', senderId: o.buyerId ?? BUYER, senderNick: '买家小王', buyerId: o.buyerId ?? BUYER, buyerNick: '买家小王',
        itemId: o.itemId ?? ITEM, contentType: 'card', text: `[${state}]`, platformMessageId: `card-${seq}-${Math.random().toString(36).slice(2)}`, createdAt: Date.now()
      })
      if (r === 'new') t.core.services.orders.onCard(account.id, c, state, orderId)
    },
    async pool(name = '月卡', codes = [], threshold = 0) {
      const p = await t.core.api['delivery.savePool']({ accountId: account.id, name, lowStockThreshold: threshold })
      if (codes.length > 0) await t.core.api['delivery.importCodes']({ poolId: p.id, text: codes.join('\n'), format: 'lines' })
      return p.id
    },
    async rule(over = {}) {
      const r = await t.core.api['delivery.saveRule']({
        rule: { accountId: account.id, itemId: ITEM, spec: '', name: '', enabled: true, source: { kind: 'none' }, messages: [{ kind: 'text', text: '感谢购买 {item_title}，订单 {order_id}' }], delaySeconds: 0, shipMode: 'off', ...over }
      })
      return r.id
    },
    async settle() {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 10))
        await t.core.services.orders.idle()
      }
    },
    async dispose(keepDir = false) {
      if (keepDir) await t.core.close()
      else await t.dispose()
    }
  }
  return h
}
