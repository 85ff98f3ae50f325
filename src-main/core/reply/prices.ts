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
 *    A cut or discount after 再 ("再便宜20，再减10", "九折再少10") stacks on the lowest price so far.
 *  - 抹零 / 去掉零头 with no price written after it: the lowest price so far, else the base, with its
 *    零头 dropped (1288抹零 → 1200, 259 → 250).
 * A price for several items (两件一起400, 400拿两件) is reported per item (200): the floor is per item.
 * Financial and traditional numerals (贰佰伍), circled digits (②⑤⓪) and English amounts (two hundred
 * yuan) are read too.
 */
import { analyzeNumbers, isRelative } from './numberContext'
import type { AnalyzedSpan } from './numberContext'
import { parseChineseNumber, scanNumbers } from './numbers'
import { normalizeNumerals, normalizeSameLength, roundCents } from './text'

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
const HALF = /对折|半价|五五开|(?:便宜|少|减|降|砍|让)(?:了|个|掉)?一半/g
const PERCENT_OFF = /(?:便宜|优惠|减|让|降|打折|折扣)\s?(?:百分之)?(\d{1,2}(?:\.\d)?)\s?%?/g
/** 便宜两成 (20 % off) and 按八成 / 原价的八成 / 八成价 (80 % of the price); 八成新 is condition, not a rate. */
const TENTHS_OFF = /(?:便宜|优惠|减|让|降|少)(?:了|个|你)?([1-9]|[一二两三四五六七八九])成(?![新色])/g
const TENTHS_OF = /(?:(?:按|原价的?|标价的?|打)([1-9]|[一二两三四五六七八九])成(?![新色交])|([1-9]|[一二两三四五六七八九])成的?价)/g
/** 抹零, 抹个零头, 去掉零头, 零头不要了. */
const ROUND_DOWN = /抹(?:个|掉|了)?零头?|(?:去|去掉|抹掉|抹了|省掉|不要|免|少)(?:个|了)?零头|零头(?:不要|抹|去|免|就?算了)/g
/** 再 (again, further) right before a cut or discount: it stacks on what was just said. */
const AGAIN_BEFORE = /再(?:给你|给|帮你)?(?:便宜|少|减|优惠|让|降|抹|打)?(?:了|你|您|个|点|掉|给你|一下)?\s*$/

function cnDigit(s: string): number {
  return /^\d$/.test(s) ? Number(s) : (CN_RATE[s] ?? 0)
}

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

/** A multiplier found in the text: a discount rate, or 抹零 (rate 0 marks "drop the 零头"). */
interface RateEvent { readonly index: number; readonly end: number; readonly rate: number; readonly roundDown: boolean }

function rateEvents(norm: string): RateEvent[] {
  const out: RateEvent[] = []
  const add = (m: RegExpMatchArray, rate: number, roundDown = false): void => {
    const index = m.index ?? 0
    out.push({ index, end: index + m[0].length, rate, roundDown })
  }
  for (const m of norm.matchAll(DISCOUNT)) {
    const rate = rateOf(m[1] ?? '')
    if (rate !== null && rate < 1) add(m, rate)
  }
  for (const m of norm.matchAll(HALF)) add(m, 0.5)
  for (const m of norm.matchAll(PERCENT_OFF)) {
    if (!/%|百分之/.test(m[0])) continue
    const pct = Number(m[1])
    if (pct > 0 && pct < 100) add(m, 1 - pct / 100)
  }
  for (const m of norm.matchAll(TENTHS_OFF)) add(m, 1 - cnDigit(m[1] ?? '') / 10)
  for (const m of norm.matchAll(TENTHS_OF)) add(m, cnDigit(m[1] ?? m[2] ?? '') / 10)
  for (const m of norm.matchAll(ROUND_DOWN)) add(m, 1, true)
  return out
}

/** 1288 → 1200, 259 → 250, 96.5 → 90: keeps the two leading digits of the whole-yuan part. */
function dropOddPart(value: number): number {
  const whole = Math.floor(value)
  const step = Math.max(10, 10 ** (String(whole).length - 2))
  return Math.floor(whole / step) * step
}

