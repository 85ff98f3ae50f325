/**
 * Local, deterministic intent detection for buyer messages (no LLM call): price / tech / default,
 * the seeds' labels. Price-intent messages count as bargaining rounds, so a miss lets a buyer skip the
 * round cap (market.md §5.6, "再少一点/最少多少" missed by the seed's keyword list).
 *
 * Decisions (documented in test/fixtures/intents.tsv too):
 *  - A number meant as money (100出吗, 九十块可以吗, 1k出吗, "80") is an offer → price.
 *  - Postage cost talk (包邮吗, 运费谁出, 到付) is price: free shipping is a concession. When/how an
 *    item ships (什么时候发货, 发顺丰吗) is default.
 *  - Price beats tech when both are present ("有划痕的话能便宜点不"), unless the buyer says price is
 *    not the point ("不砍价，电池健康多少？").
 *  - Numbers that describe the item (iPhone 13, 128G, 42码, 用了2年, 电池85%) are not offers.
 *  - A concession request (少点, 能降, 小刀…) beats any number of item words ("屏幕有划痕那能少点不").
 *  - Accepting the price or declining a concession is not price talk (价格可以, 这个价我接受, 不用包邮,
 *    挺便宜的 我要了); 原价 is the item's history unless used to complain ("原价才300").
 * test/fixtures/intents-holdout.tsv is a separate holdout for these rules (see its header).
 */
import { scanNumbers } from './numbers'
import { analyzeNumbers, isRelative } from './numberContext'
import type { AnalyzedSpan } from './numberContext'
import { DEFAULT_RULES, PRICE_NEGATORS, PRICE_RULES, TECH_RULES } from './intentRules'
import type { Rule } from './intentRules'
import { normalizeNumerals, normalizeSameLength } from './text'

export type Intent = 'price' | 'tech' | 'default'

export interface IntentResult {
  readonly intent: Intent
  /** The buyer's offer in yuan (the lowest one if several), or null. */
  readonly offer: number | null
  /** Why: matched rule names and number findings, e.g. ["offer:100", "price:postage"]. */
  readonly signals: ReadonlyArray<string>
}

/** Offer cues right after a number: 100出吗, 80行不行, 九十块可以吗, 两百五卖不, 150包邮. */
const OFFER_AFTER = /^\s*(?:出|卖|到手|我?(?:马上|立马|直接|就)拍|包[邮油由游]|拿|走|带走|行|可以(?![穿用装带放玩])|可不可以|可否|能(?:出|卖|包|行|成|拿|走|到|不能出|不能卖)|成交|要了|要不要|收|怎么样|咋样|如何|好不好|ok|possible|fine|给我|给你|就(?:拿|要|拍|出|成交)|的话|吧|呗|嘛|不[?？]|不行|不卖|不出|诚心|你看|deal|就拍|我就|马上)/
/** Offer cues before a number: 我出70, 最低100, 便宜到一百五, 预算只有150, 给你一百. */
const OFFER_BEFORE = /(?:出|给你|给|到|到手价?|包[邮油]|最低|底价|一口价|诚心价|只要|就|收|拿|按|预算|只有|最多|改成|改到|爽快点|说的?|凑个整|能不能|可不可以|能否|可否|can u do|can you do|pay|for|心理价位是)[，, ]?\s*$/
/** A message that talks about selling makes its plain numbers offers: "今天能出的话180". */
const TRADE_VERB = /能出|出吗|出不|卖吗|卖不|能卖|可以出|可以卖|出的话|卖的话|拿走|要了|成交/
/** "是3060吗": identity questions about the item, not offers. */
const IDENTITY = /(?:(?<![要若就])是|为)\s*$/
/** Everything a bare-number message may contain besides the number: "80", "50？", "100 ok?". */
const FILLER = /[\s\p{P}\p{S}]|出吗?|卖吗?|行吗?|可以吗?|ok|吗|呢|呗|吧|好吗|诚心/gu
/**
 * What a message whose main content is a number may say around it: an address (老板, 亲), a lead-in
 * (那, 那就, 要不, 这样), a tag question (行不行, 成不, 怎么样) — "那2000呢", "老板 2200", "2000可以不".
 */
