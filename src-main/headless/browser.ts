import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright'
import { findBrowser } from '../core/login/automation'
import type { InteractiveBrowser, PortCookie } from '../core/ports'

/**
 * Headless host: a visible Chromium-family window for the human (browser login, a slider that
 * automation could not pass), on a persistent profile per account under the data folder.
 * Only offered where a window can appear (a desktop, or an X display).
 */
export function visibleBrowser(dataDir: string, browserPath: () => string | null): InteractiveBrowser | undefined {
  const canShow = process.platform === 'win32' || process.platform === 'darwin' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  if (!canShow) return undefined
  return {
    async open(o) {
      const exe = await findBrowser(browserPath())
      if (!exe) return null
      const dir = join(dataDir, 'browser-profiles', o.profile.replace(/[^A-Za-z0-9_-]/g, '_'))
      mkdirSync(dir, { recursive: true })
      const ctx = await chromium.launchPersistentContext(dir, {
        executablePath: exe, headless: false, userAgent: o.userAgent, locale: 'zh-CN', viewport: null,
        args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
      })
      try {
        if (o.cookies.length > 0) await ctx.addCookies([...o.cookies])
        const page = ctx.pages()[0] ?? (await ctx.newPage())
        await page.goto(o.url)
        const end = Date.now() + o.timeoutMs
        while (Date.now() < end && ctx.pages().length > 0) {
          const cookies: PortCookie[] = await ctx.cookies()
          if (o.done(cookies)) return cookies
          await new Promise((r) => setTimeout(r, 1000))
        }
        return null
      } finally {
        await ctx.close().catch(() => {})
      }
    }
  }
}
