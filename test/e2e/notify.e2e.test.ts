import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'
import { startReceiver, type Receiver } from '../core/notify/receiver'

const DT = { token: 'dt-e2e-access-token-0001', secret: 'SECe2e-dingtalk-sign-0001' }

let app: HeadlessApp
let browser: Browser
let rx: Receiver
let accountId: string

beforeAll(async () => {
  app = await startApp()
  browser = await launchChromium()
  rx = await startReceiver({ dingtalk: DT })
  const account = await app.core.api['accounts.addByCookie']({ cookie: app.sim.control.mintCookie({ unb: '2200000000031', nick: '通知测试卖家' }) })
  accountId = account.id
})
afterAll(async () => {
  await browser?.close()
  await rx?.close()
  await app?.close()
})

async function openPage(locale = 'zh-CN'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1500 }, locale })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(app.server.url)
  await page.getByTestId('nav-notify').click()
  await page.getByTestId('notify-channels').waitFor()
  return { page, errors }
}

const hhmm = (d: Date): string => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`

describe('notification settings in Chromium against the headless host', () => {
  it('adds a signed DingTalk channel, tests it, routes an event to it and shows the delivery log', async () => {
    const { page, errors } = await openPage()
    expect(await page.getByTestId('notify-channel').count()).toBe(1) // the built-in desktop channel

    await page.getByTestId('notify-add').click()
    const dialog = page.getByTestId('notify-channel-dialog')
    await dialog.getByTestId('notify-channel-kind').selectOption('dingtalk')
    await dialog.getByTestId('notify-channel-name').fill('店铺钉钉群')
    // what the robot's page shows: the whole webhook URL
    await dialog.getByTestId('notify-secret-token').fill(`https://oapi.dingtalk.com/robot/send?access_token=${DT.token}`)
    await dialog.getByTestId('notify-secret-secret').fill(DT.secret)
    await dialog.getByTestId('notify-config-baseUrl').fill(`${rx.url}/robot/send`)
    await page.mouse.move(0, 0)
    await screenshot(page, 'notify-channel-dialog-zh-CN')
    await dialog.getByTestId('notify-channel-save').click()
    await dialog.waitFor({ state: 'hidden' })

    const row = page.locator('[data-testid="notify-channel"][data-kind="dingtalk"]')
    await row.waitFor()
    expect(await row.locator('[data-testid="notify-channel-secret"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-configured')))).toEqual(['true', 'true'])
    const channelId = await row.getAttribute('data-channel-id') as string

    // the test button: signed by the documented algorithm, checked by the local receiver
    await row.getByTestId('notify-test').click()
    await expect.poll(() => row.getByTestId('notify-test-result').getAttribute('data-status')).toBe('ok')
    expect(rx.received.at(-1)).toMatchObject({ service: 'dingtalk', signatureOk: true })
    expect(rx.received.at(-1)?.text).toContain('闲鱼客服台测试通知')

    // route paid orders to the group too; quiet hours set to a window that is not now
    await page.getByTestId(`notify-route-order_paid-${channelId}`).check()
    const later = new Date(Date.now() + 3 * 3600_000)
    await page.getByTestId('notify-quiet-enabled').click()
    await page.getByTestId('notify-quiet-start').fill(hhmm(later))
    await page.getByTestId('notify-quiet-end').fill(hhmm(new Date(later.getTime() + 3600_000)))
    await page.getByTestId('notify-routing-save').click()
    await page.getByTestId('notify-routing-saved').waitFor()
    const routing = await app.core.api['notify.getRouting']({})
    expect(routing.events.order_paid.channelIds).toEqual(['desktop', channelId])
    expect(routing.quietHours.enabled).toBe(true)

    app.core.services.notify.router.once({ kind: 'order_paid', accountId, cid: '51000000777', orderId: '3100000001', vars: { buyer: '小周', item: 'AirPods Pro', orderId: '3100000001' } })
    await page.locator('[data-testid="notify-delivery"][data-event="order_paid"][data-status="sent"]').first().waitFor()
    expect(await page.locator('[data-testid="notify-delivery"][data-event="order_paid"]').count()).toBe(2) // desktop + DingTalk
    await expect.poll(() => rx.received.at(-1)?.text).toBe('小周 已付款，请发货\nAirPods Pro · 订单 3100000001')

    // a wrong signing secret: the channel's own error, in the row and in the log
    await row.getByTestId('notify-edit').click()
    expect(await dialog.getByTestId('notify-secret-secret').inputValue()).toBe('')
    await dialog.getByTestId('notify-secret-secret').fill('wrong-secret')
    await dialog.getByTestId('notify-channel-save').click()
    await dialog.waitFor({ state: 'hidden' })
    await row.getByTestId('notify-test').click()
    await expect.poll(() => row.getByTestId('notify-test-result').getAttribute('data-status')).toBe('failed')
    expect(await row.getByTestId('notify-test-result').textContent()).toContain('sign not match')
    await page.getByTestId('notify-delivery-error').first().waitFor()

    const html = await page.content()
    for (const s of [DT.token, DT.secret, 'wrong-secret']) expect(html).not.toContain(s)
    await page.mouse.move(0, 0)
    await screenshot(page, 'notify-zh-CN')
    expect(errors).toEqual([])
    await page.close()
  })

  it('the same page in English', async () => {
    const { page, errors } = await openPage('en')
    await page.getByTestId('topbar-language-en').click()
    await page.getByText('Delivery log').waitFor()
    await page.mouse.move(0, 0)
    await screenshot(page, 'notify-en')
    await app.core.api['settings.update']({ global: { language: 'zh-CN' } })
    expect(errors).toEqual([])
    await page.close()
  })
})
