/**
 * The composer's length rules. One message carries at most MESSAGE_LIMIT characters (the contract's
 * `messages.send` limit, counted as the contract counts: UTF-16 units of the trimmed text). A longer
 * text is never cut silently: the seller splits it into several messages or shortens it.
 */
export const MESSAGE_LIMIT = 1000
/** From here on the counter shows, so the limit is no surprise. */
export const COUNTER_FROM = 800

export const messageLength = (text: string): number => text.trim().length

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff

/** Where to cut `window` (a prefix of the text): the last line break, sentence end or comma in its back half. */
function cutPoint(window: string, limit: number): number {
  const floor = Math.floor(limit / 2)
  for (const re of [/\n/g, /[。！？!?；;…]/g, /[，,、 ]/g]) {
    let best = -1
    for (const m of window.matchAll(re)) if (m.index >= floor) best = m.index + m[0].length
    if (best > 0) return best
  }
  // no natural break: a hard cut, never between the halves of an emoji or other surrogate pair
  return isHighSurrogate(window.charCodeAt(limit - 1)) ? limit - 1 : limit
}

/** The text as messages of at most `limit` characters each, cut at natural breaks; nothing is lost but the whitespace at cuts. */
export function splitMessage(text: string, limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = []
  let rest = text.trim()
  while (rest.length > limit) {
    const cut = cutPoint(rest.slice(0, limit), limit)
    const part = rest.slice(0, cut).trim()
    if (part) parts.push(part)
    rest = rest.slice(cut).trim()
  }
  if (rest) parts.push(rest)
  return parts
}
