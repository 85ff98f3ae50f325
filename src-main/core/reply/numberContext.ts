/**
 * Context rules that tell a price from the other numbers sellers and buyers write: models
 * (iPhone 13, 小米13), storage (128G), sizes (42码, 13寸), durations (用了2年, 7天), condition (95新),
 * battery (电池85%), times (10点, 10:30), dates, phone numbers and counts (2个).
 * Both prices.ts and intent.ts use them; they are deliberately narrow, because for outbound replies
 * an unknown number must count as a price (it may be a quote below the floor).
 */
import type { NumberSpan } from './numbers'

/** Units and words after a number that make it a non-price. */
const NON_PRICE_AFTER = new RegExp('^\\s?(?:' + [
  '%', '成(?![交不吗么嘛吧呗])', '包(?![邮油由游装括含])', '新', '天', '日', '号', '年', '个?月', '周', '星期', '个?小时', '钟', '分钟', '分(?!钱)', '秒',
  'h(?![a-z])', 'min', '个', '件', '次', '手(?!机)', '核', '英?寸', '码', '岁', '斤', '公斤', '公里', 'km',
  'kg', 'g', 't(?![a-z])', 'mb', 'm(?![a-z])', 'cm', 'mm', '毫', '升', 'ml', 'l(?![a-z])', 'mah', 'wh',
  'hz', 'w(?![a-z])', 'v(?![a-z])', 'a(?![a-z])', 'p(?![a-z])', 'k(?![a-z])', 'x(?![a-z])', '代', '款',
  '系列', '版', 'pro(?![a-z])', 'max(?![a-z])', 'plus(?![a-z])', 'mini(?![a-z])', 'ultra(?![a-z])', 'se(?![a-z])', '位', '人', '台', '张', '条', '双', '套', '本', '只', '瓶', '盒', '片', '颗', '支', '把',
  '部', '辆', '层', '楼', '倍', '期', '届', '级', '档', '段', '头', '集', '页', '遍', '步', '点(?![0-9])',
  '度', '瓦', '伏', '平', '方', '折', '快充', '充电', '功率', '屏', '显示', '高清', '画质', '分辨率', '电视',
  '录像', '视频', '帧', '转', '核', '线程', '元机', '万公里', '\\+\\d', '[/:]\\d', '[x×*]\\d', '-\\d{1,2}-',
  '米(?=长|宽|高|的床|床|乘|x|×|\\*)', '[.]\\d+[.]'
].join('|') + ')')

/** Words right before a number that make it a non-price (a spec, a model, an ordinal, a count). */
const NON_PRICE_BEFORE = new RegExp('(?:' + [
  '第', '周', '星期', '礼拜', '初', '每', '型号', '编号', '单号', '订单号?', '电话', '手机号', '尾号', '版本',
  '内存', '容量', '存储', '电池(?:健康|效率|寿命)?(?:度)?', '健康度?', '循环(?:次数)?', '续航', '屏幕',
  '分辨率', '身高', '体重', '腰围', '胸围', '尺码', '码数', '鞋码', '尺寸', '长', '宽', '高', '重',
  '小米', '红米', '华为', '荣耀', '苹果', '三星', '一加', '魅族', '努比亚', '索尼', '佳能', '尼康', '富士',
  '联想', '戴尔', '惠普', '华硕', '中兴', '大疆', '真我', '黑鲨', '坚果', '锤子', '卡西欧', '乐高', '骁龙',
  '像素', '天玑', '麒麟', '酷睿', '锐龙', '百分之', '[/:+]', '[a-z]-'
].join('|') + ')$')

/** Postage amounts ("邮费要10块") are not item prices, even with 块/元. */
const POSTAGE_BEFORE = /(?:邮费|运费|快递费)(?:都|就|也|大概|只)?(?:要|是|得|收|付)?\s*$/

/** Set phrases whose numerals are words, not numbers. */
const IDIOMS = /^(?:十分|万一|千万|百分|一一|十足|百搭|万能|千元|百元机|一万个|十全十美|一百个|三三两两|一五一十|七七八八|乱七八糟|一口|一下|一点|一些|一起|一直|一样|一定|一般|一切|一共|一会|一手|二手|三星|一加|四季|五金|九宫格|一次性|两用|三合一|二合一|四合一|一体|千米|百分之)/

/** Original-price talk: these are history, not offers or quotes. */
export const ORIGINAL_PRICE_BEFORE = /(?:原价|原来|买的时候|买成|买来|入手价?|入手|新的|新机|全新|官方|官网|专柜|发票|当时|去年|别人家?|别家|同款|市场价|吊牌价|标价|到手价?是|买了)[^，,。!！?？]{0,4}$/

