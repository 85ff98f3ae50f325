/**
 * Configuration, options and events of GoofishClient (see wsClient.ts for the API overview).
 */
import type { ConnectionState, Endpoints } from '@contract/schemas'
import type { Clock, Logger } from '../ports'
import type { ImToken } from './apis'
import type { BackoffPolicy } from './backoff'
import type { GoofishEvent } from './classify'
import type { CookieJar } from './cookies'
import type { GoofishError } from './errors'
import type { InnerJsonStyle } from './frames'
import type { RandomFn } from './ids'
import type { PayloadDecodeError } from './payload'
import type { FetchLike, WsConstructor } from './types'

export interface GoofishClientConfig {
  /** Application heartbeat `/!` interval (§4.5). */
  readonly heartbeatMs: number
  /** Zombie rule 1: no frame at all for this many heartbeat intervals → reconnect. */
  readonly zombieHeartbeats: number
  /** Zombie rule 2: after (re)connecting or a token refresh, `/reg` + ackDiff must succeed within this. */
  readonly healthySyncTimeoutMs: number
  /** Timeout of ordinary requests over the socket. */
  readonly requestTimeoutMs: number
  readonly openTimeoutMs: number
  /** Delay between `/reg` and ackDiff in the "now" variant (~1 s in [A]/[X]). */
  readonly syncDelayMs: number
  /** IM token refresh period (default hourly) and its ± jitter fraction. */
  readonly tokenRefreshMs: number
  readonly tokenRefreshJitter: number
  /** Retry of a failed scheduled refresh ([A]: 300 s). */
  readonly tokenRetryMs: number
  /** A session that dies this soon after `/reg` without a healthy sync counts as a token rejection ([X2]). */
  readonly shortSessionMs: number
  readonly reconnect: BackoffPolicy
  /** Minimum wait before retrying after an mtop rate limit. */
  readonly rateLimitCooldownMs: number
  /** Sends per minute per account. */
  readonly sendRatePerMinute: number
  /** Longest wait for a send slot before failing with send_rate_limited. */
  readonly maxSendQueueMs: number
  /** Optional human-like delay before each send. */
  readonly humanDelayMs: { readonly min: number; readonly max: number }
  /** [X2] waits ≤ 10 s for a refusal body and treats silence as success. */
  readonly sendResponseTimeoutMs: number
  readonly innerJsonStyle: InnerJsonStyle
  readonly imageCustomType: 1 | 2
  /** Wait after a healthy sync before backfill requests (flow control `400600001`, §4.4). */
  readonly backfillDelayMs: number
  readonly backfillLimit: number
  /**
   * Zombie rule 3: every probeIntervalMs, list the newest conversations; a peer message older
   * than probeGraceMs that never arrived as a push means pushes are lost → reconnect. 0 = off.
   */
  readonly probeIntervalMs: number
  readonly probeGraceMs: number
  readonly recentIdsMax: number
  readonly ownEchoWindowMs: number
  /** Kick-outs within 10 minutes that turn the account FAILED (someone else uses it). */
  readonly maxKickouts: number
}

export const DEFAULT_CLIENT_CONFIG: GoofishClientConfig = {
  heartbeatMs: 15_000,
  zombieHeartbeats: 3,
  healthySyncTimeoutMs: 20_000,
  requestTimeoutMs: 10_000,
  openTimeoutMs: 15_000,
  syncDelayMs: 1_000,
  tokenRefreshMs: 60 * 60_000,
  tokenRefreshJitter: 0.1,
  tokenRetryMs: 5 * 60_000,
  shortSessionMs: 15_000,
  reconnect: { baseMs: 1_000, maxMs: 60_000, jitter: 0.3 },
  rateLimitCooldownMs: 300_000,
  sendRatePerMinute: 20,
  maxSendQueueMs: 60_000,
  humanDelayMs: { min: 0, max: 0 },
  sendResponseTimeoutMs: 10_000,
  innerJsonStyle: 'python',
  imageCustomType: 1,
  backfillDelayMs: 3_000,
  backfillLimit: 20,
  probeIntervalMs: 120_000,
  probeGraceMs: 20_000,
  recentIdsMax: 2_000,
  ownEchoWindowMs: 120_000,
  maxKickouts: 3
}

