import { DeliveryStatus, OrderState, ReviewReason, ShipMode, type DeliveryReview, type DeliveryRule, type Order, type OrderEvent, type OrderEventCode, type CallInput } from '@contract'
import { localizeMessage } from '../../lib/messages'
import type { Language } from '../settings/store'
import { displayCode } from '../delivery/codes'

/** What a trace line means at a glance: it worked, it stopped, it was held back, or just happened. */
export type TraceTone = 'ok' | 'bad' | 'warn' | 'info'

/** Every code has a tone: the record is exhaustive, so a new code fails the type check here. */
export const TRACE_TONE: Readonly<Record<OrderEventCode, TraceTone>> = {
  state_changed: 'info',
  delivery_started: 'info',
  delivery_scheduled: 'info',
  code_reserved: 'ok',
  message_sent: 'ok',
  message_acked: 'ok',
  delivered: 'ok',
  not_paid: 'warn',
  refunding_or_closed: 'warn',
  auto_delivery_off: 'bad',
  no_rule: 'bad',
  rules_ambiguous: 'bad',
  rule_disabled: 'bad',
  pool_empty: 'bad',
  http_failed: 'bad',
  send_failed: 'bad',
  already_delivered: 'warn',
  resend: 'info',
  review_opened: 'bad',
  review_resolved: 'ok',
  refund_after_delivery: 'bad',
  ship_called: 'info',
  ship_ok: 'ok',
  ship_failed: 'bad',
  ship_skipped: 'warn',
  detail_fetched: 'info',
  detail_failed: 'bad',
  found_by_reconcile: 'info',
  note: 'info'
}

/** The translate function the localizers need (i18next's `t`, or a test's). */
export type Translate = (key: string, options?: Record<string, unknown>) => string

export interface TraceLine {
  readonly text: string
  /** "label: value" pairs from the event's params, each localized. */
  readonly details: ReadonlyArray<string>
  readonly tone: TraceTone
}

const KNOWN_PARAMS = new Set([
  'state', 'from', 'to', 'source', 'rule', 'ruleId', 'ruleName', 'rules', 'pool', 'poolId', 'poolName', 'code', 'codeId', 'unit', 'units', 'part',
  'quantity', 'spec', 'delaySeconds', 'delay', 'at', 'dueAt', 'attempt', 'attempts', 'error', 'message', 'detail', 'reason', 'resolution', 'mode',
  'shipMode', 'api', 'url', 'status', 'count', 'messages', 'kind', 'text', 'by', 'xiaodao',
  'delivery', 'during', 'manual', 'itemId', 'codes', 'needed', 'available', 'transient', 'done', 'round', 'already', 'freeshipping', 'offline',
  'chatOpened', 'unconfirmed'
])
const SOURCES = new Set(['card', 'system', 'detail', 'detail_api', 'sold', 'sold_list', 'reconcile', 'manual', 'api', 'pool', 'http', 'none'])
const BY = new Set(['seller', 'auto', 'user'])
const STATE_KEYS = new Set(['state', 'from', 'to'])
const TIME_KEYS = new Set(['at', 'dueAt'])
const TEXT_KEYS = new Set(['error', 'message', 'detail', 'text'])
const is = <T extends string>(values: ReadonlyArray<T>, v: unknown): v is T => typeof v === 'string' && (values as ReadonlyArray<string>).includes(v)

export const isOrderState = (v: unknown): v is OrderState => is(OrderState.options, v)

export function stateLabel(v: unknown, t: Translate): string {
  if (isOrderState(v)) return t(`orders.state.${v}`)
  return typeof v === 'string' && v ? v : t('orders.trace.stateUnknown')
}

type ParamValue = OrderEvent['params'][string]

function paramValue(key: string, v: Exclude<ParamValue, null>, t: Translate, ctx: { language: Language; formatTime: (ts: number) => string }): string {
  if (typeof v === 'boolean') return t(v ? 'orders.trace.value.yes' : 'orders.trace.value.no')
  if (STATE_KEYS.has(key)) return stateLabel(v, t)
  if ((key === 'delivery' || key === 'during') && is(DeliveryStatus.options, v)) return t(`orders.delivery.${v}`)
  if (key === 'reason' && is(ReviewReason.options, v)) return t(`orders.review.reason.${v}`)
  if (key === 'resolution' && is(['delivered', 'resent', 'handled'] as const, v)) return t(`orders.review.resolution.${v}`)
  if (key === 'source' && typeof v === 'string' && SOURCES.has(v)) return t(`orders.trace.value.source.${v}`)
  if ((key === 'shipMode' || key === 'mode') && is(ShipMode.options, v)) return t(`orders.trace.value.shipMode.${v}`)
  if (key === 'by' && typeof v === 'string' && BY.has(v)) return t(`orders.trace.value.by.${v}`)
  if ((key === 'delaySeconds' || key === 'delay') && typeof v === 'number') return t('orders.trace.value.seconds', { count: v })
  if (TIME_KEYS.has(key) && typeof v === 'number') return ctx.formatTime(v)
  if ((key === 'ruleId' || key === 'poolId' || key === 'codeId') && typeof v === 'number') return `#${v}`
  // 0-based on the wire, "第 1 份" for the seller
  if ((key === 'unit' || key === 'part') && typeof v === 'number') return String(v + 1)
  // params.code is masked by core; mask again anything that does not look masked, never show a code in clear
  // one code or a list ("AB****01, AB****02")
  if (key === 'code' || key === 'codes') return String(v).split(/,\s*/).map(displayCode).join(', ')
  if (TEXT_KEYS.has(key) && typeof v === 'string') return localizeMessage(v, ctx.language)
  return String(v)
}