const PRICE_CUE_BEFORE = /(?:价|卖|出|给你|给|到|最低|最少|底价|一口价|只要|就要|就|才|收|拿|算|按|预算|只有|最多|降|少|¥|rmb|改成|改到|改为|定|要|包邮|不超过|低于|高于|以上|以下)\s*$/
const PRICE_CUE_AFTER = /^\s*(?:出|卖|包邮|包油|拿|走|行|可以|可不可以|能|成交|要了|收|怎么样|咋样|如何|好不好|ok|吧|呗|吗|嘛|么|不|可否|诚心|带走|你看)/

/**
 * Dates, clock times, long digit runs (phones, orders), letter+digit model codes — but not the
 * magnitude of a slang price (2k1, 1w2: the scanner reads those as 2100, 12000).
 */
const MASKS = /(?:19|20)\d{2}[-/.年](?:0?[1-9]|1[0-2])(?![0-9])(?:[-/.月]\d{1,2}[日号]?)?|\d{1,2}:\d{2}|\d{7,}|(?<![0-9.])(?:[a-z][a-z_]*\d+[a-z\d_]*)|(?<=\d)(?![kw]\d(?![0-9a-z]))[a-z]+\d+[a-z\d]*/g

function maskIntervals(text: string): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = []
  MASKS.lastIndex = 0
  for (let m = MASKS.exec(text); m !== null; m = MASKS.exec(text)) out.push([m.index, m.index + m[0].length])
  return out
}

/** English words that may stand before an amount ("can you do 80", "sell for 100"). */
const ENGLISH_BEFORE_AMOUNT = new Set(['do', 'for', 'pay', 'at', 'is', 'its', 's', 'than', 'only', 'give', 'offer', 'sell', 'take',
  'price', 'just', 'about', 'under', 'over', 'to', 'me', 'you', 'u', 'it', 'and', 'or', 'ok', 'okay', 'deal', 'then', 'like', 'maybe', 'rmb', 'cny'])

/** "iPhone 13", "Mate 60", "rtx 3060": a Latin word right before the number names a model. */
function modelPrefix(before: string): boolean {
  const m = /(?<![0-9a-z])([a-z]+)[ -]?$/.exec(before)
  return m !== null && !ENGLISH_BEFORE_AMOUNT.has(m[1] ?? '')
}

export interface SpanContext {
  readonly excluded: boolean
  readonly cueBefore: boolean
  readonly cueAfter: boolean
  readonly original: boolean
}

function contextOf(text: string, span: NumberSpan, masks: ReadonlyArray<readonly [number, number]>): SpanContext {
  const masked = masks.some(([a, b]) => span.start < b && span.end > a && !(span.currency && a >= span.start))
  const before = text.slice(Math.max(0, span.start - 8), span.start)
  const after = text.slice(span.end, span.end + 8)
  const glued = /\d$/.test(before) || /^\d/.test(after)
  const idiom = span.chinese && IDIOMS.test(text.slice(span.start, span.start + 5))
  const unitAfter = NON_PRICE_AFTER.test(after)
  const model = modelPrefix(before)
  const postage = POSTAGE_BEFORE.test(before)
  const excluded = masked || glued || idiom || postage || (!span.currency && (unitAfter || model || NON_PRICE_BEFORE.test(before)))
  return {
    excluded,
    cueBefore: PRICE_CUE_BEFORE.test(before),
    cueAfter: PRICE_CUE_AFTER.test(after),
    original: ORIGINAL_PRICE_BEFORE.test(text.slice(Math.max(0, span.start - 12), span.start))
  }
}

const RANGE_JOIN = /^\s*(?:-|~|～|—|到|至)\s*$/

export interface AnalyzedSpan extends SpanContext {
  readonly span: NumberSpan
  /** Currency from the span itself or from its range partner ("80-100元"). */
  readonly money: boolean
}

/**
 * Scans `text` (normalised) and classifies every number. A range takes its unit from its second
 * half: "3-5天" is days, "80-100元" is money.
 */
export function analyzeNumbers(text: string, spans: readonly NumberSpan[]): AnalyzedSpan[] {
  const masks = maskIntervals(text)
  const out: AnalyzedSpan[] = spans.map((span) => ({ ...contextOf(text, span, masks), span, money: span.currency }))
  for (let i = out.length - 2; i >= 0; i--) {
    const a = out[i]
    const b = out[i + 1]
    if (!a || !b || !RANGE_JOIN.test(text.slice(a.span.end, b.span.start))) continue
    out[i] = { ...a, excluded: a.excluded || b.excluded, money: a.money || b.money, cueAfter: a.cueAfter || b.cueAfter }
  }
  return out
}

/** "便宜10块", "再少5", "减20": a cut, not a price (but "最低85", "降到80" are prices). */
const RELATIVE_BEFORE = /(?:便宜|(?<![最至多])少|减|优惠|让|降|抹|省|立减|返|退|(?<![最])低)(?:了|你|您|个|点|掉|给你|一下)?\s*$/

export function isRelative(text: string, span: NumberSpan): boolean {
  return RELATIVE_BEFORE.test(text.slice(Math.max(0, span.start - 6), span.start))
}
