import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright'
import { CookieJar } from '../goofish'
import type { Logger } from '../ports'
import { dragTrajectory } from './trajectory'
import { probeBrowser } from './browserProbe'
import { harvestJar, mergeX5, toBrowserCookies } from './harvest'

/** Chromium-family browsers commonly installed, most preferred first. Playwright downloads none. */
const CANDIDATES: Record<string, ReadonlyArray<string>> = {
  linux: ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/usr/bin/chromium', '/usr/bin/chromium-browser'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe'
  ]
}

/**
 * The browser to launch: the configured one, or the first installed candidate — only if it passes
 * the probe (a known browser name that reports a Chrome/Chromium/Edge version). Null: none usable.
 */
export async function findBrowser(configured?: string | null, logger?: Logger): Promise<string | null> {
  const paths = configured ? [configured] : (CANDIDATES[process.platform] ?? []).filter((p) => existsSync(p))
  for (const p of paths) {
    const probe = await probeBrowser(p)
    if (probe.ok) return p
    logger?.warn('browser refused', { reason: probe.reason })
  }
  return null
}

const ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-blink-features=AutomationControlled']

export interface AutomationOptions {
  readonly executablePath: string
  readonly userAgent: string
  readonly logger: Logger
  readonly headless?: boolean
  /** Root needs --no-sandbox (CI, containers). */
  readonly noSandbox?: boolean
}

async function withPage<T>(o: AutomationOptions, jar: CookieJar, url: string, fn: (page: Page, ctx: BrowserContext) => Promise<T>): Promise<T> {
  const browser: Browser = await chromium.launch({ executablePath: o.executablePath, headless: o.headless ?? true, args: o.noSandbox ? [...ARGS, '--no-sandbox'] : ARGS, timeout: 30_000 })
  try {
    // the same User-Agent as the protocol client: x5sec is bound to the browser that earned it (§2.5)
    const ctx = await browser.newContext({ userAgent: o.userAgent, locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
    await ctx.addCookies(toBrowserCookies(jar, url))
    const page = await ctx.newPage()
    return await fn(page, ctx)
  } finally {
    await browser.close().catch(() => {})
  }
}

/**
 * Opens the IM page with the account's cookies so the site renews the session, and returns the
 * refreshed jar (null when the page sent us to a login form: the login is really gone).
 */
export async function refreshInBrowser(o: AutomationOptions, jar: CookieJar, imUrl: string): Promise<CookieJar | null> {
  return withPage(o, jar, imUrl, async (page, ctx) => {
    await page.goto(imUrl, { waitUntil: 'domcontentloaded', timeout: 30_000 })
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {})
    // sent to a login form: the session is really gone
    if (/login/i.test(new URL(page.url()).pathname)) return null
    const fresh = harvestJar(await ctx.cookies(), new URL(imUrl).hostname)
    if (!fresh.get('unb')) return null
    const merged = new CookieJar(jar.toHeader())
    merged.mergeFrom(fresh)
    return merged
  })
}

const HANDLE = '#nc_1_n1z'
const TRACK = '#nc_1__scale_text'

/**
 * Tries to pass a slider check with a human-like drag, at most `attempts` times. Returns the x5*
 * cookie names merged into `jar`, or null when it could not pass (a human must do it).
 */
export async function solveSlider(o: AutomationOptions, jar: CookieJar, verifyUrl: string, attempts = 3, random: () => number = Math.random): Promise<string[] | null> {
  return withPage(o, jar, verifyUrl, async (page, ctx) => {
    await page.goto(verifyUrl, { waitUntil: 'domcontentloaded', timeout: 30_000 })
    for (let i = 0; i < attempts; i++) {
      const handle = await page.waitForSelector(HANDLE, { timeout: 10_000 }).catch(() => null)
      const track = await page.$(TRACK)
      const hb = await handle?.boundingBox()
      const tb = await track?.boundingBox()
      if (!hb || !tb) return null
      await drag(page, hb, tb.x + tb.width - (hb.x + hb.width / 2) + 2, random)
      await page.waitForTimeout(800)
      const names = mergeX5(jar, await ctx.cookies())
      if (names.includes('x5sec')) return names
      o.logger.info('slider attempt failed', { attempt: i + 1 })
      await page.click(TRACK).catch(() => {})
      await page.waitForTimeout(500 + random() * 700)
    }
    return null
  })
}

async function drag(page: Page, hb: { x: number; y: number; width: number; height: number }, distance: number, random: () => number): Promise<void> {
  const x0 = hb.x + hb.width / 2
  const y0 = hb.y + hb.height / 2
  await page.mouse.move(x0 - 20 + random() * 10, y0 + random() * 6)
  await page.mouse.move(x0, y0, { steps: 4 })
  await page.mouse.down()
  let last = 0
  for (const p of dragTrajectory(distance, random)) {
    await page.waitForTimeout(Math.max(0, p.t - last))
    last = p.t
    await page.mouse.move(x0 + p.x, y0 + p.y)
  }
  await page.mouse.up()
}
