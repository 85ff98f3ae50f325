import { z } from 'zod'
import {
  DEFAULT_NOTIFY_ROUTING, NOTIFY_SECRET_FIELDS, NotifyRouting, type NotifyChannel, type NotifyDelivery, type SaveNotifyChannel
} from '@contract/notify'
import { AppError } from '../errors'
import type { Clock, SecretStore } from '../ports'
import type { ChannelRow, NotifyRepo } from '../db/repos/notifyRepo'
import type { CoreEvents } from '../events'
import { DESKTOP, type NotifyRouter } from './router'

export const channelSecretName = (channelId: string): string => `notify:${channelId}`
const SecretBag = z.record(z.string(), z.string())

/**
 * Channels and routing for the settings page. A channel's secret fields are one keychain item
 * (`notify:<id>`, a small JSON object); the database only knows which fields are set.
 */
export class NotifyService {
  readonly #repo: NotifyRepo
  readonly #store: SecretStore | null
  readonly #reason: string
  readonly #clock: Clock
  readonly #events: CoreEvents
  #router: NotifyRouter | null = null
  #routing: NotifyRouting | null = null

  constructor(deps: { repo: NotifyRepo; store: SecretStore | null; unavailableReason: string; clock: Clock; events: CoreEvents }) {
    this.#repo = deps.repo
    this.#store = deps.store
    this.#reason = deps.unavailableReason
    this.#clock = deps.clock
    this.#events = deps.events
  }

  attach(router: NotifyRouter): void {
    this.#router = router
  }

  routing(): NotifyRouting {
    if (this.#routing) return this.#routing
    let stored: Record<string, unknown> = {}
    try {
      stored = JSON.parse(this.#repo.routingJson() ?? '{}') as Record<string, unknown>
    } catch {
      // best effort: an unreadable value falls back to the defaults below
    }
    const events = { ...DEFAULT_NOTIFY_ROUTING.events, ...(stored['events'] as object | undefined) }
    const parsed = NotifyRouting.safeParse({ ...DEFAULT_NOTIFY_ROUTING, ...stored, events })
    this.#routing = parsed.success ? parsed.data : DEFAULT_NOTIFY_ROUTING
    return this.#routing
  }

  setRouting(routing: NotifyRouting): NotifyRouting {
    const known = new Set([DESKTOP.id, ...this.#repo.channels().map((c) => c.id)])
    for (const [kind, r] of Object.entries(routing.events)) {
      const unknown = r.channelIds.find((id) => !known.has(id))
      if (unknown) throw new AppError('BAD_INPUT', `${kind}：没有这个渠道 / no such channel: ${unknown}`)
    }
    this.#repo.saveRoutingJson(JSON.stringify(routing), this.#clock.now())
    this.#routing = null
    this.#events.emit('notify.changed', { deliveryId: null })
    return this.routing()
  }

  async list(): Promise<NotifyChannel[]> {
    return [this.#view(DESKTOP), ...this.#repo.channels().map((c) => this.#view(c))]
  }

  async save(input: z.output<typeof SaveNotifyChannel>): Promise<NotifyChannel> {
    if (input.kind === 'desktop' || input.id === DESKTOP.id) throw new AppError('BAD_INPUT', '桌面通知是内置渠道，不能修改 / The desktop channel is built in')
    const existing = input.id ? this.#repo.channel(input.id) : null
    if (input.id && !existing) throw new AppError('NOT_FOUND', `没有这个渠道 / No such channel: ${input.id}`)
    if (existing && existing.kind !== input.kind) throw new AppError('BAD_INPUT', '渠道类型不能修改 / A channel\'s kind cannot change')
    const allowed: ReadonlyArray<string> = NOTIFY_SECRET_FIELDS[input.kind]
    const bad = Object.keys(input.secrets ?? {}).find((f) => !allowed.includes(f))
    if (bad) throw new AppError('BAD_INPUT', `${input.kind} 没有 ${bad} 这一项 / ${input.kind} has no secret field ${bad}`)
    const current = existing ? await this.secrets(existing.id) : {}
    const next: Record<string, string> = { ...current }
    for (const [k, v] of Object.entries(input.secrets ?? {})) {
      if (v === null) delete next[k]
      else next[k] = v
    }
    const changed = JSON.stringify(next) !== JSON.stringify(current)
    if (changed && Object.keys(next).length > 0) this.#require()
    const row = { name: input.name, kind: input.kind, enabled: input.enabled, accountIds: input.accountIds, config: input.config, secretFields: Object.keys(next).sort() }
    const id = this.#repo.saveChannel(existing ? { ...row, id: existing.id } : row, this.#clock.now())
    if (changed) {
      try {
        const store = this.#require()
        if (Object.keys(next).length === 0) await store.delete(channelSecretName(id))
        else await store.set(channelSecretName(id), JSON.stringify(next))
      } catch (err) {
        // a new channel whose secrets could not be stored is not kept half-made
        if (!existing) this.#repo.removeChannel(id)
        throw err
      }
    }
    this.#events.emit('notify.changed', { deliveryId: null })
    return this.#view(this.#repo.channel(id) as ChannelRow)
  }

  async remove(id: string): Promise<boolean> {
    if (id === DESKTOP.id) throw new AppError('BAD_INPUT', '桌面通知是内置渠道，不能删除 / The desktop channel is built in')
    const removed = this.#repo.removeChannel(id)
    if (removed && this.#store) await this.#store.delete(channelSecretName(id))
    if (removed) {
      // no route may point at a channel that is gone
      const r = this.routing()
      const events = Object.fromEntries(Object.entries(r.events).map(([k, v]) => [k, { ...v, channelIds: v.channelIds.filter((c) => c !== id) }]))
      this.setRouting({ ...r, events: events as NotifyRouting['events'] })
    }
    return removed
  }

  async test(id: string): Promise<{ ok: boolean; error: string | null; delivery: NotifyDelivery }> {
    const channel = id === DESKTOP.id ? DESKTOP : this.#repo.channel(id)
    if (!channel) throw new AppError('NOT_FOUND', `没有这个渠道 / No such channel: ${id}`)
    if (!this.#router) throw new AppError('UNAVAILABLE', 'notify router not ready')
    const delivery = await this.#router.test(channel)
    return { ok: delivery.status === 'sent', error: delivery.status === 'sent' ? null : delivery.error, delivery }
  }

  deliveries(limit: number, channelId?: string): NotifyDelivery[] {
    return this.#repo.list(limit, channelId)
  }

  /** For the router inside core only. */
  async secrets(channelId: string): Promise<Record<string, string>> {
    if (!this.#store || channelId === DESKTOP.id) return {}
    const raw = await this.#store.get(channelSecretName(channelId))
    if (!raw) return {}
    try {
      const bag = SecretBag.safeParse(JSON.parse(raw))
      return bag.success ? bag.data : {}
    } catch {
      return {}
    }
  }

  #view(c: ChannelRow): NotifyChannel {
    const fields: ReadonlyArray<string> = NOTIFY_SECRET_FIELDS[c.kind]
    return { id: c.id, name: c.name, kind: c.kind, enabled: c.enabled, accountIds: c.accountIds, config: c.config, secrets: Object.fromEntries(fields.map((f) => [f, c.secretFields.includes(f)])) }
  }

  #require(): SecretStore {
    if (!this.#store) throw new AppError('SECRETS_UNAVAILABLE', `没有可用的钥匙串，渠道密钥不会以明文保存 / No keychain available; channel secrets are never stored in plaintext. ${this.#reason}`.trim())
    return this.#store
  }
}
