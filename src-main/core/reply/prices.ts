/**
 * Price extraction from an outbound (seller) reply, used to block replies below the floor.
 * Conservative in the safe direction: a number that could be a price is a price, unless its context
 * says clearly it is something else (24小时内发货, 7天无理由, 95新, iPhone 13, 128G, 用了2年).
 *
 * Besides absolute prices (digits, ¥/元/块, decimals, 1.2k/1千, Chinese numerals, ranges) it derives
 * implied prices, when the list price is known:
 *  - discounts: 打九折 / 八五折 / 8.5折 / 对折 / 半价 / 优惠10% → listPrice × rate;
 *  - relative cuts: 便宜10块 / 再少5 / 减20 / 优惠30元 → base − amount, where base is the lowest
 *    absolute price written before it in the same reply, else `basePrice`, else `listPrice`.
 *    Without any base the amount itself is reported (it then reads as a very low price: safe).
 */
import { scanNumbers } from './numbers'
import { analyzeNumbers, isRelative } from './numberContext'
import type { AnalyzedSpan } from './numberContext'
import { normalizeSameLength, roundCents } from './text'

export interface ExtractedPrice {
  readonly value: number
  /** The characters of the original text the price was read from. */
  readonly raw: string
  /** Index of `raw` in the original text. */
  readonly index: number
  readonly kind: 'absolute' | 'discount' | 'relative'
}

export interface PriceContext {
  /** The item's listed price: needed for 打九折-style discounts and relative cuts. */
  readonly listPrice?: number
  /** The price relative cuts start from (e.g. the seller's last quote); defaults to listPrice. */
  readonly basePrice?: number
}

const CN_RATE: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const DISCOUNT = /(?:打个?|给你打|打)?([0-9](?:\.[0-9])?|[1-9][0-9]|[一二三四五六七八九]{1,2})\s?折/g
const HALF = /对折|半价|五五开/g
const PERCENT_OFF = /(?:便宜|优惠|减|让|降|打折|折扣)\s?(?:百分之)?(\d{1,2}(?:\.\d)?)\s?%?/g

/** Discount rate of "九", "九五", "85", "8.5": 0.9, 0.95, 0.85, 0.85. */
function rateOf(s: string): number | null {
  if (/^[一二三四五六七八九]+$/.test(s)) {
    const digits = [...s].map((c) => CN_RATE[c] ?? 0)
    return digits.length === 1 ? (digits[0] ?? 0) / 10 : ((digits[0] ?? 0) * 10 + (digits[1] ?? 0)) / 100
  }
  const n = Number(s)
  if (!Number.isFinite(n) || n <= 0) return null
  return n < 10 ? n / 10 : n / 100
}

function discounts(text: string, norm: string, listPrice: number): ExtractedPrice[] {
  const out: ExtractedPrice[] = []
  for (const m of norm.matchAll(DISCOUNT)) {
    const rate = rateOf(m[1] ?? '')
    if (rate === null || rate >= 1) continue
    out.push({ value: roundCents(listPrice * rate), raw: text.slice(m.index, m.index + m[0].length), index: m.index, kind: 'discount' })
  }
  for (const m of norm.matchAll(HALF)) {
    out.push({ value: roundCents(listPrice / 2), raw: text.slice(m.index, m.index + m[0].length), index: m.index, kind: 'discount' })
  }
  for (const m of norm.matchAll(PERCENT_OFF)) {
    if (!/%|百分之/.test(m[0])) continue
    const pct = Number(m[1])
    if (pct > 0 && pct < 100) {
      out.push({ value: roundCents(listPrice * (1 - pct / 100)), raw: text.slice(m.index, m.index + m[0].length), index: m.index, kind: 'discount' })
    }
  }
  return out
}

/** Whether an analysed number counts as a price in a seller's reply. */
function isPriceInReply(a: AnalyzedSpan): boolean {
  if (a.excluded) return false
  const s = a.span
  if (s.currency || a.money) return true
  if (s.bare) return false
  if (!s.chinese) return true
  // A Chinese numeral without 块/元 is a price when it is a real amount (九十, 两百五) or sits next to
  // price words (最低八, 八卖你): "一个", "两天", "三星" never get here as prices.
  return (s.magnitude && (s.values[0] ?? 0) >= 10) || a.cueBefore || a.cueAfter
}

/**
 * Every price a reply states or implies, in text order. Ranges give both ends; colloquial ranges
 * (八九十) give both values with the same `raw`.
 */
export function extractPrices(text: string, context: PriceContext = {}): ExtractedPrice[] {
  const norm = normalizeSameLength(text)
  const listPrice = context.listPrice
  const out: ExtractedPrice[] = []
  let lowestAbsolute = Number.POSITIVE_INFINITY
  for (const a of analyzeNumbers(norm, scanNumbers(norm))) {
    if (!isPriceInReply(a)) continue
    const s = a.span
    const raw = text.slice(s.start, s.end)
    if (isRelative(norm, s)) {
      const base = Math.min(lowestAbsolute, context.basePrice ?? listPrice ?? Number.POSITIVE_INFINITY)
      for (const v of s.values) {
        const value = Number.isFinite(base) ? roundCents(Math.max(0, base - v)) : v
        out.push({ value, raw, index: s.start, kind: 'relative' })
      }
      continue
    }
    for (const v of s.values) {
      out.push({ value: roundCents(v), raw, index: s.start, kind: 'absolute' })
      lowestAbsolute = Math.min(lowestAbsolute, v)
    }
  }
  if (listPrice !== undefined && listPrice > 0) out.push(...discounts(text, norm, listPrice))
  return out.sort((x, y) => x.index - y.index)
}
