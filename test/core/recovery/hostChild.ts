/**
 * A headless host in a child process for the kill -9 test (kill.test.ts): the real core and the
 * real HTTP host, its data folder and passphrase-encrypted secrets on disk, bound to the parent's
 * simulator and fake LLM. Prints one JSON line `{"ready":true,…}` once it serves; the parent
 * SIGKILLs it during traffic and starts it again on the same folder.
 *
 * env: XD_DATA (data folder), XD_ENDPOINTS (account endpoints JSON), XD_COOKIE, XD_LLM (base URL),
 * XD_RENDERER (a folder with an index.html).
 */
import { join } from 'node:path'
import { createCore } from '../../../src-main/core/app'
import { createLogger, fileSink } from '../../../src-main/core/log/logger'
import { PassphraseSecretStore } from '../../../src-main/core/secrets/passphrase'
import { startHeadless } from '../../../src-main/headless/server'
import { FAST_CLIENT } from '../scenarios/world'

const env = (k: string): string => {
  const v = process.env[k]
  if (!v) throw new Error(`hostChild: ${k} is not set`)
  return v
}

async function main(): Promise<void> {
  const dataDir = env('XD_DATA')
  const logger = createLogger({ sinks: [fileSink(join(dataDir, 'logs', 'host.log'))], level: 'info' })
  const secrets = new PassphraseSecretStore(join(dataDir, 'secrets.enc.json'), 'kill-test-passphrase')
  const core = createCore({ secrets, logger, paths: { dataDir }, host: 'headless', appVersion: '0.0.0-kill' }, {
    clientConfig: { ...FAST_CLIENT, probeIntervalMs: 0 }, llmOptions: { sleep: async () => {}, random: () => 0.5 }
  })
  if ((await core.api['accounts.list']({})).length === 0) {
    const account = await core.services.accounts.addByCookie({ cookie: env('XD_COOKIE') }, { endpointsJson: env('XD_ENDPOINTS') })
    await core.api['settings.update']({ global: { browserPath: '/nonexistent/xd-test/chromium' } })
    await core.api['settings.update']({ accountId: account.id, account: { aiEnabled: true, baseUrl: env('XD_LLM'), model: 'qwen-plus', debounceSeconds: 0, replyMaxChars: 200, sendRatePerMinute: 120 } })
    await core.api['secrets.setApiKey']({ accountId: account.id, apiKey: 'sk-kill-test' })
  }
  await core.start()
  const server = await startHeadless({ core, logger, rendererDir: env('XD_RENDERER'), port: 0, token: 'kill-test-token' })
  process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, at: Date.now() })}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`hostChild: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`)
  process.exit(1)
})
