import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { ReplyPart } from '../../src-main/contract/rules'
import { reply, startFakeOpenAI, type FakeLlmServer } from '../fakes/llm'
import { launchChromium, screenshot, startApp, type HeadlessApp } from '../helpers/browser'
import { SAMPLE_COOKIE } from '../helpers/core'

const CID = '51000000007'
const ITEM = '800000000004'
// a slow model: the seller should watch these pieces arrive one by one
const PIECES = ['在的亲，', '这台手机无拆无修，', '电池很耐用，', '今天下单今天就发货哦']
const FULL = PIECES.join('')

let app: HeadlessApp
let browser: Browser
let llm: FakeLlmServer
let accountId = ''
const sent: ReplyPart[] = []
let seq = 0

function buyer(text: string, createdAt = Date.now()): void {
  seq += 1
  app.core.services.ingest.ingest({
    accountId, cid: CID, direction: 'in', senderId: '3300000000007', senderNick: '小林', buyerId: '3300000000007', buyerNick: '小林',
    itemId: ITEM, contentType: 'text', text, platformMessageId: `draft-e2e-${seq}`, createdAt
  })
}

beforeAll(async () => {
  app = await startApp()
  browser = await launchChromium()
  llm = await startFakeOpenAI({ behaviour: reply(FULL, { chunks: PIECES, chunkDelayMs: 400 }) })
  const account = await app.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE, remark: '数码小店' })
  accountId = account.id
  app.core.services.setSender({
    send: async (_accountId, _cid, part) => {
      sent.push(part)
      return { clientUuid: `-17600000000${sent.length}1`, platformMessageId: `d-${sent.length}` }
    }
  })
  app.core.services.items.upsert({ accountId, itemId: ITEM, title: 'iPhone 13 128G 午夜色 95新', price: 1000, description: '电池健康 88%', stock: 1, fetchedAt: Date.now(), images: [], skus: [] })
  // an old message (not answered: it predates the reply window) so the chat is in the list
  buyer('你好', Date.now() - 60 * 60_000)
  await app.core.api['secrets.setApiKey']({ accountId, apiKey: 'sk-e2e-drafting' })
  await app.core.api['settings.update']({ accountId, account: { aiEnabled: true, baseUrl: llm.url, model: 'qwen-plus', debounceSeconds: 0, copilot: true } })
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await llm?.close()
})

describe('Copilot drafting in Chromium against the headless host', () => {
  it('shows the draft live while the AI writes it, then the draft to approve', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' })
    await page.goto(app.server.url)
    await page.getByTestId('nav-inbox').click()
    await page.locator(`[data-testid="inbox-row"][data-cid="${CID}"]`).click()
    await page.getByTestId('chat-view').waitFor()
    // the chat follows the account's copilot setting: the header says nothing goes out unapproved
    const mode = page.getByTestId('chat-mode')
    await expect.poll(() => mode.getAttribute('data-mode')).toBe('draft')
    expect(await mode.textContent()).toContain('AI 草稿模式')
    const row = page.locator(`[data-testid="inbox-row"][data-cid="${CID}"]`)
    await expect.poll(() => row.getByTestId('badge-copilot').count()).toBe(1)
    expect(await row.getByTestId('badge-auto').count()).toBe(0)

    buyer('手机怎么样，什么时候发货')
    const writing = page.getByTestId('draft-writing')
    await writing.waitFor()
    expect(await writing.textContent()).toContain('AI 正在起草…')
    const text = page.getByTestId('draft-writing-text')
    await expect.poll(() => text.textContent()).toMatch(/^在的亲，/)
    const early = (await text.textContent()) ?? ''
    expect(early.length).toBeLessThan(FULL.length)
    expect(FULL.startsWith(early)).toBe(true)
    // it grows as more arrives, while no draft exists yet
    await expect.poll(async () => ((await text.textContent()) ?? '').length, { timeout: 5_000 }).toBeGreaterThan(early.length)
    expect(FULL.startsWith((await text.textContent()) ?? '∅')).toBe(true)
    expect(await page.getByTestId('draft-card').count()).toBe(0)
    await screenshot(page, 'inbox-drafting-zh-CN')

    await page.getByTestId('draft-input').waitFor()
    expect(await page.getByTestId('draft-input').inputValue()).toBe(FULL)
    await writing.waitFor({ state: 'detached' })
    expect(llm.requests.map((r) => r.stream)).toEqual([true])
    expect(sent).toEqual([])

    // the seller edits the price below the floor (¥1000, default limits → ¥900): warned, not blocked
    const input = page.getByTestId('draft-input')
    await input.fill('八百五包邮给你')
    const warning = page.getByTestId('draft-floor-warning')
    await warning.waitFor()
    expect(await warning.textContent()).toContain('八百五 (¥850)')
    expect(await warning.textContent()).toContain('¥900')
    expect(await page.getByTestId('draft-approve').isEnabled()).toBe(true)
    await screenshot(page, 'inbox-draft-floor-warning-zh-CN')
    await input.fill(FULL)
    await warning.waitFor({ state: 'detached' })

    await page.getByTestId('draft-approve').click()
    await page.locator('[data-testid="chat-message"][data-source="draft"]').waitFor()
    expect(sent).toEqual([{ kind: 'text', text: FULL }])
    await page.close()
  })
})
