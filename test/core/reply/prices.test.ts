import { describe, expect, it } from 'vitest'
import { extractPrices } from '../../../src-main/core/reply/prices'
import { parseChineseNumber } from '../../../src-main/core/reply/numbers'
import { loadReplyPrices } from './fixtures'

describe('Chinese numerals', () => {
  it.each([
    ['九十', 90], ['两百五', 250], ['一百二', 120], ['一百二十', 120], ['三百', 300], ['一千二', 1200], ['八十八', 88],
    ['两千五百', 2500], ['一百零五', 105], ['十五', 15], ['十', 10], ['三十五', 35], ['一万二', 12000], ['一万二千', 12000],
    ['一千零五十', 1050], ['二零二四', 2024], ['两', 2], ['十万', 100000]
  ])('%s = %d', (s, v) => {
    expect(parseChineseNumber(s)).toBe(v)
  })

  it('rejects nonsense', () => {
    expect(parseChineseNumber('')).toBeNull()
    expect(parseChineseNumber('百百')).toBeNull()
  })
})

describe('price extraction on the outbound reply set', () => {
  const cases = loadReplyPrices()

  it('has ~100 replies, with and without prices', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100)
    expect(cases.filter((c) => c.expected.length === 0).length).toBeGreaterThanOrEqual(25)
  })

  it.each(cases.map((c) => [c.reply, c] as const))('%s', (_reply, c) => {
    const found = extractPrices(c.reply, { listPrice: c.listPrice })
    // Every expected price found, and nothing else (no non-price read as a price).
    expect(found.map((p) => p.value)).toEqual(c.expected)
    for (const p of found) expect(c.reply.slice(p.index, p.index + p.raw.length)).toBe(p.raw)
  })
})

describe('extractPrices details', () => {
  it('reports raw text and index in the original string, full-width included', () => {
    const text = '亲，最低８５元，包邮'
    const [p] = extractPrices(text)
    expect(p).toMatchObject({ value: 85, raw: '８５元', index: 4, kind: 'absolute' })
  })

  it('derives discounts only when the list price is known', () => {
    expect(extractPrices('八折给你')).toEqual([])
    expect(extractPrices('八折给你', { listPrice: 250 })).toEqual([{ value: 200, raw: '八折', index: 0, kind: 'discount' }])
    expect(extractPrices('优惠10%', { listPrice: 200 }).map((p) => p.value)).toEqual([180])
  })

  it('resolves cuts against the lowest earlier quote, then basePrice, then listPrice, else reports the amount', () => {
    expect(extractPrices('最低90，再少5块也行', { listPrice: 100 }).map((p) => p.value)).toEqual([90, 85])
    expect(extractPrices('再少5块吧', { listPrice: 100, basePrice: 92 }).map((p) => p.value)).toEqual([87])
    expect(extractPrices('再少5块吧').map((p) => p.value)).toEqual([5])
  })

  it('treats an ambiguous plain number as a price (safe direction)', () => {
    expect(extractPrices('就这样吧 60').map((p) => p.value)).toEqual([60])
    expect(extractPrices('可以 5').map((p) => p.value)).toEqual([5])
  })

  it('does not read common non-prices', () => {
    for (const t of ['24小时内发货', '7天无理由', '95新', 'iPhone 13', '128G', '2年', '一下', '便宜一点', '十分满意', '三星手机', '2024-05-01', '10:30', '13812345678', '身高175', '百分之百正品', '第二次', '两个']) {
      expect(extractPrices(t, { listPrice: 100 }), t).toEqual([])
    }
  })

  it('keeps money with a currency mark even next to spec words', () => {
    expect(extractPrices('电池换过，花了200块').map((p) => p.value)).toEqual([200])
    expect(extractPrices('128G的¥1999').map((p) => p.value)).toEqual([1999])
  })
})

describe('what sellers and buyers actually write (issue 14)', () => {
  it.each([
    ['2k1给你', [2100]], ['2.1k可以', [2100]], ['1w2出', [12000]], ['1W2', [12000]], ['2千3卖你', [2300]], ['二千三', [2300]],
    ['贰仟叁佰元', [2300]], ['２１００元', [2100]], ['２ｋ１', [2100]], ['1800-1900之间', [1800, 1900]], ['包邮1800', [1800]],
    ['到手1800', [1800]], ['一口价1800', [1800]], ['1800包邮', [1800]], ['给你1,800', [1800]], ['1.8k包邮', [1800]], ['两千一', [2100]],
    ['一千八', [1800]], ['1千8', [1800]], ['¥1800', [1800]], ['一八零零', [1800]]
  ] as const)('%s → %j', (text, values) => {
    expect(extractPrices(text, { listPrice: 2500 }).map((p) => p.value)).toEqual(values)
  })

  it.each(['64G的', '电池92%', '2023年买的', 'iPhone 14', '这是14pro', '14 Pro Max', '订单号 3412345678901', '13812345678', 'rtx3060显卡', 'A2849型号'])('%s holds no price', (text) => {
    expect(extractPrices(text, { listPrice: 2500 })).toEqual([])
  })
})