export interface GoofishClientOptions {
  /** Logged-in user id (cookie `unb`). */
  readonly unb: string
  /** Persisted per account (generateDeviceId once); used in the token call and in `/reg`. */
  readonly deviceId: string
  /** The account's cookie jar; mutated in place as Set-Cookie arrives. */
  readonly jar: CookieJar
  /** The account's one desktop-Chrome UA (mtop, WS upgrade and `/reg` ua). */
  readonly userAgent: string
  readonly endpoints: Endpoints
  readonly WebSocket: WsConstructor
  readonly fetch: FetchLike
  readonly clock?: Clock
  readonly random?: RandomFn
  readonly logger?: Logger
  /** The jar changed: persist it (encrypted). */
  readonly onCookies?: (jar: CookieJar) => void
  /** A cached token (with the same deviceId) to try first; dropped on rejection. */
  readonly initialToken?: ImToken | null
  /** cids whose recent messages are backfilled after each (re)connect; default: newest conversations. */
  readonly activeConversations?: () => ReadonlyArray<string> | Promise<ReadonlyArray<string>>
  readonly config?: Partial<GoofishClientConfig>
  /**
   * Gap-free backfill: for a cid, the newest message time already stored (null: none). With it,
   * every conversation the listing shows as newer is paged back (listUserMessages) to that point,
   * so no message the platform holds is skipped however long the outage (issue 15.2).
   */
  readonly backfillSince?: (cid: string) => number | null
}

export interface StateChange {
  readonly state: ConnectionState
  readonly previous: ConnectionState
  readonly reason: string
  readonly at: number
  /** Set with FAILED: what a human must fix (needs_login / needs_verification + verifyUrl). */
  readonly error?: GoofishError
}

export interface MessageEvent {
  readonly event: GoofishEvent
  /** messageDedupeKey for chat-shaped events, null for typing/unknown. */
  readonly dedupeKey: string | null
}

export type ClientError =
  | { readonly type: 'decode'; readonly error: PayloadDecodeError; readonly lwp: string; readonly bizType: number | null }
  | { readonly type: 'frame'; readonly raw: string; readonly message: string }
  | { readonly type: 'client'; readonly context: string; readonly error: Error }

export type ClientEvents = {
  state: StateChange
  message: MessageEvent
  error: ClientError
  /** A new IM token (cache it with the device id if you want to reuse it across restarts). */
  token: ImToken
  /** The backfill after a (re)connect finished: everything the platform held is delivered. */
  backfilled: { readonly at: number }
}

export interface SendResult {
  readonly cid: string
  readonly uuid: string
  /** Server message id from the response, when it gave one. */
  readonly messageId: string | null
  /** False when the gateway stayed silent (treated as success, as [X2] does). */
  readonly confirmed: boolean
}

export interface SendTextInput {
  /** Our client id for this send (the caller's idempotency key); generated when absent. */
  readonly uuid?: string
  /** Called when the send has to wait for the send-rate limit (ms until its slot, at least 1). */
  readonly onQueued?: (waitMs: number) => void
  /** Conversation id; when absent a conversation is created for (toUserId, itemId). */
  readonly cid?: string
  readonly toUserId: string
  readonly itemId?: string
  readonly text: string
}

export type ImageSource = { readonly url: string; readonly width: number; readonly height: number } | { readonly bytes: Uint8Array; readonly filename: string; readonly mime: string }

export interface SendImageInput {
  /** Our client id for this send (the caller's idempotency key); generated when absent. */
  readonly uuid?: string
  /** Called when the send has to wait for the send-rate limit (ms until its slot, at least 1). */
  readonly onQueued?: (waitMs: number) => void
  readonly cid?: string
  readonly toUserId: string
  readonly itemId?: string
  readonly image: ImageSource
}
