/**
 * The order APIs of goofish-protocol.md §3.4 over an account's mtop client: order detail, the
 * seller's sold-orders list, confirm shipment (consign.dummy) and 免拼发货 (freeshipping). The
 * answers are read tolerantly: the platform's field names vary between versions.
 */
import type { OrderState } from '@contract/orders'
import { AppError } from '../errors'
import { at, num, obj, str } from '../goofish/extract'
import { isGoofishError } from '../goofish'
import type { MtopClient } from '../goofish/mtop'
import type { JsonObject, JsonValue } from '../goofish/types'

export const API_ORDER_DETAIL = 'mtop.idle.web.trade.order.detail'
export const API_SOLD_LIST = 'mtop.taobao.idle.trade.merchant.sold.get'
export const API_CONSIGN = 'mtop.taobao.idle.logistic.consign.dummy'
export const API_FREESHIPPING = 'mtop.idle.groupon.activity.seller.freeshipping'

/** What the platform says about one order; null fields were not in the answer. */
export interface PlatformOrder {
  readonly orderId: string
  readonly state: OrderState | null
  readonly itemId: string | null
  readonly itemTitle: string | null
  readonly spec: string | null
  readonly quantity: number | null
  readonly amount: number | null
  readonly buyerId: string | null
  readonly buyerNick: string | null
  readonly createdAt: number | null
}

/** The platform refused a call (a business error): its own words in `message`. */
export class OrderApiRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
    this.name = 'OrderApiRefused'
  }
}

export interface OrderApi {
  detail(accountId: string, orderId: string): Promise<PlatformOrder>
  /** One page (1-based) of the sold-orders list; `more` when another page may follow. */
  sold(accountId: string, page: number, rows: number): Promise<{ orders: PlatformOrder[]; more: boolean }>
  /** consign.dummy; throws OrderApiRefused on a business error. */
  consign(accountId: string, orderId: string): Promise<void>
  /** freeshipping for a 小刀 order; throws OrderApiRefused on a business error. */
  freeShipping(accountId: string, orderId: string, itemId: string, buyerId: string): Promise<void>
}

/** Checked in this order: "unpaid" must never read as paid, nor 付款完成 as completed. */
const STATE_WORDS: ReadonlyArray<[RegExp, OrderState]> = [
  [/退款|refund/i, 'refunding'],
  [/关闭|取消|closed|cancel/i, 'closed'],
  [/待付款|未付款|等待买家付款|拍下|unpaid|not_paid|WAIT_BUYER_PAY|^placed$|^created$/i, 'placed'],
  [/待发货|已付款|付款完成|等待卖家发货|^paid$|WAIT_SELLER_SEND/i, 'paid'],
  [/待收货|已发货|等待买家确认|^shipped$|WAIT_BUYER_CONFIRM/i, 'shipped'],
  [/交易成功|已收货|确认收货|已完成|^completed$|^finished$|TRADE_FINISHED|TRADE_SUCCESS/i, 'completed']
]

/** A platform status (word, code or English) as an order state; null when unknown. */
export function parseOrderState(v: JsonValue | undefined): OrderState | null {
  const s = str(v)
  if (!s) return null
  for (const [re, state] of STATE_WORDS) if (re.test(s)) return state
  return null
}

/** Yuan; null when absent or not a plausible amount. */
function money(v: JsonValue | undefined): number | null {
  const s = str(v)
  const m = typeof v === 'number' ? [String(v), String(v)] : s ? /(\d+(?:\.\d+)?)/.exec(s.replace(/,/g, '')) : null
  const n = m ? Number(m[1]) : NaN
  return Number.isFinite(n) && n >= 0 && n <= 10_000_000 ? Math.round(n * 100) / 100 : null
}

function count(v: JsonValue | undefined): number | null {
  const s = str(v)
  const m = s ? /(\d+)/.exec(s) : null
  const n = m ? Number(m[1]) : null
  return n !== null && n >= 1 && n <= 10_000 ? n : null
}

