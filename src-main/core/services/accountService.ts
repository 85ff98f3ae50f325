import { randomBytes } from 'node:crypto'
import type { Account, AccountStatus, ConnectionState } from '@contract/schemas'
import type { CallInput } from '@contract/api'
import { AppError } from '../errors'
import type { AccountRepo, AccountRow } from '../db/repos/accountRepo'
import type { ConversationRepo } from '../db/repos/conversationRepo'
import type { Db } from '../db/open'
import type { Vault } from '../secrets/vault'
import type { CoreEvents } from '../events'
import type { Clock, Logger } from '../ports'
import type { SecretService } from './secretService'
import { CookieJar } from '../goofish/cookies'
import { generateDeviceId } from '../goofish/ids'
import { defaultUserAgent } from './userAgent'

export interface AccountServiceDeps {
  readonly db: Db
  readonly accounts: AccountRepo
  readonly conversations: ConversationRepo
  readonly vault: Vault
  readonly secrets: SecretService
  readonly events: CoreEvents
  readonly clock: Clock
  readonly logger: Logger
  /** A fresh login for the bundled demo world (its credentials are never stored, so no keychain is needed). */
  readonly demoCookie?: () => Promise<string>
}

/**
 * Stored instead of an encrypted envelope for demo accounts: their login is the bundled simulator's,
 * kept in memory and minted again after a restart. Not a secret, and no keychain is involved.
 */
export const MEMORY_ENVELOPE = 'memory:demo'

/** Validates a pasted cookie string; the messages tell a seller exactly what is missing. */
export function parsePastedCookie(text: string): CookieJar {
  const trimmed = text.trim().replace(/^cookie:\s*/i, '')
  if (!trimmed.includes('=')) throw new AppError('BAD_INPUT', 'Cookie 格式不对：应为 name=value; name2=value2 的形式 / Not a cookie string: expected name=value; name2=value2')
  const jar = new CookieJar(trimmed)
  const missing = ['unb', '_m_h5_tk'].filter((n) => !jar.get(n))
  if (missing.length > 0) {
    throw new AppError('BAD_INPUT', `Cookie 缺少 ${missing.join('、')}，请在已登录闲鱼网页版（goofish.com）的浏览器中复制完整 Cookie / The cookie lacks ${missing.join(', ')}; copy the whole cookie from a browser logged in to goofish.com`, { details: { missing } })
  }
  if (!/^\d{5,20}$/.test(jar.get('unb') ?? '')) throw new AppError('BAD_INPUT', 'Cookie 中的 unb（账号 ID）应为数字 / The unb (user id) in the cookie must be numeric')
  return jar
}

const newAccountId = (): string => `acc_${randomBytes(6).toString('hex')}`

export class AccountService {
  /** Demo accounts' logins (see MEMORY_ENVELOPE), by account id. */
  readonly #memory = new Map<string, string>()
  readonly #d: AccountServiceDeps
  readonly #connection = new Map<string, ConnectionState>()

  constructor(deps: AccountServiceDeps) {
    this.#d = deps
  }

  list(): Account[] {
    return this.#d.accounts.list().map((r) => this.#toAccount(r))
  }

  get(id: string): Account {
    return this.#toAccount(this.#row(id))
  }

  row(id: string): AccountRow {
    return this.#row(id)
  }

