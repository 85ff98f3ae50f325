import type { NotifyDelivery, NotifyEventKind, NotifyRouting } from '@contract/notify'
import type { CoreEvents } from '../events'
import type { Clock, Logger } from '../ports'
import { redactString } from '../log/redact'
import type { ChannelRow, NotifyRepo } from '../db/repos/notifyRepo'
import { sendEmail } from './channels/email'
import { isHttpKind, sendHttp } from './channels/http'
import { ChannelError, type NotifyFetch, type OutNotice, type SmtpTls } from './channels/types'
import { digestText, quietUntil, renderTemplate, type NotifyVars } from './templates'

/** What happened, as the rest of core reports it. The router decides who hears about it, and when. */
export interface NoticeInput {
  readonly kind: NotifyEventKind
  readonly accountId: string | null
  readonly cid?: string | null
  readonly orderId?: string | null
  /** Template variables (`account` is filled in from the account id). */
  readonly vars?: NotifyVars
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number
  /** Wait before the 2nd attempt; doubles each time, capped at 5 minutes. */
  readonly baseMs: number
}

export interface RouterDeps {
  readonly repo: NotifyRepo
  readonly routing: () => NotifyRouting
  /** A channel's secret fields from the keychain (empty when none). */
  readonly secrets: (channelId: string) => Promise<Record<string, string>>
  readonly accountName: (accountId: string) => string
  readonly events: CoreEvents
  readonly clock: Clock
  readonly logger: Logger
  readonly fetch: NotifyFetch
  readonly smtpTls?: SmtpTls
  readonly retry?: RetryPolicy
}

export const DESKTOP: ChannelRow = { id: 'desktop', name: '桌面通知', kind: 'desktop', enabled: true, accountIds: null, config: {}, secretFields: [] }
const QUIET = '免打扰时段 / quiet hours'
const RATE = '超出频率限制 / rate limit'
const MAX_BACKOFF_MS = 5 * 60_000

type Outgoing = OutNotice & { readonly cid: string | null }
type Outcome = { status: NotifyDelivery['status']; attempts: number; error: string | null }

/**
 * The single place every notice goes through: incidents (once until the cause clears), routing
 * per event and account, quiet hours (urgent ones pass), a per-channel rate limit whose overflow
 * becomes one digest, retries with backoff, and a delivery log row for every notice × channel.
 */
export class NotifyRouter {
  readonly #d: RouterDeps
  readonly #retry: RetryPolicy
  readonly #open = new Set<string>()
  /** Send times per channel inside the current rate window. */
  readonly #sentAt = new Map<string, number[]>()
  readonly #flushAt = new Map<string, { at: number; cancel(): void }>()
  readonly #timers = new Set<{ cancel(): void }>()
  readonly #inflight = new Set<Promise<void>>()
  #seq = 0
  #closed = false

  constructor(deps: RouterDeps) {
    this.#d = deps
    this.#retry = deps.retry ?? { attempts: 4, baseMs: 2000 }
    try {
      // a send cut off by the last shutdown is not silently 'pending' forever
      deps.repo.failPending('应用退出时尚未发出 / the app stopped before it was sent', deps.clock.now())
      // held notices survive a restart: their digest is still owed
      for (const channelId of deps.repo.channelsWithHeld()) this.#scheduleFlush(channelId, deps.clock.now())
    } catch (err) {
      // best effort: a damaged database must not stop the app from starting (or from saying it is damaged)
      deps.logger.warn('delivery log unreadable', { err })
    }
  }

