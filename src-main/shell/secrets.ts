import { KeychainSecretStore, probeKeychain } from '../core/secrets/keychain'
import type { Logger, SecretStore } from '../core/ports'
import { desktopKeychainReason } from '../core/secrets/unavailable'

/**
 * The desktop app always uses the OS keychain. When it does not answer, secrets are refused
 * (fail closed) and the UI says why; nothing falls back to plaintext.
 */
export async function desktopSecretStore(logger: Logger): Promise<{ store: SecretStore | null; reason: string }> {
  const store = new KeychainSecretStore()
  const probe = await probeKeychain(store)
  if (probe.ok) return { store, reason: '' }
  logger.error('OS keychain unavailable; secrets will not be stored', { reason: probe.reason })
  return { store: null, reason: desktopKeychainReason(probe.reason) }
}
