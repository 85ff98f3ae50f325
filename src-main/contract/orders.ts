import { z } from 'zod'
import { AccountId, PlatformId, Timestamp } from './schemas'
import { isHttpUrl } from './inputs'

/**
 * Orders and automatic delivery of virtual goods (卡密自动发货).
 *
 * An order is keyed by (accountId, orderId). Its state comes from the chat's order cards and
 * system messages, from the order detail API and from the seller's sold-orders list. Delivery is
 * driven by rules per item (and optionally per SKU/spec); codes come from a card pool (one per
 * unit), from the seller's HTTP source, or the rule is plain text / images. A code is reserved for
 * an order inside one transaction, sent through the app's one outbound chokepoint, and marked used
 * only when the platform acknowledges the send.
 */

/** 待付款 placed · 待发货 paid · 已发货 shipped · 交易成功 completed · 退款中 refunding · 已关闭 closed. */
export const OrderState = z.enum(['placed', 'paid', 'shipped', 'completed', 'refunding', 'closed'])
export type OrderState = z.infer<typeof OrderState>

/**
 * Where the order's delivery stands.
 * none: nothing to deliver (not paid yet, or no rule and auto-delivery not asked);
 * waiting: paid, delivery scheduled (rule delay) or about to start;
 * sending: a code is reserved and its message is on the way;
 * delivered: every message acknowledged by the platform;
 * review: stopped, a human must look (see the order's open review);
 * skipped: deliberately not delivered (refund / close before delivery, auto-delivery off, no rule).
 */
export const DeliveryStatus = z.enum(['none', 'waiting', 'sending', 'delivered', 'review', 'skipped'])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

/** The confirm-shipment call (consign.dummy / freeshipping) for this order. */
export const ShipStatus = z.enum(['none', 'shipped', 'failed', 'not_asked'])
export type ShipStatus = z.infer<typeof ShipStatus>

export const Money = z.number().finite().nonnegative().max(10_000_000)

export const Order = z.object({
  accountId: AccountId,
  orderId: PlatformId,
  cid: PlatformId.nullable(),
  itemId: PlatformId.nullable(),
  itemTitle: z.string(),
  /** SKU / spec text as the platform shows it ("颜色:黑色;版本:月卡"), empty when the item has none. */
  spec: z.string(),
  quantity: z.number().int().min(1),
  /** What the buyer paid, ¥; null until known. */
  amount: Money.nullable(),
  buyerId: PlatformId.nullable(),
  buyerNick: z.string(),
  state: OrderState,
  /** 小刀 (group-discount) order: shipped with freeshipping instead of consign.dummy. */
  xiaodao: z.boolean(),
  delivery: DeliveryStatus,
  ship: ShipStatus,
  /** The delivery rule used (or chosen) for this order. */
  ruleId: z.number().int().nullable(),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable(),
  shippedAt: Timestamp.nullable(),
  updatedAt: Timestamp
})
export type Order = z.infer<typeof Order>

/**
 * One line of an order's timeline, also its trace ("why it was or was not delivered"). `code` is
 * stable and localized by the renderer with `params`; `text` is a plain zh-CN/English fallback.
 * Codes never carry a code (卡密) in clear: `params.code` is always masked.
 *
 * `params` per code (all optional; masked codes only):
 * state_changed {from, to, source: card|detail|sold} · delivery_started {manual} · delivery_scheduled {dueAt, delaySeconds} ·
 * code_reserved {units, source: pool|http|none, code (masked, comma-separated)} · message_sent {unit, part} ·
 * message_acked {unit, part, text (masked)} · delivered {messages | round} · not_paid {state} · refunding_or_closed {state, during} ·
 * no_rule / rule_disabled {itemId, spec} · rules_ambiguous {rules: "id,id"} · pool_empty {needed, available} · http_failed {error} ·
 * send_failed {error, transient} · already_delivered {delivery} · resend {round} · review_opened {reason, detail} ·
 * review_resolved {reason, resolution} · ship_called {xiaodao} · ship_ok {already, message} · ship_failed {error} · ship_skipped {shipMode} ·
 * detail_fetched {state, quantity, spec} · detail_failed {error, offline} · found_by_reconcile {state} ·
 * note {shipMode: ship_only, ruleId} | {freeshipping} | {state}.
 */
