/**
 * The core with automatic delivery in a child process, for the kill -9 test (kill.test.ts): its data
 * folder and passphrase-encrypted secrets on disk, one account bound to the parent's simulator. On
 * the first start it configures delivery through the contract (auto-delivery on, a pool per item
 * and spec, CODE_TEXT rules) and writes what it imported to `<data>/setup.json`. Prints one JSON
 * line `{"ready":true,…}` once started; the parent SIGKILLs it mid-delivery and starts it again.
 *
 * env: XD_DATA (data folder), XD_PASSPHRASE (of the secrets file), XD_ENDPOINTS (account endpoints
 * JSON), XD_COOKIE, XD_ITEMS (ItemSpec[] JSON), XD_CODES (codes per pool).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createCore } from '../../../src-main/core/app'
import { createLogger, fileSink } from '../../../src-main/core/log/logger'
import { PassphraseSecretStore } from '../../../src-main/core/secrets/passphrase'
import { FAST_CLIENT } from '../scenarios/world'
import { configureDelivery, type ItemSpec } from './audit'

/** The client's send pacing (§8.7) is not what is under test here. */
const HOST_CLIENT = { ...FAST_CLIENT, probeIntervalMs: 0, sendRatePerMinute: 100_000 }

const env = (k: string): string => {
  const v = process.env[k]
  if (!v) throw new Error(`deliveryHost: ${k} is not set`)
  return v
}

async function main(): Promise<void> {
  const dataDir = env('XD_DATA')
  const logger = createLogger({ sinks: [fileSink(join(dataDir, 'logs', 'host.log'))], level: 'info' })
  const secrets = new PassphraseSecretStore(join(dataDir, 'secrets.enc.json'), env('XD_PASSPHRASE'))
  const core = createCore({ secrets, logger, paths: { dataDir }, host: 'headless', appVersion: '0.0.0-delivery-kill' }, { clientConfig: HOST_CLIENT })
  if ((await core.api['accounts.list']({})).length === 0) {
    const account = await core.services.accounts.addByCookie({ cookie: env('XD_COOKIE') }, { endpointsJson: env('XD_ENDPOINTS') })
    await core.api['settings.update']({ global: { browserPath: '/nonexistent/xd-test/chromium' } })
    await core.api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0, humanDelayMs: { min: 0, max: 0 } } })
    const items = JSON.parse(env('XD_ITEMS')) as ItemSpec[]
    const setup = await configureDelivery(core.api, account.id, items, () => Number(env('XD_CODES')))
    writeFileSync(join(dataDir, 'setup.json'), JSON.stringify({
      accountId: account.id, pools: [...setup.pools], codePool: [...setup.codePool], imported: [...setup.imported]
    }))
  }
  await core.start()
  process.stdout.write(`${JSON.stringify({ ready: true, at: Date.now() })}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`deliveryHost: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
