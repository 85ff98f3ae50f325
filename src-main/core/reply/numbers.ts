/**
 * Finds number spans in (normalised) Chinese chat text: digits with thousands separators, decimals,
 * k/千/w/万/百 magnitudes and the colloquial tail ("1千2" = 1200), Chinese numerals including the
 * spoken abbreviations (两百五 = 250, 一千二 = 1200, 一万二 = 12000), colloquial ranges (八九十 = 80–90),
 * currency prefixes/suffixes and the jiao tail (九块九 = 9.9). Whether a span is a *price* is decided
 * by the callers (prices.ts for seller replies, intent.ts for buyer offers), which look at context.
 */

export interface NumberSpan {
  /** Start of the whole span (currency prefix included) in the text. */
  readonly start: number
  /** End (exclusive) of the whole span, currency suffix and jiao tail included. */
  readonly end: number
  /** The value, or two values for a colloquial range (八九十 → [80, 90]). */
  readonly values: readonly number[]
  /** Written with Chinese numerals (一二三…十百千万). */
  readonly chinese: boolean
  /** A lone Chinese digit without unit or currency (一, 两): almost never a price ("一点", "两个"). */
  readonly bare: boolean
  /** Has ¥/rmb before it or 块/元/毛 after it. */
  readonly currency: boolean
  /** Has a magnitude: 十百千万 or k/w. */
  readonly magnitude: boolean
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9
}
const CN_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 }
const DIGIT_MAG: Readonly<Record<string, number>> = { k: 1000, 千: 1000, w: 10_000, 万: 10_000, 百: 100 }

const PREFIX = /(?:[¥￥]|rmb|cny)\s*/y
const DIGIT_CORE = /(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|\.\d+/y
const DIGIT_MAG_RE = /\s?([k千w万百])(?![a-z])(?:([0-9一二两三四五六七八九])(?![0-9十百千万.]))?/y
const CN_CORE = /[零〇一二两俩三四五六七八九十百千万]+/y
/** 块 is a currency only when not counting things (两块屏幕, 一块电池). */
const SUFFIX = /\s?(?:yuan|块钱|块(?!屏|电池|板|硬盘|内存|显卡|表|手表|布|砖|玻璃|地|石|肉|糖|蛋糕|膜)|元钱|元|圆|rmb|人民币|大洋|¥)/y
const JIAO = /([0-9]|[一二两三四五六七八九])(?![0-9十百千万个件天次年月号人位台张条只])(?:毛|角)?/y
const MAO = /\s?(?:毛|角)钱?/y

function digitsOf(s: string): number {
  return Number(s.replace(/,/g, ''))
}

/** Parse a Chinese numeral ("两百五" → 250, "一百零五" → 105). Returns null for nonsense. */
export function parseChineseNumber(s: string): number | null {
  if (s.length === 0) return null
  if (![...s].some((c) => c in CN_UNITS)) return s.length === 1 ? (CN_DIGITS[s] ?? null) : digitString(s)
  let total = 0
  let section = 0
  let pending: number | null = null
  let lastUnit = 0
  let sawZero = false
  for (const ch of s) {
    const d = CN_DIGITS[ch]
    if (d !== undefined) {
      if (pending !== null && pending !== 0) return null
      if (d === 0) sawZero = true
      pending = d
      continue
    }
    const unit = CN_UNITS[ch]
    if (unit === undefined) return null
    if (unit === 10_000) {
      total += ((section + (pending ?? 0)) || 1) * 10_000
      section = 0
    } else {
      if (pending === null && section > 0 && unit >= lastUnit) return null
      section += (pending ?? 1) * unit
    }
    pending = null
    lastUnit = unit
    sawZero = false
  }
  // Spoken abbreviation: 两百五 = 250, 一千二 = 1200, 一万二 = 12000 — but 三十五 = 35, 一百零五 = 105.
  if (pending !== null) section += lastUnit > 10 && !sawZero ? pending * (lastUnit / 10) : pending
  return total + section
}

/** "二零二四" → 2024 (digits read one by one). */
function digitString(s: string): number | null {
  let out = ''
  for (const ch of s) {
    const d = CN_DIGITS[ch]
    if (d === undefined) return null
    out += String(d)
  }
  return Number(out)
}

/** 八九十 → [80, 90], 两三百 → [200, 300], 七八块 (digits only) → [7, 8]. */
function parseChineseRange(s: string): readonly number[] | null {
  const m = /^([一二两三四五六七八九])([二两三四五六七八九])([十百千万]?)$/.exec(s)
  if (!m) return null
  const a = CN_DIGITS[m[1] ?? ''] ?? 0
  const b = CN_DIGITS[m[2] ?? ''] ?? 0
  if (b !== a + 1 && !(a === 3 && b === 5) && !(a === 2 && b === 3)) return null
  const unit = CN_UNITS[m[3] ?? ''] ?? 1
  return [a * unit, b * unit]
}

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at
  return re.exec(text)
}

