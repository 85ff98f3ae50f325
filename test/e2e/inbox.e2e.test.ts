import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { ReplyPart } from '../../src-main/contract/rules'
import type { InboundMessage } from '../../src-main/core/services/ingest'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'
import { SAMPLE_COOKIE } from '../helpers/core'
import { clearCaches } from '../../src-main/core/db/cache'

let app: HeadlessApp
let browser: Browser
let accountId = ''
const sent: Array<{ cid: string; part: ReplyPart }> = []
const sentTexts = (): string[] => sent.map((s) => (s.part.kind === 'text' ? s.part.text : s.part.url))

const MIN = 60_000
const ITEM = '800000000004'
const BARGAIN_CID = '51000000001'
let seq = 0

/** A message from the platform, as the protocol client would hand it to core. */
function buyer(cid: string, nick: string, text: string, over: Partial<InboundMessage> = {}): void {
  seq += 1
  app.core.services.ingest.ingest({
    accountId, cid, direction: 'in', senderId: `33000000${cid.slice(-2)}`, senderNick: nick, buyerId: `33000000${cid.slice(-2)}`, buyerNick: nick,
    itemId: ITEM, contentType: 'text', text, platformMessageId: `e2e-${seq}`, createdAt: Date.now(), ...over
  })
}

async function seed(): Promise<void> {
  const account = await app.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE, remark: '数码小店' })
  accountId = account.id
  app.core.services.setSender({
    send: async (_accountId, cid, part) => {
      sent.push({ cid, part })
      return { clientUuid: `-17600000000${sent.length}1`, platformMessageId: `x-${sent.length}` }
    }
  })
  await app.core.api['settings.update']({ accountId, account: { debounceSeconds: 0, maxBargainRounds: 3, pauseMinutes: 10 } })
  app.core.services.items.upsert({
    accountId, itemId: ITEM, title: 'iPhone 13 128G 午夜色 95新', price: 1000, description: '电池健康 88%，无拆无修', stock: 1, fetchedAt: Date.now(), images: [],
    skus: [{ id: 's1', name: '128G 午夜色', price: 1000, stock: 1 }]
  })
  await app.core.api['rules.save']({
    rule: { scope: 'account', accountId, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: '包邮的，今天下单今天发货～' }], priority: 0, enabled: true, replyOnce: false }
  })
  const now = Date.now()
  buyer('51000000005', '小鹿', '这个还能用吗', { createdAt: now - 3 * 24 * 60 * MIN })
  buyer('51000000004', '阿花', '[图片]', { contentType: 'image', imageUrl: 'https://img.example.com/a.jpg', createdAt: now - 26 * 60 * MIN })
  buyer('51000000003', '数码控老周', '你好，请问有发票吗', { createdAt: now - 90 * MIN })
  buyer(BARGAIN_CID, '买家小王', '你好，在吗？', { createdAt: now - 30 * MIN })
  buyer(BARGAIN_CID, '买家小王', '能便宜点吗，900 行不行', { createdAt: now - 29 * MIN })
  buyer(BARGAIN_CID, '买家小王', '包邮吗？', { createdAt: now - 28 * MIN })
  await until(() => sentTexts().includes('包邮的，今天下单今天发货～'))
}

/** Waits for a condition outside a test (expect.poll lives inside tests only). */
async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('seed: condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function openInbox(page: Page): Promise<void> {
  await page.goto(app.server.url)
  await page.getByTestId('nav-inbox').click()
  await page.getByTestId('inbox-list').waitFor()
}

const row = (page: Page, cid: string) => page.locator(`[data-testid="inbox-row"][data-cid="${cid}"]`)

