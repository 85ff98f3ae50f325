import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'
import { SAMPLE_COOKIE } from '../helpers/core'

/**
 * Issue 14.3 in Chromium: a new seller with the AI off (the default) sees every buyer message's
 * outcome — the chats under 需处理, the honest label, the reason on each held message.
 */
const HELD_CID = '51000000021'
const OFFLINE_CID = '51000000022'
const ITEM = '800000000004'

let app: HeadlessApp
let browser: Browser
let accountId = ''
let seq = 0

function buyer(cid: string, nick: string, text: string, createdAt = Date.now()): void {
  seq += 1
  app.core.services.ingest.ingest({
    accountId, cid, direction: 'in', senderId: `33000000${cid.slice(-3)}`, senderNick: nick, buyerId: `33000000${cid.slice(-3)}`, buyerNick: nick,
    itemId: ITEM, contentType: 'text', text, platformMessageId: `outcome-e2e-${seq}`, createdAt
  })
}

beforeAll(async () => {
  app = await startApp()
  browser = await launchChromium()
  const account = await app.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE, remark: '数码小店' })
  accountId = account.id
  app.core.services.setSender({ send: async () => ({ clientUuid: '-17600000000011', platformMessageId: 'o-1' }) })
  app.core.services.items.upsert({ accountId, itemId: ITEM, title: 'iPhone 13 128G 午夜色 95新', price: 1000, description: '电池健康 88%', stock: 1, fetchedAt: Date.now(), images: [], skus: [] })
  await app.core.api['settings.update']({ accountId, account: { debounceSeconds: 0 } })
  buyer(OFFLINE_CID, '老顾客', '昨天问的那个还有吗', Date.now() - 3 * 3600_000)
  buyer(HELD_CID, '小林', '这个还在吗')
  buyer(HELD_CID, '小林', '800出吗')
  await app.core.services.pipeline.idle()
  await new Promise((r) => setTimeout(r, 100))
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('every buyer message has a visible outcome', () => {
  it('AI off: the chats are under 需处理, labelled AI 已关闭, and each message says why it was not answered', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' })
    await page.goto(app.server.url)
    await page.getByTestId('nav-inbox').click()
    await page.getByTestId('inbox-filter-attention').click()
    const held = page.locator(`[data-testid="inbox-row"][data-cid="${HELD_CID}"]`)
    const offline = page.locator(`[data-testid="inbox-row"][data-cid="${OFFLINE_CID}"]`)
    await held.waitFor()
    await offline.waitFor()
    expect(await held.getByTestId('badge-attention').textContent()).toBe('需处理 2')
    await expect.poll(() => held.getByTestId('badge-aiOff').count()).toBe(1)
    expect(await held.getByTestId('badge-auto').count()).toBe(0)
    await screenshot(page, 'inbox-needs-you-zh-CN')

    await held.click()
    await page.getByTestId('chat-view').waitFor()
    const mode = page.getByTestId('chat-mode')
    await expect.poll(() => mode.getAttribute('data-mode')).toBe('aiOff')
    expect(await mode.textContent()).toContain('AI 已关闭')
    const notes = page.getByTestId('msg-outcome')
    await expect.poll(() => notes.count()).toBe(2)
    expect(await notes.first().getAttribute('data-reason')).toBe('ai_off')
    expect(await notes.first().textContent()).toContain('未自动回复：AI 已关闭，也没有匹配的关键词规则')
    await screenshot(page, 'inbox-held-reason-zh-CN')

    await offline.click()
    await expect.poll(() => page.getByTestId('msg-outcome').first().textContent()).toContain('需要你处理：离线期间收到')

    // the seller answers by hand: the messages are dealt with (the notes stay, marked so); the chat is paused now
    await held.click()
    await page.getByTestId('composer-input').fill('在的，最低900')
    await page.getByTestId('composer-send').click()
    await expect.poll(() => page.locator('[data-testid="msg-outcome"][data-resolved]').count()).toBe(2)
    await expect.poll(() => held.getByTestId('badge-attention').count()).toBe(0)
    expect(await held.getByTestId('badge-paused').count()).toBe(1)
    await page.close()
  })

  it('in English the reason reads in English', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'en' })
    await app.core.api['settings.update']({ global: { language: 'en' } })
    await page.goto(app.server.url)
    await page.getByTestId('nav-inbox').click()
    await page.locator(`[data-testid="inbox-row"][data-cid="${OFFLINE_CID}"]`).click()
    await expect.poll(() => page.getByTestId('msg-outcome').first().textContent()).toContain('Needs you: arrived while the app was off')
    await app.core.api['settings.update']({ global: { language: 'zh-CN' } })
    await page.close()
  })
})