/** The first key (in priority order) present as a string/number in the object or one level of nested objects. */
function pick(o: JsonObject | undefined, keys: ReadonlyArray<string>): JsonValue | undefined {
  if (!o) return undefined
  const nested = Object.values(o).map(obj).filter((x): x is JsonObject => x !== undefined)
  const ok = (v: JsonValue | undefined): boolean => v !== undefined && v !== null && v !== '' && typeof v !== 'object'
  for (const k of keys) {
    if (ok(o[k])) return o[k]
    for (const inner of nested) if (ok(inner[k])) return inner[k]
  }
  return undefined
}

const ORDER_ID_KEYS = ['orderId', 'bizOrderId', 'tid', 'orderIdStr']
const ITEM_ID_KEYS = ['itemId', 'auctionId', 'itemIdStr']
const TITLE_KEYS = ['itemTitle', 'title', 'auctionTitle']
const BUYER_ID_KEYS = ['buyerUserId', 'buyerId', 'peerUserId']
const BUYER_NICK_KEYS = ['buyerNick', 'buyerNickName', 'peerUserNick']
const STATUS_KEYS = ['orderStatus', 'status', 'tradeStatus', 'statusText', 'orderStatusText', 'statusDesc']
const SPEC_KEYS = ['spec', 'skuInfo', 'skuText', 'skuDesc', 'sku']
const QTY_KEYS = ['quantity', 'buyAmount', 'buyNum', 'itemNum', 'num', 'count']
const AMOUNT_KEYS = ['actualPayFee', 'payAmount', 'actualFee', 'totalPrice', 'totalFee', 'amount', 'payFee', 'price']
const TIME_KEYS = ['createTime', 'gmtCreate', 'createdAt', 'orderTime']

/** The label/value rows of the detail (`orderInfoList`): spec, quantity, amount. */
function infoRows(list: JsonValue | undefined): Array<[string, JsonValue | undefined]> {
  if (!Array.isArray(list)) return []
  return list.map((r) => [str(at(r, 'label')) ?? str(at(r, 'key')) ?? str(at(r, 'name')) ?? '', at(r, 'value') ?? at(r, 'text')])
}

function time(v: JsonValue | undefined): number | null {
  const n = num(v)
  if (n !== undefined) return n < 1e12 ? n * 1000 : n
  const s = str(v)
  const t = s ? Date.parse(s.replace(' ', 'T')) : NaN
  return Number.isFinite(t) ? t : null
}

/** Order detail `data` (§3.4): item in `itemInfo`, spec/quantity/amount in `orderInfoList`, buyer in buyerUserId/buyerId. */
export function parseOrderDetail(orderId: string, data: JsonValue): PlatformOrder {
  const d = obj(data) ?? {}
  const item = obj(d['itemInfo']) ?? {}
  const rows = infoRows(d['orderInfoList'])
  const row = (re: RegExp): JsonValue | undefined => rows.find(([label]) => re.test(label))?.[1]
  const spec = str(row(/规格|SKU|型号|款式/i)) ?? str(pick(item, SPEC_KEYS)) ?? str(pick(d, SPEC_KEYS))
  return {
    orderId: str(pick(d, ['tid', 'orderId', 'bizOrderId'])) ?? orderId,
    state: parseOrderState(pick(d, STATUS_KEYS)),
    itemId: str(pick(item, ITEM_ID_KEYS)) ?? str(d['itemId']) ?? null,
    itemTitle: str(pick(item, TITLE_KEYS)) ?? null,
    spec: spec ?? null,
    quantity: count(row(/数量/)) ?? count(pick(item, QTY_KEYS)) ?? count(pick(d, QTY_KEYS)),
    amount: money(row(/实付|付款金额|实收|订单金额|金额/)) ?? money(pick(d, AMOUNT_KEYS)),
    buyerId: str(d['buyerUserId']) ?? str(d['buyerId']) ?? str(d['peerUserId']) ?? null,
    buyerNick: str(pick(d, BUYER_NICK_KEYS)) ?? null,
    createdAt: time(pick(d, TIME_KEYS))
  }
}

/** The list inside a sold.get answer, whichever of the known shapes it takes. */
function soldRows(data: JsonValue): JsonValue[] {
  if (Array.isArray(data)) return data
  for (const path of [['items'], ['list'], ['orders'], ['orderList'], ['data'], ['module', 'items'], ['module', 'list'], ['result', 'items'], ['result']]) {
    const v = at(data, ...path)
    if (Array.isArray(v)) return v
  }
  return []
}

