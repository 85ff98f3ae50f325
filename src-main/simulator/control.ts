/**
 * The control surface: fault injection, buyer injection and inspection. The same methods are
 * served as HTTP JSON under `/__control/<method>` (POST body = the argument object).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ScenarioRunner, BuyerStatus } from './buyers'
import type { Counters, EchoMode, Faults, MtopLogEntry, SendFailMode, SimContext } from './context'
import { noFaults } from './context'
import { loginControl, type LoginControl } from './controlLogin'
import type { ConnInfo, Gateway } from './gateway'
import { readBody, sendJson } from './httpUtil'
import { addCardMessage, addChatMessage, type CardKind, type ImagePic } from './messages'
import { punishUrl } from './mtop'
import { ORDER_RETS } from './orderApis'
import { encodePayload, jsonItem, messageItem, type SyncItem } from './wire'
import { hex32, type SimConversation, type SimMessage, type SimOrder } from './world'

export type MalformedKind = 'notJson' | 'badBase64' | 'badMsgpack' | 'truncated' | 'ext' | 'jsonHint' | 'emptyItem'
export type OrderEvent = 'order' | 'pay' | 'remind' | 'confirm' | 'cancel' | 'close' | 'refund' | 'refundAgreed' | 'refunded'
/** push: stored and pushed (default); store: stored only (backfill finds it); none: no message (only the sold list / detail). */
export type CardMode = 'push' | 'store' | 'none'

export interface OrderEventInput {
  readonly cid: string
  readonly event: OrderEvent
  /** The order (default: the conversation's latest). */
  readonly orderId?: string
  /** `order` only: unit price, spec, quantity, 小刀. */
  readonly price?: string
  readonly spec?: string
  readonly quantity?: number
  readonly xiaodao?: boolean
  readonly card?: CardMode
  /** The card as this many separate messages (a repeated card; default 1). */
  readonly copies?: number
}

export interface BuyInput {
  readonly buyerId: string
  readonly nick?: string
  readonly itemId: string
  /** Default: the scenario's seller, else the first online seller. */
  readonly sellerId?: string
  readonly spec?: string
  readonly quantity?: number
  /** Unit price (default: the SKU's, else the item's). */
  readonly price?: string
  readonly xiaodao?: boolean
  /** Pay right after ordering (default true; a 小刀 order is paid when placed). */
  readonly pay?: boolean
  /** How the cards reach the seller (default push). */
  readonly card?: CardMode
  /** The paid card as this many separate messages (default 1). */
  readonly paidCopies?: number
}

export interface BuyerSaysInput {
  readonly cid?: string
  readonly buyerId?: string
  readonly itemId?: string
  readonly sellerId?: string
  readonly nick?: string
  readonly text?: string
  readonly image?: ImagePic
}

