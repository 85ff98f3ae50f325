/**
 * The login page and the IM page in real Chromium: the cookies the simulator sets are accepted by a
 * browser on 127.0.0.1, and a Playwright-style refresh (add jar, open /im, read the jar) works.
 */
import { launchChromium } from '../../helpers/browser'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import { Jar, mtop } from './harness'

const UNB = '2200000000099'
let browser: Browser
let sim: Simulator
let context: BrowserContext

beforeAll(async () => {
  browser = await launchChromium()
}, 60_000)
afterAll(async () => {
  await browser.close()
})
beforeEach(async () => {
  sim = await startSimulator({ scenario: 'quiet' })
  context = await browser.newContext()
})
afterEach(async () => {
  await context.close()
  await sim.close()
})

const jarOf = async (): Promise<Jar> => {
  const jar = new Jar()
  for (const c of await context.cookies(sim.urls.http)) jar.map.set(c.name, c.value)
  return jar
}

describe('login and IM pages in real Chromium', () => {
  it('form login lands on /im with the login cookies in the browser jar, usable for mtop', async () => {
    const page = await context.newPage()
    await page.goto(sim.urls.imUrl)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.fill('#login-account', UNB)
    await page.fill('#login-nick', '浏览器用户')
    await page.fill('#login-password', 'pw')
    await page.click('#login-submit')
    await page.waitForURL(sim.urls.imUrl)
    expect(await page.locator('#im-nick').textContent()).toBe('浏览器用户')
    const jar = await jarOf()
    for (const c of ['unb', 'cookie2', 'sgcookie', 'csg', 'tracknick', '_tb_token_', '_m_h5_tk', '_m_h5_tk_enc', 't', 'cna']) expect(jar.map.has(c), c).toBe(true)
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('SUCCESS::调用成功')
  })

  it('a refreshable session is renewed by opening /im (rotated _m_h5_tk/cookie2); a dead one lands on /login', async () => {
    const minted = new Jar(sim.control.mintCookie({ unb: UNB }))
    await context.addCookies([...minted.map].map(([name, value]) => ({ name, value, url: sim.urls.http })))
    sim.control.sessionState({ unb: UNB, state: 'refreshable' })
    const page = await context.newPage()
    await page.goto(sim.urls.imUrl, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#im-root').getAttribute('data-unb')).toBe(UNB)
    const fresh = await jarOf()
    expect(fresh.map.get('cookie2')).not.toBe(minted.map.get('cookie2'))
    expect(fresh.map.get('_m_h5_tk')).not.toBe(minted.map.get('_m_h5_tk'))
    expect((await mtop(sim.urls.mtopBase, fresh, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('SUCCESS::调用成功')

    sim.control.sessionState({ unb: UNB, state: 'dead' })
    await page.goto(sim.urls.imUrl)
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(sim.control.counters()).toMatchObject({ imRefreshes: 1, imRedirects: 1 })
  })
})
