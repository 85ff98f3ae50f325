/**
 * The control surface: fault injection, buyer injection and inspection. The same methods are
 * served as HTTP JSON under `/__control/<method>` (POST body = the argument object).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ScenarioRunner, BuyerStatus } from './buyers'
import type { Counters, EchoMode, Faults, SimContext } from './context'
import { NO_FAULTS } from './context'
import { loginControl, type LoginControl } from './controlLogin'
import type { ConnInfo, Gateway } from './gateway'
import { readBody, sendJson } from './httpUtil'
import { addCardMessage, addChatMessage, type CardKind, type ImagePic } from './messages'
import { punishUrl } from './mtop'
import { encodePayload, jsonItem, messageItem, type SyncItem } from './wire'
import { hex32, type SimConversation, type SimMessage, type SimOrder } from './world'

export type MalformedKind = 'notJson' | 'badBase64' | 'badMsgpack' | 'truncated' | 'ext' | 'jsonHint' | 'emptyItem'
export type OrderEvent = 'order' | 'pay' | 'confirm' | 'cancel' | 'refund'

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
  orderEvent(a: { cid: string; event: OrderEvent; price?: string }): SimOrder
  sent(a?: { cid?: string }): SimMessage[]
  messages(a: { cid: string }): ReadonlyArray<SimMessage>
  conversations(a?: { unb?: string }): SimConversation[]
  orders(): SimOrder[]
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

const ORDER_CARDS: Readonly<Record<OrderEvent, [SimOrder['status'], CardKind]>> = {
  order: ['unpaid', 'ordered'], pay: ['paid', 'paid'], confirm: ['completed', 'confirmed'], cancel: ['cancelled', 'cancelled'], refund: ['refunding', 'refund']
}

type WorldMethods = Pick<SimulatorControl, 'mintCookie' | 'buyerSays' | 'sellerSaysElsewhere' | 'typing' | 'orderEvent'>
type InspectMethods = Pick<SimulatorControl, 'sent' | 'messages' | 'conversations' | 'orders' | 'counters' | 'clients' | 'buyers' | 'faults'>
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
    orderEvent: (a) => {
      const c = conv(ctx, a.cid)
      const order = a.event === 'order' ? ctx.world.createOrder(c, a.price ?? ctx.world.item(c.itemId)?.price ?? '0.00') : ctx.world.latestOrder(c.cid)
      if (!order) throw new Error(`no order in ${a.cid}`)
      const [status, card] = ORDER_CARDS[a.event]
      order.status = status
      ctx.deliver(addCardMessage(ctx.world, c, order, card))
      if (a.event === 'confirm') ctx.deliver(addCardMessage(ctx.world, c, order, 'rate'))
      ctx.events.emit('order', order)
      return order
    }
  }
}

function inspectMethods(ctx: SimContext, gw: Gateway, getRunner: () => ScenarioRunner | null): InspectMethods {
  return {
    sent: (a) => ctx.world.allMessages().filter((m) => m.origin === 'seller-send' && (a?.cid === undefined || m.cid === a.cid)),
    messages: (a) => ctx.world.messages(a.cid.replace(/@goofish$/, '')),
    conversations: (a) => (a?.unb !== undefined ? ctx.world.conversationsOf(a.unb) : ctx.world.allConversations()),
    orders: () => ctx.world.orders(),
    counters: () => ({ ...ctx.counters }),
    clients: () => gw.connections(),
    buyers: () => getRunner()?.statuses() ?? [],
    faults: () => ({ ...ctx.faults })
  }
}

type FaultMethods = Omit<SimulatorControl, keyof WorldMethods | keyof InspectMethods | keyof AuthMethods | keyof PushMethods | keyof LoginControl>

function faultMethods(ctx: SimContext, gw: Gateway): FaultMethods {
  const f = ctx.faults
  const setFaults = (a: Partial<Faults>): Faults => ({ ...Object.assign(f, a) })
  return {
    setFaults,
    resetFaults: () => setFaults({ ...NO_FAULTS }),
    dropSocket: (a) => ({ dropped: gw.drop(a ?? {}) }),
    stallHeartbeats: (a) => setFaults({ stallHeartbeats: a.on }),
    zombie: (a) => setFaults({ zombie: a.on }),
    duplicatePushes: (a) => setFaults({ duplicatePushes: Math.max(0, Math.floor(a.count)) }),
    reorderPushes: (a) => setFaults({ reorderWindow: Math.max(0, Math.floor(a.window)) }),
    slow: (a) => setFaults({ mtopDelayMs: a.mtopMs ?? f.mtopDelayMs, wsDelayMs: a.wsMs ?? f.wsDelayMs }),
    blockSends: (a) => setFaults({ blockNextSends: Math.max(0, Math.floor(a.count)) }),
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