export interface SimulatorControl extends LoginControl {
  mintCookie(a: { unb: string; nick?: string }): string
  buyerSays(a: BuyerSaysInput): SimMessage
  sellerSaysElsewhere(a: { cid: string; text: string }): SimMessage
  typing(a: { cid: string }): void
  orderEvent(a: OrderEventInput): SimOrder
  /** A buyer orders (and pays): the conversation, the order and its cards in one call. */
  buy(a: BuyInput): SimOrder
  sent(a?: { cid?: string }): SimMessage[]
  order(a: { orderId: string }): SimOrder | null
  messages(a: { cid: string }): ReadonlyArray<SimMessage>
  conversations(a?: { unb?: string }): SimConversation[]
  orders(): SimOrder[]
  mtopLog(a?: { api?: string }): MtopLogEntry[]
  counters(): Counters
  clients(): ConnInfo[]
  buyers(): BuyerStatus[]
  faults(): Faults
  setFaults(a: Partial<Faults>): Faults
  resetFaults(): Faults
  dropSocket(a?: { unb?: string; mode?: 'terminate' | 'close'; code?: number }): { dropped: number }
  stallHeartbeats(a: { on: boolean }): Faults
  zombie(a: { on: boolean }): Faults
  duplicatePushes(a: { count: number }): Faults
  reorderPushes(a: { window: number }): Faults
  slow(a: { mtopMs?: number; wsMs?: number }): Faults
  blockSends(a: { count: number }): Faults
  /** consign.dummy / freeshipping fail with `ret` (default `FAIL_BIZ_CONSIGN_ERROR::发货失败，请稍后重试`) for the next `count` calls (-1 or absent: every call), optionally only for one order. */
  shipFail(a?: { count?: number; orderId?: string; ret?: string }): Faults
  /** Sends fail (`mode`, default forbid) for the next `count` sends (-1 or absent: every one) whose text contains `contains` (absent: any). */
  failSends(a?: { contains?: string; count?: number; mode?: SendFailMode }): Faults
  /** Delay the answers of one mtop API by `ms` (0 removes it). */
  slowApi(a: { api: string; ms: number }): Faults
  /** Each socket starting sync gets its seller's last `count` stored messages pushed again (0 = off). */
  replayOnSync(a: { count: number }): Faults
  setEcho(a: { mode: EchoMode }): { mode: EchoMode }
  expireImToken(a?: { unb?: string; close?: boolean }): { expired: number; closed: number }
  expireSession(a?: { unb?: string; recoverable?: boolean }): { expired: number }
  expireMtopToken(): { ok: true }
  riskControl(a?: { on?: boolean; x5sec?: string; apis?: ReadonlyArray<string>; userAgent?: string; bindSolverUa?: boolean }): { on: boolean; x5sec?: string; punishUrl?: string }
  sendMalformed(a: { kind: MalformedKind; unb?: string }): { sent: number }
  sendOversized(a: { bytes: number; unb?: string }): { sent: number; bytes: number }
}

function resolveConv(ctx: SimContext, gw: Gateway, a: BuyerSaysInput, defaultSeller: string | undefined): SimConversation {
  if (a.cid !== undefined) {
    const c = ctx.world.conversation(a.cid.replace(/@goofish$/, ''))
    if (!c) throw new Error(`unknown cid ${a.cid}`)
    return c
  }
  if (!a.buyerId) throw new Error('buyerSays needs cid or buyerId')
  const itemId = a.itemId ?? ctx.world.items()[0]?.itemId
  const seller = a.sellerId ?? defaultSeller ?? gw.onlineSellers()[0]
  if (!itemId || !seller) throw new Error('buyerSays needs an itemId and a seller (none online)')
  if (a.nick) ctx.world.setNick(a.buyerId, a.nick)
  return ctx.world.ensureConversation(seller, a.buyerId, itemId)
}

function conv(ctx: SimContext, cid: string): SimConversation {
  const c = ctx.world.conversation(cid.replace(/@goofish$/, ''))
  if (!c) throw new Error(`unknown cid ${cid}`)
  return c
}

function malformedItem(kind: Exclude<MalformedKind, 'notJson'>): SyncItem {
  const item = (data: string): SyncItem => ({ bizType: 40000, data, objectType: 40000, streamId: '' })
  switch (kind) {
    case 'badBase64': return item('%%% not base64 ###')
    case 'badMsgpack': return item(Buffer.from([0xc1, 0x00, 0xff]).toString('base64'))
    case 'ext': return item(Buffer.from([0x82, 0x01, 0xd4, 0x01, 0x00, 0x03, 0xc0]).toString('base64'))
    case 'emptyItem': return item('')
    case 'jsonHint': return jsonItem({ chatType: 1, operation: { content: { sessionArouse: { title: '对方正在看你的宝贝' } } } })
    case 'truncated': {
      const whole = Buffer.from(encodePayload({ 1: { 2: 'x'.repeat(64), 5: 1760000000123 } }), 'base64')
      return item(whole.subarray(0, Math.floor(whole.length / 2)).toString('base64'))
    }
  }
}

function oversizedMessage(bytes: number, unb: string): SimMessage {
  const messageId = hex32()
  const text = '长'.repeat(Math.max(1, Math.ceil(bytes / 3)))
  return {
    serverId: '3999999999999.PNM', messageId, cid: '50000000000', senderId: '3300000000000', senderNick: 'oversize',
    receiverId: unb, itemId: '800000000000', createAt: Date.now(), contentType: 1, text,
    contentJson: `{"contentType": 1, "text": {"text": "${text}"}}`, origin: 'buyer', needPush: true,
    reminderTitle: 'oversize', redReminder: '', redReminderStyle: '', bizTag: `{"sourceId":"S:1","messageId":"${messageId}"}`,
    extJson: `{"quickReply":"1","messageId":"${messageId}","tag":"u"}`
  }
}

