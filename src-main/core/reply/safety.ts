/**
 * Outbound safety for every reply we send (rules, AI, templates alike). Xianyu reviews or limits
 * accounts and items that steer buyers off the platform (market.md §5.6/§5.8, XAA #99), so:
 *  - a clause that mentions off-platform contact (WeChat/QQ/phone numbers/links/加我/线下) or a risky
 *    word is dropped, and the rest is sent; if nothing meaningful is left, the reply is blocked;
 *  - a reply longer than `maxChars` is cut at a clause boundary (never inside a number, which could
 *    turn "最低100元" into a lower price);
 *  - every drop, cut and block is reported in `actions`, for the decision record.
 * Detection (offPlatform.ts) runs on a normalised copy of each clause (safetyText.ts: no separators,
 * decorations or zero-width characters; half-width, lower case; look-alike letters, traditional
 * characters, odd digits and channel emoji mapped), so "V X", "w.x", "１３８…", "薇❤" and "🐧号" are
 * caught, while product words ("微瑕", "QQ音乐会员", "淘宝同款") and order/tracking numbers pass.
 */
import { offPlatformHits } from './offPlatform'
import { clauseViews, squash } from './safetyText'

export type SafetyActionKind = 'contact' | 'link' | 'phone' | 'offline' | 'risky_word' | 'truncated' | 'price' | 'blocked'

export interface SafetyAction {
  readonly kind: SafetyActionKind
  readonly detail: string
}

export interface SafetyResult {
  /** The text to send (possibly rewritten); empty when blocked. */
  readonly text: string
  readonly blocked: boolean
  readonly actions: SafetyAction[]
}

export interface SafetyOptions {
  /** Seller-configured risky words (contract `riskyWords`), matched case-insensitively. */
  readonly riskyWords?: readonly string[]
  /** Also use DEFAULT_RISKY_WORDS (default true). */
  readonly useDefaultRiskyWords?: boolean
  /** Hard length limit in characters (code points); no limit when absent. */
  readonly maxChars?: number
}

/** Words that commonly get chats or items reviewed on Xianyu: payment outside the platform, fake reviews. */
export const DEFAULT_RISKY_WORDS: readonly string[] = [
  '转账', '私下交易', '私下付款', '支付宝转', '银行卡', '扫码付', '收款码', '好评返现', '返现', '刷单', '代付', '加群', '拼多多', '淘宝店', '微店'
]

/**
 * Split into clauses, keeping each clause's trailing punctuation. A '.' ends a clause only before
 * a space or the end, so "79.9" and "www.x.com" stay whole; neither '.' nor '。' ends one between
 * a name and a top-level domain, so "abc. com" and "abc。com" are read as the link they spell.
 */
const CLAUSE = /(?:[^，,。!！?？;；~～\n.]|(?<=[a-z0-9])[.。](?=\s*(?:com|cn|net)(?![a-z\u4e00-\u9fff]))|\.(?!\s|$))+(?:[，,。!！?？;；~～\n]|\.(?=\s|$))*|(?:[，,。!！?？;；~～\n]|\.)+/gi

function clauses(text: string): string[] {
  return text.match(CLAUSE) ?? []
}

/** [word as configured, word squashed]. */
type RiskyWords = ReadonlyArray<readonly [string, string]>

/** A word that squashes to nothing (" ", "-") would match every clause: it is ignored. */
function squashWords(words: readonly string[]): RiskyWords {
  return words.map((w) => [w, squash(w)] as const).filter(([, s]) => s.length > 0)
}
const DEFAULT_RISKY_SQUASHED = squashWords(DEFAULT_RISKY_WORDS)

function clauseHits(clause: string, risky: RiskyWords): SafetyAction[] {
  const detail = clause.trim()
  const views = clauseViews(clause)
  const hits: SafetyAction[] = offPlatformHits(views).map((h) => ({ kind: h.kind, detail: `${h.name}: ${detail}` }))
  for (const [word, squashed] of risky) if (views.squashed.includes(squashed)) hits.push({ kind: 'risky_word', detail: `${word}: ${detail}` })
  return hits
}

const MEANINGFUL_CHAR = /[\p{Script=Han}a-zA-Z0-9]/gu
const meaningfulChars = (s: string): number => (s.match(MEANINGFUL_CHAR) ?? []).length
/** At least two letters/characters: a lone "亲" or "好" left after dropping clauses says nothing. */
const MEANINGFUL = { test: (s: string): boolean => meaningfulChars(s) >= 2 }
const CLAUSE_END = /[，,。!！?？;；~～\n.]+$/

const HAN = /\p{Script=Han}/u

