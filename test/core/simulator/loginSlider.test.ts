/**
 * The punish page's slider driven in real Chromium (playwright-core, /usr/bin/chromium).
 */
import { launchChromium } from '../../helpers/browser'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import { deviceId, IM_APP_KEY, Jar, mtop, SELLER } from './harness'
import { easeOutCubic, rng } from './trails'

const TOKEN_API = 'mtop.taobao.idlemessage.pc.login.token'
const tokenData = JSON.stringify({ appKey: IM_APP_KEY, deviceId: deviceId(SELLER) })
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

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

async function handleBox(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('#nc_1_n1z').boundingBox()
  if (!box) throw new Error('no slider handle')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Eased drag with jitter and irregular pauses, a bit past the end (the handle clamps). */
async function humanDrag(page: Page, seed: number): Promise<void> {
  const r = rng(seed)
  const { x, y } = await handleBox(page)
  const track = await page.locator('#nc_1__scale_text').boundingBox()
  const distance = (track?.width ?? 300) - 40 + 6
  await page.mouse.move(x, y)
  await page.mouse.down()
  const steps = 28
  for (let i = 1; i <= steps; i++) {
    await sleep(10 + r() * 25)
    await page.mouse.move(x + distance * easeOutCubic(i / steps) + (i < steps ? (r() - 0.5) : 0), y + (r() - 0.5) * 3)
  }
  await sleep(80)
  await page.mouse.up()
}

async function straightJump(page: Page): Promise<void> {
  const { x, y } = await handleBox(page)
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + 300, y)
  await page.mouse.up()
}

async function punishUrlFromRisk(jar: Jar): Promise<string> {
  const r = await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData)
  expect(r.ret[0]).toBe('FAIL_SYS_USER_VALIDATE')
  return String(r.data.url)
}

const verdictOf = (page: Page): Promise<{ ok: boolean; reasons: string[] } | null> =>
  page.evaluate(() => (globalThis as unknown as { __nc: { result: { ok: boolean; reasons: string[] } | null } }).__nc.result)

describe('punish page slider in real Chromium', () => {
  it('a human-like eased drag passes, yields the x5sec the gate expects, and the token call resumes', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    const risk = sim.control.riskControl()
    const url = await punishUrlFromRisk(jar)
    const page = await context.newPage()
    await page.goto(url)
    await humanDrag(page, 11)
    await page.locator('#nc-success').waitFor({ state: 'visible', timeout: 5000 })
    expect(await verdictOf(page)).toMatchObject({ ok: true })
    const cookies = await context.cookies(sim.urls.http)
    const x5 = cookies.find((c) => c.name === 'x5sec')
    expect(x5?.value).toBe(risk.x5sec)
    expect(cookies.some((c) => c.name === 'x5step')).toBe(true)
    // merge only x5* cookies into the client's jar (§2.5) and retry
    for (const c of cookies) if (c.name.startsWith('x5')) jar.map.set(c.name, c.value)
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData)).ret[0]).toBe('SUCCESS::调用成功')
    const attempts = sim.control.sliderAttempts()
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ verdict: 'pass', reasons: [] })
    expect(attempts[0]?.points).toBeGreaterThanOrEqual(10)
    expect(attempts[0]?.userAgent).toMatch(/Chrome/)
  })

  it('a straight instant jump fails with the retry message; a human retry then passes and navigates back to `redirect`', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    sim.control.riskControl()
    const url = `${await punishUrlFromRisk(jar)}&redirect=${encodeURIComponent('/im')}`
    await context.addCookies([...jar.map].map(([name, value]) => ({ name, value, url: sim.urls.http })))
    const page = await context.newPage()
    await page.goto(url)
    await straightJump(page)
    const err = page.locator('#nc_1_refresh1')
    await err.waitFor({ state: 'visible', timeout: 5000 })
    expect(await err.textContent()).toBe('验证失败，点击框体重试')
    const failed = await verdictOf(page)
    expect(failed?.ok).toBe(false)
    expect(failed?.reasons).toEqual(expect.arrayContaining(['too_few_points', 'too_fast']))
    await err.click()
    await err.waitFor({ state: 'hidden' })
    await humanDrag(page, 5)
    await page.waitForURL(`${sim.urls.imUrl}`, { timeout: 5000 })
    expect(await page.locator('#im-root').getAttribute('data-unb')).toBe(SELLER)
    expect(sim.control.sliderAttempts().map((a) => a.verdict)).toEqual(['fail', 'pass'])
    expect(sim.control.counters()).toMatchObject({ sliderAttempts: 2, sliderPasses: 1 })
  })

  it('sliderUnsolvable: every attempt fails, no x5sec is issued, the gate stays closed', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    sim.control.riskControl()
    const url = await punishUrlFromRisk(jar)
    expect(sim.control.sliderUnsolvable({ on: true })).toEqual({ on: true })
    const page = await context.newPage()
    await page.goto(url)
    for (let i = 0; i < 3; i++) {
      await humanDrag(page, 20 + i)
      const err = page.locator('#nc_1_refresh1')
      await err.waitFor({ state: 'visible', timeout: 5000 })
      await err.click()
    }
    const attempts = sim.control.sliderAttempts()
    expect(attempts).toHaveLength(3)
    for (const a of attempts) {
      expect(a.verdict).toBe('fail')
      expect(a.reasons).toEqual(['unsolvable'])
    }
    expect((await context.cookies(sim.urls.http)).some((c) => c.name === 'x5sec')).toBe(false)
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData)).ret[0]).toBe('FAIL_SYS_USER_VALIDATE')
  })
})
