import { WebSocket } from 'ws'
import type { Endpoints } from '@contract/schemas'
import type { ReplyPart } from '@contract/rules'
import { AppError } from '../errors'
import { GoofishClient, hasLogin, isGoofishError, uploadImage, toAppError, type ClientError, type FetchLike, type GoofishClientConfig, type StateChange, type WsConstructor } from '../goofish'
import type { AccountRow } from '../db/repos/accountRepo'
import type { ConversationRepo } from '../db/repos/conversationRepo'
import type { ItemRepo } from '../db/repos/itemRepo'
import type { CoreEvents } from '../events'
import type { Clock, Logger } from '../ports'
import type { ReplySender, SendOptions, SentPart } from '../pipeline/ports'
import type { AccountService } from './accountService'
import type { SettingsService } from './settingsService'
import type { IngestService } from './ingest'
import { statusFor, toInbound, toItemRow } from './clientEvents'

/** Production endpoints (goofish-protocol.md §2–§4). */
export const XIANYU_ENDPOINTS: Endpoints = {
  mtopBase: 'https://h5api.m.goofish.com',
  passportBase: 'https://passport.goofish.com',
  wsUrl: 'wss://wss-goofish.dingtalk.com/',
  uploadUrl: 'https://stream-upload.goofish.com/api/upload.api?floderId=0&appkey=xy_chat&_input_charset=utf-8',
  syncStart: 'ackDiffNow'
}

const ITEM_MAX_AGE_MS = 24 * 60 * 60_000

export interface NetPorts {
  readonly WebSocket: WsConstructor
  readonly fetch: FetchLike
}

export const realNet: NetPorts = { WebSocket: WebSocket as unknown as WsConstructor, fetch: globalThis.fetch.bind(globalThis) as FetchLike }

export interface AccountManagerDeps {
  readonly accounts: AccountService
  readonly conversations: ConversationRepo
  readonly items: ItemRepo
  readonly ingest: IngestService
  readonly settings: SettingsService
  readonly events: CoreEvents
  readonly clock: Clock
  readonly logger: Logger
  readonly net: NetPorts
  /** Endpoints for accounts that name none of their own (demo accounts name the bundled simulator's). */
  readonly endpointsFor: (row: AccountRow) => Promise<Endpoints>
  /** A connection state change (after the status was stored): recovery and notifications hang here. */
  readonly onState?: (accountId: string, change: StateChange) => void
  /** How often a connected account's login is renewed (hasLogin.do), ± 15 %. Default 6 h. */
  readonly keepAliveMs?: number
  /** The keep-alive found the login dying: try a browser refresh (rate-limited by the caller). */
  readonly onLoginDying?: (accountId: string) => void
  /** A new order card (paid, shipped, …) arrived in a chat. */
  readonly onOrder?: (accountId: string, cid: string, state: string, orderId: string | null) => void
  /** Client config overrides (tests, benchmarks), applied over the settings-derived values. */
  readonly clientConfig?: Partial<GoofishClientConfig> | undefined
  /** The backfill after a (re)connect finished: stored messages left without an answer can be resumed. */
  readonly onBackfilled?: (accountId: string) => void
}

/**
 * The gap-free backfill pages a chat back to its newest stored message, less this margin: our own
 * sends are stored with the local clock, the platform's messages with its own.
 */
const BACKFILL_MARGIN_MS = 2 * 60_000

/**
 * One live protocol client per enabled account: started at start-up, stopped on disable/remove,
 * restarted after a new login. Maps the client's events into the app: statuses, messages (persisted
 * first, then the pipeline), item details, and cookies (saved encrypted whenever they change).
 */
export class AccountManager implements ReplySender {
  readonly #d: AccountManagerDeps
  readonly #clients = new Map<string, GoofishClient>()
  readonly #itemLoads = new Map<string, Promise<void>>()
  /** Start/stop of one account run one at a time: two starts must never make two connections. */
  readonly #ops = new Map<string, Promise<void>>()
  readonly #keepAlive = new Map<string, { cancel(): void }>()
  readonly #uploadUrls = new Map<string, string>()
  #stopped = false
  #unsubscribe: (() => void) | null = null

  constructor(deps: AccountManagerDeps) {
    this.#d = deps
  }

