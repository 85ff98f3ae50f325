/**
 * Request paths over the socket (goofish-protocol.md §4.4, §4.8, §6): sync start, send, create
 * conversation, and the backfill listings served from the stored history.
 */
import type { SendFailMode } from './context'
import type { Conn, Gateway } from './gateway'
import { addChatMessage, type ImagePic } from './messages'
import { GOOFISH, reminderUrl } from './wire'
import type { SimConversation, SimMessage } from './world'

export interface RpcResult {
  readonly code: number
  readonly body?: unknown
  /** Answer nothing (the `timeout` / `lostAck` send faults). */
  readonly noReply?: boolean
}

const MAX_CURSOR = 9007199254740991
const FLOW_CONTROL: RpcResult = { code: 200, body: { code: '400600001', message: '请求过于频繁，请稍后再试' } }

const strip = (id: unknown): string => (typeof id === 'string' ? id.replace(/@goofish$/, '') : '')
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

export function handleRpc(gw: Gateway, conn: Conn, lwp: string, body: ReadonlyArray<unknown>): RpcResult {
  switch (lwp) {
    case '/r/SyncStatus/getState':
      conn.gotState = true
      gw.scheduleFlush(conn)
      return { code: 200, body: syncState(gw.ctx.now()) }
    case '/r/SyncStatus/ackDiff':
      conn.synced = true
      gw.replayOnSync(conn)
      gw.scheduleFlush(conn)
      return { code: 200, body: { syncExtensionModel: { fingerprint: conn.seq }, syncExtraType: { type: 3 } } }
    case '/r/MessageSend/sendByReceiverScope':
      return send(gw, conn, obj(body[0]))
    case '/r/SingleChatConversation/create':
      return createConversation(gw, conn, obj(body[0]))
    case '/r/Conversation/listNewestPagination':
      return listConversations(gw, conn, body)
    case '/r/MessageManager/listUserMessages':
      return listMessages(gw, conn, body)
    case '/r/MessageManager/recallMessage':
    case '/r/MessageStatus/read':
      return { code: 200, body: {} }
    default:
      return { code: 404, body: { reason: `unknown lwp ${lwp}` } }
  }
}

function syncState(nowMs: number): Record<string, unknown> {
  return { pipeline: 'sync', tooLong2Tag: 'PNM,1', channel: 'sync', topic: 'sync', highPts: 0, pts: nowMs * 1000, seq: 0, timestamp: nowMs }
}

type Decoded = { text: string } | { image: ImagePic } | { error: string }

/** custom.data is base64 of a JSON content object; decode + parse, never byte-compare (§6.1). */
function decodeContent(content: Record<string, unknown>): Decoded {
  const custom = obj(content.custom)
  if (typeof custom.data !== 'string') return { error: 'missing content.custom.data' }
  let parsed: Record<string, unknown>
  try {
    parsed = obj(JSON.parse(Buffer.from(custom.data, 'base64').toString('utf8')))
  } catch {
    return { error: 'custom.data is not base64 JSON' }
  }
  if (parsed.contentType === 1 && typeof obj(parsed.text).text === 'string') return { text: obj(parsed.text).text as string }
  if (parsed.contentType === 2) {
    const pics = obj(parsed.image).pics
    const pic = obj(Array.isArray(pics) ? pics[0] : undefined)
    if (typeof pic.url !== 'string') return { error: 'image without url' }
    return { image: { url: pic.url, width: Number(pic.width) || 800, height: Number(pic.height) || 600 } }
  }
  return { error: `unsupported contentType ${String(parsed.contentType)}` }
}

function send(gw: Gateway, conn: Conn, msg: Record<string, unknown>): RpcResult {
  const { ctx } = gw
  const conv = ctx.world.conversation(strip(msg.cid))
  if (!conv || (conv.sellerId !== conn.unb && conv.buyerId !== conn.unb)) {
    return { code: 400, body: { reason: '会话不存在', moreInfo: 'CONVERSATION_NOT_FOUND' } }
  }
  const decoded = decodeContent(obj(msg.content))
  if ('error' in decoded) return { code: 400, body: { reason: decoded.error, moreInfo: 'PARAM_ERROR' } }
  if (isBlocked(gw, decoded)) {
    ctx.counters.blockedSends++
    return FORBID
  }
  const failure = injectedSendFailure(gw, decoded)
  if (failure !== null) ctx.counters.failedSends++
  if (failure === 'forbid') return FORBID
  if (failure === 'error') return { code: 500, body: { reason: '系统繁忙，请稍后再试', moreInfo: 'SERVER_BUSY' } }
  if (failure === 'timeout') return { code: 0, noReply: true }
  const uuid = typeof msg.uuid === 'string' ? msg.uuid : undefined
  const stored = addChatMessage(ctx.world, { conv, origin: 'seller-send', ...decoded, ...(uuid !== undefined ? { uuid } : {}) })
  ctx.counters.sends++
  ctx.events.emit('sellerSent', stored)
  const echo = ctx.gw.echoOwnSends
  if (echo !== 'off' && conn.unb) gw.pushMessage(conn.unb, stored, echo === 'others' ? conn : undefined)
  if (failure === 'lostAck') return { code: 0, noReply: true }
  return { code: 200, body: { 'server-timestamp': stored.createAt, messageId: stored.serverId, uuid: uuid ?? '' } }
}