/** Status after the event (null: unchanged) and the card of §7.1 it produces. */
const ORDER_CARDS: Readonly<Record<Exclude<OrderEvent, 'order'>, [SimOrder['status'] | null, CardKind]>> = {
  pay: ['paid', 'paid'], remind: [null, 'remind'], confirm: ['completed', 'confirmed'], cancel: ['cancelled', 'cancelled'],
  close: ['cancelled', 'cancelled'], refund: ['refunding', 'refund'], refundAgreed: ['refunding', 'refundAgreed'], refunded: ['cancelled', 'refunded']
}

type WorldMethods = Pick<SimulatorControl, 'mintCookie' | 'buyerSays' | 'sellerSaysElsewhere' | 'typing' | 'orderEvent' | 'buy'>
type InspectMethods = Pick<SimulatorControl, 'sent' | 'order' | 'messages' | 'conversations' | 'orders' | 'mtopLog' | 'counters' | 'clients' | 'buyers' | 'faults'>

function emitCard(ctx: SimContext, c: SimConversation, order: SimOrder, kind: CardKind, mode: CardMode, copies: number): void {
  if (mode === 'none') return
  for (let i = 0; i < Math.max(1, Math.floor(copies)); i++) {
    const msg = addCardMessage(ctx.world, c, order, kind)
    if (mode === 'push') ctx.deliver(msg)
  }
}

function applyEvent(ctx: SimContext, c: SimConversation, a: OrderEventInput): SimOrder {
  const mode = a.card ?? 'push'
  if (a.event === 'order') {
    const item = ctx.world.item(c.itemId)
    const sku = a.spec !== undefined ? item?.skus.find((s) => s.spec === a.spec) : undefined
    const order = ctx.world.createOrder(c, a.price ?? sku?.price ?? item?.price ?? '0.00', {
      ...(a.spec !== undefined ? { spec: a.spec } : {}), ...(a.quantity !== undefined ? { quantity: a.quantity } : {}), ...(a.xiaodao ? { xiaodao: true } : {})
    })
    emitCard(ctx, c, order, a.xiaodao ? 'xiaodao' : 'ordered', mode, a.copies ?? 1)
    ctx.events.emit('order', order)
    return order
  }
  const order = a.orderId !== undefined ? ctx.world.order(a.orderId) : ctx.world.latestOrder(c.cid)
  if (!order || order.cid !== c.cid) throw new Error(`no order ${a.orderId ?? ''} in ${a.cid}`)
  const [status, card] = ORDER_CARDS[a.event]
  if (status === 'refunding' && order.status !== 'refunding') order.refundFrom = order.status
  if (status === 'paid' && order.paidAt === null) order.paidAt = ctx.now()
  if (status !== null) order.status = status
  emitCard(ctx, c, order, card, mode, a.copies ?? 1)
  if (a.event === 'confirm') emitCard(ctx, c, order, 'rate', mode, 1)
  ctx.events.emit('order', order)
  return order
}
type AuthMethods = Pick<SimulatorControl, 'expireImToken' | 'expireSession' | 'expireMtopToken' | 'riskControl'>
type PushMethods = Pick<SimulatorControl, 'sendMalformed' | 'sendOversized'>

