import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createCore } from '../core/app'
import { splitBilingual } from '../core/secrets/unavailable'
import { headlessPorts } from './ports'
import { chooseToken } from './auth'
import { installProcessGuards } from '../core/processGuard'
import { flushWrites } from '../core/db/open'
import { startHeadless } from './server'

const USAGE = `npm run headless -- [--port N] [--host 127.0.0.1] [--data-dir DIR] [--allow-remote] [--token-file PATH | --token T]
  Serves Xianyu Desk's UI and API on this machine. Open the printed URL (it carries the access token).
  --token-file PATH         the access token is the file's first line (--token T works too, but shows in ps)
  XD_TOKEN=…                the access token from the environment (default: a random one per run)
  XIANYU_DESK_PASSPHRASE=…  use a passphrase-derived key when no OS keychain is available (weaker; warned).`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
      'allow-remote': { type: 'boolean' }, token: { type: 'string' }, 'token-file': { type: 'string' }, help: { type: 'boolean' }, quiet: { type: 'boolean' }
    }
  })
  if (values.help) return void console.log(USAGE)
  const root = resolve(__dirname, '../..')
  const rendererDir = join(root, 'out/renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first')
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.xianyu-desk'))
  const chosen = chooseToken({ flag: values.token, file: values['token-file'], env: process.env.XD_TOKEN }, (p) => readFileSync(p, 'utf8'))
  // the browser and other children this host starts must not inherit it
  delete process.env.XD_TOKEN
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version
  let settingsOf: (() => string | null) | null = null
  const ports = await headlessPorts({ dataDir, version, passphrase: process.env.XIANYU_DESK_PASSPHRASE, quiet: values.quiet, browserPath: () => settingsOf?.() ?? null })
  if (!ports.secrets) {
    // said once at start, where the person who started the host looks (the UI says it again)
    const { zh, en } = splitBilingual(ports.secretsUnavailableReason ?? '')
    console.warn(`\n  ⚠ ${zh}\n    在此之前无法保存账号登录和 API 密钥。\n  ⚠ ${en}\n    Until then, account logins and API keys cannot be saved.\n`)
  }
  if (chosen.warning) ports.logger.warn(chosen.warning)
  const core = createCore(ports)
  installProcessGuards({
    logger: ports.logger, logFile: join(dataDir, 'logs', 'headless.log'), flush: () => flushWrites(core.services.db),
    exit: (message, code) => {
      process.stderr.write(`\n${message}\n`)
      process.exit(code)
    }
  })
  settingsOf = () => core.services.settings.global().browserPath
  await core.start()
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`)
  const server = await startHeadless({
    core, logger: ports.logger, rendererDir, port, host: values.host, allowRemote: values['allow-remote'],
    token: chosen.token, checkOutput: process.env.NODE_ENV !== 'production'
  })
  // one JSON line for scripts, then the human line (like Jupyter's)
  console.log(JSON.stringify({ ready: true, url: server.url, port: server.port, dataDir }))
  console.log(`\n  闲鱼客服台 Xianyu Desk is running. Open:\n    ${server.url}\n`)
  const stop = async (): Promise<void> => {
    await server.close()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(`headless: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
