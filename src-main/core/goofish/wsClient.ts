/**
 * GoofishClient — one Xianyu IM connection per account (goofish-protocol.md §4, §8).
 * Usage and the whole public API: see index.ts in this folder.
 *
 * States: DISCONNECTED (new) · CONNECTING (first attempt) · CONNECTED (`/reg` ok AND sync ok) ·
 * RECONNECTING (backoff, token restart, zombie) · FAILED (a human must act: login dead,
 * verification needed, repeated kick-out; call start() again after fixing) · CLOSED (stop()).
 * Zombie detection: no frame at all for zombieHeartbeats × heartbeatMs; no healthy sync within
 * healthySyncTimeoutMs of a (re)connect or token refresh; or the periodic listing probe finds
 * peer messages that never arrived as pushes → reconnect (then backfill).
 */
import type { ConnectionState } from '@contract/schemas'
import { systemClock, type Clock, type Logger } from '../ports'
import { fetchImToken, fetchItemDetail, hasLogin, type ImToken } from './apis'
import { backoffDelay } from './backoff'
import type { GoofishEvent, MessageFields } from './classify'
import { DEFAULT_CLIENT_CONFIG, type ClientEvents, type GoofishClientConfig, type GoofishClientOptions, type SendImageInput, type SendResult, type SendTextInput } from './clientTypes'
import { Emitter } from './emitter'
import { GoofishError } from './errors'
import { ackDiffNowFrame, ackDiffStateFrame, dingTalkUa, getStateFrame, heartbeatFrame, regFrame, wsUpgradeHeaders, type LwpRequest } from './frames'
import type { RandomFn } from './ids'
import { ItemCache } from './itemCache'
import { MtopClient } from './mtop'
import { OwnSendTracker } from './ownSends'
import { isJsonObject, type JsonObject, type JsonValue } from './types'
import { runBackfill, runProbe } from './wsBackfill'
import { Inbound } from './wsInbound'
import { Sender } from './wsSend'
import { WsSession, type LwpResponse } from './wsSession'

type Timer = { cancel(): void }

/** Per-socket bookkeeping. */
interface Current {
  readonly s: WsSession
  regAt: number
  regOk: boolean
  syncOk: boolean
  healthy: boolean
  healthyAt: number
}