/** Whether an analysed number counts as a price in a seller's reply. */
function isPriceInReply(a: AnalyzedSpan): boolean {
  if (a.excluded) return false
  const s = a.span
  if (s.currency || a.money) return true
  if (s.bare) return false
  if (!s.chinese) return true
  // A Chinese numeral without 块/元 is a price when it is a real amount (九十, 两百五, 二四零) or sits
  // next to price words (最低八, 八卖你): "一个", "两天", "三星" never get here as prices.
  const value = s.values[0] ?? 0
  const digitRun = s.values.length === 1 && s.end - s.start >= 3 && value >= 10
  return (s.magnitude && value >= 10) || digitRun || a.cueBefore || a.cueAfter
}

const COUNT = String.raw`([2-9]|[二两俩三四五六七八九十])\s?(?:件|个|台|套|只|部|样|双|本|份|盒|瓶|支|把|条|张)`
/** 两件一起400, 2件400, 三件打包价600: the count before the price. Not 送2个壳 / 第2件. */
const BUNDLE_BEFORE = new RegExp(String.raw`(?<![送赠配附含带加第])` + COUNT +
  String.raw`(?:东西|宝贝)?(?:的话)?\s?(?:一起|一共|共|合计|总共|打包|加起来|总价|总计|全部|全拿|都)?(?:的话|拿|要|带走|算你|算|给你|卖你|出|价|是|就){0,2}\s?$`)
/** 400拿两件, 一千的话两件: the count after the price. */
const BUNDLE_AFTER = new RegExp(String.raw`^\s?(?:的话|拿|要|买|带走|卖你|给你)?\s?` + COUNT)

function bundleCount(norm: string, start: number, end: number): number {
  const m = BUNDLE_BEFORE.exec(norm.slice(Math.max(0, start - 14), start)) ?? BUNDLE_AFTER.exec(norm.slice(end, end + 8))
  if (!m) return 1
  const n = /\d/.test(m[1] ?? '') ? Number(m[1]) : m[1] === '俩' ? 2 : (parseChineseNumber(m[1] ?? '') ?? 1)
  return n >= 2 ? n : 1
}

const EN_SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen']
const EN_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
const EN_WORD = `(?:${[...EN_SMALL, ...EN_TENS, 'hundred', 'thousand', 'grand'].join('|')})`
const EN_NUMBER = new RegExp(String.raw`(?<![a-z])(?:a\s+(?=hundred|thousand|grand))?${EN_WORD}(?:[\s-]+(?:and[\s-]+)?${EN_WORD})*(?![a-z])`, 'g')
const EN_CURRENCY_AFTER = /^\s?(?:yuan|rmb|cny|kuai|bucks?|dollars?)(?![a-z])/
const EN_CURRENCY_BEFORE = /(?:[¥￥]|rmb|cny)\s?$/
const EN_NON_PRICE_AFTER = /^\s?(?:-\s?)?(?:days?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?|times?|percent|%|gb|tb|pieces?|pcs|items?|units?|people|inch|inches|cm|km|kg|new|of\s+them|generation)(?![a-z])/

/** "two hundred" → 200, "two fifty" → 250, "one thousand two hundred" → 1200, "a hundred" → 100. */
function parseEnglish(words: string): number | null {
  let total = 0
  let current = 0
  let last: 'small' | 'tens' | 'mag' | null = null
  for (const w of words.split(/[\s-]+/)) {
    if (w === 'and' || w === '') continue
    if (w === 'a') { current = 1; last = 'small'; continue }
    const small = EN_SMALL.indexOf(w)
    const tens = EN_TENS.indexOf(w)
    if (small >= 0 || tens >= 0) {
      const v = small >= 0 ? small : (tens + 2) * 10
      // "two fifty", "nineteen ninety": a spoken hundreds count with the hundred left out.
      if (last === 'small' && current > 0 && current < 20 && (tens >= 0 || small >= 10)) current = current * 100 + v
      else if (last === 'tens' && small > 0 && small < 10) current += v
      else if (last === null || last === 'mag') current += v
      else return null
      last = tens >= 0 ? 'tens' : 'small'
      continue
    }
    if (w === 'hundred') current = (current || 1) * 100
    else { total += (current || 1) * 1000; current = 0 }
    last = 'mag'
  }
  return total + current
}

