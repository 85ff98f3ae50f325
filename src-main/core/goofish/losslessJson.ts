/**
 * JSON.parse that keeps integers beyond 2^53 exact (as decimal strings, the same normalisation
 * the MessagePack path applies) and refuses absurd nesting. Fast path: plain JSON.parse when the
 * text holds no 16+-digit run.
 */
import type { JsonValue } from './types'
import { MAX_DEPTH } from './msgpack'

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; message: string }

const LONG_DIGITS = /\d{16,}/

/** Max bracket depth outside strings. */
function nestingDepth(text: string): number {
  let depth = 0
  let max = 0
  let inStr = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inStr) {
      if (c === 92) i++ // backslash: skip the escaped char
      else if (c === 34) inStr = false
      continue
    }
    if (c === 34) inStr = true
    else if (c === 123 || c === 91) max = Math.max(max, ++depth)
    else if (c === 125 || c === 93) depth--
  }
  return max
}

const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g

/** Quote integer literals a double cannot hold exactly; strings are matched first and kept. */
function quoteBigIntegers(text: string): string {
  return text.replace(TOKEN, (tok) => {
    if (tok.startsWith('"') || /[.eE]/.test(tok)) return tok
    const n = BigInt(tok)
    return n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER) ? `"${tok}"` : tok
  })
}

export function parseJsonLossless(text: string): JsonParseResult {
  try {
    const value = JSON.parse(text) as JsonValue
    if (nestingDepth(text) > MAX_DEPTH) return { ok: false, message: `nesting deeper than ${MAX_DEPTH}` }
    if (!LONG_DIGITS.test(text)) return { ok: true, value }
    return { ok: true, value: JSON.parse(quoteBigIntegers(text)) as JsonValue }
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) }
  }
}
