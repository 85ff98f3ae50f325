import { afterAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ReplyPart } from '../../src-main/contract/rules'
import { reply, startFakeOpenAI, type FakeLlmServer } from '../fakes/llm'
import { e2eSession, screenshot } from '../helpers/browser'
import { SAMPLE_COOKIE } from '../helpers/core'

/** The decision sheet slides in: screenshot it once its animations are done, not half transparent. */
async function settled(page: Page): Promise<void> {
  await page.getByTestId('decision-sheet').evaluate((el: { getAnimations(): Array<{ finished: Promise<unknown> }> }) => Promise.all(el.getAnimations().map((a) => a.finished)))
}

/**
 * Issue 18 in Chromium: 回复依据 in the seller's language with the rule by its keyword, and
 * "AI 起草" on a buyer message that arrived while the AI was off (refused clearly first, then a
 * draft the seller edits and sends — the record then shows 已由你修改).
 */
const CID = '51000000031'
const ITEM = '800000000004'
const AI_TEXT = '在的亲，电池健康88%，无拆无修'

let llm: FakeLlmServer | null = null
let accountId = ''
let seq = 0
const sent: ReplyPart[] = []

const s = e2eSession(async ({ app }) => {
  llm = await startFakeOpenAI({ behaviour: reply(AI_TEXT) })
  accountId = (await app.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE, remark: '数码小店' })).id
  app.core.services.setSender({
    send: async (_a, _c, part) => {
      sent.push(part)
      return { clientUuid: `-17600000003${sent.length}1`, platformMessageId: `r-${sent.length}` }
    }
  })
  app.core.services.items.upsert({ accountId, itemId: ITEM, title: 'iPhone 13 128G 午夜色 95新', price: 1000, description: '电池健康 88%', stock: 1, fetchedAt: Date.now(), images: [], skus: [] })
  await app.core.api['settings.update']({ accountId, account: { debounceSeconds: 0 } })
  await app.core.api['rules.save']({ rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: '全国包邮哦' }], priority: 0, enabled: true, replyOnce: false } })
  const buyer = (text: string): void => {
    seq += 1
    app.core.services.ingest.ingest({
      accountId, cid: CID, direction: 'in', senderId: '3300000000031', senderNick: '小周', buyerId: '3300000000031', buyerNick: '小周',
      itemId: ITEM, contentType: 'text', text, platformMessageId: `records-e2e-${seq}`, createdAt: Date.now()
    })
  }
  // the AI is off (the default): the keyword rule answers the first, the second waits for the seller
  buyer('包邮吗')
  for (let i = 0; i < 100 && sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
  buyer('电池怎么样')
  await app.core.services.pipeline.idle()
  await new Promise((r) => setTimeout(r, 100))
})
afterAll(async () => {
  await llm?.close()
})

describe('decision records in the seller’s language, and AI 起草', () => {
  it('a bot message’s record names the rule by its keyword in Chinese; a buyer message gets an AI draft on request', async () => {
    const { page, errors } = await s.openPage({ width: 1360, height: 820 })
    await page.getByTestId('nav-inbox').click()
    await page.locator(`[data-testid="inbox-row"][data-cid="${CID}"]`).click()
    await page.getByTestId('chat-view').waitFor()

    // 1. the keyword reply's record: Chinese reason with the rule's keyword, Chinese checks
    const bot = page.locator('[data-testid="chat-message"][data-source="keyword"] .msg-bubble')
    await bot.click()
    const sheet = page.getByTestId('decision-sheet')
    await sheet.waitFor()
    await expect.poll(() => page.getByTestId('decision-reason').textContent()).toBe('命中关键词规则「包邮」')
    expect(await page.getByTestId('decision-rule').textContent()).toBe('规则「包邮」')
    expect(await sheet.locator('.decision-checks').textContent()).toContain('关键词回复：通过安全检查')
    expect(await sheet.textContent()).not.toMatch(/keyword rule|passed/)
    await settled(page)
    await screenshot(page, 'decision-record-zh-CN')
    await page.getByTestId('decision-close').click()

    // 2. AI 起草 on the held buyer message: refused while the AI is off, clearly
    const held = page.locator('[data-testid="chat-message"][data-direction="in"]').filter({ hasText: '电池怎么样' })
    await held.getByTestId('msg-draft-request').click()
    await expect.poll(() => held.getByTestId('msg-draft-error').textContent()).toContain('AI 回复已关闭')

    // the AI turned on: the draft arrives, nothing is sent
    const url = llm?.url ?? ''
    await s.app.core.api['secrets.setApiKey']({ accountId, apiKey: 'sk-e2e-records' })
    await s.app.core.api['settings.update']({ accountId, account: { aiEnabled: true, baseUrl: url, model: 'qwen-plus' } })
    const sentBefore = sent.length
    await held.getByTestId('msg-draft-request').click()
    const input = page.getByTestId('draft-input')
    await expect.poll(() => input.inputValue()).toBe(AI_TEXT)
    expect(await held.getByTestId('msg-draft-error').count()).toBe(0)
    expect(sent.length).toBe(sentBefore)
    await screenshot(page, 'ai-draft-on-request-zh-CN')

    // 3. edited and approved: the record shows the text sent, 已由你修改, the AI's original below
    await input.fill('在的亲，电池健康88%，今天下单今天发')
    await page.getByTestId('draft-approve').click()
    await expect.poll(() => sent.length).toBe(sentBefore + 1)
    const approved = page.locator('[data-testid="chat-message"][data-source="draft"] .msg-bubble')
    await approved.click()
    const edited = page.getByTestId('decision-edited')
    await edited.waitFor()
    expect(await edited.textContent()).toContain('已由你修改')
    expect(await edited.textContent()).toContain('在的亲，电池健康88%，今天下单今天发')
    expect(await edited.textContent()).toContain(AI_TEXT)
    expect(await page.getByTestId('decision-reason').textContent()).toBe('AI 回答（技术咨询）')
    await settled(page)
    await screenshot(page, 'decision-record-edited-zh-CN')
    expect(errors).toEqual([])
  })
})
