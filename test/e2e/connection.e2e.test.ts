import { describe, expect, it } from 'vitest'
import { e2eSession, screenshot } from '../helpers/browser'

const s = e2eSession()

describe('the page tells the truth about its link to the app', () => {
  it('host stops → banner and "disconnected" instead of stale counts; host back → both clear and the page refetches', async () => {
    const { page, errors } = await s.openPage()
    const app = s.app
    await page.getByTestId('nav-accounts').click()
    await expect.poll(() => page.getByTestId('connection-summary').textContent()).toContain('未添加账号')
    expect(await page.getByTestId('connection-banner').count()).toBe(0)

    await app.hostDown()
    const banner = page.getByTestId('connection-banner')
    await banner.waitFor({ timeout: 10_000 })
    expect(await banner.textContent()).toContain('与客服台的连接已断开')
    expect(await page.getByTestId('connection-summary').textContent()).toBe('与客服台的连接已断开')
    expect(await page.getByTestId('connection-summary').getAttribute('data-tone')).toBe('bad')
    await screenshot(page, 'connection-lost-zh-CN')

    // while the host was down an account was added: the page must show it after the reconnect
    await app.core.api['accounts.addByCookie']({ cookie: app.sim.control.mintCookie({ unb: '2200000000077', nick: '断线期间' }) })
    await app.hostUp()
    await banner.waitFor({ state: 'detached', timeout: 40_000 })
    await expect.poll(() => page.getByTestId('connection-summary').textContent(), { timeout: 10_000 }).toMatch(/\d\/1 个账号在线/)
    await expect.poll(() => page.getByText('断线期间').count()).toBeGreaterThan(0)
    expect(errors).toEqual([])
  })
})
