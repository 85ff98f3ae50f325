/**
 * Shared state of one simulator instance: options, fault switches, counters, timers, events.
 */
import { EventEmitter } from 'node:events'
import type { AuthState } from './auth'
import type { LoginState } from './loginState'
import type { SimConversation, SimMessage, SimOrder, World } from './world'

export type BadTokenMode = '401' | 'close' | 'both'
export type EchoMode = 'off' | 'all' | 'others'

export interface GatewayOptions {
  /** How `/reg` with a bad token is answered (§4.3: both behaviours are reported). */
  readonly badTokenMode: BadTokenMode
  /** Delay before the server closes a socket whose token was rejected (`close`/`both`). */
  readonly badTokenCloseMs: number
  /** The IM token must be used with the device id it was issued for (§3.1, §10.11). */
  readonly bindDeviceId: boolean
  /** Emulate [G]'s claim: no pushes until the client did getState → ackDiff (§4.4). */
  readonly requireGetState: boolean
  /** Push the seller's own sends back to their sockets (§8.5 open question). */
  echoOwnSends: EchoMode
  /** Pushes produced within this window share one sync package. */
  readonly batchWindowMs: number
  /** List RPCs within this long after `/reg` get flow-control code 400600001 (§4.8). 0 = off. */
  readonly listCooldownMs: number
  /** Close sockets that send no heartbeat for this long. 0 = never (real timeout unknown, §10.5). */
  readonly heartbeatTimeoutMs: number
  /** A second `/reg` with the same did kicks the first socket out (`/push/kickout`, §9.9). */
  readonly kickoutOnDuplicateReg: boolean
  /** Re-push a frame once when it is not ACKed within this many ms. 0 = never. */
  readonly repushUnackedMs: number
  /** Only accept WS upgrades from this Origin (undefined = any). */
  readonly requireOrigin: string | undefined
  /** Sends whose text matches one of these are refused with `CSI_FORBID||安全拦截`. */
  readonly blockedPatterns: ReadonlyArray<RegExp>
}

export interface Faults {
  /** Heartbeats are received but not answered. */
  stallHeartbeats: boolean
  /** Zombie socket: heartbeats answered, pushes silently not delivered (still stored for backfill). */
  zombie: boolean
  /** Each push frame is sent this many extra times (with fresh mids, same payload). */
  duplicatePushes: number
  /** Hold this many push frames and send them in reverse order. 0 = off. */
  reorderWindow: number
  /** Delay before every mtop/HTTP response. */
  mtopDelayMs: number
  /** Delay before every WS response frame (not pushes). */
  wsDelayMs: number
  /** The next N sends are refused with `CSI_FORBID||安全拦截`. */
  blockNextSends: number
  /** Extra delay before the answer of one mtop API (api name → ms), on top of `mtopDelayMs`. */
  apiDelays: Record<string, number>
  /** consign.dummy / freeshipping answer a business error (the platform's message) instead of shipping. */
  shipFailures: ShipFailure[]
  /** Sends through the gateway that fail (see `SendFailMode`). */
  sendFailures: SendFailure[]
  /** After a socket starts sync, the last N stored messages of its seller are pushed again (same ids). */
  replayOnSync: number
}

export interface ShipFailure {
  /** Only this order (null: any order). */
  readonly orderId: string | null
  /** Calls left to fail; -1 = every call. */
  remaining: number
  /** The `ret` answered, e.g. `FAIL_BIZ_CONSIGN_ERROR::发货失败，请稍后重试`. */
  readonly ret: string
}

/**
 * forbid: answered `{reason, moreInfo:"CSI_FORBID||安全拦截"}`, not stored;
 * error: code 500 `{reason:"系统繁忙，请稍后再试"}`, not stored;
 * timeout: never answered, not stored;
 * lostAck: stored and delivered to the buyer, but never answered (the client cannot know it went out).
 */
export type SendFailMode = 'forbid' | 'error' | 'timeout' | 'lostAck'

export interface SendFailure {
  /** Only sends whose text contains this (null: any send). */
  readonly contains: string | null
  /** Sends left to fail; -1 = every matching send. */
  remaining: number
  readonly mode: SendFailMode
}

/** Fresh fault switches (all off); the rule lists are new arrays each time. */
export function noFaults(): Faults {
  return {
    stallHeartbeats: false, zombie: false, duplicatePushes: 0, reorderWindow: 0, mtopDelayMs: 0, wsDelayMs: 0, blockNextSends: 0,
    apiDelays: {}, shipFailures: [], sendFailures: [], replayOnSync: 0
  }
}

export const NO_FAULTS: Readonly<Faults> = Object.freeze(noFaults())

/** One mtop call as the simulator saw it (newest last; the last 5000 are kept). */
export interface MtopLogEntry {
  readonly at: number
  readonly api: string
  readonly unb: string
  readonly data: string
  /** Request headers the order APIs care about (§3.4): idle_site_biz_code, referer, origin. */
  readonly headers: Readonly<Record<string, string>>
  readonly ret: string
}

