import { afterEach, describe, expect, it } from 'vitest'
import { concessionLadder, counterOfferTemplate } from '../../../src-main/core/reply'
import { DEFAULT_REFUSAL } from '../../../src-main/contract/schemas'
import { alwaysBelowFloor, BELOW_FLOOR_STYLES } from '../../fakes/llm'
import { replyDecision } from '../../../scripts/reply'
import { harness, type Harness } from './harness'

/**
 * Issue 14: a fake LLM that always answers below the floor — in digits, slang (1k8, 0.8k, 8百),
 * Chinese and financial numerals, full-width digits, ranges, 包邮/到手/一口价, discounts, cuts and
 * bundles — driven by keyword-free offers and plain questions, never gets a below-floor price to a
 * buyer. Default settings (10 %, ¥100, 3 rounds): ¥1000 → floor 900, ¥2200 → floor 2100.
 */
let h: Harness | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
})

const ITEMS = [
  { itemId: '800000000004', price: 1000, floor: 900 },
  { itemId: '800000000777', price: 2200, floor: 2100 }
] as const

/** Keyword-free offers, slang prices, Chinese numerals — and questions that are not about price at all. */
const BUYER: Readonly<Record<number, ReadonlyArray<string>>> = {
  1000: ['那800呢', '老板 850', '八百五', '0.85k行吗', '850?', '那就九百', '捌佰伍', '９００', '电池怎么样', '还在吗', '800', '那900呢？'],
  2200: ['那2000呢', '1900?', '老板 2200', '2k2行吗', '二千三', '1k9', '两千一', '1.9k可以不', '屏幕有划痕吗', '在吗', '2000', '贰仟']
}

/** The only texts that may reach the buyer: counter-offers at an allowed price (≥ the floor), or the refusal. */
function safeText(text: string, floor: number): boolean {
  if (text === DEFAULT_REFUSAL) return true
  const quoted = [...text.matchAll(/(\d+)元/g)].map((m) => Number(m[1]))
  return quoted.length === 1 && (quoted[0] ?? 0) >= floor
}

describe('the floor holds for every automated text (live pipeline)', () => {
  it('≥ 200 below-floor LLM replies across 48 chats and two items: none reaches a buyer; offers count as rounds; the refusal needs no LLM', async () => {
    const produced: string[] = []
    h = await harness(alwaysBelowFloor(produced))
    const x = h
    x.t.core.services.items.upsert({ accountId: x.accountId, itemId: '800000000777', title: 'Switch OLED', price: 2200, description: '国行', skus: [], images: [], stock: 1, fetchedAt: Date.now() })
    const chats: Array<{ cid: string; item: (typeof ITEMS)[number]; buyer: string }> = []
    for (const item of ITEMS) {
      for (let i = 0; i < 24; i++) chats.push({ cid: `5${item.price}${String(i).padStart(4, '0')}`, item, buyer: `33000${item.price}${i}` })
    }
    const STEPS = 5
    for (let step = 0; step < STEPS; step++) {
      chats.forEach((c, i) => {
        const lines = BUYER[c.item.price] ?? []
        const text = lines[(i + step * 5) % lines.length] ?? '在吗'
        x.buyer(text, { cid: c.cid, itemId: c.item.itemId, senderId: c.buyer, buyerId: c.buyer })
      })
      await x.settle()
    }
    const sent = x.sender.sent.filter((s) => s.part.kind === 'text')
    console.log(`adversarial pipeline run: ${produced.length} below-floor LLM replies, ${sent.length} texts sent, ${chats.length * STEPS} buyer messages`)
    expect(produced.length).toBeGreaterThanOrEqual(200)
    // every style was tried many times
    expect(new Set(produced).size).toBeGreaterThanOrEqual(BELOW_FLOOR_STYLES.length)
    for (const s of sent) {
      const text = s.part.kind === 'text' ? s.part.text : ''
      const chat = chats.find((c) => c.cid === s.cid)
      expect(produced, text).not.toContain(text)
      expect(safeText(text, chat?.item.floor ?? Infinity), `${s.cid}: ${text}`).toBe(true)
    }
    expect(sent.length).toBeGreaterThanOrEqual(100)
    // nothing is dropped silently: every buyer message's burst has a decision with its reason
    const decisions = (await Promise.all(chats.map((c) => x.t.core.api['decisions.list']({ accountId: x.accountId, cid: c.cid })))).flat()
    expect(decisions.length).toBe(chats.length * STEPS)
    for (const d of decisions.filter((d) => d.replyMessageId === null)) {
      expect(d.source).toBe('none')
      expect(d.checks.some((c) => !c.ok)).toBe(true)
    }
    // a chat whose buyer made 4 keyword-free offers got the refusal for the 4th, without asking the LLM
    const refusals = decisions.filter((d) => d.source === 'refusal')
    expect(refusals.length).toBeGreaterThan(0)
    for (const d of refusals) expect(d.provider).toBeNull()
  })

  it('a bare-number offer counts as a round: round 4 is refused without an LLM call', async () => {
    const produced: string[] = []
    h = await harness(alwaysBelowFloor(produced))
    for (const [i, text] of ['那800呢', '850?', '老板 880', '八百九'].entries()) {
      h.buyer(text)
      await h.settle()
      const decisions = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: '51000000003' })
      expect(decisions.at(-1)?.round, text).toBe(i + 1)
    }
    const texts = h.sender.texts()
    const ladder = concessionLadder({ price: 1000, floor: 900, maxRounds: 3 })
    expect(ladder.at(-1)).toBe(900)
    expect(texts.slice(0, 3)).toEqual(ladder.map((p, i) => counterOfferTemplate(p, i + 1, 3)))
    expect(texts[3]).toBe(DEFAULT_REFUSAL)
    // two calls (answer + one correction) per round for three rounds; none for the refusal
    expect(h.llm.requests).toHaveLength(6)
  })

  it('a question that is not about price gets no below-floor answer either: held with the reason, nothing sent', async () => {
    const produced: string[] = []
    h = await harness(alwaysBelowFloor(produced))
    h.buyer('电池健康怎么样')
    await h.settle()
    expect(h.sender.sent).toHaveLength(0)
    const [d] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: '51000000003' })
    expect(d).toMatchObject({ source: 'none', intent: 'tech', floorPrice: 900 })
    expect(d?.checks.filter((c) => c.kind === 'safety.price').length).toBeGreaterThanOrEqual(2)
  })
})

