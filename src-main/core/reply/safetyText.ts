/**
 * Normalisation for outbound-safety detection only. Contact details are dodged by writing them the
 * way a reader still understands but a plain word list misses: full-width or look-alike letters
 * ("Ｖ信", Cyrillic "х"), traditional characters ("電話"), circled/financial/keycap digits
 * ("①③⑧", "壹叁捌", "1️⃣"), emoji for apps (🐧 = QQ, 📞 = phone), and separators or decorations
 * between the letters ("w-x", "微 🌸 信"). Everything here maps those onto one spelling so the
 * detectors in offPlatform.ts stay short. The result is never sent and never indexed back into the
 * original: a flagged clause is dropped whole, so these functions may change the length.
 */
import { DIGIT_SYMBOLS } from './text'

/** Look-alike letters, traditional forms of the characters the detectors read, odd digit forms. */
const CHAR_MAP: Readonly<Record<string, string>> = {
  ν: 'v', ѵ: 'v', х: 'x', χ: 'x', ԝ: 'w', ω: 'w', ԛ: 'q', с: 'c', о: 'o', ο: 'o', м: 'm', т: 't', е: 'e', а: 'a', р: 'p', і: 'i', ո: 'n',
  電: '电', 話: '话', 聯: '联', 繫: '系', 係: '系', 絡: '络', 線: '线', 號: '号', 點: '点', 寶: '宝', 買: '买', 賣: '卖', 單: '单',
  轉: '转', 帳: '账', 賬: '账', 見: '见', 紅: '红', 書: '书', 碼: '码', 維: '维', 衛: '卫', 頁: '页', 簡: '简', 釘: '钉', 飛: '飞',
  鏈: '链', 網: '网', 東: '东', 關: '关', 註: '注', 錢: '钱', 匯: '汇', 貳: '贰', 參: '叁', 陸: '陆', 門: '门', 個: '个', 訊: '讯',
  ...DIGIT_SYMBOLS
}
const CHAR_RE = new RegExp(`[${Object.keys(CHAR_MAP).join('')}]`, 'g')

/** Emoji that stand for a contact channel, and hearts/greens unified so one class matches them all. */
const EMOJI_MAP: ReadonlyArray<readonly [RegExp, string]> = [
  [/🐧/gu, 'qq'],
  [/[📞☎☏]/gu, '电话'],
  [/[✉📧📨📩]/gu, '邮箱'],
  [/[♥💗💕💓❣♡💖💞💘💝🧡💛💙💜🖤🤍🤎😍🥰]/gu, '❤'],
  [/[💚🟢]/gu, '🟢']
]

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g
/** Variation selectors, keycap and other combining marks, and pictographs we did not map: decoration. */
const DECORATION = /[\p{Mn}\p{Me}]|(?![❤🟢➕])\p{Extended_Pictographic}/gu
/** Dates read as long digit runs once separators go ("2023-12-12"), so they are named first. */
const DATE = /(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?!\d)\s*[日号]?/g
/** A decimal is a price, not part of a phone number: "¥12999.00" must not read as seven digits. */
const DECIMAL = /(\d)\.\d{1,2}(?![\d.])/g
/**
 * Spaces and separators between characters are obfuscation ("v-x", "微 信", "1 3 8"). '。' and ':'
 * stay: "abc。com" spells a domain and "V：abc123" names an id.
 */
const SEPARATOR_CHARS = '.-_*·、|/\\~～\'"`,，()（）[]【】#^<>《》「」『』…•°‘’“”='
/** The separators as the inside of a character class, for patterns that allow them between digits. */
export const GAP_CLASS = `\\s${SEPARATOR_CHARS.replace(/[\\\][^-]/g, '\\$&')}`
const SEPARATORS = new RegExp(`[${GAP_CLASS}]+`, 'g')

/**
 * Combining marks, symbols and emoji (surrogates): most replies have none, so the emoji pass is
 * skipped. Variation selectors only follow such a symbol, so they need no range of their own.
 */
const MAYBE_DECORATED = /[\u0300-\u036f\u2000-\u2bff\u3200-\u32ff\ud800-\udfff]/

/** One spelling for detection: NFKC, look-alikes and traditional forms mapped, lower case, emoji read. */
export function loosen(text: string): string {
  // NFKC makes full-width ASCII and the ideographic space half-width; lower case before the map, so
  // upper-case look-alikes ("Х") are caught too
  let out = text.normalize('NFKC').toLowerCase().replace(ZERO_WIDTH, ' ').replace(CHAR_RE, (c) => CHAR_MAP[c] ?? c)
  if (!MAYBE_DECORATED.test(out)) return out
  for (const [re, to] of EMOJI_MAP) out = out.replace(re, to)
  return out.replace(DECORATION, '')
}

/** A clause three ways: `loose` (see loosen), `spaced` (dates and decimals named), `squashed` (no separators). */
export interface ClauseViews {
  readonly loose: string
  readonly spaced: string
  readonly squashed: string
}

export function clauseViews(text: string): ClauseViews {
  const loose = loosen(text)
  const spaced = loose.replace(DATE, '日期').replace(DECIMAL, '$1')
  return { loose, spaced, squashed: spaced.replace(SEPARATORS, '') }
}

/** The squashed view alone (risky words are matched squashed on both sides). */
export function squash(text: string): string {
  return clauseViews(text).squashed
}
