import { describe, expect, it } from 'vitest'
import type { ReplyPart } from '../../src-main/contract/rules'
import { e2eSession, screenshot } from '../helpers/browser'
import { SAMPLE_COOKIE } from '../helpers/core'

const CID = '51000000031'
const sent: string[] = []

const s = e2eSession(async ({ app }) => {
  const accountId = (await app.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })).id
  app.core.services.setSender({
    send: async (_a, _cid, part: ReplyPart) => {
      sent.push(part.kind === 'text' ? part.text : part.url)
      return { clientUuid: `-1760000000${sent.length}1`, platformMessageId: `c-${sent.length}` }
    }
  })
  app.core.services.ingest.ingest({
    accountId, cid: CID, direction: 'in', senderId: '3300000031', senderNick: '买家阿杰', buyerId: '3300000031', buyerNick: '买家阿杰',
    itemId: null, contentType: 'text', text: '能详细说说成色吗', platformMessageId: 'comp-1', createdAt: Date.now()
  })
})

describe('composer: a long message is never cut silently', () => {
  it('shows the count near the limit, refuses to send over it, and splits at sentences on request', async () => {
    const { page, errors } = await s.openPage()
    await page.getByTestId('nav-inbox').click()
    await page.locator(`[data-testid="inbox-row"][data-cid="${CID}"]`).click()
    const input = page.getByTestId('composer-input')
    await input.waitFor()

    const sentence = '这台相机是前年买的，快门次数很少，一直放在防潮箱里保存，镜头没有霉斑也没有划痕。'
    const text = sentence.repeat(30) // 30 × 40 = 1,200 characters
    expect(await page.getByTestId('composer-count').count()).toBe(0)
    await input.fill(sentence.repeat(21)) // 840: the counter appears, sending is allowed
    expect(await page.getByTestId('composer-count').textContent()).toBe(`${sentence.length * 21}/1000`)
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(false)

    await input.fill(text)
    expect(await input.inputValue()).toBe(text) // nothing cut in the box
    expect(await page.getByTestId('composer-count').textContent()).toBe(`${text.length}/1000`)
    expect(await page.getByTestId('composer-count').getAttribute('data-over')).toBe('true')
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true)
    expect(await page.getByTestId('composer-too-long').textContent()).toContain(`一条消息最多 1000 字，现在是 ${text.length} 字`)
    await screenshot(page, 'composer-too-long-zh-CN')

    await input.press('Enter') // Enter does not send an over-long text either
    expect(sent).toEqual([])
    await page.getByTestId('composer-split').click()
    await expect.poll(() => sent.length).toBe(2)
    expect(sent.every((s) => s.length <= 1000 && s.endsWith('。'))).toBe(true)
    expect(sent.join('')).toBe(text)
    await expect.poll(() => input.inputValue()).toBe('')
    expect(errors).toEqual([])
  })
})
