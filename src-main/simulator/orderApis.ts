/**
 * The order / delivery mtop APIs of goofish-protocol.md §3.4 served from the world: the seller's
 * sold-orders list, the order detail, consign.dummy (自动确认发货) and freeshipping (小刀 免拼发货),
 * with the platform's success and business-error shapes and the `shipFail` fault.
 *
 * What the protocol notes give is the request side (§3.4); the answer shapes follow what the
 * open-source sellers' tools parse (`data.module.items[]` with `commonData` / `buyerInfoVO` /
 * `priceVO` / `itemVO` / `rightVO`, `nextPage`, `totalCount`; the detail's `orderInfoList` rows
 * `label` → `value`). Business-error texts are the simulator's own where the real ones are unknown.
 */
import type { SimContext } from './context'
import { addCardMessage } from './messages'
import type { OrderStatus, SimOrder } from './world'

export interface OrderApiRequest {
  readonly ctx: SimContext
  readonly data: Readonly<Record<string, unknown>>
  readonly unb: string
  readonly headers: Readonly<Record<string, string>>
}

export interface OrderApiResult {
  readonly ret?: ReadonlyArray<string>
  readonly data?: unknown
}

const bizFail = (code: string, msg: string): OrderApiResult => ({ ret: [`${code}::${msg}`], data: {} })

export const API_SOLD_LIST = 'mtop.taobao.idle.trade.merchant.sold.get'
export const API_ORDER_DETAIL = 'mtop.idle.web.trade.order.detail'
export const API_CONSIGN = 'mtop.taobao.idle.logistic.consign.dummy'
export const API_FREESHIPPING = 'mtop.idle.groupon.activity.seller.freeshipping'

/** Business errors the simulator answers (exact platform texts unknown unless noted). */
export const ORDER_RETS = {
  notExist: 'FAIL_BIZ_ORDER_NOT_EXIST::订单不存在',
  statusError: 'FAIL_BIZ_ORDER_STATUS_ERROR::订单状态不允许发货',
  xiaodaoPending: 'FAIL_BIZ_ORDER_STATUS_ERROR::小刀订单待刀成，请先免拼发货',
  notGroupon: 'FAIL_BIZ_GROUPON_ORDER_ERROR::该订单不是小刀订单',
  shipDefault: 'FAIL_BIZ_CONSIGN_ERROR::发货失败，请稍后重试',
  noPermission: 'FAIL_BIZ_NO_PERMISSION::无权限访问',
  paramError: 'FAIL_BIZ_PARAM_ERROR::参数错误'
} as const

/** The seller site's status words (what the sold list and the detail page show). */
export const STATUS_TEXT: Readonly<Record<OrderStatus, string>> = {
  unpaid: '待付款', paid: '待发货', shipped: '已发货', completed: '交易成功', cancelled: '交易关闭', refunding: '退款中'
}

/** Detail `status` codes (Taobao trade vocabulary). */
const STATUS_CODE: Readonly<Record<OrderStatus, string>> = {
  unpaid: 'WAIT_BUYER_PAY', paid: 'WAIT_SELLER_SEND_GOODS', shipped: 'WAIT_BUYER_CONFIRM_GOODS', completed: 'TRADE_FINISHED',
  cancelled: 'TRADE_CLOSED', refunding: 'REFUNDING'
}

/**
 * `queryCode` filters of the sold list. `ALL` and `NOT_SHIP` are the ones the public tools send;
 * the others follow the seller site's tabs. An empty code means ALL.
 */
export const QUERY_CODES: Readonly<Record<string, (o: SimOrder) => boolean>> = {
  ALL: () => true,
  NOT_PAY: (o) => o.status === 'unpaid',
  NOT_SHIP: (o) => o.status === 'paid',
  SHIPPED: (o) => o.status === 'shipped',
  REFUND: (o) => o.status === 'refunding',
  SUCCESS: (o) => o.status === 'completed',
  CLOSED: (o) => o.status === 'cancelled'
}

/** A 小刀 order still waiting for its group: only freeshipping (免拼发货) ships it. */
export const xiaodaoPending = (o: SimOrder): boolean => o.xiaodao && o.status === 'paid' && o.shippedCalls === 0