const MAIN_FILLER = new RegExp([
  '老板', '亲', '诚心要', '真心要', '诚心的', '真心的', '诚心想要', '真心想要', '哥们?', '姐', '兄弟', '美女', '帅哥', '大佬', '师傅', '你好', '您好', '那就?', '要不(?:然)?', '这样', '就', '嗯', '额', '呃',
  '行不行', '可以不', '可不可以', '成不成?', '行不', '好不好', '怎么样', '咋样', '如何', '能不能', '能行', '的话', '呀', '啊', '哈', '嘛', '么', '呐', '哦', '噢', '咯', '啦'
].join('|') + '|' + FILLER.source, 'gu')
/** A number is near the item's price when it is this fraction of it or more (a buyer's low offer)… */
const NEAR_MIN = 0.2
/** …and at most this multiple (a buyer may name the price with postage). */
const NEAR_MAX = 1.5

function nearPrice(value: number, listPrice: number | undefined): boolean | undefined {
  if (listPrice === undefined) return undefined
  return value >= listPrice * NEAR_MIN && value <= listPrice * NEAR_MAX
}

/**
 * A number is an offer when a cue says so (100出吗, 我出80, ¥88) or when it is the message's main
 * content ("1900?", "那2000呢", "老板 2200"). With the item's price known, a number that is only the
 * main content must also be near that price (2000 for a ¥2200 item, not 64 or 3): meaning, not keywords.
 */
function isOffer(norm: string, a: AnalyzedSpan, listPrice: number | undefined): boolean {
  const s = a.span
  if (a.excluded || a.original || s.bare || isRelative(norm, s)) return false
  if ((s.values[0] ?? 0) <= 0) return false
  if (s.chinese && !s.magnitude && !s.currency) return false
  const before = norm.slice(Math.max(0, s.start - 12), s.start)
  const after = norm.slice(s.end, s.end + 12)
  if (IDENTITY.test(before) && !s.currency) return false
  if (OFFER_AFTER.test(after) || OFFER_BEFORE.test(before) || s.currency || a.money) return true
  if (TRADE_VERB.test(norm) && !s.chinese) return true
  const others = norm.slice(0, s.start) + norm.slice(s.end)
  const near = nearPrice(Math.min(...s.values), listPrice)
  if (others.replace(FILLER, '').length === 0) return near ?? true
  return others.replace(MAIN_FILLER, '').length === 0 && (near ?? true)
}

function findOffers(norm: string, signals: string[], listPrice: number | undefined): { offer: number | null; relative: boolean } {
  let offer: number | null = null
  let relative = false
  for (const a of analyzeNumbers(norm, scanNumbers(norm))) {
    if (!a.excluded && !a.span.bare && isRelative(norm, a.span)) {
      relative = true
      signals.push(`cut:${a.span.values[0] ?? 0}`)
      continue
    }
    if (!isOffer(norm, a, listPrice)) continue
    const v = Math.min(...a.span.values)
    signals.push(`offer:${v}`)
    offer = offer === null ? v : Math.min(offer, v)
  }
  return { offer, relative }
}

/**
 * Question particles buyers swap freely (还有么, 在嘛, 有优惠伐, 还在咩) read as 吗 for the rule tables,
 * so each rule lists one spelling. Same length, so rule hits line up with the text. 怎么/什么/这么/干嘛
 * keep their 么/嘛.
 */
const PARTICLES = /(?<![怎什那这多要干])[么嘛]|[咩伐](?=$|[\s\p{P}\p{S}])/gu

function score(norm: string, rules: readonly Rule[], prefix: string, signals: string[]): number {
  let total = 0
  for (const rule of rules) {
    if (!rule.re.test(norm)) continue
    total += rule.weight
    signals.push(`${prefix}:${rule.name}`)
  }
  return total
}

/**
 * A question that is not about price, the seller, shipping or the order is about the item: tech
 * vocabulary is open-ended (暗病, 塌陷, 什么轴), so an unmatched question falls to tech.
 */
