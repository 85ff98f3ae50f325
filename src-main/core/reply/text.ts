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
