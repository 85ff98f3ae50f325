import { afterEach, describe, expect, it } from 'vitest'
import { extractPrices } from '../../../src-main/core/reply'
import { alwaysBelowFloor, reply } from '../../fakes/llm'
import { harness, type Harness } from './harness'

let h: Harness
afterEach(async () => h?.dispose())

const CID = '51000000003'

/** A buyer message that arrived while the AI was off (held), then the AI turned on. */
async function heldWhileAiOff(text: string): Promise<number> {
  await h.t.core.api['settings.update']({ accountId: h.accountId, account: { aiEnabled: false } })
  h.buyer(text)
  await h.settle()
  const [m] = await h.t.core.api['messages.list']({ accountId: h.accountId, cid: CID })
  expect(m?.direction).toBe('in')
  return m?.id ?? -1
}

describe('drafts.request: "AI 起草" on a buyer message (issue 18)', () => {
  it('drafts an answer to an older message: stored as a draft, nothing sent, the message drafted', async () => {
    h = await harness(reply('在的，电池健康88%'))
    const messageId = await heldWhileAiOff('电池怎么样')
    expect(h.llm.requests).toHaveLength(0)
    await h.t.core.api['settings.update']({ accountId: h.accountId, account: { aiEnabled: true } })
    const draft = await h.t.core.api['drafts.request']({ accountId: h.accountId, cid: CID, messageId })
    expect(draft).toMatchObject({ text: '在的，电池健康88%', status: 'pending' })
    expect(h.sender.sent).toHaveLength(0)
    expect(h.llm.requests[0]?.lastUser).toContain('电池怎么样')
    const decision = (await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })).find((d) => d.id === draft.decisionId)
    expect(decision).toMatchObject({ source: 'ai', messageId, why: { code: 'ai', params: { intent: 'tech' } } })
    const outcomes = await h.t.core.api['outcomes.list']({ accountId: h.accountId, cid: CID, limit: 200 })
    expect(outcomes.find((o) => o.messageId === messageId)?.state).toBe('drafted')
  })

  it('a below-floor AI answer is corrected like any draft: never stored, never sent', async () => {
    const produced: string[] = []
    h = await harness(alwaysBelowFloor(produced))
    const messageId = await heldWhileAiOff('800出吗')
    await h.t.core.api['settings.update']({ accountId: h.accountId, account: { aiEnabled: true } })
    const draft = await h.t.core.api['drafts.request']({ accountId: h.accountId, cid: CID, messageId })
    expect(produced.length).toBeGreaterThan(0)
    expect(produced).not.toContain(draft.text)
    const decision = (await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })).find((d) => d.id === draft.decisionId)
    expect(decision?.why?.code).toBe('ai_template')
    const allowed = decision?.allowedPrice ?? Infinity
    for (const p of extractPrices(draft.text, { listPrice: 1000 })) expect(p.value).toBeGreaterThanOrEqual(allowed)
    expect(h.sender.sent).toHaveLength(0)
  })

  it('refused clearly when the AI is off or has no key, or the message is unknown', async () => {
    h = await harness(reply('x'))
    const messageId = await heldWhileAiOff('在吗')
    await expect(h.t.core.api['drafts.request']({ accountId: h.accountId, cid: CID, messageId })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('AI 回复已关闭') })
    await h.t.core.api['settings.update']({ accountId: h.accountId, account: { aiEnabled: true, baseUrl: 'https://api.example.com/v1' } })
    await h.t.core.api['secrets.setApiKey']({ accountId: h.accountId, apiKey: null, slot: 'primary' })
    await expect(h.t.core.api['drafts.request']({ accountId: h.accountId, cid: CID, messageId })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('API Key') })
    await expect(h.t.core.api['drafts.request']({ accountId: h.accountId, cid: CID, messageId: 99999 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(h.sender.sent).toHaveLength(0)
  })
})

describe('drafts.request on an answered message', () => {
  it('records the decision and stores the draft; the message stays answered', async () => {
    h = await harness(reply('在的'))
    h.buyer('在吗')
    await h.settle()
    expect(h.sender.sent).toHaveLength(1)
    const [m] = await h.t.core.api['messages.list']({ accountId: h.accountId, cid: CID })
    const draft = await h.t.core.api['drafts.request']({ accountId: h.accountId, cid: CID, messageId: m?.id ?? -1 })
    expect(draft.status).toBe('pending')
    const outcomes = await h.t.core.api['outcomes.list']({ accountId: h.accountId, cid: CID, limit: 200 })
    expect(outcomes.find((o) => o.messageId === m?.id)?.state).toBe('answered')
    expect(h.sender.sent).toHaveLength(1)
  })
})
