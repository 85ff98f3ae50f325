import type { AccountStatus } from '@contract/schemas'
import type { Db } from '../open'
import { BoundedCache, registerCache } from '../cache'

export interface AccountRow {
  readonly id: string
  readonly kind: 'xianyu' | 'demo'
  readonly unb: string
  readonly nick: string
  readonly remark: string
  readonly enabled: boolean
  readonly status: AccountStatus
  readonly statusReason: string
  readonly verifyUrl: string | null
  readonly cookieEnvelope: string | null
  readonly deviceId: string
  readonly userAgent: string
  readonly endpointsJson: string | null
  readonly lastMessageAt: number | null
  readonly archivedAt: number | null
  readonly createdAt: number
}

interface Raw {
  id: string; kind: 'xianyu' | 'demo'; unb: string; nick: string; remark: string; enabled: number
  status: AccountStatus; status_reason: string; verify_url: string | null; cookie_envelope: string | null
  device_id: string; user_agent: string; endpoints_json: string | null; last_message_at: number | null
  archived_at: number | null; created_at: number
}

const map = (r: Raw): AccountRow => ({
  id: r.id, kind: r.kind, unb: r.unb, nick: r.nick, remark: r.remark, enabled: r.enabled === 1,
  status: r.status, statusReason: r.status_reason, verifyUrl: r.verify_url, cookieEnvelope: r.cookie_envelope,
  deviceId: r.device_id, userAgent: r.user_agent, endpointsJson: r.endpoints_json,
  lastMessageAt: r.last_message_at, archivedAt: r.archived_at, createdAt: r.created_at
})

export type NewAccount = Pick<AccountRow, 'id' | 'kind' | 'unb' | 'nick' | 'remark' | 'deviceId' | 'userAgent' | 'cookieEnvelope' | 'endpointsJson'>

export class AccountRepo {
  readonly #q
  /** Rows by id: every message reads its account several times. Writes drop the row. */
  readonly #rows: BoundedCache<string, AccountRow>
  readonly #onRemoved = new Set<(id: string) => void>()
  constructor(db: Db) {
    this.#rows = registerCache(db, new BoundedCache<string, AccountRow>(1_000))
    this.#q = {
      list: db.prepare<[], Raw>('SELECT * FROM accounts WHERE archived_at IS NULL ORDER BY created_at, id'),
      get: db.prepare<[string], Raw>('SELECT * FROM accounts WHERE id = ?'),
      byUnb: db.prepare<[string, string], Raw>('SELECT * FROM accounts WHERE kind = ? AND unb = ?'),
      insert: db.prepare(`INSERT INTO accounts (id, kind, unb, nick, remark, enabled, status, status_reason, cookie_envelope, device_id, user_agent, endpoints_json, created_at, updated_at)
        VALUES (@id, @kind, @unb, @nick, @remark, 1, 'connecting', '', @cookieEnvelope, @deviceId, @userAgent, @endpointsJson, @now, @now)`),
      revive: db.prepare(`UPDATE accounts SET archived_at = NULL, enabled = 1, status = 'connecting', status_reason = '', verify_url = NULL,
        cookie_envelope = @cookieEnvelope, nick = CASE WHEN @nick = '' THEN nick ELSE @nick END, remark = CASE WHEN @remark = '' THEN remark ELSE @remark END, updated_at = @now WHERE id = @id`),
      update: db.prepare(`UPDATE accounts SET remark = coalesce(@remark, remark), enabled = coalesce(@enabled, enabled), nick = coalesce(@nick, nick), updated_at = @now WHERE id = @id`),
      status: db.prepare(`UPDATE accounts SET status = @status, status_reason = @reason, verify_url = @verifyUrl, updated_at = @now WHERE id = @id`),
      cookies: db.prepare(`UPDATE accounts SET cookie_envelope = @envelope, updated_at = @now WHERE id = @id`),
      lastMessage: db.prepare(`UPDATE accounts SET last_message_at = max(coalesce(last_message_at, 0), @at) WHERE id = @id`),
      archive: db.prepare(`UPDATE accounts SET archived_at = @now, enabled = 0, cookie_envelope = NULL, status = 'needs_login', status_reason = '', verify_url = NULL, updated_at = @now WHERE id = @id`),
      remove: db.prepare('DELETE FROM accounts WHERE id = ?')
    }
  }

  list(): AccountRow[] { return this.#q.list.all().map(map) }
  get(id: string): AccountRow | null {
    const hit = this.#rows.get(id)
    if (hit) return hit
    const r = this.#q.get.get(id)
    if (!r) return null
    const row = map(r)
    this.#rows.set(id, row)
    return row
  }
  findByUnb(kind: string, unb: string): AccountRow | null { const r = this.#q.byUnb.get(kind, unb); return r ? map(r) : null }
  insert(a: NewAccount, now: number): void { this.#rows.delete(a.id); this.#q.insert.run({ ...a, now }) }
  revive(id: string, v: { cookieEnvelope: string | null; nick: string; remark: string }, now: number): void { this.#rows.delete(id); this.#q.revive.run({ id, ...v, now }) }
  update(id: string, v: { remark?: string; enabled?: boolean; nick?: string }, now: number): void {
    this.#rows.delete(id)
    this.#q.update.run({ id, remark: v.remark ?? null, enabled: v.enabled === undefined ? null : v.enabled ? 1 : 0, nick: v.nick ?? null, now })
  }
  setStatus(id: string, status: AccountStatus, reason: string, verifyUrl: string | null, now: number): void {
    this.#rows.delete(id)
    this.#q.status.run({ id, status, reason, verifyUrl, now })
  }
  setCookies(id: string, envelope: string | null, now: number): void { this.#rows.delete(id); this.#q.cookies.run({ id, envelope, now }) }
  /** Once per buyer message: the cached row is updated in place rather than dropped. */
  touchLastMessage(id: string, at: number): void {
    this.#q.lastMessage.run({ id, at })
    const hit = this.#rows.get(id)
    if (hit && (hit.lastMessageAt ?? 0) < at) this.#rows.set(id, { ...hit, lastMessageAt: at })
  }
  archive(id: string, now: number): void { this.#rows.delete(id); this.#q.archive.run({ id, now }) }
  /** Deletes the account and (by cascade) everything of it; the other repos' caches forget it too. */
  remove(id: string): void {
    this.#rows.delete(id)
    this.#q.remove.run(id)
    for (const fn of this.#onRemoved) fn(id)
  }
  /** For the repos whose rows go with the account (ON DELETE CASCADE). */
  onRemoved(fn: (id: string) => void): void { this.#onRemoved.add(fn) }
}
