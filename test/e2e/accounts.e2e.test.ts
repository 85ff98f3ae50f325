import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'
import { SAMPLE_COOKIE } from '../helpers/core'

let app: HeadlessApp
let browser: Browser

beforeAll(async () => {
  app = await startApp()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('Accounts page in Chromium against the headless host', () => {
  it('adds an account by pasted cookie, shows inline errors, survives a reload and a restart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(app.server.url)
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('accounts-empty').waitFor()

    await page.getByTestId('add-account-button').click()
    await page.getByTestId('add-account-tab-cookie').click()
    await page.getByTestId('cookie-input').fill('unb=2200000000001; cookie2=abc')
    await page.getByTestId('add-account-submit').click()
    const error = page.getByTestId('add-account-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('BAD_INPUT')
    expect(await error.textContent()).toContain('_m_h5_tk')
    await screenshot(page, 'accounts-add-error-zh-CN')

    await page.getByTestId('cookie-input').fill(SAMPLE_COOKIE)
    await page.getByTestId('remark-input').fill('主号')
    await page.getByTestId('add-account-submit').click()
    const row = page.getByTestId('account-row')
    await row.waitFor()
    expect(await row.getAttribute('data-unb')).toBe('2200000000001')
    expect(await page.getByTestId('account-name').textContent()).toContain('主号')
    expect(await row.textContent()).toContain('小鱼卖家')
    await screenshot(page, 'accounts-zh-CN')

    await page.reload()
    await page.getByTestId('account-row').waitFor()
    expect(await page.getByTestId('account-row').count()).toBe(1)

    // the account is in the database, not just in the page: restart the host
    app = await app.restart()
    await page.goto(app.server.url)
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('account-row').waitFor()
    expect(await page.getByTestId('account-row').getAttribute('data-unb')).toBe('2200000000001')
    expect(errors).toEqual([])
    await page.close()
  })

  it('switches to English and dark, and keeps it after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(app.server.url)
    await page.getByTestId('topbar-language-en').click()
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('settings-theme-dark').click()
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.reload()
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('account-row').waitFor()
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    expect(await page.getByTestId('nav-accounts').textContent()).toMatch(/Accounts/)
    await screenshot(page, 'accounts-en-dark')
    const s = await app.core.api['settings.get']({})
    expect(s.global).toMatchObject({ language: 'en', theme: 'dark' })
    await app.core.api['settings.update']({ global: { language: 'zh-CN', theme: 'light' } })
    await page.close()
  })
})
