import { encode } from '@msgpack/msgpack'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface Frame {
  lwp?: string
  code?: number
  headers: Record<string, string>
  body?: unknown
}

/** An in-process fake of the IM gateway, just enough protocol for client tests. */
export class FakeGateway {
  readonly wss: WebSocketServer
  readonly frames: Frame[] = []
  readonly upgrades: IncomingHttpHeaders[] = []
  readonly sockets = new Set<WebSocket>()
  validTokens = new Set<string>()
  badTokenMode: '401' | 'close' = '401'
  silent = false
  stallHeartbeats = false
  refuseSends = false
  listMessages: unknown[] = []
  newest: unknown[] = []
  state = { pipeline: 'sync', tooLong2Tag: 'PNM,1', channel: 'sync', topic: 'sync', highPts: 0, pts: 42, seq: 7, timestamp: 1 }
  #pushSeq = 0
  #sendSeq = 0

  private constructor(wss: WebSocketServer) {
    this.wss = wss
    wss.on('connection', (ws, req) => {
      this.upgrades.push(req.headers)
      this.sockets.add(ws)
      ws.on('close', () => this.sockets.delete(ws))
      ws.on('message', (data) => this.#onFrame(ws, JSON.parse(String(data)) as Frame))
    })
  }

  static async start(): Promise<FakeGateway> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((r) => wss.once('listening', () => r()))
    return new FakeGateway(wss)
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/`
  }

  framesOf(lwp: string): Frame[] {
    return this.frames.filter((f) => f.lwp === lwp)
  }

  get acks(): Frame[] {
    return this.frames.filter((f) => f.lwp === undefined && f.code === 200)
  }

  #reply(ws: WebSocket, mid: string, code: number, body?: unknown): void {
    ws.send(JSON.stringify({ code, headers: { mid }, ...(body === undefined ? {} : { body }) }))
  }

  #onFrame(ws: WebSocket, f: Frame): void {
    this.frames.push(f)
    if (this.silent || f.lwp === undefined) return
    const mid = f.headers['mid'] ?? ''
    switch (f.lwp) {
      case '/reg':
        if (this.validTokens.has(f.headers['token'] ?? '')) return this.#reply(ws, mid, 200)
        if (this.badTokenMode === '401') return this.#reply(ws, mid, 401, { reason: 'token invalid' })
        setTimeout(() => ws.close(4001, 'bad token'), 20)
        return
      case '/!':
        if (!this.stallHeartbeats) this.#reply(ws, mid, 200)
        return
      case '/r/SyncStatus/getState':
        return this.#reply(ws, mid, 200, this.state)
      case '/r/SingleChatConversation/create':
        return this.#reply(ws, mid, 200, { singleChatConversation: { cid: '777@goofish' } })
      case '/r/MessageSend/sendByReceiverScope':
        if (this.refuseSends) return this.#reply(ws, mid, 200, { reason: '消息中可能包含违规内容', moreInfo: 'CSI_FORBID||安全拦截' })
        return this.#reply(ws, mid, 200, { messageId: `srv-${++this.#sendSeq}.PNM` })
      case '/r/Conversation/listNewestPagination':
        return this.#reply(ws, mid, 200, { hasMore: false, nextCursor: 0, userConvs: this.newest })
      case '/r/MessageManager/listUserMessages':
        return this.#reply(ws, mid, 200, { hasMore: 0, nextCursor: 0, userMessageModels: this.listMessages })
      default:
        return this.#reply(ws, mid, 200, {})
    }
  }

  /** One `/s/sync` frame with these base64 payloads as items. */
  push(payloads: string[], o: { mid?: string } = {}): string {
    const mid = o.mid ?? `${++this.#pushSeq}760000000000 0`
    const frame = { lwp: '/s/sync', headers: { mid, sid: 'sid-1', 'app-key': 'k', ua: 'u', dt: 'j' }, body: { syncPushPackage: { data: payloads.map((d) => ({ bizType: 40000, data: d, objectType: 40000, streamId: 's' })) } } }
    for (const ws of this.sockets) ws.send(JSON.stringify(frame))
    return mid
  }

  sendRaw(text: string): void {
    for (const ws of this.sockets) ws.send(text)
  }

  dropAll(): void {
    for (const ws of this.sockets) ws.terminate()
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate()
    await new Promise<void>((r) => this.wss.close(() => r()))
  }
}

/** A buyer (or seller) chat push in the layout of §5.3 (a), MessagePack, base64. */
export function chatPayload(o: { text: string; serverId: string; sender?: string; cid?: string; ts?: number }): string {
  const sender = o.sender ?? '3300000000002'
  const cid = o.cid ?? '51000000003'
  const root = {
    '1': {
      '1': { '1': `${sender}@goofish` }, '2': `${cid}@goofish`, '3': o.serverId, '4': 0, '5': BigInt(o.ts ?? 1760000000123),
      '6': { '1': 101, '3': { '1': '', '2': o.text, '3': '', '4': 1, '5': JSON.stringify({ contentType: 1, text: { text: o.text } }) } },
      '10': { senderUserId: sender, reminderTitle: '买家', reminderContent: o.text, reminderUrl: `fleamarket://message_chat?itemId=800000000004&peerUserId=${sender}&sid=${cid}` }
    },
    '3': { needPush: 'true' }
  }
  return Buffer.from(encode(root, { useBigInt64: true })).toString('base64')
}

export async function waitFor(pred: () => boolean, timeoutMs = 4000, what = 'condition'): Promise<void> {
  const start = Date.now()
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
