import type { CallOutput } from '@contract/api'
import { AppError } from '../errors'
import { secretsUnavailableMessage } from '../secrets/unavailable'
import type { SecretStore } from '../ports'
import type { AccountRepo } from '../db/repos/accountRepo'

export type KeySlot = 'primary' | 'backup'
export const apiKeyName = (accountId: string, slot: KeySlot = 'primary'): string => slot === 'primary' ? `api-key:${accountId}` : `api-key-backup:${accountId}`

/** API keys live in the keychain only. Nothing here ever returns a secret across the boundary. */
export class SecretService {
  readonly #store: SecretStore | null
  readonly #accounts: AccountRepo
  readonly #reason: string
  /** Keys read from the keychain, by name: one keychain round trip per key, not one per message. */
  readonly #keys = new Map<string, string | null>()
  /** Bumped by every key change, so a read that raced a change is not cached. */
  #generation = 0

  constructor(deps: { store: SecretStore | null; accounts: AccountRepo; unavailableReason: string }) {
    this.#store = deps.store
    this.#accounts = deps.accounts
    this.#reason = deps.unavailableReason
  }

  get backend(): CallOutput<'secrets.status'>['backend'] {
    return this.#store?.backend ?? 'unavailable'
  }

  async status(accountId?: string): Promise<CallOutput<'secrets.status'>> {
    const has = async (slot: KeySlot): Promise<boolean> => (accountId && this.#store ? (await this.#store.get(apiKeyName(accountId, slot))) !== null : false)
    return { backend: this.backend, available: this.#store !== null, apiKeyConfigured: await has('primary'), backupKeyConfigured: await has('backup') }
  }

  async setApiKey(accountId: string, apiKey: string | null, slot: KeySlot = 'primary'): Promise<{ configured: boolean }> {
    if (!this.#accounts.get(accountId)) throw new AppError('NOT_FOUND', `账号不存在 / No such account: ${accountId}`)
    const store = this.#require()
    const name = apiKeyName(accountId, slot)
    this.#forget(name)
    try {
      if (apiKey === null) await store.delete(name)
      else await store.set(name, apiKey)
    } finally {
      // reads that ran while the keychain changed must not be cached
      this.#forget(name)
    }
    return { configured: apiKey !== null }
  }

  /** For the AI engine inside core only. */
  async apiKey(accountId: string, slot: KeySlot = 'primary'): Promise<string | null> {
    if (!this.#store) return null
    const name = apiKeyName(accountId, slot)
    const known = this.#keys.get(name)
    if (known !== undefined) return known
    const generation = this.#generation
    const value = await this.#store.get(name)
    if (generation === this.#generation) this.#keys.set(name, value)
    return value
  }

  async wipeAccount(accountId: string): Promise<void> {
    if (!this.#store) return
    for (const slot of ['primary', 'backup'] as const) {
      const name = apiKeyName(accountId, slot)
      this.#forget(name)
      await this.#store.delete(name)
      this.#forget(name)
    }
  }

  #forget(name: string): void {
    this.#generation++
    this.#keys.delete(name)
  }

  #require(): SecretStore {
    if (!this.#store) throw new AppError('SECRETS_UNAVAILABLE', secretsUnavailableMessage({ zh: '没有可用的钥匙串，密钥不会以明文保存', en: 'No keychain available; keys are never stored in plaintext' }, this.#reason))
    return this.#store
  }
}
