/**
 * Text normalisation shared by the reply heart. Every function here keeps the string length, so an
 * index found in the normalised text is an index into the original (prices report `index`).
 */

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/

/**
 * Full-width ASCII → half-width, ASCII letters → lower case, zero-width characters → space,
 * ideographic space → space. One UTF-16 unit in, one out.
 */
export function normalizeSameLength(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xff01 && code <= 0xff5e) out += lowerAscii(String.fromCharCode(code - 0xfee0))
    else if (code === 0x3000) out += ' '
    else {
      const ch = text[i] ?? ''
      out += ZERO_WIDTH.test(ch) ? ' ' : lowerAscii(ch)
    }
  }
  return out
}

function lowerAscii(ch: string): string {
  const c = ch.charCodeAt(0)
  return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch
}

/** Format a yuan amount the way a seller writes it: 95, 9.9, 12.5 (never 95.00). */
export function formatYuan(value: number): string {
  const cents = Math.round(value * 100)
  if (cents % 100 === 0) return String(cents / 100)
  return (cents / 100).toFixed(2).replace(/0$/, '')
}

/** Round to cents, removing binary noise (0.1 + 0.2). */
export function roundCents(value: number): number {
  return Math.round(value * 100) / 100
}

/** Financial (大写) and traditional numerals that are never anything but numbers in chat. */
const FINANCIAL_SURE: Readonly<Record<string, string>> = {
  壹: '一', 贰: '二', 貳: '二', 貮: '二', 弍: '二', 兩: '两', 叁: '三', 叄: '三', 捌: '八', 玖: '九', 佰: '百', 仟: '千', 萬: '万'
}
/** Financial numerals that are also ordinary characters (收拾, 大陆, 肆意, 伍 as a name): numbers only inside a run. */
const FINANCIAL_MAYBE: Readonly<Record<string, string>> = { 肆: '四', 伍: '五', 陆: '六', 陸: '六', 柒: '七', 拾: '十' }

/**
 * Circled and dingbat digits (⓪ ⓿ ① ❶ ➀ ➊) → ASCII digit; the two-digit ones (⑩–⑳) are left alone.
 * Shared by the price reader and the outbound-safety normaliser (safetyText.ts).
 */
export const DIGIT_SYMBOLS: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = { '\u24ea': '0', '\u24ff': '0' }
  for (const first of [0x2460, 0x2776, 0x2780, 0x278a]) for (let i = 0; i < 9; i++) out[String.fromCharCode(first + i)] = String(i + 1)
  return out
})()

/**
 * Number spellings an LLM may use in a quote, mapped to the forms numbers.ts reads (one UTF-16 unit
 * in, one out, so indices still point into the original): 贰佰伍拾 → 二百五十, 兩百 → 两百, ②⑤⓪ → 250.
 * Ambiguous characters become numerals only next to another financial numeral or before 元/块
 * (收拾 stays 收拾); a circled digit only next to another digit or a magnitude, after ¥ or before 元/块 (a lone ① is a
 * list marker). Apply after normalizeSameLength.
 */
export function normalizeNumerals(text: string): string {
  const chars = text.split('')
  const sure = chars.map((c) => FINANCIAL_SURE[c] ?? c)
  const financial = (i: number): boolean => {
    const c = chars[i] ?? ''
    return c in FINANCIAL_SURE || c in FINANCIAL_MAYBE
  }
  const circled = chars.map((c) => DIGIT_SYMBOLS[c] ?? null)
  const digitLike = (i: number): boolean => /[0-9]/.test(chars[i] ?? '') || (circled[i] ?? null) !== null
  return sure.map((c, i) => {
    const maybe = FINANCIAL_MAYBE[c]
    if (maybe !== undefined) return financial(i - 1) || financial(i + 1) || /[元块圆]/.test(chars[i + 1] ?? '') ? maybe : c
    const d = circled[i]
    if (d === null || d === undefined) return c
    const near = digitLike(i - 1) || digitLike(i + 1) || /[¥￥百千万]/.test(chars[i - 1] ?? '') || /[元块圆百千万kw]/.test(chars[i + 1] ?? '')
    return near ? d : c
  }).join('')
}
