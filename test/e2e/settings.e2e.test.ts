import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'
import { reply, startFakeOpenAI, type FakeLlmServer } from '../fakes/llm'

const API_KEY = 'sk-e2e-secret-key-0001'

let app: HeadlessApp
let browser: Browser
let llm: FakeLlmServer
let accountId: string

beforeAll(async () => {
  app = await startApp()
  browser = await launchChromium()
  llm = await startFakeOpenAI({ behaviour: reply('这个价格不行哦，最低1000元，诚心要可以直接拍') })
  const account = await app.core.api['accounts.addByCookie']({ cookie: app.sim.control.mintCookie({ unb: '2200000000001', nick: '卖家' }) })
  accountId = account.id
  app.core.services.items.upsert({ accountId, itemId: '1', title: 'iPhone', price: 1000, description: '', skus: [], images: [], stock: 1, fetchedAt: Date.now() })
})
afterAll(async () => {
  await browser?.close()
  await llm?.close()
  await app?.close()
})

async function openPage(opts: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, locale: opts.locale ?? 'zh-CN', acceptDownloads: true })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(app.server.url)
  return { page, errors }
}

describe('AI, rules and settings pages in Chromium against the headless host', () => {
  it('configures the AI for an account, validates, previews a price reply and survives a reload', async () => {
    const { page, errors } = await openPage()
    await page.getByTestId('nav-ai').click()
    await expect.poll(() => page.getByTestId('ai-account-picker').inputValue()).toBe(accountId)

    await page.getByTestId('ai-preset').selectOption('openai')
    expect(await page.getByTestId('ai-model').inputValue()).toBe('gpt-4o-mini')
    await page.getByTestId('ai-base-url').fill(llm.url)
    await page.getByTestId('ai-model').fill('gpt-4o-mini')
    await page.getByTestId('ai-enabled').click()

    // write-only key: saved, the field cleared, only "configured" shown
    expect(await page.getByTestId('ai-apikey-status').getAttribute('data-configured')).toBe('false')
    await page.getByTestId('ai-apikey').fill(API_KEY)
    await page.getByTestId('ai-apikey-save').click()
    await expect.poll(() => page.getByTestId('ai-apikey-status').getAttribute('data-configured')).toBe('true')
    expect(await page.getByTestId('ai-apikey').inputValue()).toBe('')

    // out of range → inline error and no save; then 0 % = no discount, every rung the price
    await page.getByTestId('ai-max-discount-percent').fill('60')
    await page.locator('[data-testid="ai-field-error"][data-field="maxDiscountPercent"]').waitFor()
    await page.getByTestId('ai-max-rounds').fill('0')
    await page.locator('[data-testid="ai-field-error"][data-field="maxBargainRounds"]').waitFor()
    await page.getByTestId('ai-max-rounds').fill('3')
    // saving with an error far down the page brings the first error into view, with the caret in it
    await page.getByTestId('ai-base-url').focus()
    await page.getByTestId('ai-save').click()
    await expect.poll(() => page.getByTestId('ai-max-discount-percent').evaluate((e) => e.ownerDocument.activeElement === e)).toBe(true)
    await expect.poll(() => page.getByTestId('ai-max-discount-percent').evaluate((e) => {
      const r = e.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= (e.ownerDocument.defaultView?.innerHeight ?? 0)
    })).toBe(true)
    await page.getByTestId('ai-max-discount-percent').fill('0')
    expect(await page.getByTestId('ai-field-error').count()).toBe(0)
    expect(await page.getByTestId('ai-ladder-preview').getAttribute('data-rungs')).toBe('1000,1000,1000')
    await page.getByTestId('ai-save').click()
    await expect.poll(() => page.getByTestId('ai-save-bar').getAttribute('data-state')).toBe('saved')

    await page.getByTestId('ai-test-input').fill('800出吗')
    await page.getByTestId('ai-test-item').fill('1')
    await page.getByTestId('ai-test-run').click()
    const result = page.getByTestId('ai-test-result')
    await result.waitFor()
    expect(await result.getAttribute('data-status')).toBe('done')
    expect(await page.getByTestId('ai-test-allowedPrice').getAttribute('data-value')).toBe('¥1000')
    expect(await page.getByTestId('ai-test-floorPrice').getAttribute('data-value')).toBe('¥1000')
    expect(await page.getByTestId('ai-test-checks').count()).toBe(1)
    expect(llm.requests.at(-1)?.authorization).toBe(`Bearer ${API_KEY}`)
    expect(await page.content()).not.toContain(API_KEY)
    // a taller window for the docs: the model, the bargain limits with the ladder and the test result
    await page.setViewportSize({ width: 1440, height: 1400 })
    await page.mouse.move(0, 0)
    await screenshot(page, 'ai-settings-zh-CN')
    await page.setViewportSize({ width: 1440, height: 960 })

    const { account } = await app.core.api['settings.get']({ accountId })
    expect(account).toMatchObject({ aiEnabled: true, preset: 'custom', baseUrl: llm.url, model: 'gpt-4o-mini', maxDiscountPercent: 0, maxBargainRounds: 3 })

    await page.reload()
    await page.getByTestId('ai-max-discount-percent').waitFor()
    expect(await page.getByTestId('ai-max-discount-percent').inputValue()).toBe('0')
    expect(await page.getByTestId('ai-base-url').inputValue()).toBe(llm.url)
    expect(await page.getByTestId('ai-apikey-status').getAttribute('data-configured')).toBe('true')
    expect(errors).toEqual([])
    await page.close()
  })

  it('adds a keyword rule, tests it, and deletes another after confirming', async () => {
    const { page, errors } = await openPage()
    await page.getByTestId('nav-rules').click()
    await page.getByTestId('rules-empty').waitFor()
    await page.getByTestId('rule-add').click()
    const dialog = page.getByTestId('rule-dialog')
    await dialog.getByTestId('rule-save').click()
    // every problem at once, each next to its field
    const fieldErrors = dialog.locator('[data-testid="ai-field-error"]')
    await expect.poll(() => fieldErrors.evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(['keywords', 'replies'])
    await dialog.getByTestId('rule-scope-account').click()
    await dialog.locator('[data-testid="rule-keywords"] input').fill('包邮')
    await dialog.locator('[data-testid="rule-keywords"] input').press('Enter')
    // the floor is not offered as a chip, and typing it asks for a confirmation before saving
    expect(await dialog.locator('.var-chip', { hasText: '{floor_price}' }).count()).toBe(0)
    await dialog.getByTestId('rule-reply-text').fill('最低 {floor_price} 元')
    await dialog.getByTestId('rule-save').click()
    await expect.poll(() => fieldErrors.evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(['replies'])
    expect(await fieldErrors.textContent()).toContain('底价')
    await dialog.getByTestId('rule-reveal-floor').waitFor()
    await dialog.getByTestId('rule-reply-text').fill('{buyer} 你好，全国包邮哦～')
    expect(await dialog.getByTestId('rule-reveal-floor').count()).toBe(0)
    await dialog.getByTestId('rule-save').click()
    await page.getByTestId('rule-row').waitFor()
    expect(await page.getByTestId('rule-scope').textContent()).toBe('账号')

    await page.getByTestId('rule-add').click()
    await dialog.locator('[data-testid="rule-keywords"] input').fill('发货')
    await dialog.locator('[data-testid="rule-keywords"] input').press('Enter')
    await dialog.getByTestId('rule-reply-text').fill('拍下后 24 小时内发货')
    await dialog.getByTestId('rule-priority').fill('5')
    await dialog.getByTestId('rule-add-reply').click()
    await dialog.getByTestId('rule-reply-text').nth(1).fill('{buyer} 下单备注颜色即可')
    await screenshot(page, 'rules-dialog-zh-CN')
    await dialog.getByTestId('rule-reply').nth(1).getByRole('button', { name: '删除这条回复' }).click()
    await dialog.getByTestId('rule-save').click()
    await expect.poll(() => page.getByTestId('rule-row').count()).toBe(2)
    // account rules come before global ones
    expect(await page.getByTestId('rule-scope').allTextContents()).toEqual(['账号', '全局'])

    const rules = await app.core.api['rules.list']({})
    const shipping = rules.find((r) => r.keywords.includes('包邮'))
    await page.getByTestId('rule-test-input').fill('包邮吗')
    await page.getByTestId('rule-test-run').click()
    await expect.poll(() => page.getByTestId('rule-test-result').getAttribute('data-rule-id')).toBe(String(shipping?.id))
    expect(await page.getByTestId('rule-test-result').textContent()).toContain('全国包邮')
    // the button fades back in from its busy state: screenshot it settled
    await expect.poll(() => page.getByTestId('rule-test-run').evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).opacity)).toBe('1')
    await page.mouse.move(0, 0)
    await screenshot(page, 'rules-zh-CN')

    await page.locator('[data-testid="rule-row"]', { hasText: '发货' }).getByTestId('rule-remove').click()
    await page.getByTestId('rule-confirm-remove').click()
    await expect.poll(() => page.getByTestId('rule-row').count()).toBe(1)
    expect(await app.core.api['rules.list']({})).toHaveLength(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('settings: switches persist, backup shows its path, export downloads a file (English, dark)', async () => {
    const { page, errors } = await openPage({ locale: 'en' })
    await page.getByTestId('topbar-language-en').click()
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('settings-theme-dark').click()
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')

    await page.getByTestId('settings-pauseAllAi').click()
    await expect.poll(async () => (await app.core.api['settings.get']({})).global.pauseAllAi).toBe(true)
    await page.getByTestId('settings-pauseAllAi').click()
    await expect.poll(async () => (await app.core.api['settings.get']({})).global.pauseAllAi).toBe(false)
    expect(await page.getByTestId('settings-data-dir').textContent()).toBe(app.dataDir)

    await page.getByTestId('settings-backup').click()
    await page.getByTestId('settings-backup-path').waitFor()
    expect(await page.getByTestId('settings-backup-path').textContent()).toContain('backups')

    const download = page.waitForEvent('download')
    await page.getByTestId('settings-export').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^xianyu-desk-settings-\d{4}-\d\d-\d\d\.json$/)
    await page.getByTestId('settings-transfer-done').waitFor()
    await screenshot(page, 'settings-en-dark')

    // one-click restore: the backup just made is listed; restoring checks it and stages it for the next start
    page.once('dialog', (d) => void d.accept())
    await page.getByTestId('settings-restore').click()
    await page.getByTestId('settings-restore-staged').waitFor()
    const staged = join(app.dataDir, 'xianyu-desk.db.restore')
    expect(existsSync(staged)).toBe(true)
    rmSync(staged)

    await page.reload()
    await page.getByTestId('settings-pauseAllAi').waitFor()
    expect(await page.getByTestId('settings-pauseAllAi').getAttribute('aria-checked')).toBe('false')
    expect(errors).toEqual([])
    await app.core.api['settings.update']({ global: { language: 'zh-CN', theme: 'light' } })
    await page.close()
  })
})
