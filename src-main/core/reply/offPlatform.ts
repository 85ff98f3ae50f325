/**
 * Off-platform detectors for outbound safety (safety.ts). Each reads a clause after safetyText.ts
 * normalised it, so the patterns name one spelling of each dodge. Two families:
 *  - contact: WeChat/QQ/phone/email/other chat apps, however spelled (薇❤, V信, 🐧, 幺三八…, 点com);
 *  - steering: taking the deal elsewhere (去淘宝下单, 换个平台聊, 不走闲鱼, 直接转我).
 * False positives cost the seller a reply, so each pattern is anchored on the part that makes it
 * contact or steering: "淘宝同款" and "京东买的" mention a shop, "去淘宝下单" sends the buyer there;
 * "微瑕"/"稍微" are words, "加个微" is the dodge; an order, tracking or serial number is not a phone.
 */
import { GAP_CLASS } from './safetyText'
import type { ClauseViews } from './safetyText'

export type OffPlatformKind = 'contact' | 'link' | 'phone' | 'offline'

export interface OffPlatformHit {
  readonly kind: OffPlatformKind
  readonly name: string
}

interface Detector {
  readonly kind: OffPlatformKind
  readonly name: string
  readonly test: (clause: ClauseViews) => boolean
}

/** 薇/威/徽… are the WeChat homophones; the particles are what may follow a bare "加微" in a sentence. */
const WX = '[微威薇维徽卫]'
const ADD = '(?:加|\\+|➕)(?:个|下|一下|我|俺|下我)?'
/** Other shops/apps the deal can be moved to. ASCII abbreviations only where they cannot be a size ("1tb"). */
const PLATFORM = '(?:淘宝|天猫|京东|拼多多|拼夕夕|抖音|快手|小红书|转转|微店|得物|唯品会|1688|taobao|tmall|pdd|(?<![a-z0-9])(?:tb|jd|dy)(?![a-z]))'
/**
 * A verb that sends the buyer there; "的/过/了" after it makes it a past purchase ("京东买的"), not
 * steering. "搜/找" only with "我/店" (below): "上淘宝搜同款都要300" is a price comparison.
 */
const ORDER_VERB = '(?:下单|下个单|拍下|拍|购买|买|付款|付|支付|交易|成交|联系|私信|聊|关注)(?![的过了照摄下])'
const TLDS = 'com|cn|net|org|top|vip|xyz|shop|site|info'

const re = (source: string): RegExp => new RegExp(source, 'u')
/** Most patterns read the squashed clause: separators between letters are the dodge. */
const squashed = (kind: OffPlatformKind, name: string, source: string): Detector => {
  const r = re(source)
  return { kind, name, test: (c) => r.test(c.squashed) }
}
/** Some need the separators: a link's dots, or the space that ends "vx" before an id. */
const loosely = (kind: OffPlatformKind, name: string, source: string): Detector => {
  const r = re(source)
  return { kind, name, test: (c) => r.test(c.loose) }
}
/** One detector (one action) for a pattern that needs both views. */
const either = (a: Detector, b: Detector): Detector => ({ kind: a.kind, name: a.name, test: (c) => a.test(c) || b.test(c) })