const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export class GoofishClient {
  readonly #o: GoofishClientOptions
  #cfg: GoofishClientConfig
  readonly #clock: Clock
  readonly #random: RandomFn
  readonly #log: Logger | undefined
  readonly #emitter: Emitter<ClientEvents>
  readonly #inbound: Inbound
  readonly #sender: Sender
  readonly #timers = new Set<Timer>()
  readonly #sessionTimers = new Set<Timer>()
  /** Item details through the same mtop session (TTL 24 h LRU). */
  readonly items: ItemCache
  readonly mtop: MtopClient
  #state: ConnectionState = 'DISCONNECTED'
  #running = false
  #gen = 0
  #cur: Current | undefined
  #token: ImToken | null
  #attempts = 0
  #kickouts: number[] = []
  #tokenTimer: Timer | undefined

  constructor(o: GoofishClientOptions) {
    this.#o = o
    this.#cfg = { ...DEFAULT_CLIENT_CONFIG, ...o.config }
    this.#clock = o.clock ?? systemClock
    this.#random = o.random ?? Math.random
    this.#log = o.logger
    this.#token = o.initialToken && o.initialToken.deviceId === o.deviceId ? o.initialToken : null
    this.#emitter = new Emitter((err) => this.#log?.error('goofish: listener threw', { error: msg(err) }))
    const ownSends = new OwnSendTracker(this.#cfg.ownEchoWindowMs)
    this.#inbound = new Inbound({ unb: o.unb, clock: this.#clock, logger: o.logger, emitter: this.#emitter, ownSends, recentIdsMax: this.#cfg.recentIdsMax })
    const mtop: MtopClient = new MtopClient({
      fetch: o.fetch, jar: o.jar, mtopBase: o.endpoints.mtopBase, userAgent: o.userAgent, clock: this.#clock, random: this.#random,
      ...(o.logger ? { logger: o.logger } : {}), ...(o.onCookies ? { onCookies: o.onCookies } : {}),
      renewSession: () => hasLogin(mtop, o.endpoints.passportBase)
    })
    this.mtop = mtop
    this.items = new ItemCache({ load: (id) => fetchItemDetail(mtop, id), now: () => this.#clock.now() })
    this.#sender = new Sender({
      unb: o.unb, clock: this.#clock, random: this.#random, config: () => this.#cfg, ownSends, mtop, uploadUrl: o.endpoints.uploadUrl,
      session: () => (this.#cur?.healthy ? this.#cur.s : undefined)
    })
  }

  on<K extends keyof ClientEvents>(key: K, fn: (payload: ClientEvents[K]) => void): () => void {
    return this.#emitter.on(key, fn)
  }

  get state(): ConnectionState {
    return this.#state
  }

  /** The current IM token (cache it with the device id to reuse across restarts). */
  get token(): ImToken | null {
    return this.#token
  }

  /** Connect (idempotent while running). After FAILED, fix the cause (new cookies) and call again. */
  start(): void {
    if (this.#running) return
    this.#running = true
    this.#attempts = 0
    this.#kickouts = []
    this.#setState('CONNECTING', 'start')
    void this.#connect()
  }

  /** Disconnect for good; every timer is disposed. */
  async stop(): Promise<void> {
    this.#halt('stopped')
    this.#setState('CLOSED', 'stopped')
  }

  sendText(input: SendTextInput): Promise<SendResult> {
    return this.#sender.sendText(input)
  }

  sendImage(input: SendImageInput): Promise<SendResult> {
    return this.#sender.sendImage(input)
  }

  /** The chat with a buyer about an item, created on the platform when missing (§6.3). */
  openConversation(input: { toUserId: string; itemId: string }): Promise<string> {
    return this.#sender.openConversation(input)
  }

  /**
   * Settings that apply without a reconnect (issue 14.4): the send rate and human delay are read at
   * the next send; a new token-refresh period reschedules the refresh from the current token's age.
   */
  updateConfig(patch: Partial<Pick<GoofishClientConfig, 'sendRatePerMinute' | 'humanDelayMs' | 'tokenRefreshMs'>>): void {
    const before = this.#cfg.tokenRefreshMs
    this.#cfg = { ...this.#cfg, ...patch }
    if (this.#cfg.tokenRefreshMs === before || !this.#running || !this.#tokenTimer) return
    const age = this.#token ? this.#clock.now() - this.#token.obtainedAt : 0
    this.#scheduleTokenRefresh(Math.max(5_000, this.#cfg.tokenRefreshMs - age))
  }

  /** The config in effect (tests). */
  get config(): Readonly<GoofishClientConfig> {
    return this.#cfg
  }

  /** Fetch a new IM token now, then restart the socket with it (as [A] does). */
  async refreshToken(reason = 'manual'): Promise<void> {
    let token: ImToken
    try {
      token = await fetchImToken(this.mtop, this.#o.deviceId, this.#clock.now())
    } catch (err) {
      if (err instanceof GoofishError && err.needsHuman) this.#fail(err)
      else if (this.#running) this.#scheduleTokenRefresh(this.#cfg.tokenRetryMs)
      throw err
    }
    this.#setToken(token)
    if (this.#running) this.#reconnect(`token refreshed (${reason})`, { immediate: true })
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  #setState(state: ConnectionState, reason: string, error?: GoofishError): void {
    const previous = this.#state
    if (previous === state && state !== 'RECONNECTING') return
    this.#state = state
    this.#log?.info('goofish: state', { state, previous, reason })
    this.#emitter.emit('state', { state, previous, reason, at: this.#clock.now(), ...(error ? { error } : {}) })
  }

  #after(ms: number, fn: () => void, scope: 'client' | 'session'): Timer {
    const set = scope === 'session' ? this.#sessionTimers : this.#timers
    const t: Timer = this.#clock.setTimeout(() => {
      set.delete(t)
      fn()
    }, Math.max(0, ms))
    set.add(t)
    return t
  }

  #live(gen: number): boolean {
    return this.#running && gen === this.#gen
  }

  async #connect(): Promise<void> {
    const gen = ++this.#gen
    let token: ImToken
    try {
      token = await this.#ensureToken()
    } catch (err) {
      if (this.#live(gen)) this.#onFailure(err, 'IM token')
      return
    }
    if (!this.#live(gen)) return
    const s = this.#newSession()
    try {
      await s.open()
    } catch (err) {
      if (this.#live(gen)) this.#reconnect(`open failed: ${msg(err)}`)
      return
    }
    if (!this.#live(gen)) return s.close(1000, 'superseded')
    const cur: Current = { s, regAt: 0, regOk: false, syncOk: false, healthy: false, healthyAt: 0 }
    this.#cur = cur
    this.#startHeartbeat(cur)
    this.#after(this.#cfg.healthySyncTimeoutMs, () => {
      if (this.#cur === cur && !cur.healthy) this.#reconnect('zombie: no healthy sync after connect')
    }, 'session')
    void this.#registerAndSync(cur, token)
  }

  #newSession(): WsSession {
    const headers = wsUpgradeHeaders(this.#o.jar.toHeader(), this.#o.userAgent)
    const s: WsSession = new WsSession({
      WebSocket: this.#o.WebSocket, url: this.#o.endpoints.wsUrl, headers, clock: this.#clock, random: this.#random, logger: this.#log,
      openTimeoutMs: this.#cfg.openTimeoutMs,
      hooks: {
        onPush: (frame) => this.#onPush(s, frame),
        onBadFrame: (raw, message) => this.#emitter.emit('error', { type: 'frame', raw, message }),
        onClose: (code, reason) => this.#onSessionClose(s, code, reason)
      }
    })
    return s
  }

  async #ensureToken(): Promise<ImToken> {
    const t = this.#token // reused until 5 min before its reported expiry
    if (t && (t.expiresInMs === null || t.obtainedAt + t.expiresInMs - 300_000 > this.#clock.now())) return t
    const fresh = await fetchImToken(this.mtop, this.#o.deviceId, this.#clock.now())
    this.#setToken(fresh)
    return fresh
  }

  #setToken(token: ImToken): void {
    this.#token = token
    this.#emitter.emit('token', token)
    if (this.#running) this.#scheduleTokenRefresh()
  }

  #scheduleTokenRefresh(ms?: number): void {
    this.#tokenTimer?.cancel()
    if (this.#tokenTimer) this.#timers.delete(this.#tokenTimer)
    const j = this.#cfg.tokenRefreshJitter
    const delay = ms ?? Math.round(this.#cfg.tokenRefreshMs * (1 - j + 2 * j * this.#random()))
    this.#tokenTimer = this.#after(delay, () => {
      if (this.#running) this.refreshToken('scheduled').catch((err: unknown) => this.#log?.warn('goofish: token refresh failed', { error: msg(err) }))
    }, 'client')
  }

  async #registerAndSync(cur: Current, token: ImToken): Promise<void> {
    cur.regAt = this.#clock.now()
    const reg = this.#request(cur, (mid) => regFrame({ token: token.accessToken, did: this.#o.deviceId, mid, ua: dingTalkUa(this.#o.userAgent) }))
    if (this.#o.endpoints.syncStart === 'ackDiffNow') {
      // [A]/[X]: ackDiff ~1 s after /reg without waiting for its response
      this.#after(this.#cfg.syncDelayMs, () => void this.#sync(cur, (mid) => ackDiffNowFrame(mid, this.#clock.now())), 'session')
      await this.#onReg(cur, reg)
      return
    }
    if (!(await this.#onReg(cur, reg))) return
    const st = await this.#request(cur, getStateFrame)
    if (!st || this.#cur !== cur) return
    const state: JsonObject = isJsonObject(st.body ?? null) ? (st.body as JsonObject) : (ackDiffNowFrame('', this.#clock.now()).body?.[0] as JsonObject)
    await this.#sync(cur, (mid) => ackDiffStateFrame(mid, state))
  }

  /** A request on the current session; null (already handled) on timeout or close. */
  async #request(cur: Current, build: (mid: string) => LwpRequest): Promise<LwpResponse | null> {
    try {
      return await cur.s.request(build, this.#cfg.requestTimeoutMs)
    } catch (err) {
      if (this.#cur === cur) this.#log?.warn('goofish: request failed', { error: msg(err) })
      return null
    }
  }

  async #onReg(cur: Current, reg: Promise<LwpResponse | null>): Promise<boolean> {
    const r = await reg
    if (this.#cur !== cur || !r) return false // timeout: the healthy-sync timer reconnects
    if (r.code === 200) {
      cur.regOk = true
      this.#maybeHealthy(cur)
      return true
    }
    this.#reconnect(`/reg rejected (code ${r.code}): token refused`, { tokenInvalid: true })
    return false
  }

  async #sync(cur: Current, build: (mid: string) => LwpRequest): Promise<void> {
    const r = await this.#request(cur, build)
    if (this.#cur !== cur || !r) return
    if (r.code !== 200) return this.#reconnect(`sync refused (code ${r.code})`)
    cur.syncOk = true
    this.#maybeHealthy(cur)
  }

  #maybeHealthy(cur: Current): void {
    if (cur.healthy || !cur.regOk || !cur.syncOk || this.#cur !== cur) return
    cur.healthy = true
    cur.healthyAt = this.#clock.now()
    this.#attempts = 0
    this.#setState('CONNECTED', 'registered and synced')
    if (!this.#tokenTimer) this.#scheduleTokenRefresh()
    this.#after(this.#cfg.backfillDelayMs, () => void this.#backfill(cur), 'session')
    if (this.#cfg.probeIntervalMs > 0) this.#after(this.#cfg.probeIntervalMs, () => void this.#probe(cur), 'session')
  }

  async #probe(cur: Current): Promise<void> {
    const deps = { request: (b: (mid: string) => LwpRequest) => this.#request(cur, b), stillCurrent: () => this.#cur === cur, deliver: (e: GoofishEvent) => this.#inbound.deliver(e), ctx: () => this.#inbound.ctx(), clock: this.#clock, limit: this.#cfg.backfillLimit, isKnown: (m: MessageFields) => this.#inbound.isKnown(m) }
    const missed = await runProbe(deps, cur.healthyAt, this.#cfg.probeGraceMs)
    if (this.#cur !== cur) return
    if (missed) return this.#reconnect(`zombie: ${missed} message(s) found only by listing, pushes are lost`)
    this.#after(this.#cfg.probeIntervalMs, () => void this.#probe(cur), 'session')
  }

  #startHeartbeat(cur: Current): void {
    const limit = this.#cfg.zombieHeartbeats * this.#cfg.heartbeatMs
    const tick = (): void => {
      if (this.#cur !== cur) return
      const silent = this.#clock.now() - cur.s.lastFrameAt
      if (silent > limit) return this.#reconnect(`zombie: no frames for ${silent} ms`)
      cur.s.send(heartbeatFrame(cur.s.newMid()))
      this.#after(this.#cfg.heartbeatMs, tick, 'session')
    }
    this.#after(this.#cfg.heartbeatMs, tick, 'session')
  }

  #teardown(reason: string): void {
    this.#gen++
    for (const t of this.#sessionTimers) t.cancel()
    this.#sessionTimers.clear()
    const cur = this.#cur
    this.#cur = undefined
    cur?.s.close(1000, reason.slice(0, 100))
  }

  #reconnect(reason: string, o: { immediate?: boolean; tokenInvalid?: boolean; minDelayMs?: number } = {}): void {
    if (!this.#running) return
    this.#teardown(reason)
    if (o.tokenInvalid) this.#token = null
    const delay = o.immediate ? 0 : Math.max(o.minDelayMs ?? 0, backoffDelay(this.#attempts++, this.#cfg.reconnect, this.#random))
    this.#setState('RECONNECTING', `${reason}; retry in ${delay} ms`)
    const gen = this.#gen
    this.#after(delay, () => {
      if (this.#live(gen)) void this.#connect()
    }, 'client')
  }

  #onFailure(err: unknown, context: string): void {
    if (err instanceof GoofishError && err.needsHuman) return this.#fail(err)
    this.#emitter.emit('error', { type: 'client', context, error: err instanceof Error ? err : new Error(String(err)) })
    // rate limited: cool down instead of hammering the API into a ban ([X2]: 300 s)
    const cool = err instanceof GoofishError && err.kind === 'rate_limited' ? this.#cfg.rateLimitCooldownMs : 0
    this.#reconnect(`${context}: ${msg(err)}`, { minDelayMs: cool })
  }

  #fail(err: GoofishError): void {
    this.#halt(err.message)
    this.#setState('FAILED', err.message, err)
  }

  /** Stop everything: socket, session timers, reconnect and token timers. */
  #halt(reason: string): void {
    this.#running = false
    this.#sender.dispose()
    this.#teardown(reason)
    for (const t of this.#timers) t.cancel()
    this.#timers.clear()
    this.#tokenTimer = undefined
  }

  #onSessionClose(s: WsSession, code: number, reason: string): void {
    const cur = this.#cur
    if (!cur || cur.s !== s || !this.#running) return
    const short = !cur.healthy && cur.regAt > 0 && this.#clock.now() - cur.regAt < this.#cfg.shortSessionMs
    // [X2]: a bad token shows as the server closing within seconds of /reg
    if (short) this.#reconnect(`closed ${this.#clock.now() - cur.regAt} ms after /reg (${code}): token refused`, { tokenInvalid: true })
    else this.#reconnect(`socket closed (${code}${reason ? ` ${reason}` : ''})`)
  }

  // ── inbound ──────────────────────────────────────────────────────────────

  #onPush(s: WsSession, frame: JsonValue): void {
    if (this.#cur?.s === s && this.#inbound.onPush(frame) === 'kickout') this.#onKickout()
  }

  #onKickout(): void {
    const now = this.#clock.now()
    this.#kickouts = [...this.#kickouts.filter((t) => now - t < 10 * 60_000), now]
    if (this.#kickouts.length >= this.#cfg.maxKickouts) {
      return this.#fail(new GoofishError('kicked_out', 'kicked out repeatedly: another client is using this account'))
    }
    this.#reconnect('kicked out by another login')
  }

  async #backfill(cur: Current): Promise<void> {
    try {
      await runBackfill({
        request: (build) => this.#request(cur, build), stillCurrent: () => this.#cur === cur, deliver: (e) => this.#inbound.deliver(e), ctx: () => this.#inbound.ctx(),
        clock: this.#clock, limit: this.#cfg.backfillLimit, activeConversations: this.#o.activeConversations,
        onRefused: (code, cid) => this.#log?.warn('goofish: backfill refused', { code, cid }),
        ...(this.#o.backfillSince ? { since: this.#o.backfillSince } : {})
      })
    } catch (err) {
      this.#emitter.emit('error', { type: 'client', context: 'backfill', error: err instanceof Error ? err : new Error(String(err)) })
    }
    // after a failed backfill too: what is stored can be resumed either way
    if (this.#cur === cur) this.#emitter.emit('backfilled', { at: this.#clock.now() })
  }
}