function worldMethods(ctx: SimContext, gw: Gateway, defaultSeller: () => string | undefined): WorldMethods {
  return {
    mintCookie: (a) => {
      ctx.world.setNick(a.unb, a.nick ?? `seller${a.unb.slice(-4)}`)
      return ctx.auth.mintCookie(a.unb, a.nick ?? `seller${a.unb.slice(-4)}`)
    },
    buyerSays: (a) => {
      const c = resolveConv(ctx, gw, a, defaultSeller())
      const msg = addChatMessage(ctx.world, { conv: c, origin: 'buyer', ...(a.image ? { image: a.image } : { text: a.text ?? '' }) })
      ctx.deliver(msg)
      return msg
    },
    sellerSaysElsewhere: (a) => {
      const msg = addChatMessage(ctx.world, { conv: conv(ctx, a.cid), origin: 'seller-elsewhere', text: a.text })
      ctx.deliver(msg)
      return msg
    },
    typing: (a) => ctx.deliverTyping(conv(ctx, a.cid)),
    orderEvent: (a) => applyEvent(ctx, conv(ctx, a.cid), a),
    buy: (a) => {
      if (!ctx.world.item(a.itemId)) throw new Error(`unknown item ${a.itemId}`)
      const c = resolveConv(ctx, gw, { buyerId: a.buyerId, itemId: a.itemId, ...(a.sellerId !== undefined ? { sellerId: a.sellerId } : {}), ...(a.nick !== undefined ? { nick: a.nick } : {}) }, defaultSeller())
      const card = a.card ?? 'push'
      const order = applyEvent(ctx, c, {
        cid: c.cid, event: 'order', card, ...(a.price !== undefined ? { price: a.price } : {}), ...(a.spec !== undefined ? { spec: a.spec } : {}),
        ...(a.quantity !== undefined ? { quantity: a.quantity } : {}), ...(a.xiaodao ? { xiaodao: true } : {})
      })
      if ((a.pay ?? true) && !order.xiaodao) applyEvent(ctx, c, { cid: c.cid, event: 'pay', orderId: order.orderId, card, copies: a.paidCopies ?? 1 })
      return order
    }
  }
}

function inspectMethods(ctx: SimContext, gw: Gateway, getRunner: () => ScenarioRunner | null): InspectMethods {
  return {
    sent: (a) => ctx.world.allMessages().filter((m) => m.origin === 'seller-send' && (a?.cid === undefined || m.cid === a.cid)),
    messages: (a) => ctx.world.messages(a.cid.replace(/@goofish$/, '')),
    conversations: (a) => (a?.unb !== undefined ? ctx.world.conversationsOf(a.unb) : ctx.world.allConversations()),
    order: (a) => ctx.world.order(a.orderId) ?? null,
    orders: () => ctx.world.orders(),
    mtopLog: (a) => ctx.mtopLog.filter((e) => a?.api === undefined || e.api === a.api),
    counters: () => ({ ...ctx.counters }),
    clients: () => gw.connections(),
    buyers: () => getRunner()?.statuses() ?? [],
    faults: () => ({ ...ctx.faults })
  }
}

type FaultMethods = Omit<SimulatorControl, keyof WorldMethods | keyof InspectMethods | keyof AuthMethods | keyof PushMethods | keyof LoginControl>

/** A fault's count: absent or negative = unlimited (-1), else the whole number given. */
const count = (n: number | undefined): number => (n === undefined || n < 0 ? -1 : Math.floor(n))

function faultMethods(ctx: SimContext, gw: Gateway): FaultMethods {
  const f = ctx.faults
  const setFaults = (a: Partial<Faults>): Faults => ({ ...Object.assign(f, a) })
  return {
    setFaults,
    resetFaults: () => setFaults(noFaults()),
    dropSocket: (a) => ({ dropped: gw.drop(a ?? {}) }),
    stallHeartbeats: (a) => setFaults({ stallHeartbeats: a.on }),
    zombie: (a) => setFaults({ zombie: a.on }),
    duplicatePushes: (a) => setFaults({ duplicatePushes: Math.max(0, Math.floor(a.count)) }),
    reorderPushes: (a) => setFaults({ reorderWindow: Math.max(0, Math.floor(a.window)) }),
    slow: (a) => setFaults({ mtopDelayMs: a.mtopMs ?? f.mtopDelayMs, wsDelayMs: a.wsMs ?? f.wsDelayMs }),
    blockSends: (a) => setFaults({ blockNextSends: Math.max(0, Math.floor(a.count)) }),
    shipFail: (a) => setFaults({ shipFailures: [...f.shipFailures, { orderId: a?.orderId ?? null, remaining: count(a?.count), ret: a?.ret ?? ORDER_RETS.shipDefault }] }),
    failSends: (a) => setFaults({ sendFailures: [...f.sendFailures, { contains: a?.contains ?? null, remaining: count(a?.count), mode: a?.mode ?? 'forbid' }] }),
    slowApi: (a) => {
      const apiDelays = { ...f.apiDelays }
      if (a.ms > 0) apiDelays[a.api] = a.ms
      else delete apiDelays[a.api]
      return setFaults({ apiDelays })
    },
    replayOnSync: (a) => setFaults({ replayOnSync: Math.max(0, Math.floor(a.count)) }),
    setEcho: (a) => {
      ctx.gw.echoOwnSends = a.mode
      return { mode: a.mode }
    }
  }
}