/**
 * One timeline event in the seller's language: the sentence for its code, then its params as
 * "label: value" (states, reasons, modes and times localized; codes masked). An unknown code
 * (a newer core) falls back to the event's own text.
 */
export function traceLine(e: Pick<OrderEvent, 'code' | 'params' | 'text'>, t: Translate, ctx: { language: Language; formatTime: (ts: number) => string }): TraceLine {
  const tone = TRACE_TONE[e.code] as TraceTone | undefined
  if (!tone) return { text: e.text, details: [], tone: 'info' }
  const p = e.params
  const state = p.to ?? p.state ?? null
  const text = t(`orders.trace.code.${e.code}`, { state: stateLabel(state, t) })
  const details: string[] = []
  for (const [key, v] of Object.entries(p)) {
    // false flags (not by hand, not a 小刀 order, …) say nothing
    if (v === null || v === '' || v === false) continue
    // the sentence already says the new state
    if (e.code === 'state_changed' && (key === 'to' || (key === 'state' && p.to === undefined))) continue
    const label = KNOWN_PARAMS.has(key) ? t(`orders.trace.param.${key}`) : key
    details.push(`${label}: ${paramValue(key, v, t, ctx)}`)
  }
  return { text, details, tone }
}

/** Enabled rules of the order's item whose spec is empty or contained in the order's spec: the choice "deliver now" offers. */
export function matchingRules(rules: ReadonlyArray<DeliveryRule>, order: Pick<Order, 'accountId' | 'itemId' | 'spec'>): ReadonlyArray<DeliveryRule> {
  return rules.filter((r) => r.enabled && r.accountId === order.accountId && r.itemId === order.itemId && (r.spec === '' || order.spec.includes(r.spec)))
}

export interface OrderActions {
  readonly deliverNow: boolean
  readonly resend: boolean
  readonly ship: boolean
}

/**
 * Which actions make sense for an order now (core refuses the others anyway): 立即发货 also for an
 * order shipped by hand or completed that never got its code — never for a placed, refunding or
 * closed one.
 */
export function orderActions(o: Pick<Order, 'state' | 'delivery' | 'ship'>): OrderActions {
  const paid = o.state === 'paid'
  const payable = paid || o.state === 'shipped' || o.state === 'completed'
  return {
    deliverNow: payable && (o.delivery === 'review' || o.delivery === 'skipped' || o.delivery === 'none' || o.delivery === 'waiting'),
    resend: o.delivery === 'delivered' && (o.state === 'paid' || o.state === 'shipped' || o.state === 'completed'),
    ship: paid && o.ship !== 'shipped'
  }
}

export const openReviews = (reviews: ReadonlyArray<DeliveryReview>): ReadonlyArray<DeliveryReview> => reviews.filter((r) => r.resolvedAt === null)

export type OrderFilter = Pick<CallInput<'orders.list'>, 'accountId' | 'states' | 'itemId' | 'from' | 'to' | 'search'>

/** Whether a live order belongs in the list the filter shows (the same test core's query applies). */
export function orderMatches(o: Order, f: OrderFilter): boolean {
  if (f.accountId && o.accountId !== f.accountId) return false
  if (f.states && f.states.length > 0 && !f.states.includes(o.state)) return false
  if (f.itemId && o.itemId !== f.itemId) return false
  if (f.from !== undefined && o.createdAt < f.from) return false
  if (f.to !== undefined && o.createdAt > f.to) return false
  const q = f.search?.trim().toLowerCase()
  if (q) {
    const hay = [o.orderId, o.buyerNick, o.buyerId ?? '', o.itemTitle].map((s) => s.toLowerCase())
    if (!hay.some((s) => s.includes(q))) return false
  }
  return true
}

/** Newest first, then by order id so rows don't jump. */
export function compareOrders(a: Order, b: Order): number {
  return b.createdAt - a.createdAt || (a.orderId < b.orderId ? 1 : a.orderId > b.orderId ? -1 : 0)
}

export const orderKey = (o: Pick<Order, 'accountId' | 'orderId'>): string => `${o.accountId}\u0000${o.orderId}`

/** "2025-01-31" (local) → the day's first and last millisecond, for the date-range filter. */
export function dayBounds(day: string): { start: number; end: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return null
  const start = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime()
  if (!Number.isFinite(start)) return null
  const next = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1).getTime()
  return { start, end: next - 1 }
}