  async start(): Promise<void> {
    const offAccounts = this.#d.events.on('account.changed', (e) => void this.#sync(e.id, e.removed))
    const offSettings = this.#d.settings.onChange((accountId) => this.#applySettings(accountId))
    this.#unsubscribe = () => {
      offAccounts()
      offSettings()
    }
    for (const a of this.#d.accounts.list()) if (a.enabled && a.hasCookies) await this.#serial(a.id, () => this.#startClient(a.id))
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#unsubscribe?.()
    await Promise.all([...this.#clients.keys()].map((id) => this.#stopClient(id)))
  }

  client(accountId: string): GoofishClient | undefined {
    return this.#clients.get(accountId)
  }

  /** ReplySender: one send through the account's live connection, never retried here. */
  async send(accountId: string, cid: string, part: ReplyPart, opts: SendOptions = {}): Promise<SentPart> {
    const client = this.#clients.get(accountId)
    if (!client) throw new AppError('UNAVAILABLE', '账号未连接，消息没有发出 / The account is not connected; nothing was sent')
    const conv = this.#d.conversations.get(accountId, cid)
    if (!conv?.buyerId) throw new AppError('NOT_FOUND', `会话没有买家信息 / The chat ${cid} has no buyer to send to`)
    try {
      const o = { ...(opts.idemKey !== undefined ? { uuid: opts.idemKey } : {}), ...(opts.onQueued ? { onQueued: opts.onQueued } : {}) }
      const r = part.kind === 'text'
        ? await client.sendText({ cid, toUserId: conv.buyerId, text: part.text, ...o })
        : await client.sendImage({ cid, toUserId: conv.buyerId, image: { url: part.url, width: part.width ?? 800, height: part.height ?? 800 }, ...o })
      return { clientUuid: r.uuid, platformMessageId: r.messageId, confirmed: r.confirmed }
    } catch (err) {
      throw err instanceof AppError ? err : toAppErrorSafe(err)
    }
  }

  /**
   * The chat with a buyer about an item, opened on the platform when it is not known here (an order
   * found in the sold list before its card): stored with its buyer and item so a send can reach it.
   */
  async openChat(accountId: string, o: { buyerId: string; buyerNick: string; itemId: string }): Promise<string> {
    const client = this.#clients.get(accountId)
    if (!client) throw new AppError('UNAVAILABLE', '账号未连接 / The account is not connected')
    try {
      const cid = await client.openConversation({ toUserId: o.buyerId, itemId: o.itemId })
      this.#d.conversations.opened({ accountId, cid, ...o, at: this.#d.clock.now() })
      return cid
    } catch (err) {
      throw err instanceof AppError ? err : toAppErrorSafe(err)
    }
  }

  /** Uploads a picture through the account's session (§3.5); the URL can then be sent. */
  async upload(accountId: string, file: { bytes: Uint8Array; filename: string; mime: string }): Promise<{ url: string; width: number | undefined; height: number | undefined }> {
    const client = this.#clients.get(accountId)
    const uploadUrl = this.#uploadUrls.get(accountId)
    if (!client || !uploadUrl) throw new AppError('UNAVAILABLE', '账号未连接，图片没有发出 / The account is not connected; the picture was not sent')
    try {
      const r = await uploadImage(client.mtop, uploadUrl, file)
      return { url: r.url, width: r.width ?? undefined, height: r.height ?? undefined }
    } catch (err) {
      throw err instanceof AppError ? err : toAppErrorSafe(err)
    }
  }

  /**
   * Makes sure the chat's item detail is cached and fresh enough (the AI and the price floor need
   * it). Returns the fetch to wait for, or undefined when there is nothing to wait for (the usual
   * case: the item is cached), so the reply path does not pay for a timer per message.
   */
  ensureItem(accountId: string, itemId: string): Promise<void> | undefined {
    const row = this.#d.items.get(accountId, itemId)
    if (row && this.#d.clock.now() - row.fetchedAt < ITEM_MAX_AGE_MS) return undefined
    const client = this.#clients.get(accountId)
    if (!client) return undefined
    const key = `${accountId}|${itemId}`
    let load = this.#itemLoads.get(key)
    if (!load) {
      load = client.items.get(itemId)
        .then((d) => this.#d.items.upsert(toItemRow(accountId, d, this.#d.clock.now())))
        .catch((err: unknown) => this.#d.logger.warn('item detail failed', { accountId, itemId, err }))
        .finally(() => this.#itemLoads.delete(key))
      this.#itemLoads.set(key, load)
    }
    return load
  }

  /** Settings the live connection uses apply to the next send / refresh, without a reconnect (issue 14.4). */
  #applySettings(accountId: string | null): void {
    const tokenRefreshMs = this.#d.settings.global().imTokenRefreshMinutes * 60_000
    for (const [id, client] of this.#clients) {
      if (accountId !== null && id !== accountId) continue
      const s = this.#d.settings.account(id)
      client.updateConfig({ tokenRefreshMs, sendRatePerMinute: s.sendRatePerMinute, humanDelayMs: s.humanDelayMs, ...pickLive(this.#d.clientConfig) })
    }
  }

  #serial(accountId: string, op: () => Promise<void>): Promise<void> {
    const prev = this.#ops.get(accountId) ?? Promise.resolve()
    const next = prev.then(op, op).catch((err: unknown) => this.#d.logger.error('account connection change failed', { accountId, err }))
    this.#ops.set(accountId, next)
    void next.finally(() => {
      if (this.#ops.get(accountId) === next) this.#ops.delete(accountId)
    })
    return next
  }

  #sync(accountId: string, removed: boolean): Promise<void> {
    return this.#serial(accountId, async () => {
      if (this.#stopped) return
      const row = removed ? null : this.#safeRow(accountId)
      const want = row !== null && row.enabled && row.cookieEnvelope !== null
      const running = this.#clients.has(accountId)
      if (!want && running) await this.#stopClient(accountId)
      else if (want && !running) await this.#startClient(accountId)
    })
  }

  /** A new login for a running account: replace its client so it uses the new cookies. */
  restart(accountId: string): Promise<void> {
    return this.#serial(accountId, async () => {
      await this.#stopClient(accountId)
      const row = this.#safeRow(accountId)
      if (row?.enabled && row.cookieEnvelope !== null) await this.#startClient(accountId)
    })
  }

  #safeRow(id: string): AccountRow | null {
    try {
      return this.#d.accounts.row(id)
    } catch {
      return null
    }
  }

  async #startClient(accountId: string): Promise<void> {
    if (this.#clients.has(accountId) || this.#stopped) return
    let jar
    try {
      jar = await this.#d.accounts.cookies(accountId)
    } catch (err) {
      const e = err instanceof AppError ? err : null
      this.#d.accounts.setStatus(accountId, e?.code === 'SECRETS_UNAVAILABLE' ? 'error' : 'needs_login', e?.message ?? '无法读取登录凭据 / Cannot read the stored login')
      return
    }
    const row = this.#d.accounts.row(accountId)
    const global = this.#d.settings.global()
    const s = this.#d.settings.account(accountId)
    const log = this.#d.logger.child(accountId)
    const endpoints = await this.#d.endpointsFor(row)
    const client = new GoofishClient({
      unb: row.unb, deviceId: row.deviceId, jar, userAgent: row.userAgent, endpoints,
      WebSocket: this.#d.net.WebSocket, fetch: this.#d.net.fetch, clock: this.#d.clock, logger: log,
      onCookies: (j) => void this.#d.accounts.saveCookies(accountId, j).catch((err: unknown) => log.error('saving cookies failed', { err })),
      // no activeConversations: the client backfills the platform's newest conversations, which
      // also covers a chat a buyer started while we were offline
      config: { tokenRefreshMs: global.imTokenRefreshMinutes * 60_000, sendRatePerMinute: s.sendRatePerMinute, humanDelayMs: s.humanDelayMs, ...this.#d.clientConfig },
      backfillSince: (cid) => {
        const last = this.#d.conversations.get(accountId, cid)?.lastMessageAt
        return last === null || last === undefined ? null : last - BACKFILL_MARGIN_MS
      }
    })
    client.on('state', (change) => {
      this.#d.accounts.setConnection(accountId, change.state)
      const st = statusFor(change)
      this.#d.accounts.setStatus(accountId, st.status, st.reason, st.verifyUrl)
      this.#d.onState?.(accountId, change)
    })
    client.on('message', ({ event }) => this.#onEvent(accountId, event))
    client.on('error', (e) => logClientError(log, e))
    client.on('backfilled', () => this.#d.onBackfilled?.(accountId))
    this.#clients.set(accountId, client)
    this.#uploadUrls.set(accountId, endpoints.uploadUrl)
    client.start()
    this.#scheduleKeepAlive(accountId, client, endpoints.passportBase)
  }

  #onEvent(accountId: string, event: Parameters<typeof toInbound>[1]): void {
    // the decoded payload is kept where our fields may not say everything (cards, notices, unknown
    // kinds, images); a plain text message is fully its fields, and serializing it is hot-path cost
    const raw = 'raw' in event && !('message' in event && event.message.contentType === 'text' && event.kind !== 'order') ? safeJson(event.raw) : null
    const m = toInbound(accountId, event, this.#d.clock.now(), raw)
    if (!m) return
    if (m.direction === 'in' && m.itemId) void this.ensureItem(accountId, m.itemId)
    const result = this.#d.ingest.ingest(m)
    if (event.kind === 'order' && result === 'new') {
      this.#d.conversations.setOrder(accountId, m.cid, event.order.orderId, event.order.state)
      const conversation = this.#d.conversations.get(accountId, m.cid)
      if (conversation) this.#d.events.emit('conversation.changed', { conversation })
      this.#d.onOrder?.(accountId, m.cid, event.order.state, event.order.orderId)
    }
  }

  /**
   * Keeps a login alive without hammering the platform: a hasLogin renewal every few hours (its
   * Set-Cookie lands in the jar and is saved); a failed one hands over to the browser refresh.
   */
  #scheduleKeepAlive(accountId: string, client: GoofishClient, passportBase: string): void {
    const period = this.#d.keepAliveMs ?? 6 * 3600_000
    const timer = this.#d.clock.setTimeout(() => {
      if (this.#clients.get(accountId) !== client) return
      void (async () => {
        const ok = await hasLogin(client.mtop, passportBase).catch(() => false)
        if (this.#clients.get(accountId) !== client) return
        if (!ok) {
          this.#d.logger.warn('keep-alive: the login is no longer renewed by hasLogin', { accountId })
          this.#d.onLoginDying?.(accountId)
        }
        this.#scheduleKeepAlive(accountId, client, passportBase)
      })()
    }, period * (0.85 + Math.random() * 0.3))
    this.#keepAlive.set(accountId, timer)
  }

  async #stopClient(accountId: string): Promise<void> {
    this.#keepAlive.get(accountId)?.cancel()
    this.#keepAlive.delete(accountId)
    const client = this.#clients.get(accountId)
    if (!client) return
    this.#clients.delete(accountId)
    await client.stop()
    this.#d.accounts.setConnection(accountId, 'CLOSED')
  }
}

/** Test overrides of the live settings keep winning over the settings (as at client start). */
function pickLive(o: Partial<GoofishClientConfig> | undefined): Partial<Pick<GoofishClientConfig, 'sendRatePerMinute' | 'humanDelayMs' | 'tokenRefreshMs'>> {
  if (!o) return {}
  return {
    ...(o.sendRatePerMinute !== undefined ? { sendRatePerMinute: o.sendRatePerMinute } : {}),
    ...(o.humanDelayMs !== undefined ? { humanDelayMs: o.humanDelayMs } : {}),
    ...(o.tokenRefreshMs !== undefined ? { tokenRefreshMs: o.tokenRefreshMs } : {})
  }
}

function safeJson(v: unknown): string | null {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
  } catch {
    return null
  }
}

function toAppErrorSafe(err: unknown): AppError {
  if (isGoofishError(err)) return toAppError(err)
  return new AppError('UNAVAILABLE', `发送失败 / Send failed: ${String(err).slice(0, 200)}`, { cause: err })
}

function logClientError(log: Logger, e: ClientError): void {
  if (e.type === 'decode') log.warn('push payload could not be decoded', { lwp: e.lwp, bizType: e.bizType, reason: e.error.reason, bytes: e.error.byteLength, payloadB64: e.error.rawBase64.slice(0, 8000) })
  else if (e.type === 'frame') log.warn('malformed frame', { message: e.message, raw: e.raw.slice(0, 2000) })
  else log.error('client error', { context: e.context, err: e.error })
}