export const OrderEventCode = z.enum([
  // state, from a card / system message / the detail API / the sold list
  'state_changed',
  // delivery trace
  'delivery_started', 'delivery_scheduled', 'code_reserved', 'message_sent', 'message_acked', 'delivered',
  'not_paid', 'refunding_or_closed', 'auto_delivery_off', 'no_rule', 'rules_ambiguous', 'rule_disabled',
  'pool_empty', 'http_failed', 'send_failed', 'already_delivered', 'resend', 'review_opened', 'review_resolved',
  'refund_after_delivery',
  // shipment
  'ship_called', 'ship_ok', 'ship_failed', 'ship_skipped',
  // bookkeeping
  'detail_fetched', 'detail_failed', 'found_by_reconcile', 'note'
])
export type OrderEventCode = z.infer<typeof OrderEventCode>

export const OrderEvent = z.object({
  id: z.number().int(),
  accountId: AccountId,
  orderId: PlatformId,
  at: Timestamp,
  code: OrderEventCode,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  text: z.string()
})
export type OrderEvent = z.infer<typeof OrderEvent>

/** A message delivered (or being delivered) for an order; the code in `text` is masked. */
export const DeliveryMessage = z.object({
  id: z.number().int(),
  accountId: AccountId,
  orderId: PlatformId,
  /** 0-based unit (quantity > 1 gets one code per unit) and part of the rule's messages. */
  unit: z.number().int().min(0),
  part: z.number().int().min(0),
  kind: z.enum(['text', 'image']),
  /** Masked text as sent ("卡密：AB**…**9Z"). */
  text: z.string(),
  codeId: z.number().int().nullable(),
  state: z.enum(['pending', 'sent', 'acked', 'failed']),
  error: z.string(),
  createdAt: Timestamp,
  ackedAt: Timestamp.nullable()
})
export type DeliveryMessage = z.infer<typeof DeliveryMessage>

export const ReviewReason = z.enum([
  'pool_empty', 'http_failed', 'rules_ambiguous', 'ship_failed', 'refund_after_delivery', 'send_failed', 'no_rule',
  /** The order detail (quantity, spec, state) could not be read, so nothing was sent. */
  'detail_failed'
])
export type ReviewReason = z.infer<typeof ReviewReason>

/** An order that stopped and needs the seller (listed under 需处理). */
export const DeliveryReview = z.object({
  id: z.number().int(),
  accountId: AccountId,
  orderId: PlatformId,
  cid: PlatformId.nullable(),
  reason: ReviewReason,
  /** The platform's or source's message, plain. */
  detail: z.string(),
  createdAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
  resolution: z.enum(['delivered', 'resent', 'handled']).nullable()
})
export type DeliveryReview = z.infer<typeof DeliveryReview>

/** Variables a delivery text may use. */
export const DELIVERY_VARIABLES = ['order_id', 'code', 'buyer', 'item_title', 'quantity', 'spec'] as const

export const DeliveryPart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(1000) }),
  z.object({ kind: z.literal('image'), url: z.string().max(1000).refine(isHttpUrl, '必须是 http(s) 地址 / must be an http(s) URL') })
])
export type DeliveryPart = z.infer<typeof DeliveryPart>

export const HttpSource = z.object({
  url: z.string().max(1000).refine(isHttpUrl, '必须是 http(s) 地址 / must be an http(s) URL'),
  method: z.enum(['GET', 'POST']),
  /** POST body template (same variables as texts); empty for GET. */
  body: z.string().max(4000),
  /** Dotted path to the code in a JSON answer ("data.code"); empty = the whole body as text. */
  jsonPath: z.string().max(200),
  timeoutMs: z.number().int().min(500).max(60_000),
  retries: z.number().int().min(0).max(5)
})
export type HttpSource = z.infer<typeof HttpSource>

/** Where `{code}` comes from: nowhere (plain text), a card pool, or the seller's HTTP source. */
export const CodeSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('pool'), poolId: z.number().int() }),
  z.object({ kind: z.literal('http'), http: HttpSource })
])
export type CodeSource = z.infer<typeof CodeSource>