function ownOrder(r: OrderApiRequest, key: string): SimOrder | OrderApiResult {
  const order = r.ctx.world.order(String(r.data[key] ?? ''))
  if (!order || order.sellerId !== r.unb) return bizFail('FAIL_BIZ_ORDER_NOT_EXIST', '订单不存在')
  return order
}

const isOrder = (v: SimOrder | OrderApiResult): v is SimOrder => 'orderId' in v

function itemTitle(r: OrderApiRequest, o: SimOrder): string {
  return r.ctx.world.item(o.itemId)?.title ?? ''
}

function picUrl(r: OrderApiRequest, o: SimOrder): string {
  return r.ctx.world.item(o.itemId)?.images[0] ?? ''
}

/** The `shipFail` fault: the first matching rule with calls left answers its ret. */
function injectedShipFailure(ctx: SimContext, orderId: string): string | null {
  for (const f of ctx.faults.shipFailures) {
    if (f.remaining === 0 || (f.orderId !== null && f.orderId !== orderId)) continue
    if (f.remaining > 0) f.remaining--
    return f.ret
  }
  return null
}

function ship(r: OrderApiRequest, order: SimOrder): void {
  order.status = 'shipped'
  order.shippedAt = r.ctx.now()
  order.shippedCalls++
  const conv = r.ctx.world.conversation(order.cid)
  if (conv) r.ctx.deliver(addCardMessage(r.ctx.world, conv, order, 'shipped'))
  r.ctx.events.emit('order', order)
}

/** 自动确认发货 (§3.4, §7.2). Idempotence: a second call on a shipped order is a business failure. */
export function consignDummy(r: OrderApiRequest): OrderApiResult {
  r.ctx.counters.consignCalls++
  const order = ownOrder(r, 'orderId')
  if (!isOrder(order)) return order
  order.shipAttempts++
  if (order.status !== 'paid') return { ret: [ORDER_RETS.statusError], data: {} }
  if (xiaodaoPending(order)) return { ret: [ORDER_RETS.xiaodaoPending], data: {} }
  const injected = injectedShipFailure(r.ctx, order.orderId)
  if (injected) return { ret: [injected], data: {} }
  ship(r, order)
  return { data: { success: true, orderId: order.orderId } }
}

/**
 * 免拼发货 for a 小刀 order (§3.4: `{"bizOrderId":"…","itemId":<n>,"buyerId":<n>}`, ids unquoted):
 * the group is waived and the order shipped. Not a 小刀 order, or already shipped: business error.
 */
export function freeShipping(r: OrderApiRequest): OrderApiResult {
  r.ctx.counters.freeshippingCalls++
  const order = ownOrder(r, 'bizOrderId')
  if (!isOrder(order)) return order
  order.shipAttempts++
  if (typeof r.data.itemId !== 'number' || typeof r.data.buyerId !== 'number') return { ret: [ORDER_RETS.paramError], data: {} }
  if (String(r.data.itemId) !== order.itemId || String(r.data.buyerId) !== order.buyerId) return { ret: [ORDER_RETS.paramError], data: {} }
  if (!order.xiaodao) return { ret: [ORDER_RETS.notGroupon], data: {} }
  if (order.status !== 'paid') return { ret: [ORDER_RETS.statusError], data: {} }
  const injected = injectedShipFailure(r.ctx, order.orderId)
  if (injected) return { ret: [injected], data: {} }
  ship(r, order)
  return { data: { success: true, bizOrderId: order.orderId, result: true } }
}

interface Row { readonly label: string; readonly value: string }

function detailRows(r: OrderApiRequest, o: SimOrder): Row[] {
  const specLabel = r.ctx.world.item(o.itemId)?.specLabel ?? '规格'
  const rows: Row[] = [{ label: '订单编号', value: o.orderId }, { label: '订单状态', value: STATUS_TEXT[o.status] }]
  if (o.spec !== '') rows.push({ label: specLabel, value: o.spec })
  rows.push({ label: '单价', value: `¥${o.price}` }, { label: '数量', value: String(o.quantity) }, { label: '实付款', value: `¥${o.amount}` })
  rows.push({ label: '创建时间', value: String(o.createAt) })
  if (o.paidAt !== null) rows.push({ label: '付款时间', value: String(o.paidAt) })
  if (o.shippedAt !== null) rows.push({ label: '发货时间', value: String(o.shippedAt) })
  return rows
}

