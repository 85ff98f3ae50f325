import { z } from 'zod'
import { NotifyChannelConfig, NotifyChannelKind, type NotifyDelivery } from '@contract/notify'
import type { Db } from '../open'

/** A stored channel (no secrets: only the names of the fields that are in the keychain). */
export interface ChannelRow {
  readonly id: string
  readonly name: string
  readonly kind: NotifyChannelKind
  readonly enabled: boolean
  readonly accountIds: string[] | null
  readonly config: NotifyChannelConfig
  readonly secretFields: string[]
}

interface RawChannel { id: number; name: string; kind: string; enabled: number; account_ids: string | null; config_json: string; secret_fields: string }
interface RawDelivery {
  id: number; channel_id: string; channel_name: string; event: string; account_id: string | null; title: string; body: string
  status: string; attempts: number; error: string | null; digest_id: number | null; created_at: number; updated_at: number
}

const Strings = z.array(z.string())
const parse = <T>(schema: z.ZodType<T>, text: string | null, fallback: T): T => {
  if (text === null) return fallback
  try {
    const r = schema.safeParse(JSON.parse(text))
    return r.success ? r.data : fallback
  } catch {
    return fallback
  }
}

function mapChannel(r: RawChannel): ChannelRow | null {
  const kind = NotifyChannelKind.safeParse(r.kind)
  if (!kind.success) return null
  return {
    id: `c${r.id}`, name: r.name, kind: kind.data, enabled: r.enabled === 1,
    accountIds: parse(Strings.nullable(), r.account_ids, null), config: parse(NotifyChannelConfig, r.config_json, {}),
    secretFields: parse(Strings, r.secret_fields, [])
  }
}

const mapDelivery = (r: RawDelivery): NotifyDelivery => ({
  id: r.id, channelId: r.channel_id, channelName: r.channel_name, event: r.event as NotifyDelivery['event'], accountId: r.account_id,
  title: r.title, body: r.body, status: r.status as NotifyDelivery['status'], attempts: r.attempts, error: r.error,
  digestId: r.digest_id, createdAt: r.created_at, updatedAt: r.updated_at
})

export type NewDelivery = Pick<NotifyDelivery, 'channelId' | 'channelName' | 'event' | 'accountId' | 'title' | 'body' | 'status' | 'error'>

const num = (id: string): number => Number(id.slice(1))
/** The log keeps this many rows; older ones go (held rows are never dropped before they are sent). */
const KEEP_DELIVERIES = 5000

export class NotifyRepo {
  readonly #db: Db
  readonly #q
  constructor(db: Db) {
    this.#db = db
    this.#q = {
      channels: db.prepare<[], RawChannel>('SELECT * FROM notify_channels ORDER BY id'),
      channel: db.prepare<[number], RawChannel>('SELECT * FROM notify_channels WHERE id = ?'),
      insertChannel: db.prepare('INSERT INTO notify_channels (name, kind, enabled, account_ids, config_json, secret_fields, created_at, updated_at) VALUES (@name, @kind, @enabled, @accountIds, @config, @secretFields, @now, @now)'),
      updateChannel: db.prepare('UPDATE notify_channels SET name = @name, enabled = @enabled, account_ids = @accountIds, config_json = @config, secret_fields = @secretFields, updated_at = @now WHERE id = @id'),
      removeChannel: db.prepare('DELETE FROM notify_channels WHERE id = ?'),
      insertDelivery: db.prepare(`INSERT INTO notify_deliveries (channel_id, channel_name, event, account_id, title, body, status, attempts, error, created_at, updated_at)
        VALUES (@channelId, @channelName, @event, @accountId, @title, @body, @status, 0, @error, @now, @now)`),
      updateDelivery: db.prepare('UPDATE notify_deliveries SET status = @status, attempts = @attempts, error = @error, updated_at = @now WHERE id = @id'),
      failPending: db.prepare("UPDATE notify_deliveries SET status = 'failed', error = ?, updated_at = ? WHERE status = 'pending'"),
      digested: db.prepare("UPDATE notify_deliveries SET status = 'digested', digest_id = ?, updated_at = ? WHERE id = ? AND status = 'held'"),
      delivery: db.prepare<[number], RawDelivery>('SELECT * FROM notify_deliveries WHERE id = ?'),
      held: db.prepare<[string], RawDelivery>("SELECT * FROM notify_deliveries WHERE channel_id = ? AND status = 'held' ORDER BY id"),
      heldChannels: db.prepare<[], { channel_id: string }>("SELECT DISTINCT channel_id FROM notify_deliveries WHERE status = 'held'"),
      list: db.prepare<[number], RawDelivery>('SELECT * FROM notify_deliveries ORDER BY id DESC LIMIT ?'),
      listFor: db.prepare<[string, number], RawDelivery>('SELECT * FROM notify_deliveries WHERE channel_id = ? ORDER BY id DESC LIMIT ?'),
      getRouting: db.prepare<[], { value_json: string }>("SELECT value_json FROM settings WHERE key = 'notify.routing'"),
      putRouting: db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('notify.routing', ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at"),
      prune: db.prepare("DELETE FROM notify_deliveries WHERE id <= (SELECT id FROM notify_deliveries ORDER BY id DESC LIMIT 1 OFFSET ?) AND status <> 'held'")
    }
  }

