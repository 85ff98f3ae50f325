import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { NewKeywordRule } from '../../../src-main/contract/rules'
import { reply } from '../../fakes/llm'
import { harness, type Harness } from './harness'

/**
 * Issue 14 item 1: the floor belongs to the outbound path. The seller's own canned texts — keyword
 * rules, templates, the default reply, the refusal — are checked like the AI's: refused when saved
 * where possible, and blocked when they would be sent. Item ¥1000, default settings → floor ¥900.
 */
let h: Harness | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
})

const CID = '51000000003'
const ITEM = '800000000004'
const rule = (text: string, over: Partial<NewKeywordRule> = {}): NewKeywordRule => ({
  scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['最低'], replies: [{ kind: 'text', text }], priority: 0, enabled: true, replyOnce: false, ...over
})

describe('keyword rules quoting below the floor', () => {
  it.each([
    ['最低800包邮', /¥800.*floor ¥900/],
    ['2k1不能再少', null],
    ['八百块拿走', /¥800.*floor ¥900/],
    ['捌佰伍拾元', /¥850.*floor ¥900/],
    ['{price}打八折给你', /¥800.*floor ¥900/],
    ['{price}包邮，不议价', null],
    ['最低{floor_price}', null],
    ['最低0.85k', /¥850/]
  ])('saving "%s" → %s', async (text, refused) => {
    h = await harness(reply('好的'))
    const save = h.t.core.api['rules.save']({ rule: rule(text) })
    if (refused) {
      await expect(save).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(refused) as unknown })
      await expect(save).rejects.toThrow(/底价 ¥900/)
    } else {
      await expect(save).resolves.toMatchObject({ keywords: ['最低'] })
    }
  })

  it('an item rule is checked against that item only; an account rule against the account’s items', async () => {
    h = await harness(reply('好的'))
    h.t.core.services.items.upsert({ accountId: h.accountId, itemId: '800000000777', title: '耳机', price: 300, description: '', skus: [], images: [], stock: 1, fetchedAt: 0 })
    // ¥300 → floor 270: "280" is fine for the headphones, below the phone's floor
    await expect(h.t.core.api['rules.save']({ rule: rule('最低280', { scope: 'item', accountId: h.accountId, itemId: '800000000777' }) })).resolves.toBeTruthy()
    await expect(h.t.core.api['rules.save']({ rule: rule('最低280', { scope: 'account', accountId: h.accountId }) })).rejects.toThrow(/iPhone 13 128G 蓝色.*¥900|¥900.*iPhone 13/)
  })

  it('a saved rule that later falls below a raised floor is blocked at send: no reply, a decision with the reason', async () => {
    h = await harness(reply('好的'), { aiEnabled: false })
    await h.t.core.api['rules.save']({ rule: rule('最低950包邮，直接拍') })
    await h.t.core.api['items.setFloor']({ accountId: h.accountId, itemId: ITEM, floorPrice: 980 })
    h.buyer('最低多少')
    await h.settle()
    expect(h.sender.sent).toHaveLength(0)
    const [d] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(d).toMatchObject({ source: 'none', floorPrice: 980 })
    expect(d?.checks.some((c) => c.kind === 'safety.price' && !c.ok && c.detail.includes('950'))).toBe(true)
  })
})

describe('default reply, refusal and every other automated text', () => {
  it('a default reply quoting below the floor is not sent', async () => {
    h = await harness(reply('好的'), { aiEnabled: false, defaultReply: '亲，八百包邮随便拍' })
    h.buyer('在吗')
    await h.settle()
    expect(h.sender.sent).toHaveLength(0)
    const [d] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(d?.source).toBe('none')
    expect(d?.checks.some((c) => c.kind === 'safety.price' && !c.ok)).toBe(true)
  })

  it('a refusal text quoting below the floor is not sent at the round limit', async () => {
    h = await harness(reply((r) => `${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1] ?? '1000'}元可以`), { refusalReply: '不能再少了，850是底线' })
    for (const text of ['900出吗', '那920呢', '老板 950', '930?']) {
      h.buyer(text)
      await h.settle()
    }
    const texts = h.sender.texts()
    expect(texts).toHaveLength(3)
    expect(texts.join()).not.toContain('850')
    const decisions = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    const last = decisions.at(-1)
    expect(last).toMatchObject({ source: 'refusal', round: 4, reply: null, replyMessageId: null })
    expect(last?.checks.some((c) => c.kind === 'safety.price' && !c.ok && c.detail.includes('850'))).toBe(true)
  })

  it('the outbound sender itself refuses automated text below the floor, whatever decided it; the seller’s own words go out', async () => {
    h = await harness(reply('好的'))
    h.buyer('在吗')
    await h.settle()
    const before = h.sender.sent.length
    const out = h.t.core.services.pipeline.outbound
    for (const source of ['ai', 'keyword', 'fallback', 'refusal'] as const) {
      const r = await out.sendAutomated(h.accountId, CID, [{ kind: 'text', text: '行，2k1的一半，八百五拿走' }], source)
      expect(r.ok, source).toBe(false)
      if (!r.ok) expect(r.reason).toMatch(/¥850.*¥9\d\d/)
    }
    // the AI may not go below this round's allowed price; the seller's canned texts may quote the floor itself
    expect((await out.sendAutomated(h.accountId, CID, [{ kind: 'text', text: '最低900' }], 'ai')).ok).toBe(false)
    expect((await out.sendAutomated(h.accountId, CID, [{ kind: 'text', text: '最低900' }], 'keyword')).ok).toBe(true)
    expect(h.sender.sent.length).toBe(before + 1)
    await out.sendBySeller(h.accountId, CID, [{ kind: 'text', text: '800给你吧' }], 'manual')
    expect(h.sender.texts().at(-1)).toBe('800给你吧')
  })

  it('the composer warning names the floor for a seller text below it', async () => {
    h = await harness(reply('好的'))
    h.buyer('在吗')
    await h.settle()
    const warn = await h.t.core.api['reply.checkPrice']({ accountId: h.accountId, cid: CID, text: '八百五给你吧' })
    expect(warn).toEqual({ floor: 900, below: [{ raw: '八百五', value: 850 }] })
    expect(await h.t.core.api['reply.checkPrice']({ accountId: h.accountId, cid: CID, text: '950给你吧' })).toEqual({ floor: 900, below: [] })
  })
})

describe('structure: one way out', () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })

  it('only pipeline/delivery.ts reaches the connection’s send, and only Outbound makes a Delivery; only the account manager calls the protocol client’s sendText / sendImage', () => {
    const root = join(process.cwd(), 'src-main')
    const senders: string[] = []
    const deliveries: string[] = []
    const sendText: string[] = []
    for (const f of files(root)) {
      const src = readFileSync(f, 'utf8')
      const rel = relative(root, f).replaceAll('\\', '/')
      if (/\.sender\(\)|\bsender\.send\(/.test(src)) senders.push(rel)
      if (/new Delivery\(/.test(src)) deliveries.push(rel)
      if (/\.send(Text|Image)\(/.test(src) && !rel.startsWith('simulator/') && !rel.startsWith('core/goofish/')) sendText.push(rel)
    }
    // delivery.ts: the durable sends (reply intents, issue 15.1) behind Outbound's price check
    expect(senders).toEqual(['core/pipeline/delivery.ts'])
    expect(deliveries).toEqual(['core/pipeline/outbound.ts'])
    expect(sendText).toEqual(['core/services/accountManager.ts'])
  })
})