export function parseSoldOrder(row: JsonValue): PlatformOrder | null {
  const o = obj(row)
  if (!o) return null
  // a bare `id` only at the top: a nested one is the item's
  const orderId = str(pick(o, ORDER_ID_KEYS)) ?? str(o['id'])
  if (!orderId || !/^\d{4,40}$/.test(orderId)) return null
  return {
    orderId,
    state: parseOrderState(pick(o, STATUS_KEYS)),
    itemId: str(pick(o, ITEM_ID_KEYS)) ?? null,
    itemTitle: str(pick(o, TITLE_KEYS)) ?? null,
    spec: str(pick(o, SPEC_KEYS)) ?? null,
    quantity: count(pick(o, QTY_KEYS)),
    amount: money(pick(o, AMOUNT_KEYS)),
    buyerId: str(pick(o, BUYER_ID_KEYS)) ?? null,
    buyerNick: str(pick(o, BUYER_NICK_KEYS)) ?? null,
    createdAt: time(pick(o, TIME_KEYS))
  }
}

export function parseSoldList(data: JsonValue, rows: number): { orders: PlatformOrder[]; more: boolean } {
  const list = soldRows(data)
  const orders = list.map(parseSoldOrder).filter((o): o is PlatformOrder => o !== null)
  const next = at(data, 'nextPage') ?? at(data, 'hasMore') ?? at(data, 'hasNextPage')
  const more = typeof next === 'boolean' ? next : list.length >= rows
  return { orders, more }
}

/** A business refusal becomes OrderApiRefused with the platform's words; everything else is rethrown. */
function refusal(err: unknown): never {
  if (isGoofishError(err) && err.kind === 'business') {
    const first = (err.ret[0] ?? err.message).trim()
    const sep = first.indexOf('::')
    throw new OrderApiRefused(sep < 0 ? first : first.slice(0, sep), sep < 0 ? first : first.slice(sep + 2) || first)
  }
  throw err
}

const idNumber = (id: string): string => (/^\d{1,40}$/.test(id) ? id : '0')

/** The order APIs over each account's live mtop client. */
export class MtopOrderApi implements OrderApi {
  constructor(private readonly mtopOf: (accountId: string) => MtopClient | null) {}

  #mtop(accountId: string): MtopClient {
    const m = this.mtopOf(accountId)
    if (!m) throw new AppError('UNAVAILABLE', '账号未连接 / The account is not connected')
    return m
  }

  async detail(accountId: string, orderId: string): Promise<PlatformOrder> {
    const res = await this.#mtop(accountId).call(API_ORDER_DETAIL, JSON.stringify({ tid: orderId }), { extraQuery: { spm_cnt: 'a21ybx.order-detail.0.0' } }).catch(refusal)
    return parseOrderDetail(orderId, res.data)
  }

  async sold(accountId: string, page: number, rows: number): Promise<{ orders: PlatformOrder[]; more: boolean }> {
    const data = JSON.stringify({ pageNumber: page, rowsPerPage: rows, orderIds: '', queryCode: '', orderSearchParam: '{}' })
    const res = await this.#mtop(accountId).call(API_SOLD_LIST, data, {
      type: 'json', extraQuery: { valueType: 'string' }, headers: { idle_site_biz_code: 'COMMONPRO', Referer: 'https://seller.goofish.com/' }
    }).catch(refusal)
    return parseSoldList(res.data, rows)
  }

  async consign(accountId: string, orderId: string): Promise<void> {
    // the references build it by concatenation (note the space); the sign covers whatever is sent
    const data = `{"orderId":"${idNumber(orderId)}", "tradeText":"","picList":[],"newUnconsign":true}`
    await this.#mtop(accountId).call(API_CONSIGN, data).catch(refusal)
  }

  async freeShipping(accountId: string, orderId: string, itemId: string, buyerId: string): Promise<void> {
    // ids unquoted (§3.4), written as text so long ids keep every digit
    const data = `{"bizOrderId":"${idNumber(orderId)}", "itemId":${idNumber(itemId)},"buyerId":${idNumber(buyerId)}}`
    await this.#mtop(accountId).call(API_FREESHIPPING, data).catch(refusal)
  }
}
