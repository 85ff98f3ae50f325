import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'

let app: HeadlessApp
let browser: Browser

beforeAll(async () => {
  app = await startApp()
  // like `npm run headless` and the desktop app: the account manager connects every enabled account
  await app.core.start()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function openPage(opts: { locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: opts.locale ?? 'zh-CN' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(app.server.url)
  return { page, errors }
}

/** Another seller logged in by QR through the API (core polls the simulator's passport). */
async function qrAccount(unb: string, nick: string): Promise<string> {
  await app.core.api['login.qrStart']({})
  app.sim.control.qrConfirm({ latest: true, unb, nick })
  await expect.poll(async () => (await app.core.api['accounts.list']({})).some((a) => a.unb === unb), { timeout: 15_000 }).toBe(true)
  return accountIdOf(unb)
}

async function accountIdOf(unb: string): Promise<string> {
  const list = await app.core.api['accounts.list']({})
  const found = list.find((a) => a.unb === unb)
  if (!found) throw new Error(`no account ${unb}`)
  return found.id
}

describe('QR login, browser login note and demo account in Chromium', () => {
  it('logs in by QR: code, scanned, confirmed, the account appears with its nick', async () => {
    const { page, errors } = await openPage()
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('add-account-button').click()
    await page.getByTestId('add-account-tab-qr').click()
    await page.getByTestId('qr-image').waitFor()
    await expect.poll(() => page.getByTestId('qr-state').textContent()).toContain('请用闲鱼 App 扫码')
    expect(await page.getByTestId('qr-image').getAttribute('src')).toMatch(/^data:image\/png;base64,/)
    await screenshot(page, 'accounts-qr-zh-CN')

    app.sim.control.qrScan({ latest: true })
    await expect.poll(() => page.getByTestId('qr-state').textContent(), { timeout: 10_000 }).toContain('已扫码')

    app.sim.control.qrConfirm({ latest: true, unb: '2200000000777', nick: '扫码小店' })
    const row = page.locator('[data-testid="account-row"][data-unb="2200000000777"]')
    await row.waitFor({ timeout: 15_000 })
    await page.getByTestId('add-account-dialog').waitFor({ state: 'hidden' })
    expect(await row.textContent()).toContain('扫码小店')
    expect(errors).toEqual([])
    await page.close()
  })

  it('an expired code shows the regenerate path; closing the dialog cancels the session', async () => {
    const states: string[] = []
    const stop = app.core.events.on('login.qr', (e) => void states.push(e.state))
    const { page } = await openPage()
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('add-account-button').click()
    await page.getByTestId('add-account-tab-qr').click()
    await page.getByTestId('qr-image').waitFor()
    const first = await page.getByTestId('qr-image').getAttribute('src')

    // one expiry: core draws a fresh code by itself
    app.sim.control.qrExpire({ latest: true })
    await expect.poll(() => page.getByTestId('qr-image').getAttribute('src'), { timeout: 10_000 }).not.toBe(first)

    // codes that die at once: core gives up after its regenerations and the seller gets the button
    app.sim.control.qrSetTtl({ ms: 0 })
    const regenerate = page.getByTestId('qr-regenerate')
    await regenerate.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('qr-state').textContent()).toContain('二维码已过期')

    app.sim.control.qrSetTtl({ ms: 120_000 })
    await regenerate.click()
    await expect.poll(() => page.getByTestId('qr-state').getAttribute('data-phase'), { timeout: 10_000 }).toBe('waiting')
    await page.getByTestId('qr-image').waitFor()

    await page.keyboard.press('Escape')
    await page.getByTestId('add-account-dialog').waitFor({ state: 'hidden' })
    // the dialog's close called login.qrCancel: core ended the session
    await expect.poll(() => states.at(-1), { timeout: 10_000 }).toBe('CANCELED')
    expect(states).toContain('EXPIRED')
    stop()
    await page.close()
  }, 90_000)

  it('the browser tab explains headless mode and points to QR / cookie', async () => {
    const { page } = await openPage()
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('add-account-button').click()
    await page.getByTestId('add-account-tab-browser').click()
    const note = page.getByTestId('browser-login-note')
    await note.waitFor()
    expect(await note.textContent()).toContain('桌面版')
    expect(await page.getByTestId('browser-login-button').isDisabled()).toBe(true)
    await page.close()
  })

  it('adds the demo account, which goes online', async () => {
    const { page, errors } = await openPage()
    await page.getByTestId('nav-accounts').click()
    await page.getByTestId('demo-account-button').click()
    const row = page.locator('[data-testid="account-row"]', { has: page.locator('.kind-tag') })
    await row.waitFor({ timeout: 15_000 })
    await expect.poll(() => row.getByTestId('account-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('online')
    await expect.poll(() => page.getByTestId('demo-account-button').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  }, 60_000)

  it('rows in every state: verify button, renew and log in again', async () => {
    const verifyId = await qrAccount('2200000000801', '数码二手铺')
    const loginId = await qrAccount('2200000000802', '书店老板')
    const errorId = await qrAccount('2200000000803', '闲置衣橱')
    await app.core.api['accounts.update']({ id: verifyId, remark: '数码店' })
    // let the new clients settle first, so their own status changes don't overwrite the ones set below
    const ids = [verifyId, loginId, errorId]
    await expect.poll(async () => (await app.core.api['accounts.list']({})).filter((a) => ids.includes(a.id) && a.status === 'online').length, { timeout: 20_000 }).toBe(3)
    const { page, errors } = await openPage()
    await page.getByTestId('nav-accounts').click()
    await page.locator('[data-unb="2200000000803"]').waitFor()
    app.core.services.accounts.setStatus(verifyId, 'needs_verification', '闲鱼要求滑块验证，自动验证没有通过', 'https://passport.goofish.com/punish?x5secdata=demo')
    app.core.services.accounts.setStatus(loginId, 'needs_login', '登录已失效，自动续期没有成功')
    app.core.services.accounts.setStatus(errorId, 'error', '连接被服务器拒绝（频率限制），稍后自动重试')
    await page.reload()
    await page.getByTestId('account-verify').waitFor()
    await page.getByTestId('account-refresh').waitFor()
    expect(await page.locator(`[data-account-id="${verifyId}"]`).getByTestId('account-status').getAttribute('data-status')).toBe('needs_verification')
    await screenshot(page, 'accounts-states-zh-CN')

    // renewing opens the IM page in a browser with the account's cookies: it either brings the
    // account back (the simulator's session is alive) or the page says why it could not
    const loginRow = page.locator(`[data-account-id="${loginId}"]`)
    await loginRow.getByTestId('account-refresh').click()
    const outcome = async (): Promise<string> => {
      if (await page.getByTestId('accounts-action-error').count()) return 'error shown'
      const status = await loginRow.getByTestId('account-status').getAttribute('data-status')
      return status === 'needs_login' ? 'pending' : 'renewed'
    }
    await expect.poll(outcome, { timeout: 45_000 }).not.toBe('pending')
    // a renewed account reconnects on its own: let that finish, or its 'online' would overwrite the status set next
    if ((await outcome()) === 'renewed') {
      await expect.poll(async () => (await app.core.api['accounts.list']({})).find((a) => a.id === loginId), { timeout: 20_000 }).toMatchObject({ status: 'online', connection: 'CONNECTED' })
    }
    app.core.services.accounts.setStatus(loginId, 'needs_login', '登录已失效，自动续期没有成功')
    await loginRow.getByTestId('account-relogin').waitFor()
    // "log in again" opens the QR tab
    await loginRow.getByTestId('account-relogin').click()
    await page.getByTestId('qr-image').waitFor()
    await page.keyboard.press('Escape')
    expect(errors).toEqual([])
    await page.close()
  }, 90_000)
})

describe('Dashboard in Chromium', () => {
  async function seed(): Promise<void> {
    const accountId = await accountIdOf('2200000000777')
    const now = Date.now()
    // everything seeded lies inside "today" (the dashboard's range), also when the test runs just after midnight
    const midnight = new Date(now).setHours(0, 0, 0, 0)
    const from = Math.max(now - 40 * 60_000, midnight)
    const ago = (k: number, of: number): number => Math.round(now - ((now - from) * k) / (of + 1))
    const buyers = [['51000000101', '3300000000101', '买家小王'], ['51000000102', '3300000000102', '学生党'], ['51000000103', '3300000000103', '爱砍价的李']] as const
    let n = 0
    for (const [cid, buyerId, buyerNick] of buyers) {
      for (const text of ['你好，还在吗？', '包邮吗', '最低多少钱']) {
        n += 1
        app.core.services.ingest.ingest({
          accountId, cid, direction: 'in', senderId: buyerId, senderNick: buyerNick, buyerId, buyerNick, itemId: '800000000004',
          contentType: 'text', text, platformMessageId: `dash-in-${n}`, createdAt: ago(n, 9)
        })
      }
    }
    await app.core.services.pipeline.idle()
    const db = app.core.services.db
    const usage = db.prepare('INSERT INTO usage_log (account_id, provider, model, tokens_in, tokens_out, latency_ms, cost_yuan, ok, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    const models: Array<[string, number]> = [['qwen-plus', 0.0032], ['qwen-turbo', 0.0008], ['deepseek-chat', 0.0021]]
    for (let i = 0; i < 24; i++) {
      const [model, cost] = models[i % 3] ?? ['qwen-plus', 0.003]
      usage.run(accountId, 'dashscope', model, 620 + i * 7, 80 + i, 700 + i * 45, cost, i === 5 ? 0 : 1, ago(i, 24))
    }
    const decision = db.prepare("INSERT INTO decision_log (account_id, cid, source, intent, round, created_at) VALUES (?, ?, ?, 'price', ?, ?)")
    const rounds: Array<[string, number]> = [['51000000101', 1], ['51000000102', 2], ['51000000103', 3], ['51000000104', 1], ['51000000105', 2], ['51000000106', 2]]
    for (const [cid, round] of rounds) decision.run(accountId, cid, 'ai', round, ago(2, 4))
    decision.run(accountId, '51000000103', 'refusal', null, ago(1, 4))
  }

  it('shows an empty state, then the seeded counts; light and dark', async () => {
    const { page, errors } = await openPage()
    await page.setViewportSize({ width: 1280, height: 1040 })
    await page.getByTestId('nav-dashboard').click()
    // the demo account's scripted buyers are chatting too: look at the QR account alone
    await page.getByTestId('dashboard-account').selectOption(await accountIdOf('2200000000777'))
    await page.getByTestId('dashboard-empty').waitFor()

    await seed()
    await page.getByTestId('dashboard-refresh').click()
    const card = page.getByTestId('dashboard-card-messages')
    await card.waitFor()
    await expect.poll(() => page.getByTestId('dashboard-messages-in').textContent()).toBe('9')
    expect(Number(await page.getByTestId('dashboard-messages-out').textContent())).toBeGreaterThanOrEqual(0)
    expect(await page.getByTestId('dashboard-card-ai').textContent()).toContain('24')
    expect(await page.getByTestId('dashboard-card-failure').getAttribute('data-tone')).toBe('ok')
    await page.getByTestId('dashboard-chart-daily').locator('.recharts-bar-rectangle').first().waitFor()
    await page.getByTestId('dashboard-chart-models').locator('.recharts-bar-rectangle').first().waitFor()
    await page.getByTestId('dashboard-range-7d').click()
    await page.getByTestId('dashboard-account').selectOption('')
    await expect.poll(() => page.getByTestId('dashboard-chart-daily').locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()).toBe(7)
    await page.mouse.move(0, 0)
    await page.waitForTimeout(600) // let the bars finish their entry animation
    await screenshot(page, 'dashboard-zh-CN')

    await page.getByTestId('topbar-language-en').click()
    await page.getByTestId('nav-settings').click()
    await page.getByTestId('settings-theme-dark').click()
    await page.getByTestId('nav-dashboard').click()
    await page.getByTestId('dashboard-card-messages').waitFor()
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.waitForTimeout(600)
    await screenshot(page, 'dashboard-en-dark')
    await app.core.api['settings.update']({ global: { language: 'zh-CN', theme: 'light' } })
    expect(errors).toEqual([])
    await page.close()
  })
})
