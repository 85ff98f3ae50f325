import { AccountSettings, GlobalSettings } from '@contract/schemas'
import { plainHttpWarning } from '@contract/inputs'
import type { CallInput, CallOutput } from '@contract/api'
import { AppError } from '../errors'
import type { SettingsRepo } from '../db/repos/settingsRepo'
import type { AccountRepo } from '../db/repos/accountRepo'
import type { Clock } from '../ports'

type Out = CallOutput<'settings.get'>
type UpdateOut = CallOutput<'settings.update'>
/** The update path refuses keys the schema doesn't know (naming them); reading stored settings stays lenient. */
const StrictAccountSettings = AccountSettings.strict()

/** Global and per-account settings. An update is validated as a whole before anything is saved. */
export class SettingsService {
  readonly #settings: SettingsRepo
  readonly #accounts: AccountRepo
  readonly #clock: Clock
  readonly #listeners = new Set<(accountId: string | null) => void>()

  constructor(deps: { settings: SettingsRepo; accounts: AccountRepo; clock: Clock }) {
    this.#settings = deps.settings
    this.#accounts = deps.accounts
    this.#clock = deps.clock
  }

  /** Called after a successful update (null = global), so running services pick changes up. */
  onChange(fn: (accountId: string | null) => void): () => void {
    this.#listeners.add(fn)
    return () => void this.#listeners.delete(fn)
  }

  get(input: { accountId?: string | undefined }): Out {
    return { global: this.#settings.getGlobal(), account: input.accountId ? this.account(input.accountId) : null }
  }

  account(accountId: string): AccountSettings {
    this.#requireAccount(accountId)
    return this.#settings.getAccount(accountId)
  }

  global(): GlobalSettings {
    return this.#settings.getGlobal()
  }

  update(input: CallInput<'settings.update'>): UpdateOut {
    const now = this.#clock.now()
    let global = this.#settings.getGlobal()
    let account: AccountSettings | null = null
    if (input.global) global = parseOrBadInput(GlobalSettings, { ...global, ...input.global })
    if (input.accountId) {
      const current = this.account(input.accountId)
      account = input.account ? parseOrBadInput(StrictAccountSettings, { ...current, ...input.account }) : current
    }
    // both validated: now save
    if (input.global) this.#settings.putGlobal(global, now)
    if (input.accountId && input.account && account) this.#settings.putAccount(input.accountId, account, now)
    if (input.global) this.#notify(null)
    if (input.accountId && input.account) this.#notify(input.accountId)
    return { global, account, warnings: input.account && account ? warningsOf(account) : [] }
  }

  #notify(accountId: string | null): void {
    for (const fn of this.#listeners) fn(accountId)
  }

  #requireAccount(accountId: string): void {
    if (!this.#accounts.get(accountId)) throw new AppError('NOT_FOUND', `账号不存在 / No such account: ${accountId}`)
  }
}

/** Saved, but the seller should know: plain http to another machine carries the API key in clear. */
export function warningsOf(s: AccountSettings): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = []
  const main = plainHttpWarning(s.baseUrl)
  if (main) out.push({ path: 'baseUrl', message: main })
  const backup = s.backup ? plainHttpWarning(s.backup.baseUrl) : null
  if (backup) out.push({ path: 'backup.baseUrl', message: backup })
  return out
}

/** Zod issues become one readable BAD_INPUT message naming each field. */
export function parseOrBadInput<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } } }, value: unknown): T {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: 'keys' in i && Array.isArray(i.keys) ? `未知字段 / unknown field: ${i.keys.join(', ')}` : i.message }))
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  throw new AppError('BAD_INPUT', `设置无效 / Invalid settings — ${text}`, { details: { issues } })
}