  /** Adds an account from a pasted cookie, or re-logs an existing one (same unb) in. */
  async addByCookie(input: CallInput<'accounts.addByCookie'>, opts: { kind?: 'xianyu' | 'demo'; nick?: string; endpointsJson?: string | null } = {}): Promise<Account> {
    const jar = parsePastedCookie(input.cookie)
    const unb = jar.get('unb') ?? ''
    const kind = opts.kind ?? 'xianyu'
    const nick = opts.nick ?? decodeNick(jar.get('tracknick') ?? jar.get('_nk_') ?? '')
    const existing = this.#d.accounts.findByUnb(kind, unb)
    const id = existing?.id ?? newAccountId()
    const envelope = kind === 'demo' ? MEMORY_ENVELOPE : await this.#d.vault.seal(jar.toHeader(), id)
    if (kind === 'demo') this.#memory.set(id, jar.toHeader())
    const now = this.#d.clock.now()
    if (existing) {
      this.#d.accounts.revive(id, { cookieEnvelope: envelope, nick, remark: input.remark ?? '' }, now)
    } else {
      this.#d.accounts.insert({
        id, kind, unb, nick, remark: input.remark ?? '', deviceId: generateDeviceId(unb), userAgent: defaultUserAgent(),
        cookieEnvelope: envelope, endpointsJson: opts.endpointsJson ?? null
      }, now)
    }
    this.#d.logger.info('account added', { id, kind, revived: existing !== null })
    return this.#changed(id)
  }

  update(input: CallInput<'accounts.update'>): Account {
    this.#row(input.id)
    this.#d.accounts.update(input.id, { remark: input.remark, enabled: input.enabled }, this.#d.clock.now())
    if (input.enabled === false) this.#d.accounts.setStatus(input.id, 'disabled', '', null, this.#d.clock.now())
    if (input.enabled === true) this.#d.accounts.setStatus(input.id, 'connecting', '', null, this.#d.clock.now())
    return this.#changed(input.id)
  }

  /** Secrets always go; chats and messages only with `wipeData` (otherwise re-adding restores them). */
  async remove(input: { id: string; wipeData: boolean }): Promise<void> {
    this.#row(input.id)
    await this.#d.secrets.wipeAccount(input.id)
    if (input.wipeData) this.#d.accounts.remove(input.id)
    else this.#d.accounts.archive(input.id, this.#d.clock.now())
    this.#connection.delete(input.id)
    this.#memory.delete(input.id)
    this.#d.logger.info('account removed', { id: input.id, wipeData: input.wipeData })
    this.#d.events.emit('account.changed', { id: input.id, account: null, removed: true })
  }

  async cookies(id: string): Promise<CookieJar> {
    const row = this.#row(id)
    if (!row.cookieEnvelope) throw new AppError('NEEDS_LOGIN', '此账号没有登录凭据，请重新登录 / This account has no login; please log in')
    if (row.cookieEnvelope === MEMORY_ENVELOPE) {
      let header = this.#memory.get(id)
      if (header === undefined && this.#d.demoCookie) this.#memory.set(id, (header = await this.#d.demoCookie()))
      if (header === undefined) throw new AppError('NEEDS_LOGIN', '演示账号需要重新添加 / Add the demo account again')
      return new CookieJar(header)
    }
    return new CookieJar(await this.#d.vault.open(row.cookieEnvelope, id))
  }

  async saveCookies(id: string, jar: CookieJar): Promise<void> {
    if (this.#row(id).cookieEnvelope === MEMORY_ENVELOPE) {
      this.#memory.set(id, jar.toHeader())
      return
    }
    const envelope = await this.#d.vault.seal(jar.toHeader(), id)
    this.#d.accounts.setCookies(id, envelope, this.#d.clock.now())
  }

  setStatus(id: string, status: AccountStatus, reason = '', verifyUrl: string | null = null): void {
    const row = this.#d.accounts.get(id)
    if (!row || (row.status === status && row.statusReason === reason && row.verifyUrl === verifyUrl)) return
    this.#d.accounts.setStatus(id, status, reason, verifyUrl, this.#d.clock.now())
    this.#changed(id)
  }

  setConnection(id: string, state: ConnectionState): void {
    if (this.#connection.get(id) === state) return
    this.#connection.set(id, state)
    if (this.#d.accounts.get(id)) this.#changed(id)
  }

  #changed(id: string): Account {
    const account = this.get(id)
    this.#d.events.emit('account.changed', { id, account, removed: false })
    return account
  }

  #row(id: string): AccountRow {
    const row = this.#d.accounts.get(id)
    if (!row || row.archivedAt !== null) throw new AppError('NOT_FOUND', `账号不存在 / No such account: ${id}`)
    return row
  }

  #toAccount(r: AccountRow): Account {
    return {
      id: r.id, kind: r.kind, unb: r.unb, nick: r.nick, remark: r.remark, enabled: r.enabled,
      status: r.enabled ? r.status : 'disabled', statusReason: r.statusReason, verifyUrl: r.verifyUrl,
      connection: this.#connection.get(r.id) ?? 'DISCONNECTED', lastMessageAt: r.lastMessageAt, createdAt: r.createdAt,
      hasCookies: r.cookieEnvelope !== null
    }
  }
}

function decodeNick(raw: string): string {
  try {
    // tracknick is URL-encoded, sometimes with \uXXXX escapes
    return decodeURIComponent(raw).replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).slice(0, 64)
  } catch {
    return raw.slice(0, 64)
  }
}
