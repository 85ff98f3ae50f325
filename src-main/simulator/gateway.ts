/**
 * The WebSocket gateway (goofish-protocol.md §4, §9 "WebSocket"): `/reg` with token + did check,
 * heartbeats, sync start (ackDiff "now" or getState → ackDiff), ACK tracking, batched `/s/sync`
 * pushes with fault injection (zombie, duplicates, reordering), and the RPCs of §4.8.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SimContext } from './context'
import { handleRpc } from './gatewayRpc'
import { messageItem, serverMid, syncFrame, typingItem, type SyncItem } from './wire'
import type { SimMessage } from './world'

export interface Conn {
  readonly id: number
  readonly ws: WebSocket
  readonly openedAt: number
  readonly remote: string
  unb: string | undefined
  did: string | undefined
  /** Expiry of the IM token the socket registered with. */
  tokenExpiresAt: number
  registered: boolean
  regAt: number
  gotState: boolean
  synced: boolean
  sid: string
  appKey: string
  ua: string
  dt: string
  lastHeartbeatAt: number
  seq: number
  outbox: SyncItem[]
  flushScheduled: boolean
  held: string[]
  /** Push mid → serialized frame, until ACKed. */
  readonly unacked: Map<string, { frame: string; sentAt: number }>
  readonly acked: Set<string>
}

export interface ConnInfo {
  readonly id: number
  readonly unb: string | null
  readonly did: string | null
  readonly registered: boolean
  readonly synced: boolean
  readonly openedAt: number
  readonly lastHeartbeatAt: number
  readonly unacked: number
}

const MAX_ITEMS_PER_PACKAGE = 20
/** Items kept for a socket that registered but has not started sync yet. */
const MAX_OUTBOX = 1000

