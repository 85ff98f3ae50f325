import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../../src-main/core/app'
import { createLogger } from '../../src-main/core/log/logger'
import type { Clock, LogRecord, SecretStore } from '../../src-main/core/ports'
import { simulatorDemoWorld } from '../../src-main/simulator/demoWorld'
import { MemorySecretStore } from './memorySecrets'

export interface TestCore {
  readonly core: Core
  readonly dir: string
  readonly logs: LogRecord[]
  readonly secrets: SecretStore | null
  dispose(): Promise<void>
}

/** A real core on a temp data folder, with captured logs. */
export function makeCore(opts: { secrets?: SecretStore | null; now?: () => number; clock?: Clock; dir?: string; core?: CoreOptions; demoSpeed?: number } = {}): TestCore {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'xd-core-'))
  const logs: LogRecord[] = []
  const logger = createLogger({ sinks: [(r) => logs.push(r)], level: 'debug' })
  const secrets = opts.secrets === undefined ? new MemorySecretStore() : opts.secrets
  const clock = opts.clock ?? (opts.now ? { now: opts.now, setTimeout: (fn: () => void, ms: number) => { const h = setTimeout(fn, ms); return { cancel: () => clearTimeout(h) } } } : undefined)
  const core = createCore({ secrets, logger, paths: { dataDir: dir }, host: 'headless', appVersion: '0.0.0-test', clock, secretsUnavailableReason: secrets ? '' : 'no keychain in this test', demo: simulatorDemoWorld(logger.child('demo'), { speed: opts.demoSpeed }) }, opts.core)
  return {
    core, dir, logs, secrets,
    async dispose() {
      await core.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export const SAMPLE_COOKIE = 'cna=AbCdEf123; t=1f2e3d4c5b6a; unb=2200000000001; tracknick=%E5%B0%8F%E9%B1%BC%E5%8D%96%E5%AE%B6; cookie2=1a2b3c4d5e6f7a8b9c0d; _m_h5_tk=0123456789abcdef0123456789abcdef_1760000000000; _m_h5_tk_enc=fedcba9876543210fedcba9876543210; sgcookie=E100secretsgcookievalue'