interface Found { readonly index: number; readonly end: number; readonly values: readonly number[]; readonly relative: boolean; readonly again: boolean }

function englishAmounts(norm: string): Found[] {
  const out: Found[] = []
  for (const m of norm.matchAll(EN_NUMBER)) {
    const index = m.index
    const end = index + m[0].length
    const value = parseEnglish(m[0].trim())
    if (value === null) continue
    const after = norm.slice(end, end + 14)
    const before = norm.slice(Math.max(0, index - 6), index)
    const currency = EN_CURRENCY_AFTER.test(after) || EN_CURRENCY_BEFORE.test(before)
    if (!currency && (value < 10 || EN_NON_PRICE_AFTER.test(after))) continue
    const cut = /(?:off|less|cheaper|discount)/.test(after.slice(0, 14)) && !/^\s?(?:yuan|rmb|cny|kuai|bucks?|dollars?)?\s?(?:for|total)/.test(after)
    out.push({ index, end, values: [value], relative: cut, again: /(?:another|more|extra)\s*$/.test(before) })
  }
  return out
}

/**
 * Every price a reply states or implies, in text order. Ranges give both ends; colloquial ranges
 * (八九十) give both values with the same `raw`.
 */
export function extractPrices(text: string, context: PriceContext = {}): ExtractedPrice[] {
  const norm = normalizeNumerals(normalizeSameLength(text))
  const listPrice = context.listPrice !== undefined && context.listPrice > 0 ? context.listPrice : undefined
  const startBase = context.basePrice ?? listPrice ?? Number.POSITIVE_INFINITY
  const found: Found[] = []
  for (const a of analyzeNumbers(norm, scanNumbers(norm))) {
    if (!isPriceInReply(a)) continue
    const s = a.span
    const before = norm.slice(Math.max(0, s.start - 8), s.start)
    found.push({ index: s.start, end: s.end, values: s.values, relative: isRelative(norm, s), again: isRelative(norm, s) && AGAIN_BEFORE.test(before) })
  }
  found.push(...englishAmounts(norm))
  const rates = rateEvents(norm)
  type Step = { readonly at: number; readonly number?: Found; readonly rate?: RateEvent }
  const steps: Step[] = [...found.map((f) => ({ at: f.index, number: f })), ...rates.map((r) => ({ at: r.index, rate: r }))]
  steps.sort((x, y) => x.at - y.at)
  const lastAbsoluteAt = Math.max(-1, ...found.filter((f) => !f.relative).map((f) => f.index))

  const out: ExtractedPrice[] = []
  let lowestAbsolute = Number.POSITIVE_INFINITY
  let lowestAny = Number.POSITIVE_INFINITY
  const push = (value: number, f: { index: number; end: number }, kind: ExtractedPrice['kind']): void => {
    const v = roundCents(value)
    out.push({ value: v, raw: text.slice(f.index, f.end), index: f.index, kind })
    lowestAny = Math.min(lowestAny, v)
  }
  for (const step of steps) {
    const r = step.rate
    if (r !== undefined) {
      if (listPrice === undefined) continue
      const again = AGAIN_BEFORE.test(norm.slice(Math.max(0, r.index - 8), r.index))
      const base = again ? Math.min(lowestAny, lowestAbsolute, listPrice) : listPrice
      if (r.roundDown) {
        // A price written after 抹零 is its result (抹掉零头，90吧); otherwise 抹零 cuts the lowest price so far.
        if (lastAbsoluteAt < r.index) push(dropOddPart(Math.min(startBase, lowestAny)), r, 'relative')
      } else {
        push(base * r.rate, r, 'discount')
      }
      continue
    }
    const f = step.number
    if (f === undefined) continue
    if (f.relative) {
      const base = Math.min(lowestAbsolute, startBase, f.again ? lowestAny : Number.POSITIVE_INFINITY)
      for (const v of f.values) push(Number.isFinite(base) ? Math.max(0, base - v) : v, f, 'relative')
      continue
    }
    const perItem = bundleCount(norm, f.index, f.end)
    for (const v of f.values) {
      push(v / perItem, f, 'absolute')
      lowestAbsolute = Math.min(lowestAbsolute, v / perItem)
    }
  }
  return out
}
