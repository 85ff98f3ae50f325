import type { CallOutput } from '@contract/api'
import { AppError } from '../errors'
import type { SecretStore } from '../ports'
import type { AccountRepo } from '../db/repos/accountRepo'

export const apiKeyName = (accountId: string): string => `api-key:${accountId}`

/** API keys live in the keychain only. Nothing here ever returns a secret across the boundary. */
export class SecretService {
  readonly #store: SecretStore | null
  readonly #accounts: AccountRepo
  readonly #reason: string

  constructor(deps: { store: SecretStore | null; accounts: AccountRepo; unavailableReason: string }) {
    this.#store = deps.store
    this.#accounts = deps.accounts
    this.#reason = deps.unavailableReason
  }

  get backend(): CallOutput<'secrets.status'>['backend'] {
    return this.#store?.backend ?? 'unavailable'
  }

  async status(accountId?: string): Promise<CallOutput<'secrets.status'>> {
    const apiKeyConfigured = accountId && this.#store ? (await this.#store.get(apiKeyName(accountId))) !== null : false
    return { backend: this.backend, available: this.#store !== null, apiKeyConfigured }
  }

  async setApiKey(accountId: string, apiKey: string | null): Promise<{ configured: boolean }> {
    if (!this.#accounts.get(accountId)) throw new AppError('NOT_FOUND', `账号不存在 / No such account: ${accountId}`)
    const store = this.#require()
    if (apiKey === null) {
      await store.delete(apiKeyName(accountId))
      return { configured: false }
    }
    await store.set(apiKeyName(accountId), apiKey)
    return { configured: true }
  }

  /** For the AI engine inside core only. */
  async apiKey(accountId: string): Promise<string | null> {
    return this.#store ? this.#store.get(apiKeyName(accountId)) : null
  }

  async wipeAccount(accountId: string): Promise<void> {
    if (this.#store) await this.#store.delete(apiKeyName(accountId))
  }

  #require(): SecretStore {
    if (!this.#store) throw new AppError('SECRETS_UNAVAILABLE', `没有可用的钥匙串，密钥不会以明文保存 / No keychain available; keys are never stored in plaintext. ${this.#reason}`.trim())
    return this.#store
  }
}
