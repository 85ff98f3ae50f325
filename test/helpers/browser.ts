import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createCore, type Core } from '../../src-main/core/app'
import { headlessPorts } from '../../src-main/headless/ports'
import { headlessKeychainReason } from '../../src-main/core/secrets/unavailable'
import { startHeadless, type HeadlessServer } from '../../src-main/headless/server'
import { newToken } from '../../src-main/headless/auth'
import type { Simulator } from '../../src-main/simulator'
import { simPlatform } from './platform'

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 60_000 })
}

export interface HeadlessApp {
  readonly core: Core
  readonly server: HeadlessServer
  /** The platform new logins are checked against (a local simulator). */
  readonly sim: Simulator
  readonly dataDir: string
  restart(): Promise<HeadlessApp>
  /** Stops only the HTTP/WebSocket host (the core keeps running), as if the host went away. */
  hostDown(): Promise<void>
  /** Serves again on the same port with the same token, so open pages can reconnect. */
  hostUp(): Promise<void>
  close(opts?: { keepData?: boolean }): Promise<void>
}

/**
 * The real headless host on a temp data folder, serving the built renderer (out/renderer).
 * Secrets go to the OS keychain when one answers (npm test provides a gnome-keyring), else to the
 * opt-in passphrase store, exactly as `npm run headless` would.
 */
export interface AppOptions {
  /**
   * false: a machine without an OS keychain and without a passphrase, exactly what the host sees
   * there (no secret store, the reason and the fix) — whatever this machine has.
   */
  readonly keychain?: boolean
}

export async function startApp(dataDir = mkdtempSync(join(tmpdir(), 'xd-e2e-')), opts: AppOptions = {}): Promise<HeadlessApp> {
  const found = await headlessPorts({ dataDir, version: '0.0.0-e2e', passphrase: opts.keychain === false ? undefined : 'e2e-passphrase-only', quiet: true })
  const ports = opts.keychain === false ? { ...found, secrets: null, secretsUnavailableReason: headlessKeychainReason('no Secret Service on this machine') } : found
  const core = createCore(ports)
  const sim = await simPlatform(core)
  const token = newToken()
  const serve = (port?: number): Promise<HeadlessServer> => startHeadless({ core, logger: ports.logger, rendererDir: resolve('out/renderer'), token, checkOutput: true, ...(port === undefined ? {} : { port }) })
  let server = await serve()
  let up = true
  const app: HeadlessApp = {
    core, sim, dataDir,
    get server() {
      return server
    },
    async hostDown() {
      if (!up) return
      up = false
      await server.close()
    },
    async hostUp() {
      if (up) return
      server = await serve(server.port)
      up = true
    },
    async restart() {
      await app.close({ keepData: true })
      return startApp(dataDir, opts)
    },
    async close(opts) {
      if (up) await server.close()
      await core.close()
      await sim.close()
      if (!opts?.keepData) rmSync(dataDir, { recursive: true, force: true })
    }
  }
  return app
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve('docs/screenshots', `${name}.png`) })
}

export interface E2eSession {
  readonly app: HeadlessApp
  readonly browser: Browser
  /** A new page on the app's URL, collecting uncaught page errors. */
  openPage(opts?: { locale?: string; width?: number; height?: number }): Promise<{ page: Page; errors: string[] }>
}

/**
 * One headless app and one Chromium for a test file: started before its tests, closed after them.
 * `setup` runs once both are up (seed data there).
 */
export function e2eSession(setup?: (s: E2eSession) => Promise<void>, opts: AppOptions = {}): E2eSession {
  let app: HeadlessApp | null = null
  let browser: Browser | null = null
  const session: E2eSession = {
    get app() {
      if (!app) throw new Error('e2eSession: the app is not started yet')
      return app
    },
    get browser() {
      if (!browser) throw new Error('e2eSession: the browser is not started yet')
      return browser
    },
    async openPage(opts = {}) {
      const page = await session.browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, locale: opts.locale ?? 'zh-CN' })
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(session.app.server.url)
      return { page, errors }
    }
  }
  beforeAll(async () => {
    app = await startApp(undefined, opts)
    browser = await launchChromium()
    await setup?.(session)
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })
  return session
}
