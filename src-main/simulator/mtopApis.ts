/**
 * The mtop APIs the simulator implements (goofish-protocol.md §3), served from the world.
 */
import type { SimContext } from './context'
import { API_CONSIGN, API_FREESHIPPING, API_ORDER_DETAIL, API_SOLD_LIST, consignDummy, freeShipping, orderDetail, soldList } from './orderApis'
import { IM_APP_KEY } from './wire'
import type { SimItem } from './world'

export interface MtopRequest {
  readonly ctx: SimContext
  readonly data: Readonly<Record<string, unknown>>
  /** Seller of the session cookie ('' on public APIs without a session). */
  readonly unb: string
  readonly nick: string
  /** Lower-cased request headers. */
  readonly headers: Readonly<Record<string, string>>
  /** Query + form parameters (`type`, `valueType`, `spm_cnt`, …). */
  readonly params: URLSearchParams
}

export interface MtopResult {
  readonly ret?: ReadonlyArray<string>
  readonly data?: unknown
}

type Handler = (r: MtopRequest) => MtopResult

const bizFail = (code: string, msg: string): MtopResult => ({ ret: [`${code}::${msg}`], data: {} })
const yuanToFen = (yuan: string): number => Math.round(Number(yuan) * 100)

/** APIs that answer without a logged-in session (bootstrap calls, public item pages). */
export const PUBLIC_APIS: ReadonlySet<string> = new Set([
  'mtop.gaia.nodejs.gaia.idle.data.gw.v2.index.get',
  'mtop.taobao.idlehome.home.webpc.feed',
  'mtop.taobao.idle.pc.detail'
])

function loginToken(r: MtopRequest): MtopResult {
  const did = typeof r.data.deviceId === 'string' ? r.data.deviceId : ''
  if (r.data.appKey !== IM_APP_KEY || did === '') return bizFail('FAIL_BIZ_PARAM_ERROR', '参数错误')
  const t = r.ctx.auth.issueImToken(r.unb, did)
  r.ctx.world.setNick(r.unb, r.nick)
  return { data: { accessToken: t.token, accessTokenExpiredTime: String(r.ctx.auth.opts.imTokenTtlMs), refreshToken: `${t.token.slice(0, 24)}r` } }
}

function itemDO(item: SimItem): Record<string, unknown> {
  const fen = item.skus.map((s) => yuanToFen(s.price))
  const minFen = fen.length > 0 ? Math.min(...fen) : yuanToFen(item.price)
  const maxFen = fen.length > 0 ? Math.max(...fen) : yuanToFen(item.price)
  return {
    itemId: item.itemId, title: item.title, desc: item.desc, soldPrice: item.price, quantity: item.quantity,
    minPrice: (minFen / 100).toFixed(2), maxPrice: (maxFen / 100).toFixed(2), itemStatus: 0,
    imageInfos: item.images.map((url) => ({ url, widthSize: 800, heightSize: 800, major: true })),
    skuList: item.skus.map((s, i) => ({
      skuId: `${item.itemId}${i + 1}`, price: yuanToFen(s.price), quantity: s.quantity,
      propertyList: [{ propertyText: '规格', valueText: s.spec }]
    }))
  }
}

function sellerOf(ctx: SimContext, item: SimItem, fallback: string): string {
  return item.sellerId ?? (ctx.world.orders().find((o) => o.itemId === item.itemId)?.sellerId ?? fallback)
}

function detail(r: MtopRequest): MtopResult {
  const item = r.ctx.world.item(String(r.data.itemId ?? ''))
  if (!item) return bizFail('FAIL_BIZ_ITEM_NOT_EXIST', '宝贝不存在')
  const sellerId = sellerOf(r.ctx, item, r.unb)
  return {
    data: {
      itemDO: itemDO(item),
      sellerDO: { sellerId, nick: r.ctx.world.nick(sellerId), city: '杭州' },
      buyerDO: {},
      trackParams: { itemId: item.itemId },
      serverTime: new Date(r.ctx.now()).toISOString()
    }
  }
}

function itemList(r: MtopRequest): MtopResult {
  const items = r.ctx.world.items().filter((i) => (i.sellerId ?? r.unb) === r.unb)
  return {
    data: {
      cardList: items.map((i) => ({
        cardData: {
          id: i.itemId, title: i.title, priceInfo: { price: i.price, preText: '¥' }, categoryId: 0, itemStatus: 0,
          detailUrl: `https://www.goofish.com/item?id=${i.itemId}`, picInfo: { picUrl: i.images[0] ?? '', width: 800, height: 800 }
        }
      })),
      nextPage: false
    }
  }
}

function userQuery(r: MtopRequest): MtopResult {
  const conv = r.ctx.world.conversation(String(r.data.sessionId ?? '').replace(/@goofish$/, ''))
  if (!conv) return bizFail('FAIL_BIZ_SESSION_NOT_EXIST', '会话不存在')
  return { data: { userId: conv.buyerId, nick: conv.buyerNick, avatar: '', itemId: conv.itemId } }
}

const me: Handler = (r) => ({ data: { userId: r.unb, nick: r.nick, kcUserId: r.unb, baseInfo: { kcUserId: r.unb }, module: { base: { displayName: r.nick } } } })

export const MTOP_APIS: Readonly<Record<string, Handler>> = {
  'mtop.taobao.idlemessage.pc.login.token': loginToken,
  'mtop.taobao.idle.pc.detail': detail,
  [API_CONSIGN]: consignDummy,
  [API_FREESHIPPING]: freeShipping,
  [API_ORDER_DETAIL]: orderDetail,
  [API_SOLD_LIST]: soldList,
  'mtop.idle.web.xyh.item.list': itemList,
  'mtop.taobao.idlemessage.pc.user.query': userQuery,
  'mtop.taobao.idlemessage.pc.loginuser.get': me,
  'mtop.idle.web.user.page.nav': me,
  'mtop.idle.web.user.page.head': me,
  'mtop.gaia.nodejs.gaia.idle.data.gw.v2.index.get': () => ({ data: {} }),
  'mtop.taobao.idlehome.home.webpc.feed': () => ({ data: {} })
}