/**
 * Confirm shipment: off (never call), after_ack (after every delivery message was acknowledged),
 * ship_only (call it on payment and send nothing).
 */
export const ShipMode = z.enum(['off', 'after_ack', 'ship_only'])
export type ShipMode = z.infer<typeof ShipMode>

const DeliveryRuleBody = z.object({
  accountId: AccountId,
  itemId: z.string().regex(/^\d{1,30}$/, '商品 ID 应为数字 / item id must be numeric'),
  /** Matches the order's spec when it contains this text; empty = any spec of the item. */
  spec: z.string().trim().max(200),
  name: z.string().trim().max(100),
  enabled: z.boolean(),
  source: CodeSource,
  /** Sent in order for every unit; texts may use DELIVERY_VARIABLES. Empty only with ship_only. */
  messages: z.array(DeliveryPart).max(5),
  delaySeconds: z.number().int().min(0).max(3600),
  shipMode: ShipMode
})
export const NewDeliveryRule = DeliveryRuleBody.refine((r) => r.shipMode === 'ship_only' || r.messages.length > 0, {
  message: '至少需要一条发货消息（或选择“仅发货”）/ at least one message is needed (or choose "ship only")',
  path: ['messages']
})
export type NewDeliveryRule = z.infer<typeof NewDeliveryRule>
export const DeliveryRule = DeliveryRuleBody.extend({ id: z.number().int(), createdAt: Timestamp, updatedAt: Timestamp })
export type DeliveryRule = z.infer<typeof DeliveryRule>

export const CardPool = z.object({
  id: z.number().int(),
  /** The pool belongs to one account (codes are the seller's stock for that shop). */
  accountId: AccountId,
  name: z.string(),
  /** A notice is raised once when `available` falls to this number or below (0 = never). */
  lowStockThreshold: z.number().int().min(0).max(1_000_000),
  available: z.number().int(),
  reserved: z.number().int(),
  used: z.number().int(),
  createdAt: Timestamp
})
export type CardPool = z.infer<typeof CardPool>

export const PoolCode = z.object({
  id: z.number().int(),
  poolId: z.number().int(),
  /** Masked for lists ("AB******9Z"); the clear code only leaves through export and delivery. */
  masked: z.string(),
  state: z.enum(['available', 'reserved', 'used']),
  orderId: PlatformId.nullable(),
  createdAt: Timestamp,
  usedAt: Timestamp.nullable()
})
export type PoolCode = z.infer<typeof PoolCode>

/** Per account: whether paid orders are delivered automatically at all (shown on every item screen). */
export const DeliverySettings = z.object({
  accountId: AccountId,
  autoDelivery: z.boolean()
})
export type DeliverySettings = z.infer<typeof DeliverySettings>

/** Why an item's delivery would not work right now; shown on the item's delivery screen. */
export const ReadinessProblem = z.enum([
  'auto_delivery_off', 'no_rule', 'rule_disabled', 'pool_empty', 'pool_low', 'rules_ambiguous', 'account_offline'
])
export type ReadinessProblem = z.infer<typeof ReadinessProblem>

export const ItemDelivery = z.object({
  accountId: AccountId,
  itemId: PlatformId,
  itemTitle: z.string(),
  autoDelivery: z.boolean(),
  rules: z.array(DeliveryRule),
  /** Pools the item's rules draw from, with their counts. */
  pools: z.array(CardPool),
  problems: z.array(ReadinessProblem),
  ready: z.boolean(),
  /** Paid orders of this item waiting for delivery or in review. */
  waiting: z.number().int()
})
export type ItemDelivery = z.infer<typeof ItemDelivery>

export const DayStats = z.object({
  /** YYYY-MM-DD, local time. */
  day: z.string(),
  orders: z.number().int(),
  paid: z.number().int(),
  delivered: z.number().int(),
  revenue: Money
})
export type DayStats = z.infer<typeof DayStats>

export const OrderQuery = z.object({
  accountId: AccountId.optional(),
  states: z.array(OrderState).max(6).optional(),
  itemId: PlatformId.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  /** Order id, buyer nick / id or item title (substring). */
  search: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0)
}).strict()
