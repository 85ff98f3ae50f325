import { AsyncEntry } from '@napi-rs/keyring'
import type { SecretStore } from '../ports'
import { AppError } from '../errors'

export const KEYCHAIN_SERVICE = 'xianyu-desk'

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) through
 * @napi-rs/keyring. Fails closed: any keychain error becomes SECRETS_UNAVAILABLE, never a fallback.
 */
export class KeychainSecretStore implements SecretStore {
  readonly backend = 'keychain' as const
  readonly #service: string
  constructor(service: string = KEYCHAIN_SERVICE) {
    this.#service = service
  }

  #entry(key: string): AsyncEntry {
    return new AsyncEntry(this.#service, key)
  }

  async get(key: string): Promise<string | null> {
    try {
      return (await this.#entry(key).getPassword()) ?? null
    } catch (err) {
      throw unavailable(err)
    }
  }

  async set(key: string, value: string): Promise<void> {
    try {
      await this.#entry(key).setPassword(value)
    } catch (err) {
      throw unavailable(err)
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return await this.#entry(key).deleteCredential()
    } catch (err) {
      if (/no (matching )?entry|not found/i.test(String(err))) return false
      throw unavailable(err)
    }
  }
}

function unavailable(cause: unknown): AppError {
  return new AppError('SECRETS_UNAVAILABLE', '无法访问系统钥匙串，请确认已解锁 / The OS keychain is not reachable; unlock it and retry', { cause })
}

/** Probe once at start-up: writes, reads and deletes a throwaway item. */
export async function probeKeychain(store: SecretStore): Promise<{ ok: true } | { ok: false; reason: string }> {
  const key = `probe:${process.pid}:${Date.now()}`
  try {
    await store.set(key, 'ok')
    const v = await store.get(key)
    await store.delete(key)
    return v === 'ok' ? { ok: true } : { ok: false, reason: 'keychain returned a different value' }
  } catch (err) {
    const cause = err instanceof AppError && err.cause ? String(err.cause) : String(err)
    return { ok: false, reason: cause }
  }
}