const QUESTION = /[?？]|吗|么|嘛|呢|没[有]?$|多少|几|什么|啥|怎么|咋|如何|是不是|有没有|能不能|可不可以|会不会|还是|(\p{Script=Han})不\1|哪/u
const ABOUT_SELLER = /你|您|老板|卖家|亲|本人|人呢|机器人|真人/

/**
 * Rules that ask for a concession (cheaper, 小刀, 少点, 抹零, 最低, 打折, 降价, 改价). One of them decides
 * for price however many item words the message also has ("屏幕有划痕那能少点不"); price words alone
 * (价格, 多少钱, 运费) still have to outweigh tech.
 */
const CONCESSION = new Set(['price:cheaper', 'price:knife', 'price:less', 'price:round_off', 'price:lowest', 'price:discount', 'price:lower', 'price:change_price'])

function decide(price: number, tech: number, dflt: number, offer: boolean, concession: boolean): Intent {
  if (offer && price > -3) return 'price'
  if (concession && price >= 3) return 'price'
  if (price >= 2 && price >= tech) return 'price'
  if (tech >= 2 && tech > dflt) return 'tech'
  if (price >= 1 && price > dflt && tech === 0) return 'price'
  return 'default'
}

const WORDS = /[\p{Script=Han}a-z]/u

function questionFallback(norm: string, intent: Intent, signals: string[]): Intent {
  if (intent !== 'default' || signals.length > 0 || !WORDS.test(norm) || !QUESTION.test(norm) || ABOUT_SELLER.test(norm)) return intent
  signals.push('tech:open_question')
  return 'tech'
}

/** What the conversation is about, when known. */
export interface IntentContext {
  /** The chat's item's listed price: a bare number near it is an offer ("那2000呢" for a ¥2200 item). */
  readonly listPrice?: number | null
}

/** Recent answers by text (and price): a buyer message is classified when stored and again when answered. */
const recent = new Map<string, IntentResult>()
const RECENT_MAX = 512

/** Classify one buyer message. Pure and fast (a few regex passes); the result is frozen and may be shared. */
export function detectIntent(text: string, context: IntentContext = {}): IntentResult {
  const listPrice = context.listPrice !== null && context.listPrice !== undefined && context.listPrice > 0 ? context.listPrice : undefined
  const key = listPrice === undefined ? text : `${listPrice}\u0000${text}`
  const hit = recent.get(key)
  if (hit) return hit
  const r = classify(text, listPrice)
  Object.freeze(r.signals)
  Object.freeze(r)
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string)
  recent.set(key, r)
  return r
}

function classify(text: string, listPrice: number | undefined): IntentResult {
  // 贰仟 / 兩千 / ②⓪⓪⓪ are numbers for a buyer too (same length: rule hits still line up)
  const norm = normalizeNumerals(normalizeSameLength(text)).trim()
  const signals: string[] = []
  if (norm.length === 0) return { intent: 'default', offer: null, signals }
  const { offer, relative } = findOffers(norm, signals, listPrice)
  const words = norm.replace(PARTICLES, '吗')
  const price = score(words, PRICE_RULES, 'price', signals) + score(words, PRICE_NEGATORS, 'not_price', signals) + (relative ? 3 : 0)
  const tech = score(words, TECH_RULES, 'tech', signals)
  const dflt = score(words, DEFAULT_RULES, 'default', signals)
  const concession = signals.some((s) => CONCESSION.has(s))
  const intent = questionFallback(norm, decide(price, tech, dflt, offer !== null, concession), signals)
  return { intent, offer: intent === 'price' ? offer : null, signals }
}

/**
 * Does this buyer message use up a bargaining round? Price talk does — except a message whose only
 * price signal is postage ("包邮吗", "运费谁出"): asking who pays shipping is not haggling.
 */
export function countsAsBargain(input: string | IntentResult, context: IntentContext = {}): boolean {
  const r = typeof input === 'string' ? detectIntent(input, context) : input
  return r.intent === 'price' && r.signals.some((s) => s.startsWith('offer:') || (s.startsWith('price:') && s !== 'price:postage'))
}