const FORBID: RpcResult = { code: 200, body: { reason: '消息中可能包含违规内容，发送失败', moreInfo: 'CSI_FORBID||安全拦截' } }

/** The `failSends` fault: the first rule with sends left whose marker the text contains. */
function injectedSendFailure(gw: Gateway, decoded: { text: string } | { image: ImagePic }): SendFailMode | null {
  const text = 'text' in decoded ? decoded.text : ''
  for (const f of gw.ctx.faults.sendFailures) {
    if (f.remaining === 0 || (f.contains !== null && !text.includes(f.contains))) continue
    if (f.remaining > 0) f.remaining--
    return f.mode
  }
  return null
}

function isBlocked(gw: Gateway, decoded: { text: string } | { image: ImagePic }): boolean {
  const f = gw.ctx.faults
  if (f.blockNextSends > 0) {
    f.blockNextSends--
    return true
  }
  return 'text' in decoded && gw.ctx.gw.blockedPatterns.some((re) => re.test(decoded.text))
}

function conversationModel(c: SimConversation): Record<string, unknown> {
  const [first, second] = [c.buyerId, c.sellerId].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
  return {
    cid: c.cid + GOOFISH, pairFirst: `${first}${GOOFISH}`, pairSecond: `${second}${GOOFISH}`, bizType: '1',
    createAt: c.createAt, extension: { itemId: c.itemId, orderId: '', source: '' }
  }
}

function createConversation(gw: Gateway, conn: Conn, req: Record<string, unknown>): RpcResult {
  const me = conn.unb ?? ''
  const pair = [strip(req.pairFirst), strip(req.pairSecond)]
  const peer = pair.find((p) => p !== me && p !== '')
  const itemId = String(obj(req.extension).itemId ?? '')
  if (!peer || !pair.includes(me) || itemId === '') return { code: 400, body: { reason: 'bad pair or itemId' } }
  const conv = gw.ctx.world.ensureConversation(me, peer, itemId)
  return { code: 200, body: { singleChatConversation: conversationModel(conv) } }
}

/** A stored message as the listing RPCs return it (§4.8). */
export function messageModel(m: SimMessage): Record<string, unknown> {
  return {
    messageId: m.serverId,
    cid: m.cid + GOOFISH,
    sender: { uid: m.senderId + GOOFISH },
    createAt: m.createAt,
    content: { contentType: 101, custom: { type: 1, data: Buffer.from(m.contentJson, 'utf8').toString('base64'), summary: m.text } },
    extension: {
      reminderTitle: m.reminderTitle, reminderContent: m.text, senderUserId: m.senderId, receiver: m.receiverId,
      reminderUrl: reminderUrl(m, m.reminderTitle), redReminder: m.redReminder, bizTag: m.bizTag, extJson: m.extJson,
      sessionType: '1'
    }
  }
}

function pageArgs(cursorRaw: unknown, limitRaw: unknown): { cursor: number; limit: number } {
  const cursor = Number(cursorRaw)
  const limit = Number(limitRaw)
  return {
    cursor: Number.isFinite(cursor) && cursor > 0 ? cursor : MAX_CURSOR,
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100) : 20
  }
}

function throttled(gw: Gateway, conn: Conn): boolean {
  gw.ctx.counters.backfillCalls++
  const cd = gw.ctx.gw.listCooldownMs
  return cd > 0 && gw.ctx.now() - conn.regAt < cd
}

function listConversations(gw: Gateway, conn: Conn, body: ReadonlyArray<unknown>): RpcResult {
  if (throttled(gw, conn)) return FLOW_CONTROL
  const { world } = gw.ctx
  const { cursor, limit } = pageArgs(body[0], body[1])
  const rows = world.conversationsOf(conn.unb ?? '')
    .map((c) => ({ c, last: world.lastMessage(c.cid), ts: world.lastMessage(c.cid)?.createAt ?? c.createAt }))
    .filter((r) => r.ts < cursor)
    .sort((a, b) => b.ts - a.ts)
  const page = rows.slice(0, limit)
  const userConvs = page.map((r) => ({
    type: 1,
    singleChatUserConversation: {
      unreadCount: 0,
      lastMessage: r.last ? { message: messageModel(r.last) } : null,
      singleChatConversation: conversationModel(r.c)
    }
  }))
  const next = page[page.length - 1]?.ts ?? cursor
  return { code: 200, body: { hasMore: rows.length > limit, nextCursor: next, userConvs } }
}

function listMessages(gw: Gateway, conn: Conn, body: ReadonlyArray<unknown>): RpcResult {
  if (throttled(gw, conn)) return FLOW_CONTROL
  const conv = gw.ctx.world.conversation(strip(body[0]))
  if (!conv || (conv.sellerId !== conn.unb && conv.buyerId !== conn.unb)) return { code: 400, body: { reason: '会话不存在' } }
  const { cursor, limit } = pageArgs(body[2], body[3])
  const older = gw.ctx.world.messages(conv.cid).filter((m) => m.createAt < cursor).reverse()
  const page = older.slice(0, limit)
  const next = page[page.length - 1]?.createAt ?? cursor
  return {
    code: 200,
    body: { hasMore: older.length > limit ? 1 : 0, nextCursor: next, userMessageModels: page.map((m) => ({ message: messageModel(m) })) }
  }
}
