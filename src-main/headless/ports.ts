import { join } from 'node:path'
import { createLogger, consoleSink, fileSink } from '../core/log/logger'
import { KeychainSecretStore, probeKeychain } from '../core/secrets/keychain'
import { PassphraseSecretStore } from '../core/secrets/passphrase'
import { headlessKeychainReason } from '../core/secrets/unavailable'
import type { CorePorts, Logger, SecretStore } from '../core/ports'
import { simulatorDemoWorld } from '../simulator/demoWorld'
import { visibleBrowser } from './browser'

export interface SecretChoice {
  readonly store: SecretStore | null
  readonly reason: string
}

/**
 * The OS keychain when it answers; otherwise, only if the user opted in with a passphrase, a
 * passphrase-derived key (with a loud warning); otherwise none — secrets are then refused, never
 * written in plaintext.
 */
export async function chooseSecretStore(dataDir: string, passphrase: string | undefined, logger: Logger): Promise<SecretChoice> {
  const keychain = new KeychainSecretStore()
  const probe = await probeKeychain(keychain)
  if (probe.ok) return { store: keychain, reason: '' }
  if (passphrase) {
    logger.warn('!!! OS keychain unavailable: secrets are encrypted with a passphrase-derived key instead. Anyone with the passphrase and the data folder can read them. !!!', { reason: probe.reason })
    return { store: new PassphraseSecretStore(join(dataDir, 'secrets.enc.json'), passphrase), reason: '' }
  }
  return { store: null, reason: headlessKeychainReason(probe.reason) }
}

export async function headlessPorts(opts: { dataDir: string; version: string; passphrase?: string; quiet?: boolean; browserPath?: () => string | null }): Promise<CorePorts> {
  const logger = createLogger({ sinks: opts.quiet ? [fileSink(join(opts.dataDir, 'logs', 'headless.log'))] : [consoleSink, fileSink(join(opts.dataDir, 'logs', 'headless.log'))] })
  const secrets = await chooseSecretStore(opts.dataDir, opts.passphrase, logger)
  return {
    secrets: secrets.store,
    secretsUnavailableReason: secrets.reason,
    logger,
    paths: { dataDir: opts.dataDir },
    host: 'headless',
    appVersion: opts.version,
    browser: visibleBrowser(opts.dataDir, opts.browserPath ?? (() => null)),
    // the demo's buyers live in the bundled simulator
    demo: simulatorDemoWorld(logger.child('demo'))
  }
}