export interface Counters {
  connections: number
  regs: number
  regFailures: number
  heartbeats: number
  heartbeatsAnswered: number
  acks: number
  duplicateAcks: number
  unknownAcks: number
  pushFrames: number
  pushItems: number
  droppedPushes: number
  sends: number
  blockedSends: number
  tokenCalls: number
  mtopCalls: number
  signFailures: number
  backfillCalls: number
  uploads: number
  consignCalls: number
  freeshippingCalls: number
  orderDetailCalls: number
  soldListCalls: number
  /** Sends refused or swallowed by `failSends`. */
  failedSends: number
  /** Messages pushed again by `replayOnSync`. */
  replayedPushes: number
  malformedClientFrames: number
  /** passport QR codes generated / query.do polls answered */
  qrGenerates: number
  qrQueries: number
  /** form logins on `/login`; IM page loads (rotations / redirects to login) */
  formLogins: number
  imPageLoads: number
  imRefreshes: number
  imRedirects: number
  /** punish-page slider attempts */
  sliderAttempts: number
  sliderPasses: number
}

export function zeroCounters(): Counters {
  return {
    connections: 0, regs: 0, regFailures: 0, heartbeats: 0, heartbeatsAnswered: 0, acks: 0, duplicateAcks: 0,
    unknownAcks: 0, pushFrames: 0, pushItems: 0, droppedPushes: 0, sends: 0, blockedSends: 0, tokenCalls: 0,
    mtopCalls: 0, signFailures: 0, backfillCalls: 0, uploads: 0, consignCalls: 0, freeshippingCalls: 0, orderDetailCalls: 0, soldListCalls: 0,
    failedSends: 0, replayedPushes: 0, malformedClientFrames: 0, qrGenerates: 0,
    qrQueries: 0, formLogins: 0, imPageLoads: 0, imRefreshes: 0, imRedirects: 0, sliderAttempts: 0, sliderPasses: 0
  }
}

/** Tracks every timer so `close()` can dispose them all. */
export class Timers {
  readonly #set = new Set<NodeJS.Timeout>()
  #closed = false

  after(ms: number, fn: () => void): () => void {
    if (this.#closed) return () => undefined
    const h = setTimeout(() => {
      this.#set.delete(h)
      fn()
    }, Math.max(0, ms))
    this.#set.add(h)
    return () => {
      clearTimeout(h)
      this.#set.delete(h)
    }
  }

  every(ms: number, fn: () => void): () => void {
    const h = setInterval(fn, ms)
    this.#set.add(h)
    return () => {
      clearInterval(h)
      this.#set.delete(h)
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve()
      this.after(ms, resolve)
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  clearAll(): void {
    this.#closed = true
    for (const h of this.#set) clearTimeout(h)
    this.#set.clear()
  }
}

/** Events for tests and the app's demo mode. */
export interface SimEvents {
  /** The seller sent a message through the gateway (delivered to the buyer). */
  sellerSent: [SimMessage]
  /** A buyer (scripted or injected) or the platform produced a message for a seller. */
  message: [SimMessage]
  reg: [{ unb: string; did: string; ok: boolean }]
  /** An order changed status (e.g. shipped through consign.dummy). */
  order: [SimOrder]
}

export interface SimContext {
  readonly world: World
  readonly auth: AuthState
  /** QR sessions, verification switch, slider attempts. */
  readonly login: LoginState
  readonly gw: GatewayOptions
  readonly faults: Faults
  readonly counters: Counters
  readonly timers: Timers
  readonly events: EventEmitter<SimEvents>
  /** Recent mtop calls (inspection: `mtopLog`). */
  readonly mtopLog: MtopLogEntry[]
  readonly now: () => number
  /** `Domain` attribute of issued cookies (undefined: none, as loopback clients need). */
  readonly cookieDomain: string | undefined
  /** Base URL of this instance (set once listening). */
  baseUrl: string
  /** Store-and-forward: push a stored message to its seller's sockets (set by the server). */
  deliver: (msg: SimMessage) => void
  /** Push a typing indicator of the buyer to the conversation's seller. */
  deliverTyping: (conv: SimConversation) => void
  /** Sellers with a registered socket now (set by the server). */
  onlineSellers: () => string[]
}

export function createContext(parts: Omit<SimContext, 'faults' | 'counters' | 'timers' | 'events' | 'mtopLog' | 'baseUrl' | 'deliver' | 'deliverTyping' | 'onlineSellers'>): SimContext {
  return {
    ...parts,
    deliver: () => undefined,
    onlineSellers: () => [],
    deliverTyping: () => undefined,
    faults: noFaults(),
    counters: zeroCounters(),
    mtopLog: [],
    timers: new Timers(),
    events: new EventEmitter<SimEvents>(),
    baseUrl: ''
  }
}