function authMethods(ctx: SimContext, gw: Gateway): AuthMethods {
  return {
    expireImToken: (a) => {
      const expired = ctx.auth.expireImTokens(a?.unb)
      const closed = a?.close ? gw.drop({ ...(a.unb !== undefined ? { unb: a.unb } : {}), mode: 'close', code: 4001 }) : 0
      return { expired, closed }
    },
    expireSession: (a) => ({ expired: ctx.auth.expireSessions(a?.unb, a?.recoverable ?? false) }),
    expireMtopToken: () => {
      ctx.auth.expireMh5()
      return { ok: true }
    },
    riskControl: (a) => {
      if (a?.on === false) {
        ctx.auth.risk = null
        return { on: false }
      }
      const apis = a?.apis ?? ['mtop.taobao.idlemessage.pc.login.token']
      const r = ctx.auth.enableRisk({
        apis, ...(a?.x5sec !== undefined ? { x5sec: a.x5sec } : {}), ...(a?.userAgent !== undefined ? { userAgent: a.userAgent } : {}),
        ...(a?.bindSolverUa ? { bindSolverUa: true } : {})
      })
      return { on: true, x5sec: r.x5sec, punishUrl: punishUrl(ctx, apis[0] ?? 'mtop.taobao.idlemessage.pc.login.token', '1.0', r.secData) }
    }
  }
}

function pushMethods(gw: Gateway): PushMethods {
  const targets = (unb?: string): string[] => (unb !== undefined ? [unb] : gw.onlineSellers())
  return {
    sendMalformed: (a) => {
      const sellers = targets(a.unb)
      if (a.kind === 'notJson') return { sent: sellers.reduce((n, u) => n + gw.sendRawTo(u, '{"lwp":"/s/sync","headers":{"mid":"1 0"},"body":{"syncPushPa'), 0) }
      for (const u of sellers) gw.queueItem(u, malformedItem(a.kind))
      return { sent: sellers.length }
    },
    sendOversized: (a) => {
      const sellers = targets(a.unb)
      let bytes = 0
      for (const u of sellers) {
        const item = messageItem(oversizedMessage(a.bytes, u))
        bytes = item.data.length
        gw.queueItem(u, item)
      }
      return { sent: sellers.length, bytes }
    }
  }
}

export function createControl(ctx: SimContext, gw: Gateway, getRunner: () => ScenarioRunner | null, defaultSeller: () => string | undefined): SimulatorControl {
  return {
    ...worldMethods(ctx, gw, defaultSeller),
    ...inspectMethods(ctx, gw, getRunner),
    ...faultMethods(ctx, gw),
    ...authMethods(ctx, gw),
    ...pushMethods(gw),
    ...loginControl(ctx)
  }
}

/** `/__control/<method>`: POST (or GET for argument-less methods) → `{ok, result}` / `{ok:false, error}`. */
export async function handleControl(control: SimulatorControl, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const name = url.pathname.replace(/^\/__control\/?/, '')
  if (name === '') return sendJson(res, 200, { ok: true, result: Object.keys(control) })
  const fn = (control as unknown as Record<string, unknown>)[name]
  if (typeof fn !== 'function') return sendJson(res, 404, { ok: false, error: `unknown control method ${name}` })
  try {
    const raw = req.method === 'POST' ? (await readBody(req, 1024 * 1024)).toString('utf8') : ''
    const arg: unknown = raw.trim() === '' ? undefined : JSON.parse(raw)
    const result: unknown = (fn as (a: unknown) => unknown)(arg)
    sendJson(res, 200, { ok: true, result: result ?? null })
  } catch (e) {
    sendJson(res, 400, { ok: false, error: e instanceof Error ? e.message : String(e) })
  }
}
