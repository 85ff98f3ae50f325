import { afterEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../src-main/contract/events'
import { counterOfferTemplate, extractPrices } from '../../../src-main/core/reply'
import { reply, sequence, serverError, startFakeGemini, type FakeRequest } from '../../fakes/llm'
import { harness, type Harness } from './harness'

const CID = '51000000003'

let h: Harness
afterEach(async () => h?.dispose())

type Seen = { kind: 'writing'; e: EventPayload<'draft.writing'> } | { kind: 'draft'; e: EventPayload<'draft.changed'> }

/** The chat's draft events in the order core emitted them. */
function recordDraftEvents(t: Harness['t']): Seen[] {
  const seen: Seen[] = []
  t.core.events.on('draft.writing', (e) => seen.push({ kind: 'writing', e }))
  t.core.events.on('draft.changed', (e) => seen.push({ kind: 'draft', e }))
  return seen
}

const writingTexts = (seen: Seen[]): string[] => seen.flatMap((s) => (s.kind === 'writing' && !s.e.done ? [s.e.text] : []))
const doneCount = (seen: Seen[]): number => seen.filter((s) => s.kind === 'writing' && s.e.done).length
const prices = (text: string): number[] => extractPrices(text, { listPrice: 1000 }).map((p) => p.value)

/** The stream grows: every preview extends the one before it. */
function expectGrowing(texts: string[]): void {
  for (let i = 1; i < texts.length; i++) {
    const prev = texts[i - 1] ?? ''
    expect(texts[i]?.startsWith(prev)).toBe(true)
    expect(texts[i]?.length).toBeGreaterThan(prev.length)
  }
}

describe('copilot drafts are streamed live', () => {
  it('shows the text growing while the AI writes, then stores the guarded text as the draft and ends the preview', async () => {
    // the last clause names a contact channel: outbound safety drops it from what the seller gets
    const raw = '可以的，今天下午就能发货，顺丰包邮到家，加我微信 wx_fake_123 详聊'
    h = await harness(reply(raw, { chunkDelayMs: 70 }), { copilot: true })
    const seen = recordDraftEvents(h.t)
    h.buyer('今天能发货吗')
    await h.settle()

    expect(h.llm.requests).toHaveLength(1)
    expect(h.llm.requests[0]?.stream).toBe(true)
    const texts = writingTexts(seen)
    expect(texts.length).toBeGreaterThanOrEqual(4)
    expectGrowing(texts)
    expect(texts.at(-1)).toBe(raw)
    // previews first, then the stored draft, then exactly one end-of-preview
    expect(seen.map((s) => (s.kind === 'draft' ? 'draft' : s.e.done ? 'done' : 'writing'))).toEqual([...texts.map(() => 'writing'), 'draft', 'done'])
    expect(seen.at(-1)).toEqual({ kind: 'writing', e: { accountId: h.accountId, cid: CID, text: '', done: true } })

    const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
    const [decision] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(draft?.text).toBe('可以的，今天下午就能发货，顺丰包邮到家')
    expect(draft?.text).toBe(decision?.reply)
    expect(decision).toMatchObject({ source: 'ai', model: 'qwen-plus' })
    expect(decision?.checks.some((c) => c.kind.startsWith('safety.') && !c.ok)).toBe(true)
    expect(h.sender.sent).toHaveLength(0)
  })

  it('a streamed answer below the floor is never stored: one non-streamed correction, then a templated counter-offer', async () => {
    const belowFloor = (r: FakeRequest): string => `好的，${r.stream ? 500 : 600}元卖你，直接拍就行`
    h = await harness(reply(belowFloor, { chunkDelayMs: 40 }), { copilot: true })
    const seen = recordDraftEvents(h.t)
    h.buyer('500卖不卖')
    await h.settle()

    expect(h.llm.requests.map((r) => r.stream)).toEqual([true, false])
    expect(h.llm.requests[1]?.lastUser).toContain('系统校验')
    const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
    const [decision] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    // the seller never saw the below-floor quote, not even while it was being written: the preview
    // turned into a note that the answer is being corrected
    const texts = writingTexts(seen)
    for (const t of texts) expect(t).not.toContain('500')
    expect(texts.at(-1)).toContain(`AI 报价低于本轮允许的 ¥${decision?.allowedPrice}`)
    expect(decision?.reason).toMatch(/templated counter-offer/)
    expect(draft?.text).toBe(counterOfferTemplate(decision?.allowedPrice ?? -1, 1, 3))
    expect(Math.min(...prices(draft?.text ?? ''))).toBeGreaterThanOrEqual(900)
    expect(seen.filter((s) => s.kind === 'draft')).toHaveLength(1)
    expect(doneCount(seen)).toBe(1)
    expect(seen.at(-1)?.kind).toBe('writing')
  })

  it('a correction that respects the price becomes the draft', async () => {
    const allowed = (r: FakeRequest): string => /最多只能让到 ¥(\d+)/.exec(r.system)?.[1] ?? '?'
    h = await harness(sequence(reply('行，500元给你', { chunkDelayMs: 20 }), reply((r) => `最低${allowed(r)}元了，诚心要可以拍`)), { copilot: true })
    const seen = recordDraftEvents(h.t)
    h.buyer('500卖不卖')
    await h.settle()
    const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
    const [decision] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(decision?.reason).toBe('AI reply after a price correction (draft: copilot mode)')
    expect(draft?.text).toBe(`最低${decision?.allowedPrice}元了，诚心要可以拍`)
    expect(h.llm.requests.map((r) => r.stream)).toEqual([true, false])
    expect(doneCount(seen)).toBe(1)
  })

  it('a takeover while the AI is writing cancels the draft and ends the preview', async () => {
    h = await harness(reply('亲，这台手机是国行正品，电池健康百分之八十八，屏幕无划痕，配件齐全，支持当面验货', { chunkDelayMs: 120 }), { copilot: true })
    const seen = recordDraftEvents(h.t)
    const firstPreview = new Promise<void>((resolve) => h.t.core.events.on('draft.writing', (e) => !e.done && resolve()))
    h.buyer('手机怎么样')
    await firstPreview
    await h.t.core.api['conversations.takeover']({ accountId: h.accountId, cid: CID })
    await h.settle()
    // the server would have kept writing for another ~2 s: nothing may trickle in after the end
    await new Promise((r) => setTimeout(r, 300))

    expect(await h.t.core.api['drafts.list']({ accountId: h.accountId })).toHaveLength(0)
    expect(seen.filter((s) => s.kind === 'draft')).toHaveLength(0)
    expect(doneCount(seen)).toBe(1)
    expect(seen.at(-1)).toEqual({ kind: 'writing', e: { accountId: h.accountId, cid: CID, text: '', done: true } })
    const decisions = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(decisions.at(-1)?.reason).toMatch(/cancelled: the seller stepped in/)
    expect(h.sender.sent).toHaveLength(0)
  })

  it('a failing stream falls back exactly as a failed completion does, and still ends the preview', async () => {
    h = await harness(serverError({ times: 100 }), { copilot: true })
    const seen = recordDraftEvents(h.t)
    h.buyer('700出吗')
    await h.settle()
    expect(h.llm.requests.every((r) => r.stream)).toBe(true)
    const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
    const [decision] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(decision?.source).toBe('fallback')
    expect(decision?.checks.some((c) => c.kind === 'ai' && !c.ok && c.detail.startsWith('server'))).toBe(true)
    expect(Math.min(...prices(draft?.text ?? ''))).toBeGreaterThanOrEqual(900)
    expect(writingTexts(seen)).toEqual([])
    expect(doneCount(seen)).toBe(1)
  })

  it('streams from the Gemini backup when the primary fails before writing anything', async () => {
    h = await harness(serverError({ times: 100 }), { copilot: true })
    const gemini = await startFakeGemini({ behaviour: reply('在的，欢迎下单，今天就发', { chunkDelayMs: 60 }), apiKey: 'gm-backup-key' })
    try {
      await h.t.core.api['settings.update']({ accountId: h.accountId, account: { backup: { provider: 'gemini', baseUrl: gemini.url, model: 'gemini-2.5-flash' } } })
      await h.t.core.api['secrets.setApiKey']({ accountId: h.accountId, apiKey: 'gm-backup-key', slot: 'backup' })
      const seen = recordDraftEvents(h.t)
      h.buyer('在吗')
      await h.settle()
      expect(gemini.requests.map((r) => r.stream)).toEqual([true])
      const texts = writingTexts(seen)
      expect(texts.length).toBeGreaterThanOrEqual(2)
      expectGrowing(texts)
      const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
      expect(draft?.text).toBe('在的，欢迎下单，今天就发')
      expect(doneCount(seen)).toBe(1)
    } finally {
      await gemini.close()
    }
  })

  it('auto-send mode does not stream and shows no preview', async () => {
    h = await harness(reply('在的，还有货', { chunkDelayMs: 20 }))
    const seen = recordDraftEvents(h.t)
    h.buyer('还有货吗')
    await h.settle()
    expect(h.llm.requests.map((r) => r.stream)).toEqual([false])
    expect(h.sender.texts()).toEqual(['在的，还有货'])
    expect(seen).toEqual([])
  })

  it('a chat set to copilot in an auto-send account streams its draft', async () => {
    h = await harness(reply('可以的，周末也发货', { chunkDelayMs: 60 }))
    h.buyer('周末发货吗')
    await h.settle()
    h.llm.reset()
    await h.t.core.api['conversations.setCopilot']({ accountId: h.accountId, cid: CID, copilot: true })
    const seen = recordDraftEvents(h.t)
    h.buyer('那明天能到吗')
    await h.settle()
    expect(h.llm.requests.map((r) => r.stream)).toEqual([true])
    expect(writingTexts(seen).at(-1)).toBe('可以的，周末也发货')
    expect((await h.t.core.api['drafts.list']({ accountId: h.accountId }))[0]?.text).toBe('可以的，周末也发货')
    expect(h.sender.texts()).toEqual(['可以的，周末也发货'])
  })
})
