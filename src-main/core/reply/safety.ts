/**
 * Outbound safety for every reply we send (rules, AI, templates alike). Xianyu reviews or limits
 * accounts and items that steer buyers off the platform (market.md §5.6/§5.8, XAA #99), so:
 *  - a clause that mentions off-platform contact (WeChat/QQ/phone numbers/links/加我/线下) or a risky
 *    word is dropped, and the rest is sent; if nothing meaningful is left, the reply is blocked;
 *  - a reply longer than `maxChars` is cut at a clause boundary (never inside a number, which could
 *    turn "最低100元" into a lower price);
 *  - every drop, cut and block is reported in `actions`, for the decision record.
 * Detection runs on a squashed copy of each clause (no spaces, separators or zero-width characters,
 * half-width, lower case) so "V X", "w.x", "1 3 8 …" and "微 信" are caught.
 */
import { normalizeSameLength } from './text'

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

/** `raw`: match the normalised clause, not the squashed one (links need their dots). */
interface Detector { readonly kind: SafetyActionKind; readonly name: string; readonly re: RegExp; readonly raw?: boolean }

const DETECTORS: readonly Detector[] = [
  { kind: 'contact', name: 'wechat', re: /微信|威信|薇信|维信|徽信|v信|(?<![a-z])[vw]x(?![a-z])|weixin|wechat|卫星号|加卫星|绿泡泡|(?:加|\+|➕)v(?![a-z])|v号/ },
  { kind: 'contact', name: 'qq', re: /(?<![a-z])qq|扣扣|企鹅号|q号|球球号/ },
  { kind: 'contact', name: 'add_me', re: /加我|加一下我|加个?好友|加下好友|私信我|联系方式|留个?电话|打我电话|手机号/ },
  { kind: 'link', name: 'url', re: /https?:\/\/|www\.|[a-z0-9-]+\s?\.\s?(?:com|cn|net|top|xyz|cc|io|me|link|vip|shop|site|info)(?![a-z])|t\.cn\//, raw: true },
  { kind: 'link', name: 'link_words', re: /https?|www|淘口令|复制.{0,8}打开|[￥$][a-z0-9]{8,}[￥$]|(?:点|戳)链接/ },
  { kind: 'phone', name: 'digits', re: /[0-9零〇一二三四五六七八九幺]{7,}/ },
  { kind: 'offline', name: 'offline', re: /线下|私下|不走(?:平台|闲鱼)|闲鱼外|站外|绕过平台/ }
]

/** Squash a clause for detection: separators and spaces between characters are obfuscation. */
function squash(s: string): string {
  // Decimals first, so "¥12999.00" does not read as a 7-digit phone number.
  return normalizeSameLength(s).replace(/(\d)\.\d{1,2}(?![\d.])/g, '$1').replace(/[\s.\-_*·、|/\\~～'"`,，()（）[\]【】]+/g, '')
}

/**
 * Split into clauses, keeping each clause's trailing punctuation. A '.' ends a clause only before
 * a space or the end, so "79.9" and "www.x.com" stay whole.
 */
function clauses(text: string): string[] {
  return text.match(/(?:[^，,。!！?？;；~～\n.]|\.(?!\s|$))+(?:[，,。!！?？;；~～\n]|\.(?=\s|$))*|(?:[，,。!！?？;；~～\n]|\.)+/g) ?? []
}

function clauseHits(clause: string, risky: readonly string[]): SafetyAction[] {
  const s = squash(clause)
  const n = normalizeSameLength(clause)
  const hits: SafetyAction[] = []
  for (const d of DETECTORS) if (d.re.test(d.raw === true ? n : s)) hits.push({ kind: d.kind, detail: `${d.name}: ${clause.trim()}` })
  for (const w of risky) if (w.length > 0 && s.includes(squash(w))) hits.push({ kind: 'risky_word', detail: `${w}: ${clause.trim()}` })
  return hits
}

const MEANINGFUL_CHAR = /[\p{Script=Han}a-zA-Z0-9]/gu
/** At least two letters/characters: a lone "亲" or "好" left after dropping clauses says nothing. */
const MEANINGFUL = { test: (s: string): boolean => (s.match(MEANINGFUL_CHAR) ?? []).length >= 2 }

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
  const risky = [...(options.useDefaultRiskyWords === false ? [] : DEFAULT_RISKY_WORDS), ...(options.riskyWords ?? [])]
  const actions: SafetyAction[] = []
  let kept = ''
  for (const clause of clauses(text)) {
    const hits = clauseHits(clause, risky)
    if (hits.length === 0) kept += clause
    else actions.push(...hits)
  }
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