const DETECTORS: readonly Detector[] = [
  squashed('contact', 'wechat', [
    `(?:${WX}|(?<![a-z0-9])v|wei)(?:信|❤|亻言)(?!读书)|weixin|wechat|vxin|wxin|[威薇徽](?:心|芯|鑫|新)|维(?:芯|鑫)`,
    // "vx" alone or before an id; "vx520"/"wx-200" (1–5 digits, then something else) is a model number
    '(?<![a-z])[vw]x(?![a-z]|\\d{1,5}(?!\\d))',
    '卫星号|加卫星|绿泡泡|绿色(?:软件|app|聊天)|v号|(?<![a-z0-9])v我',
    `${ADD}(?:vx|wx|v)(?![a-z])|${ADD}🟢`,
    // a bare "加微": at the end, before a non-Han character (❤, ":", an id), or before a particle
    `${ADD}${WX}(?=$|\\P{Script=Han}|[吧呗呀哈哦噢啊呢嘛哟我你聊详])`
  ].join('|')),
  squashed('contact', 'qq', `(?<![a-z])qq(?!音乐|飞车|星|糖|炫舞|堂|三国|华夏|宠物|会员|阅读|浏览器|游戏)|扣扣|抠抠|蔻蔻|企鹅号|q号|球球号|q群|群号|${ADD}(?:q|qun)(?![a-z])`),
  either(
    // a name for a channel, then ":" and an id: "V：abc123", "微: seller01", "q:12345". After a bare
    // letter the id needs a digit: "Q: iPhone能用吗" is an FAQ, "W: 120cm" a width.
    squashed('contact', 'handle', `(?:(?<![a-z0-9])[vq](?:❤|号)?:(?=[a-z_-]*\\d)|(?:${WX}|扣)(?:❤|号)?:)[a-z0-9][a-z0-9_-]{4,19}`),
    // "wx abc123": squashed, the id runs into the "wx"; an id has a digit ("Vx Pro" is a product)
    loosely('contact', 'handle', '(?<![a-z])[vw][^a-z0-9\\p{Script=Han}]{0,3}x\\s+(?=[a-z_-]*\\d)[a-z0-9_-]{5,20}(?![a-z0-9])')
  ),
  squashed('contact', 'add_me', [
    '加我|加一下我|加个?好友|加下好友|私信我|联系方式|联络方式|联系电话|留个?电话|打我电话|手机号|公众号|视频号',
    '扫(?:一下)?我的?二维码|(?:加|发你?|给你)(?:一下|个|我的?)?二维码|二维码(?:加|付|转)',
    '(?:主页|简介|个签|签名|头像|昵称)(?:里|上|中)?(?:有|见|看|写了?)(?:我的?)?(?:vx|wx|v|q|微|薇|威|扣|号|电话|联系)(?![a-z])'
  ].join('|')),
  squashed('contact', 'email', '邮箱(?::|联系|发|多少|号|地址)|(?:留|发|给)(?:个|下|一下)?(?:我|你)?(?:的)?邮箱'),
  squashed('contact', 'other_app', [
    `telegram|whatsapp|${ADD}(?:钉钉|飞书|tg|陌陌|微博|抖音|快手|小红书|soul|line)(?![a-z])`,
    '(?:钉钉|飞书|陌陌|微博|抖音|快手|小红书|b站|(?<![a-z])tg)(?:上|里)?(?:号|联系|聊|找我|搜我|私信|私我|关注我|加我|dd|滴滴)'
  ].join('|')),
  squashed('phone', 'phone_words', '电话(?:号|:|联系|沟通|详谈|详聊|聊|多少|\\d)|(?:打|拨)我(?:的)?电话|给我打电话|打电话给我'),
  loosely('link', 'url', `https?:\\/\\/|www\\.|[a-z0-9-]+\\s?\\.\\s?(?:${TLDS}|cc|io|me|link|ly|gl)(?![a-z])|[a-z0-9-]+\\.[a-z]{2,6}\\/[a-z0-9]|t\\.cn\\/`),
  squashed('link', 'link_words', 'https?|www|淘口令|复制.{0,8}打开|[¥￥$][a-z0-9]{8,}[¥￥$]|(?:点|戳)链接'),
  // a domain spelled out: "淘宝点com", "xx dot cn", "abc。com" ("。VIP客户", "好的。CN版" and "点top" are words)
  either(
    squashed('link', 'spelled_domain', `点(?:com|cn|net)(?![a-z])|[a-z0-9]dot(?:${TLDS})(?![a-z])`),
    loosely('link', 'spelled_domain', '\\.\\s*(?:com|cn|net)(?![a-z])|(?<=[a-z0-9])\\s*。\\s*(?:com|cn|net)(?![a-z\\p{Script=Han}])')
  ),
  { kind: 'phone', name: 'digits', test: (c) => hasPhoneNumber(c.spaced) },
  squashed('offline', 'offline', [
    '线下(?![单载])|私下|闲鱼外|咸鱼外|平台外(?!观|壳|形)|站外|绕过平台',
    // "不用平台验货" and "平时不在闲鱼" are not steering: after a negation it takes a verb of going through
    '(?:不|别|不用|无需|不必|不要)(?:走|通过|经过|经)(?:平台|闲鱼|咸鱼)|(?:绕过|绕开|跳过|避开|脱离)(?:平台|闲鱼|咸鱼)',
    '(?:省|免|避开?|不交|不扣|绕过)(?:掉|了|个)?(?:闲鱼|咸鱼|平台)(?:的)?(?:手续费|服务费|抽成)'
  ].join('|')),
  squashed('offline', 'other_platform', [
    `(?:去|到|来|上|转|换|走|用)(?:个|到)?${PLATFORM}(?:上|里|店|店铺|旗舰店|app)?${ORDER_VERB}`,
    `${PLATFORM}(?:上|里|店|店铺|app)?(?:下单|下个单|拍下|拍|付款|支付|交易|成交|搜我|搜店|搜一下|找我|联系|私信|私我|聊|关注我|加我|号|链接|口令)(?![的过了照摄下])`,
    `(?:去|到|转|换|走)(?:个|到)?${PLATFORM}(?:上|里)?(?:吧|呗|那边|那儿|那里)`,
    '(?:去|到|走|换|转|用)(?:个|一个|到)?(?:别的|其他|其它|另外的?|另一个|外面的?)(?:平台|软件|app|渠道)',
    '(?:别的|其他|其它|另外的?|另一个)(?:平台|软件|app|渠道)(?:上|里)?(?:聊|联系|交易|下单|拍|付|找我|加我)',
    '换(?:个|一个|到)?(?:平台|软件|app|渠道)|换(?:个|一个)?地方(?:聊|说|谈|联系|沟通|交易)'
  ].join('|')),
  // paying the seller directly instead of through the order
  squashed('offline', 'pay_direct', [
    // "朋友转给我的" is where the item came from
    '(?:转|打|汇|付)(?:款|钱|账)(?:到|给|进)(?:我|本人)|(?:转|打|汇|付)(?:到|给|进)(?:我|本人)(?!的)|直接(?:转|打|汇)(?:款|钱|账)?给?我',
    '(?:支付宝|zfb|微信|vx|wx|银行卡|云闪付)(?:直接|上)?(?:转|打款|打钱|汇|付给|付我|扫)',
    '付款码|收款二维码|扫码转|发(?:你|我)?个?红包'
  ].join('|'))
]