export class Gateway {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 })
  readonly #conns = new Set<Conn>()
  #nextId = 1

  constructor(readonly ctx: SimContext) {
    // Always sweep: sessions end when their IM token expires (§9.10), besides the optional timeouts.
    ctx.timers.every(Math.max(50, Math.min(ctx.gw.heartbeatTimeoutMs || 1000, ctx.gw.repushUnackedMs || 1000) / 2), () => this.#sweep())
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const origin = this.ctx.gw.requireOrigin
    if (origin !== undefined && req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req))
  }

  #accept(ws: WebSocket, req: IncomingMessage): void {
    const now = this.ctx.now()
    const conn: Conn = {
      id: this.#nextId++, ws, openedAt: now, remote: req.socket.remoteAddress ?? '', unb: undefined, did: undefined, tokenExpiresAt: Number.POSITIVE_INFINITY,
      registered: false, regAt: 0, gotState: false, synced: false, sid: '', appKey: '', ua: '', dt: 'j',
      lastHeartbeatAt: now, seq: 1, outbox: [], flushScheduled: false, held: [], unacked: new Map(), acked: new Set()
    }
    this.#conns.add(conn)
    this.ctx.counters.connections++
    ws.on('message', (data, isBinary) => this.#onFrame(conn, isBinary ? null : String(data)))
    ws.on('close', () => this.#conns.delete(conn))
    ws.on('error', () => this.#conns.delete(conn))
  }

  #onFrame(conn: Conn, text: string | null): void {
    let frame: unknown
    try {
      frame = text === null ? null : JSON.parse(text)
    } catch {
      frame = null
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      this.ctx.counters.malformedClientFrames++
      return
    }
    const f = frame as { lwp?: unknown; code?: unknown; headers?: unknown; body?: unknown }
    const headers = (typeof f.headers === 'object' && f.headers !== null ? f.headers : {}) as Record<string, unknown>
    if (typeof f.lwp !== 'string') {
      if (f.code !== undefined) this.#onAck(conn, headers)
      else this.ctx.counters.malformedClientFrames++
      return
    }
    this.#onRequest(conn, f.lwp, headers, f.body)
  }

  #onAck(conn: Conn, headers: Record<string, unknown>): void {
    const mid = typeof headers.mid === 'string' ? headers.mid : ''
    if (conn.unacked.delete(mid)) {
      if (conn.acked.size > 10_000) conn.acked.clear()
      conn.acked.add(mid)
      this.ctx.counters.acks++
    } else if (conn.acked.has(mid)) {
      this.ctx.counters.duplicateAcks++
    } else {
      this.ctx.counters.unknownAcks++
    }
  }

  #onRequest(conn: Conn, lwp: string, headers: Record<string, unknown>, body: unknown): void {
    const mid = typeof headers.mid === 'string' ? headers.mid : ''
    if (lwp === '/!') return this.#onHeartbeat(conn, mid)
    if (lwp === '/reg') return this.#onReg(conn, headers, mid)
    if (!conn.registered) return this.reply(conn, { code: 401, headers: { mid }, body: { reason: 'not registered' } })
    const res = handleRpc(this, conn, lwp, Array.isArray(body) ? (body as unknown[]) : [])
    if (res.noReply) return
    this.reply(conn, { code: res.code, headers: { mid }, ...(res.body !== undefined ? { body: res.body } : {}) })
  }

  #onHeartbeat(conn: Conn, mid: string): void {
    conn.lastHeartbeatAt = this.ctx.now()
    this.ctx.counters.heartbeats++
    if (this.ctx.faults.stallHeartbeats) return
    this.ctx.counters.heartbeatsAnswered++
    this.reply(conn, { code: 200, headers: { mid } })
  }

  #onReg(conn: Conn, headers: Record<string, unknown>, mid: string): void {
    const str = (k: string): string => (typeof headers[k] === 'string' ? (headers[k] as string) : '')
    const did = str('did')
    const check = this.ctx.auth.checkImToken(str('token'), did === '' ? undefined : did, this.ctx.gw.bindDeviceId)
    if (check.result !== 'ok' || !check.token) return this.#rejectReg(conn, mid, check.result, did)
    const unb = check.token.unb
    if (this.ctx.gw.kickoutOnDuplicateReg) this.#kickOthers(conn, did)
    Object.assign(conn, {
      unb, did, tokenExpiresAt: check.token.expiresAt, registered: true, regAt: this.ctx.now(), sid: `${Math.floor(Math.random() * 1e9)}${this.ctx.now()}`,
      appKey: str('app-key'), ua: str('ua'), dt: str('dt') || 'j'
    })
    this.ctx.counters.regs++
    this.reply(conn, {
      code: 200,
      headers: {
        mid, 'reg-sid': conn.sid, sid: conn.sid, 'reg-uid': `${unb}@goofish`, 'ip-digest': 'sim', 'ip-region-digest': 'sim',
        'real-ip': '127.0.0.1', unitName: 'sim', dt: conn.dt, cookie: '', timestamp: this.ctx.now(), isFromChina: true
      }
    })
    // The gateway sends a /s/vulcan package after registration; clients use it as "ready" (§4.4).
    this.ctx.timers.after(20, () => this.#sendPush(conn, '/s/vulcan', []))
    this.ctx.events.emit('reg', { unb, did, ok: true })
  }

  #rejectReg(conn: Conn, mid: string, reason: string, did: string): void {
    this.ctx.counters.regFailures++
    this.ctx.events.emit('reg', { unb: '', did, ok: false })
    const mode = this.ctx.gw.badTokenMode
    if (mode === '401' || mode === 'both') {
      this.reply(conn, { code: 401, headers: { mid }, body: { reason: `token ${reason}` } })
    }
    if (mode === 'close' || mode === 'both') {
      this.ctx.timers.after(this.ctx.gw.badTokenCloseMs, () => conn.ws.close(4001, 'token invalid'))
    }
  }

  #kickOthers(conn: Conn, did: string): void {
    for (const other of this.#conns) {
      if (other === conn || !other.registered || other.did !== did) continue
      this.#raw(other, JSON.stringify({ lwp: '/push/kickout', headers: { mid: serverMid(this.ctx.now()), sid: other.sid }, body: { reason: 'another login' } }))
      other.ws.close(4002, 'kickout')
    }
  }

  /** Send a response frame (subject to the `wsDelayMs` fault). */
  reply(conn: Conn, frame: Record<string, unknown>): void {
    const text = JSON.stringify(frame)
    const delay = this.ctx.faults.wsDelayMs
    if (delay > 0) this.ctx.timers.after(delay, () => this.#raw(conn, text))
    else this.#raw(conn, text)
  }

  #raw(conn: Conn, text: string): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text)
  }

  /** Registered sockets of `unb`; pushes wait in their outbox until the socket has started sync. */
  #receivers(unb: string): Conn[] {
    return [...this.#conns].filter((c) => c.registered && c.unb === unb)
  }

  #ready(c: Conn): boolean {
    return c.synced && (!this.ctx.gw.requireGetState || c.gotState)
  }

  /** Called when a socket starts sync: deliver what arrived between /reg and ackDiff. */
  scheduleFlush(conn: Conn): void {
    if (conn.flushScheduled || conn.outbox.length === 0 || !this.#ready(conn)) return
    conn.flushScheduled = true
    this.ctx.timers.after(this.ctx.gw.batchWindowMs, () => this.#flush(conn))
  }

  /**
   * The `replayOnSync` fault: a socket starting sync gets the last N stored messages of its seller
   * again (same server / message ids), like a platform re-pushing recent cards after a reconnect.
   */
  replayOnSync(conn: Conn): void {
    const n = this.ctx.faults.replayOnSync
    if (n <= 0 || !conn.unb) return
    const unb = conn.unb
    const recent = this.ctx.world.conversationsOf(unb).filter((c) => c.sellerId === unb)
      .flatMap((c) => this.ctx.world.messages(c.cid).slice(-n))
      .filter((m) => m.origin !== 'seller-send' && m.needPush)
      .sort((a, b) => a.createAt - b.createAt)
      .slice(-n)
    for (const m of recent) {
      if (conn.outbox.length >= MAX_OUTBOX) conn.outbox.shift()
      conn.outbox.push(messageItem(m))
    }
    this.ctx.counters.replayedPushes += recent.length
  }

  /** Queue a stored message as a push to the seller it concerns (batched into packages). */
  pushMessage(unb: string, msg: SimMessage, exclude?: Conn): void {
    this.queueItem(unb, messageItem(msg), exclude)
  }

  pushTyping(unb: string, peerId: string, cid: string): void {
    this.queueItem(unb, typingItem(peerId, cid, this.ctx.now()))
  }

  queueItem(unb: string, item: SyncItem, exclude?: Conn): void {
    for (const conn of this.#receivers(unb)) {
      if (conn === exclude) continue
      if (conn.outbox.length >= MAX_OUTBOX) conn.outbox.shift()
      conn.outbox.push(item)
      this.scheduleFlush(conn)
    }
  }

  #flush(conn: Conn): void {
    conn.flushScheduled = false
    while (conn.outbox.length > 0) this.#sendPush(conn, '/s/sync', conn.outbox.splice(0, MAX_ITEMS_PER_PACKAGE))
  }

  #sendPush(conn: Conn, lwp: string, items: ReadonlyArray<SyncItem>): void {
    const f = this.ctx.faults
    if (f.zombie && items.length > 0) {
      this.ctx.counters.droppedPushes += items.length
      return
    }
    for (let copy = 0; copy <= (items.length > 0 ? f.duplicatePushes : 0); copy++) {
      const now = this.ctx.now()
      const mid = serverMid(now)
      const frame = JSON.stringify(syncFrame(lwp, { mid, sid: conn.sid, appKey: conn.appKey, ua: conn.ua, dt: conn.dt }, items, now, conn.seq))
      conn.seq += Math.max(items.length, 1)
      conn.unacked.set(mid, { frame, sentAt: now })
      this.ctx.counters.pushFrames++
      this.ctx.counters.pushItems += items.length
      if (items.length > 0) this.#emitOrHold(conn, frame)
      else this.#raw(conn, frame)
    }
  }

  /** Reordering applies to message packages only (not the empty /s/vulcan ready signal). */
  #emitOrHold(conn: Conn, frame: string): void {
    const w = this.ctx.faults.reorderWindow
    if (w <= 1) return this.#raw(conn, frame)
    conn.held.push(frame)
    if (conn.held.length >= w) this.releaseHeld(conn)
    else this.ctx.timers.after(1000, () => this.releaseHeld(conn))
  }

  /** Send held (reordered) frames, newest first. */
  releaseHeld(conn: Conn): void {
    const held = conn.held.splice(0).reverse()
    for (const frame of held) this.#raw(conn, frame)
  }

  /** Raw text to every registered socket of `unb` (or all), bypassing the push pipeline (malformed-frame faults). */
  sendRawTo(unb: string | undefined, text: string): number {
    const targets = [...this.#conns].filter((c) => c.registered && (unb === undefined || c.unb === unb))
    for (const c of targets) this.#raw(c, text)
    return targets.length
  }

  /** Drop sockets: `terminate` = no close frame (network loss), `close` = a clean close with `code`. */
  drop(opts: { unb?: string; mode?: 'terminate' | 'close'; code?: number }): number {
    let n = 0
    for (const c of [...this.#conns]) {
      if (opts.unb !== undefined && c.unb !== opts.unb) continue
      n++
      if (opts.mode === 'close') c.ws.close(opts.code ?? 1001, 'server close')
      else c.ws.terminate()
    }
    return n
  }

  #sweep(): void {
    const now = this.ctx.now()
    const { heartbeatTimeoutMs: hb, repushUnackedMs: rp } = this.ctx.gw
    for (const c of this.#conns) {
      if (c.registered && this.#tokenExpired(c, now)) {
        c.ws.close(4001, 'token expired')
        continue
      }
      if (hb > 0 && now - c.lastHeartbeatAt > hb) {
        c.ws.close(4008, 'heartbeat timeout')
        continue
      }
      if (rp <= 0) continue
      for (const p of c.unacked.values()) {
        if (now - p.sentAt < rp) continue
        p.sentAt = Number.POSITIVE_INFINITY // re-push once only
        this.#raw(c, p.frame)
      }
    }
  }

  #tokenExpired(c: Conn, now: number): boolean {
    return c.tokenExpiresAt <= now
  }

  connections(): ConnInfo[] {
    return [...this.#conns].map((c) => ({
      id: c.id, unb: c.unb ?? null, did: c.did ?? null, registered: c.registered, synced: c.synced,
      openedAt: c.openedAt, lastHeartbeatAt: c.lastHeartbeatAt, unacked: c.unacked.size
    }))
  }

  /** Sellers with at least one registered socket. */
  onlineSellers(): string[] {
    return [...new Set([...this.#conns].filter((c) => c.registered && c.unb).map((c) => c.unb as string))]
  }

  async close(): Promise<void> {
    for (const c of this.#conns) c.ws.terminate()
    this.#conns.clear()
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()))
  }
}