interface Core { readonly end: number; readonly values: readonly number[]; readonly chinese: boolean; readonly magnitude: boolean }

function digitCore(text: string, at: number): Core | null {
  const m = matchAt(DIGIT_CORE, text, at)
  if (!m) return null
  let value = digitsOf(m[0])
  let end = at + m[0].length
  let magnitude = false
  const mag = matchAt(DIGIT_MAG_RE, text, end)
  if (mag) {
    const unit = DIGIT_MAG[mag[1] ?? ''] ?? 1
    const tail = mag[2] === undefined ? 0 : (/\d/.test(mag[2]) ? Number(mag[2]) : (CN_DIGITS[mag[2]] ?? 0))
    value = value * unit + tail * (unit / 10)
    end += mag[0].length
    magnitude = true
  }
  return { end, values: [value], chinese: false, magnitude }
}

function chineseCore(text: string, at: number): Core | null {
  const m = matchAt(CN_CORE, text, at)
  if (!m) return null
  const s = m[0]
  const range = parseChineseRange(s)
  const magnitude = /[十百千万]/.test(s)
  if (range) return { end: at + s.length, values: range, chinese: true, magnitude }
  const v = parseChineseNumber(s)
  return v === null ? null : { end: at + s.length, values: [v], chinese: true, magnitude }
}

function jiaoValue(s: string): number {
  const d = s[0] ?? '0'
  return (/\d/.test(d) ? Number(d) : (CN_DIGITS[d] ?? 0)) / 10
}

/** Currency suffix, 九块九-style jiao tail, or 五毛-style; returns the new end and adjusted values. */
function suffixAt(text: string, core: Core): { end: number; values: readonly number[]; currency: boolean } {
  const suf = matchAt(SUFFIX, text, core.end)
  if (suf) {
    let end = core.end + suf[0].length
    let values = core.values
    const isBlock = /[块元]$/.test(suf[0])
    const jiao = isBlock && values.length === 1 ? matchAt(JIAO, text, end) : null
    if (jiao) {
      values = [(values[0] ?? 0) + jiaoValue(jiao[0])]
      end += jiao[0].length
    }
    return { end, values, currency: true }
  }
  const mao = matchAt(MAO, text, core.end)
  if (mao) return { end: core.end + mao[0].length, values: core.values.map((v) => v / 10), currency: true }
  return { end: core.end, values: core.values, currency: false }
}

function spanAt(text: string, at: number): NumberSpan | null {
  const pre = matchAt(PREFIX, text, at)
  const coreAt = pre ? at + pre[0].length : at
  const core = digitCore(text, coreAt) ?? chineseCore(text, coreAt)
  if (!core) return null
  const suf = suffixAt(text, core)
  const currency = pre !== null || suf.currency
  const bare = core.chinese && !core.magnitude && !currency && core.end - coreAt === 1
  return { start: at, end: suf.end, values: suf.values, chinese: core.chinese, bare, currency, magnitude: core.magnitude }
}

const START = /[¥￥\d.零〇一二两俩三四五六七八九十百千万]|rmb|cny/g

/** All number spans, left to right, non-overlapping. `text` should be normalised (see text.ts). */
export function scanNumbers(text: string): NumberSpan[] {
  const spans: NumberSpan[] = []
  START.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = START.exec(text)) !== null) {
    // A digit glued to a preceding digit or letter run is handled by whoever owns that run.
    const span = spanAt(text, m.index)
    if (span && span.end > m.index) {
      spans.push(span)
      START.lastIndex = span.end
    } else {
      START.lastIndex = m.index + 1
    }
  }
  return spans
}