  /** A state that needs the seller: notified once, until `resolve` says the cause cleared. */
  raise(n: NoticeInput): boolean {
    const key = incidentKey(n.kind, n.accountId, n.cid ?? null)
    if (this.#open.has(key)) return false
    this.#open.add(key)
    this.#route(n)
    return true
  }

  resolve(kind: NotifyEventKind, accountId: string | null, cid: string | null = null): void {
    this.#open.delete(incidentKey(kind, accountId, cid))
  }

  isOpen(kind: NotifyEventKind, accountId: string | null, cid: string | null = null): boolean {
    return this.#open.has(incidentKey(kind, accountId, cid))
  }

  /** An event, not a state (a paid order, a message in a taken-over chat): every one is routed. */
  once(n: NoticeInput): void {
    this.#route(n)
  }

  /** The test button: one notice through one channel now, no quiet hours, rate limit or retries. */
  async test(channel: ChannelRow): Promise<NotifyDelivery> {
    const now = this.#d.clock.now()
    const n: Outgoing = {
      title: '闲鱼客服台测试通知', body: `收到这条，说明「${channel.name}」配置正确。/ If this arrived, the channel works.`,
      urgent: false, event: 'test', accountId: null, cid: null, orderId: null, createdAt: now
    }
    const id = this.#log(channel, n, 'pending', null)
    const r = await this.#deliver(id, channel, n, 1, 1)
    const logged = id === 0 ? null : this.#d.repo.delivery(id)
    return logged ?? {
      id, channelId: channel.id, channelName: channel.name, event: 'test', accountId: null, title: n.title, body: n.body,
      ...r, digestId: null, createdAt: now, updatedAt: this.#d.clock.now()
    }
  }

  /** Resolves once no send is in flight (tests; a clean shutdown). */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight])
  }

  close(): void {
    this.#closed = true
    for (const t of this.#timers) t.cancel()
    for (const t of this.#flushAt.values()) t.cancel()
    this.#timers.clear()
    this.#flushAt.clear()
  }

  #route(n: NoticeInput): void {
    if (this.#closed) return
    const routing = this.#d.routing()
    const route = routing.events[n.kind]
    if (!route.enabled || (n.accountId && route.accountIds && !route.accountIds.includes(n.accountId))) return
    const vars = { ...(n.accountId ? { account: this.#d.accountName(n.accountId) } : {}), ...n.vars }
    const now = this.#d.clock.now()
    const out: Outgoing = {
      title: renderTemplate(route.title, vars), body: renderTemplate(route.body, vars), urgent: route.urgent,
      event: n.kind, accountId: n.accountId, cid: n.cid ?? null, orderId: n.orderId ?? null, createdAt: now
    }
    const quietEnd = route.urgent ? null : quietUntil(now, routing.quietHours)
    for (const channel of this.#channelsFor(route.channelIds, n.accountId)) {
      if (quietEnd !== null) {
        this.#log(channel, out, 'held', QUIET)
        this.#scheduleFlush(channel.id, quietEnd)
        continue
      }
      const wait = this.#rateWait(channel.id, routing, now)
      if (wait !== null) {
        this.#log(channel, out, 'held', RATE)
        this.#scheduleFlush(channel.id, wait)
        continue
      }
      this.#take(channel.id, now)
      const id = this.#log(channel, out, 'pending', null)
      this.#track(this.#deliver(id, channel, out, 1).then(() => {}))
    }
  }

  #channelsFor(ids: ReadonlyArray<string>, accountId: string | null): ChannelRow[] {
    const out: ChannelRow[] = []
    for (const id of new Set(ids)) {
      const c = id === DESKTOP.id ? DESKTOP : this.#channel(id)
      if (c?.enabled && (!accountId || !c.accountIds || c.accountIds.includes(accountId))) out.push(c)
    }
    return out
  }

  /** When the channel may send again, or null if it may send now. */
  #rateWait(channelId: string, routing: NotifyRouting, now: number): number | null {
    const windowMs = routing.rateLimit.windowMinutes * 60_000
    const recent = (this.#sentAt.get(channelId) ?? []).filter((t) => t > now - windowMs)
    this.#sentAt.set(channelId, recent)
    return recent.length < routing.rateLimit.max ? null : (recent[0] as number) + windowMs
  }

  #take(channelId: string, now: number): void {
    const list = this.#sentAt.get(channelId) ?? []
    list.push(now)
    this.#sentAt.set(channelId, list)
  }

  #track(p: Promise<void>): void {
    this.#inflight.add(p)
    void p.finally(() => this.#inflight.delete(p))
  }

  #scheduleFlush(channelId: string, at: number): void {
    const current = this.#flushAt.get(channelId)
    if (current && current.at <= at) return
    current?.cancel()
    const timer = this.#d.clock.setTimeout(() => {
      this.#flushAt.delete(channelId)
      this.#flush(channelId)
    }, Math.max(0, at - this.#d.clock.now()))
    this.#flushAt.set(channelId, { at, cancel: () => timer.cancel() })
  }

  /** Everything a channel held back goes out as one digest, once it may send again. */
  #flush(channelId: string): void {
    if (this.#closed) return
    const held = this.#d.repo.held(channelId)
    if (held.length === 0) return
    const now = this.#d.clock.now()
    const channel = channelId === DESKTOP.id ? DESKTOP : this.#d.repo.channel(channelId)
    if (!channel) {
      for (const h of held) this.#d.repo.updateDelivery(h.id, { status: 'failed', attempts: 0, error: '渠道已删除 / channel removed' }, now)
      return
    }
    const routing = this.#d.routing()
    const quietEnd = quietUntil(now, routing.quietHours)
    const wait = quietEnd ?? this.#rateWait(channelId, routing, now)
    if (wait !== null) return this.#scheduleFlush(channelId, wait)
    const text = digestText(held, held.some((h) => h.error === QUIET) ? 'quiet' : 'rate')
    const accounts = new Set(held.map((h) => h.accountId))
    const out: Outgoing = { ...text, urgent: false, event: 'digest', accountId: accounts.size === 1 ? (held[0]?.accountId ?? null) : null, cid: null, orderId: null, createdAt: now }
    this.#take(channelId, now)
    const id = this.#log(channel, out, 'pending', null)
    this.#d.repo.markDigested(held.map((h) => h.id), id, now)
    this.#track(this.#deliver(id, channel, out, 1).then(() => {}))
  }

  #channel(id: string): ChannelRow | null {
    try {
      return this.#d.repo.channel(id)
    } catch (err) {
      this.#d.logger.warn('channel unreadable', { id, err })
      return null
    }
  }

  /** The log row's id, or 0 when the database refused the write (the notice still goes out). */
  #log(channel: ChannelRow, n: Outgoing, status: NotifyDelivery['status'], error: string | null): number {
    try {
      const id = this.#d.repo.addDelivery({ channelId: channel.id, channelName: channel.name, event: n.event as NotifyDelivery['event'], accountId: n.accountId, title: n.title, body: n.body, status, error }, this.#d.clock.now())
      this.#d.events.emit('notify.changed', { deliveryId: id })
      return id
    } catch (err) {
      this.#d.logger.warn('delivery not logged', { channel: channel.id, err })
      return 0
    }
  }

  async #deliver(id: number, channel: ChannelRow, n: Outgoing, attempt: number, maxAttempts = this.#retry.attempts): Promise<Outcome> {
    let secrets: Record<string, string> = {}
    try {
      secrets = channel.kind === 'desktop' ? {} : await this.#d.secrets(channel.id)
      await this.#send(channel, n, secrets)
      return this.#update(id, { status: 'sent', attempts: attempt, error: null })
    } catch (err) {
      const message = mask(err, secrets)
      const retryable = err instanceof ChannelError ? err.retryable : false
      if (retryable && attempt < maxAttempts && !this.#closed) {
        const timer = this.#d.clock.setTimeout(() => {
          this.#timers.delete(timer)
          this.#track(this.#deliver(id, channel, n, attempt + 1, maxAttempts).then(() => {}))
        }, Math.min(MAX_BACKOFF_MS, this.#retry.baseMs * 2 ** (attempt - 1)))
        this.#timers.add(timer)
        return this.#update(id, { status: 'pending', attempts: attempt, error: message })
      }
      this.#d.logger.warn('notice not delivered', { channel: channel.id, kind: channel.kind, error: message })
      return this.#update(id, { status: 'failed', attempts: attempt, error: message })
    }
  }

  #update(id: number, patch: Outcome): Outcome {
    // a send that was in flight when the app closed stays 'pending' in the log
    if (this.#closed || id === 0) return patch
    try {
      this.#d.repo.updateDelivery(id, patch, this.#d.clock.now())
      this.#d.events.emit('notify.changed', { deliveryId: id })
    } catch (err) {
      this.#d.logger.warn('delivery not logged', { id, err })
    }
    return patch
  }

  async #send(channel: ChannelRow, n: Outgoing, secrets: Record<string, string>): Promise<void> {
    if (channel.kind === 'desktop') {
      this.#seq += 1
      this.#d.events.emit('notice.raised', {
        id: `n${n.createdAt}-${this.#seq}`, kind: n.event as NotifyEventKind | 'digest', accountId: n.accountId, cid: n.cid,
        orderId: n.orderId, title: n.title, body: n.body, createdAt: n.createdAt
      })
      return
    }
    const ctx = { kind: channel.kind, config: channel.config, secrets, fetch: this.#d.fetch, now: this.#d.clock.now(), smtpTls: this.#d.smtpTls }
    if (channel.kind === 'email') return sendEmail(ctx, n)
    if (isHttpKind(ctx.kind)) return sendHttp({ ...ctx, kind: ctx.kind }, n)
    throw new ChannelError(`unknown channel kind ${channel.kind}`, false)
  }
}

const incidentKey = (kind: string, accountId: string | null, cid: string | null): string => `${kind}|${accountId ?? ''}|${cid ?? ''}`

/** A channel's error without the channel's own secrets (a token in a URL, a key echoed back). */
export function mask(err: unknown, secrets: Readonly<Record<string, string>>): string {
  let text = err instanceof Error ? err.message : String(err)
  for (const v of Object.values(secrets)) {
    if (v.length < 4) continue
    text = text.split(v).join('***').split(encodeURIComponent(v)).join('***')
  }
  return redactString(text).slice(0, 500)
}