/**
 * Which clauses to drop, and why.
 *  - A word split over clause punctuation ("微～信", "1，3，8，…", "v~x: abc") is in no single clause,
 *    so a run of tiny unflagged clauses (one character, or two letters/digits) is read again joined:
 *    alone, then with the unflagged clause after it, before it, or both. The first reading that hits
 *    drops what it joined.
 *  - An id left in its own clause after a contact clause ("加微信，abc123") goes with it: a clause
 *    with no Chinese right after contact is the handle, not a reply.
 */
function flagClauses(parts: readonly string[], risky: RiskyWords): { dropped: boolean[]; actions: SafetyAction[] } {
  const actions: SafetyAction[] = []
  const dropped = parts.map(() => false)
  const contact = parts.map(() => false)
  const flag = (from: number, to: number, hits: readonly SafetyAction[]): void => {
    actions.push(...hits)
    dropped.fill(true, from, to + 1)
    if (hits.some((h) => h.kind === 'contact')) contact[to] = true
  }
  parts.forEach((p, k) => {
    const hits = clauseHits(p, risky)
    if (hits.length > 0) flag(k, k, hits)
  })
  const open = (k: number): boolean => k >= 0 && k < parts.length && dropped[k] === false
  // "稍微，信号…" must not read as 微信: a clause with Chinese is tiny only as one character
  const tiny = (k: number): boolean => open(k) && meaningfulChars(parts[k] ?? '') <= (HAN.test(parts[k] ?? '') ? 1 : 2)
  for (let i = 0; i < parts.length; i++) {
    if (!tiny(i)) continue
    let j = i
    while (tiny(j + 1)) j++
    const before = open(i - 1) ? i - 1 : i
    const after = open(j + 1) ? j + 1 : j
    for (const [from, to] of [[i, j], [i, after], [before, j], [before, after]] as const) {
      if (to === from) continue
      const hits = clauseHits(parts.slice(from, to + 1).map((p) => p.replace(CLAUSE_END, '')).join(' '), risky)
      if (hits.length === 0) continue
      flag(from, to, hits)
      break
    }
    i = j
  }
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k] ?? ''
    if (contact[k - 1] === true && open(k) && meaningfulChars(p) > 0 && !HAN.test(p)) flag(k, k, [{ kind: 'contact', detail: `id_after_contact: ${p.trim()}` }])
  }
  return { dropped, actions }
}

/** Cut to at most `max` code points at a clause end; never inside a number. */
function truncate(text: string, max: number): string {
  const chars = [...text]
  if (chars.length <= max) return text
  let cut = chars.slice(0, max).join('')
  if (/^[，,。!！?？;；~～\n]/.test(text.slice(cut.length))) return cut
  const boundary = Math.max(...['，', ',', '。', '！', '!', '？', '?', '；', ';', '～', '~', '\n'].map((p) => cut.lastIndexOf(p)))
  if (boundary >= Math.floor(cut.length / 3)) cut = cut.slice(0, boundary + 1)
  // Never end inside a number: "最低100元" cut to "最低10" would be a lower price.
  const next = text.slice(cut.length, cut.length + 1)
  if (/[0-9.零〇一二两三四五六七八九十百千万kw块元]/i.test(next)) cut = cut.replace(/[0-9.零〇一二两三四五六七八九十百千万¥￥]+$/, '')
  return cut.replace(/[，,；;、\s]+$/, '')
}

/** Check and, where possible, rewrite one outbound reply. Pure. */
export function checkOutbound(text: string, options: SafetyOptions = {}): SafetyResult {
  const risky = [...(options.useDefaultRiskyWords === false ? [] : DEFAULT_RISKY_SQUASHED), ...squashWords(options.riskyWords ?? [])]
  const parts = clauses(text)
  const { dropped, actions } = flagClauses(parts, risky)
  let kept = parts.filter((_, i) => !dropped[i]).join('')
  kept = kept.replace(/^[，,。!！?？;；~～\s]+/, '').replace(/[，,；;、\s]+$/, '')
  if (!MEANINGFUL.test(kept)) {
    actions.push({ kind: 'blocked', detail: actions.length > 0 ? 'nothing safe left after removing flagged clauses' : 'empty reply' })
    return { text: '', blocked: true, actions }
  }
  if (options.maxChars !== undefined && [...kept].length > options.maxChars) {
    const cut = truncate(kept, Math.max(1, Math.floor(options.maxChars)))
    actions.push({ kind: 'truncated', detail: `${[...kept].length} → ${[...cut].length} chars (limit ${options.maxChars})` })
    kept = cut
    if (!MEANINGFUL.test(kept)) return { text: '', blocked: true, actions: [...actions, { kind: 'blocked', detail: 'nothing left after truncation' }] }
  }
  return { text: kept, blocked: false, actions }
}