beforeAll(async () => {
  app = await startApp()
  browser = await launchChromium()
  await seed()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('Inbox in Chromium against the headless host', () => {
  it('lists the chats with the bargain counter and shows a new buyer message live', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await openInbox(page)
    await row(page, BARGAIN_CID).waitFor()
    expect(await row(page, BARGAIN_CID).getAttribute('data-account-id')).toBe(accountId)
    await expect.poll(() => row(page, BARGAIN_CID).getByTestId('row-bargain').textContent()).toBe('议价 1/3')
    expect(await page.getByTestId('inbox-row').count()).toBe(4)

    buyer('51000000006', '新来的买家', '请问可以当面交易吗？')
    await row(page, '51000000006').waitFor()
    // newest activity first
    expect(await page.getByTestId('inbox-row').first().getAttribute('data-cid')).toBe('51000000006')
    expect(await row(page, '51000000006').getByTestId('row-last').textContent()).toBe('请问可以当面交易吗？')
    // the buyer bargains with no AI and no rule to answer: held, shown under 需处理 live; no round is used (nothing was sent)
    buyer('51000000006', '新来的买家', '800出吗')
    await expect.poll(() => row(page, '51000000006').getByTestId('badge-attention').textContent()).toBe('需处理 2')
    expect(await row(page, '51000000006').getByTestId('row-bargain').count()).toBe(0)

    await page.getByTestId('inbox-search').fill('发票')
    await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(1)
    await page.getByTestId('inbox-search').fill('')
    await expect.poll(() => page.getByTestId('inbox-row').count()).toBe(5)
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens a chat, takes it over and sends by hand exactly once', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' })
    await openInbox(page)
    await row(page, BARGAIN_CID).click()
    await page.getByTestId('chat-view').waitFor()
    await expect.poll(() => page.getByTestId('chat-message').count()).toBe(4)
    expect(await page.getByTestId('bargain-counter').textContent()).toBe('议价 1/3')
    expect(page.url()).toContain(`#/inbox/${accountId}/${BARGAIN_CID}`)

    // the bot's keyword reply explains itself
    const bot = page.locator('[data-testid="chat-message"][data-source="keyword"]')
    expect(await bot.textContent()).toContain('关键词')
    await bot.locator('.msg-bubble').click()
    await page.getByTestId('decision-sheet').waitFor()
    expect(await page.getByTestId('decision-source').textContent()).toBe('关键词规则')
    await page.getByTestId('decision-sheet').evaluate((el: { getAnimations(): Array<{ finished: Promise<unknown> }> }) => Promise.all(el.getAnimations().map((a) => a.finished)))
    await screenshot(page, 'inbox-chat-zh-CN')
    await page.getByTestId('decision-close').click()

    await page.getByTestId('takeover-button').click()
    await page.getByTestId('release-button').waitFor()
    await expect.poll(async () => (await app.core.api['conversations.detail']({ accountId, cid: BARGAIN_CID })).conversation.mode).toBe('takeover')

    // taken over: a buyer message that a rule would answer shows up live, and the bot stays silent
    const beforeBuyer = sent.length
    buyer(BARGAIN_CID, '买家小王', '包邮吗？还在吗')
    await expect.poll(() => page.getByTestId('chat-message').count()).toBe(5)
    await expect.poll(async () => (await app.core.api['decisions.list']({ accountId, cid: BARGAIN_CID })).at(-1)?.reason).toMatch(/taken this chat over/)
    expect(sent.length).toBe(beforeBuyer)

    const before = sent.length
    await page.getByTestId('composer-input').fill('可以的，950 包邮给你')
    await page.getByTestId('composer-input').press('Enter')
    const manual = page.locator('[data-testid="chat-message"][data-source="manual"]')
    await manual.waitFor()
    expect(await manual.textContent()).toContain('我（手动）')
    expect(await page.getByTestId('composer-input').inputValue()).toBe('')
    await expect.poll(() => sent.length).toBe(before + 1)
    expect(sent.at(-1)).toEqual({ cid: BARGAIN_CID, part: { kind: 'text', text: '可以的，950 包邮给你' } })
    await screenshot(page, 'inbox-zh-CN')
    await page.close()
  })

  it('shows a copilot draft and sends it once when approved', async () => {
    await app.core.api['settings.update']({ accountId, account: { copilot: true } })
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' })
    await openInbox(page)
    await row(page, '51000000003').click()
    await page.getByTestId('chat-view').waitFor()
    const before = sent.length
    buyer('51000000003', '数码控老周', '包邮吗')
    await page.getByTestId('draft-card').waitFor()
    expect(await page.getByTestId('draft-input').inputValue()).toBe('包邮的，今天下单今天发货～')
    expect(sent.length).toBe(before)
    await page.getByTestId('draft-approve').click()
    await page.getByTestId('draft-card').waitFor({ state: 'detached' })
    await page.locator('[data-testid="chat-message"][data-source="draft"]').waitFor()
    await expect.poll(() => sent.length).toBe(before + 1)
    expect(sent.filter((s) => s.cid === '51000000003').map((s) => s.part)).toEqual([{ kind: 'text', text: '包邮的，今天下单今天发货～' }])
    await page.close()
  })

  it('renders in English and dark', async () => {
    await app.core.api['settings.update']({ global: { language: 'en', theme: 'dark' } })
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 } })
    await page.goto(app.server.url)
    await page.getByTestId('nav-inbox').click()
    await row(page, BARGAIN_CID).click()
    await page.getByTestId('chat-view').waitFor()
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    await expect.poll(() => page.getByTestId('bargain-counter').textContent()).toBe('Bargain 1/3')
    await screenshot(page, 'inbox-en-dark')
    await app.core.api['settings.update']({ global: { language: 'zh-CN', theme: 'light' } })
    await page.close()
  })

  it('shows the order state and its timeline from the order cards', async () => {
    const cid = '51000000005'
    const now = Date.now()
    buyer(cid, '小鹿', '我已拍下，待付款', { contentType: 'card', createdAt: now - 5 * MIN })
    buyer(cid, '小鹿', '我已付款，等待你发货', { contentType: 'card', createdAt: now - 4 * MIN })
    // the order state as the order push would set it; written behind the repos' back, so their read caches are dropped
    app.core.services.db.prepare("UPDATE conversations SET order_state = 'paid', order_id = '4100000000000000005' WHERE account_id = ? AND cid = ?").run(accountId, cid)
    clearCaches(app.core.services.db)
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' })
    await openInbox(page)
    await row(page, cid).click()
    await page.getByTestId('item-panel').waitFor()
    await page.getByTestId('order-timeline').waitFor()
    expect(await page.getByTestId('order-state').textContent()).toBe('已付款，待发货')
    expect(await page.getByTestId('order-timeline').textContent()).toContain('我已付款，等待你发货')
    await screenshot(page, 'inbox-order-zh-CN')
    await page.close()
  })
})
