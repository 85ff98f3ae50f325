/**
 * Red-team probes for the floor check: seller replies an LLM might write that quote below the floor
 * in forms the extractor could miss, and ordinary replies that must not read as low prices.
 * Item: list price ¥300, floor ¥250 (allowed this round: ¥250). Each probe asserts the lowest price
 * read and, for the low ones, that the guard blocks the reply.
 */
import { describe, expect, it } from 'vitest'
import { checkReply } from '../../../src-main/core/reply/bargain'
import { guardOutbound } from '../../../src-main/core/reply/guard'
import { extractPrices } from '../../../src-main/core/reply/prices'

const listPrice = 300
const price = { allowedPrice: 250, floor: 250, listPrice }

const lowest = (text: string, list = listPrice): number => Math.min(...extractPrices(text, { listPrice: list }).map((p) => p.value))

describe('probes below the floor: the lowest price read, and the guard blocks', () => {
  it.each([
    // financial and traditional numerals
    ['贰佰出给你', 200], ['最低贰佰肆拾', 240], ['贰佰肆拾玖', 249], ['壹佰捌拾拿走', 180], ['两佰包邮', 200], ['兩百吧', 200],
    ['貳佰給你', 200], ['贰佰贰', 220], ['伍拾元', 50], ['叁佰不行，贰佰可以', 200],
    // mixed forms
    ['2百5', 250], ['2百拿走', 200], ['两百出头吧', 200], ['二百四十九就出', 249], ['2.4百', 240], ['0.24k', 240], ['二四零', 240],
    // full-width digits, spaces and punctuation inside numbers (pieces are read: each is lower)
    ['２００包邮', 200], ['￥２４０', 240], ['最低2 00', 0], ['2,00给你', 0], ['2 4 0 拿走', 0],
    // price words
    ['到手价200', 200], ['包邮价220', 220], ['一口价199', 199], ['200就出', 200], ['二百就卖', 200], ['240拿走', 240], ['成交价二百三', 230],
    // cuts and discounts
    ['再便宜20，再减10', 270], ['九折再少10', 260], ['280再打九折', 252], ['再少六十', 240], ['打对折', 150], ['打个八折吧', 240],
    ['便宜两成', 240], ['按八成卖你', 240], ['原价的七成', 210], ['少一半', 150], ['第二件半价', 150],
    // several items
    ['两件一起400', 200], ['两件400带走', 200], ['三件打包价600', 200], ['2件400', 200], ['两件共400块', 200],
    ['两个都要的话400', 200], ['400拿两件', 200], ['两件合计450', 225],
    // English replies
    ['ok, 200 yuan', 200], ['RMB 200', 200], ['CNY200', 200], ['I can do 240', 240], ['two hundred', 200], ['I can do two forty', 240],
    ['two hundred and forty yuan', 240], ['fifty bucks off', 250], ['sixty off then', 240], ['a hundred and ninety', 190],
    // emoji and circled digits
    ['②⓪⓪元', 200], ['最低②④⓪', 240], ['③百不行，②百⑤可以', 250], ['2️⃣4️⃣0️⃣', 0]
  ] as const)('%s → %d', (reply, expected) => {
    expect(lowest(reply)).toBe(expected)
    if (expected < price.allowedPrice) expect(guardOutbound(reply, { price }).blocked, reply).toBe(true)
  })

  it('抹零 without a price after it drops the 零头 of the lowest price so far', () => {
    expect(lowest('抹个零头给你', 1288)).toBe(1200)
    expect(lowest('1288抹零', 1288)).toBe(1200)
    expect(lowest('去掉零头吧', 259)).toBe(250)
    expect(checkReply('抹个零头给你', { allowedPrice: 1250, floor: 1250, listPrice: 1288 }).ok).toBe(false)
    // a price written after 抹零 is its result, and the only quote
    expect(extractPrices('抹掉零头，1280吧', { listPrice: 1288 }).map((p) => p.value)).toEqual([1280])
  })
})

describe('replies at or above the floor stay clean', () => {
  it.each([
    '95新', '用了2年', '7天无理由', '24小时发货', 'iPhone 13', '128G', '顺丰1-2天到', '电池健康85%', '尺码42', '九成新', '八成新',
    '屏幕6.1寸', '8+256G', '2023年买的', '保修到2025年', '电池循环120次', '12期免息', '48小时内发货', '送2个壳', '快递3天左右到',
    '5G手机', '一手货', '99新', '收拾一下明天发', '大陆版，国行', '陆续发货', '伍先生您好', '① 九成新 ② 电池健康90% ③ 支持验货',
    'Ships in two days', 'one of them is new', 'It is ninety-five new', 'thirty percent battery', 'one more thing, the battery is fine',
    '300不讲价', '最低250', '二百五十块', '贰佰伍拾', '叁佰包邮', '¥250', '250 yuan', 'RMB 250', 'two fifty is the lowest', '一口价250',
    '到手价250', '两件一起600', '送2个壳300包邮', '送两个壳，300', '300一个，两个500', '九五折', '便宜五十', '再少50', '少个零头，280'
  ])('%s', (reply) => {
    for (const p of extractPrices(reply, { listPrice })) expect(p.value, `${reply}: ${p.raw}`).toBeGreaterThanOrEqual(price.allowedPrice)
    expect(guardOutbound(reply, { price }).blocked).toBe(false)
  })
})