  channels(): ChannelRow[] {
    return this.#q.channels.all().map(mapChannel).filter((c): c is ChannelRow => c !== null)
  }

  channel(id: string): ChannelRow | null {
    if (!/^c\d+$/.test(id)) return null
    const r = this.#q.channel.get(num(id))
    return r ? mapChannel(r) : null
  }

  saveChannel(c: Omit<ChannelRow, 'id'> & { id?: string }, now: number): string {
    const p = { name: c.name, kind: c.kind, enabled: c.enabled ? 1 : 0, accountIds: c.accountIds ? JSON.stringify(c.accountIds) : null, config: JSON.stringify(c.config), secretFields: JSON.stringify(c.secretFields), now }
    if (c.id) {
      this.#q.updateChannel.run({ ...p, id: num(c.id) })
      return c.id
    }
    return `c${Number(this.#q.insertChannel.run(p).lastInsertRowid)}`
  }

  removeChannel(id: string): boolean {
    return /^c\d+$/.test(id) && this.#q.removeChannel.run(num(id)).changes > 0
  }

  addDelivery(d: NewDelivery, now: number): number {
    const id = Number(this.#q.insertDelivery.run({ ...d, now }).lastInsertRowid)
    if (id % 500 === 0) this.#q.prune.run(KEEP_DELIVERIES)
    return id
  }

  updateDelivery(id: number, patch: { status: NotifyDelivery['status']; attempts: number; error: string | null }, now: number): void {
    this.#q.updateDelivery.run({ id, ...patch, now })
  }

  delivery(id: number): NotifyDelivery | null {
    const r = this.#q.delivery.get(id)
    return r ? mapDelivery(r) : null
  }

  held(channelId: string): NotifyDelivery[] {
    return this.#q.held.all(channelId).map(mapDelivery)
  }

  channelsWithHeld(): string[] {
    return this.#q.heldChannels.all().map((r) => r.channel_id)
  }

  /** Sends that were in flight when the app last stopped: they did not go out, and the log says so. */
  failPending(error: string, now: number): number {
    return this.#q.failPending.run(error, now).changes
  }

  /** The held rows went out in digest `digestId` (one transaction: all or none). */
  markDigested(ids: ReadonlyArray<number>, digestId: number, now: number): void {
    this.#db.transaction(() => { for (const id of ids) this.#q.digested.run(digestId, now, id) })()
  }

  /** The routing as stored (JSON text), or null before the seller changed it. */
  routingJson(): string | null {
    return this.#q.getRouting.get()?.value_json ?? null
  }

  saveRoutingJson(json: string, now: number): void {
    this.#q.putRouting.run(json, now)
  }

  list(limit: number, channelId?: string): NotifyDelivery[] {
    return (channelId ? this.#q.listFor.all(channelId, limit) : this.#q.list.all(limit)).map(mapDelivery)
  }
}