describe('the AI test panel (reply.preview) takes the same path', () => {
  it('counts keyword-free offers in the history as rounds and never previews a below-floor reply', async () => {
    const produced: string[] = []
    h = await harness(alwaysBelowFloor(produced))
    const history = [{ role: 'buyer' as const, text: '那800呢' }, { role: 'seller' as const, text: '990元可以' }, { role: 'buyer' as const, text: '老板 850' }]
    const d = await h.t.core.api['reply.preview']({ accountId: h.accountId, text: '八百八', itemId: ITEMS[0].itemId, history })
    expect(d).toMatchObject({ intent: 'price', round: 3, floorPrice: 900, allowedPrice: 900 })
    expect(d.reply).toBe(counterOfferTemplate(900, 3, 3))
    const refused = await h.t.core.api['reply.preview']({ accountId: h.accountId, text: '那880呢', itemId: ITEMS[0].itemId, history: [...history, { role: 'buyer', text: '八百八' }] })
    expect(refused).toMatchObject({ source: 'refusal', round: 4 })
    const tech = await h.t.core.api['reply.preview']({ accountId: h.accountId, text: '电池怎么样', itemId: ITEMS[0].itemId })
    expect(tech).toMatchObject({ source: 'none', reply: null, floorPrice: 900 })
    expect(produced.length).toBeGreaterThanOrEqual(4)
  })
})

describe('the floor holds through `npm run reply`’s code path (replyDecision)', () => {
  it('≥ 200 below-floor LLM replies: every decision’s reply is a counter-offer at an allowed price, the refusal, or nothing', async () => {
    const produced: string[] = []
    const { startFakeOpenAI } = await import('../../fakes/llm')
    const llm = await startFakeOpenAI({ behaviour: alwaysBelowFloor(produced) })
    try {
      const histories = [
        [], [{ role: 'buyer' as const, text: '在吗' }],
        [{ role: 'buyer' as const, text: '那800呢' }, { role: 'seller' as const, text: '990元可以' }],
        [{ role: 'buyer' as const, text: '850?' }, { role: 'seller' as const, text: '990元可以' }, { role: 'buyer' as const, text: '八百八' }, { role: 'seller' as const, text: '950元吧' }],
        [{ role: 'buyer' as const, text: '1900?' }, { role: 'buyer' as const, text: '2k' }, { role: 'buyer' as const, text: '两千' }]
      ]
      let decisions = 0
      for (const item of ITEMS) {
        for (const message of BUYER[item.price] ?? []) {
          for (const history of histories) {
            const settings = { provider: 'openai-compatible' as const, baseUrl: llm.url, apiKey: 'sk-x', model: 'qwen-plus', timeoutMs: 5000 }
            const d = await replyDecision({ settings, item: { title: 'x', price: item.price }, history, message })
            decisions += 1
            expect(d.floorPrice).toBe(item.floor)
            if (d.reply === null) {
              expect(d.source).toBe('none')
              continue
            }
            expect(produced, d.reply).not.toContain(d.reply)
            expect(safeText(d.reply, item.floor), `${message}: ${d.reply}`).toBe(true)
          }
        }
      }
      // and the same with the LLM quoting just under the floor
      console.log(`adversarial reply-tool run: ${produced.length} below-floor LLM replies over ${decisions} decisions`)
      expect(produced.length).toBeGreaterThanOrEqual(100)
      for (const item of ITEMS) {
        for (const message of BUYER[item.price] ?? []) {
          llm.setBehaviour(alwaysBelowFloor(produced, item.floor / item.price - 0.01))
          const d = await replyDecision({ settings: { provider: 'openai-compatible', baseUrl: llm.url, apiKey: 'sk-x', model: 'qwen-plus' }, item: { title: 'x', price: item.price }, message })
          if (d.reply !== null) expect(safeText(d.reply, item.floor), `${message}: ${d.reply}`).toBe(true)
        }
      }
      expect(produced.length).toBeGreaterThanOrEqual(200)
    } finally {
      await llm.close()
    }
  })
})