/** Order detail ([X2]): `{"tid":"<orderId>"}` → item info, buyer, `orderInfoList` rows, `components[]`. */
export function orderDetail(r: OrderApiRequest): OrderApiResult {
  r.ctx.counters.orderDetailCalls++
  const order = ownOrder(r, 'tid')
  if (!isOrder(order)) return order
  const title = itemTitle(r, order)
  const rows = detailRows(r, order)
  const itemInfo = { itemId: order.itemId, title, price: order.price, skuText: order.spec, quantity: order.quantity, picUrl: picUrl(r, order) }
  const status = { status: STATUS_CODE[order.status], statusText: STATUS_TEXT[order.status], inRefund: order.status === 'refunding' }
  return {
    data: {
      tid: order.orderId, bizOrderId: order.orderId, ...status, orderStatus: STATUS_TEXT[order.status],
      itemId: order.itemId, peerUserId: order.buyerId, buyerUserId: order.buyerId, buyerId: order.buyerId,
      buyerNick: r.ctx.world.nick(order.buyerId), sellerId: order.sellerId, xiaodao: order.xiaodao,
      itemInfo, orderInfoList: rows,
      components: [
        { render: 'orderStatus', data: { ...status, title: STATUS_TEXT[order.status] } },
        { render: 'itemInfo', data: itemInfo },
        { render: 'orderInfo', data: { orderInfoList: rows } }
      ]
    }
  }
}

function soldItem(r: OrderApiRequest, o: SimOrder): Record<string, unknown> {
  const buttons = xiaodaoPending(o)
    ? [{ tradeAction: 'SKIP_PIN', text: '免拼发货' }]
    : o.status === 'paid' ? [{ tradeAction: 'CONSIGN', text: '去发货' }] : []
  return {
    commonData: {
      orderId: o.orderId, itemId: o.itemId, orderStatus: STATUS_TEXT[o.status], inRefund: o.status === 'refunding',
      createTime: String(o.createAt), paySuccessTime: o.paidAt === null ? '' : String(o.paidAt), consignTime: o.shippedAt === null ? '' : String(o.shippedAt)
    },
    buyerInfoVO: { buyerId: o.buyerId, buyerNick: r.ctx.world.nick(o.buyerId) },
    itemVO: { itemId: o.itemId, title: itemTitle(r, o), picUrl: picUrl(r, o), skuInfo: o.spec, price: o.price },
    priceVO: { totalPrice: o.amount, unitPrice: o.price, buyNum: String(o.quantity) },
    rightVO: { btnList: buttons }
  }
}

const int = (v: unknown, dflt: number): number => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isInteger(n) ? n : dflt
}

/**
 * The seller's sold orders (§3.4), newest first: `pageNumber` (1-based) / `rowsPerPage` (≤ 100),
 * `queryCode` filter (QUERY_CODES). Requires the seller-site header `idle_site_biz_code: COMMONPRO`
 * as the notes list it; without it the answer is a permission error.
 */
export function soldList(r: OrderApiRequest): OrderApiResult {
  r.ctx.counters.soldListCalls++
  if (r.headers.idle_site_biz_code !== 'COMMONPRO') return { ret: [ORDER_RETS.noPermission], data: {} }
  const page = int(r.data.pageNumber, 1)
  const rows = int(r.data.rowsPerPage, 20)
  const code = typeof r.data.queryCode === 'string' && r.data.queryCode !== '' ? r.data.queryCode : 'ALL'
  const filter = QUERY_CODES[code]
  if (!filter || page < 1 || rows < 1) return { ret: [ORDER_RETS.paramError], data: {} }
  const size = Math.min(rows, 100)
  const all = r.ctx.world.orders().filter((o) => o.sellerId === r.unb && filter(o)).reverse()
  const slice = all.slice((page - 1) * size, page * size)
  return {
    data: {
      module: {
        items: slice.map((o) => soldItem(r, o)),
        totalCount: all.length,
        nextPage: page * size < all.length,
        pageNumber: page,
        rowsPerPage: size
      }
    }
  }
}