const DIGIT_VALUE: Readonly<Record<string, string>> = {
  零: '0', 〇: '0', 一: '1', 幺: '1', 壹: '1', 二: '2', 贰: '2', 三: '3', 叁: '3', 四: '4', 肆: '4',
  五: '5', 伍: '5', 六: '6', 陆: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9'
}
const DIGIT = `0-9${Object.keys(DIGIT_VALUE).join('')}`
/** Digits, with separators allowed between them ("138 1234 5678", "1-3-8…"). */
const DIGIT_RUN = new RegExp(`[${DIGIT}](?:[${GAP_CLASS}]*[${DIGIT}])*`, 'g')
const GAP = new RegExp(`[${GAP_CLASS}]+`)
/** A mobile number, also with the country code: always a phone, whatever label is in front of it. */
const MOBILE = /^(?:0{0,2}86)?1[3-9]\d{9}$/
/** A label right before a number says it is an order, tracking, serial or invoice number. */
const NUMBER_LABEL = /(?:单号|订单|商品id|宝贝id|运单|快递|物流|序列号|序号|sn|imei|meid|编号|编码|型号|货号|款号|发票|批次|条码|保单|工单|顺丰|中通|圆通|申通|韵达|极兔|邮政|ems|德邦|sf|yt|jt|zto|sto).{0,8}$/

/** "36 37 38 39码", "100/110/120": three or more short numbers going up are a list of sizes, not a phone. */
function isAscendingList(groups: readonly string[]): boolean {
  if (groups.length < 3 || groups.some((g) => g.length > 3)) return false
  return groups.every((g, i) => i === 0 || Number(g) > Number(groups[i - 1]))
}

const LETTER = /[a-z]/
/**
 * The digit groups of a run that can belong to one number. In a run split by spaces, a group glued
 * to a letter on the outside is part of a model or a size ("A2633 128G"), not of the number.
 */
function numberGroups(spaced: string, start: number, run: string): string[] {
  let groups = run.split(GAP).filter((g) => g.length > 0)
  if (groups.length < 2) return groups
  if (LETTER.test(spaced[start - 1] ?? '')) groups = groups.slice(1)
  if (LETTER.test(spaced[start + run.length] ?? '')) groups = groups.slice(0, -1)
  return groups
}

/**
 * A run of 7+ digits (any script, separators allowed between them) reads as a phone or QQ number
 * unless it is labelled as an order, tracking or serial number, is a list of sizes or a model next
 * to a size, or is one unbroken number longer than a phone number (13+ digits: orders, IMEI,
 * waybills). A split run gets no length pass ("950 13812345678" hides a phone behind a price), and
 * a mobile-shaped run or group always counts ("单号13812345678", "v138 1234 5678").
 */
function hasPhoneNumber(spaced: string): boolean {
  for (const m of spaced.matchAll(DIGIT_RUN)) {
    const run = [...m[0]].map((c) => DIGIT_VALUE[c] ?? c).join('')
    const all = run.split(GAP)
    if (MOBILE.test(all.join('')) || all.some((g) => MOBILE.test(g))) return true
    const groups = numberGroups(spaced, m.index, run)
    const digits = groups.join('')
    if (digits.length < 7 || (groups.length === 1 && digits.length > 12) || isAscendingList(groups)) continue
    if (!NUMBER_LABEL.test(spaced.slice(0, m.index))) return true
  }
  return false
}

/**
 * Every off-platform detector that fires on one clause, in a fixed order (for the decision record).
 * Takes the clause's views (safetyText.ts `clauseViews`), so callers normalise once.
 */
export function offPlatformHits(clause: ClauseViews): OffPlatformHit[] {
  const hits: OffPlatformHit[] = []
  for (const d of DETECTORS) if (d.test(clause)) hits.push({ kind: d.kind, name: d.name })
  return hits
}
