/**
 * The mtop APIs the simulator implements (goofish-protocol.md §3), served from the world.
 */
import { addCardMessage } from './messages'
import type { SimContext } from './context'
import { IM_APP_KEY } from './wire'
import type { SimItem, SimOrder } from './world'

export interface MtopRequest {
  readonly ctx: SimContext
  readonly data: Readonly<Record<string, unknown>>
  /** Seller of the session cookie ('' on public APIs without a session). */
  readonly unb: string
  readonly nick: string
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

function ownOrder(r: MtopRequest, key: string): SimOrder | MtopResult {
  const order = r.ctx.world.order(String(r.data[key] ?? ''))
  if (!order || order.sellerId !== r.unb) return bizFail('FAIL_BIZ_ORDER_NOT_EXIST', '订单不存在')
  return order
}

/** 自动确认发货 (§3.4, §7.2): idempotence — a second call on a shipped order is a business failure. */
function consignDummy(r: MtopRequest): MtopResult {
  r.ctx.counters.consignCalls++
  const order = ownOrder(r, 'orderId')
  if (!('orderId' in order)) return order
  if (order.status !== 'paid') return bizFail('FAIL_BIZ_ORDER_STATUS_ERROR', '订单状态不允许发货')
  order.status = 'shipped'
  order.shippedCalls++
  const conv = r.ctx.world.conversation(order.cid)
  if (conv) r.ctx.deliver(addCardMessage(r.ctx.world, conv, order, 'shipped'))
  r.ctx.events.emit('order', order)
  return { data: { success: true, orderId: order.orderId } }
}

function freeShipping(r: MtopRequest): MtopResult {
  const order = ownOrder(r, 'bizOrderId')
  if (!('orderId' in order)) return order
  return { data: { success: true, bizOrderId: order.orderId } }
}

function orderDetail(r: MtopRequest): MtopResult {
  const order = ownOrder(r, 'tid')
  if (!('orderId' in order)) return order
  const item = r.ctx.world.item(order.itemId)
  return {
    data: {
      tid: order.orderId, status: order.status, itemId: order.itemId, peerUserId: order.buyerId,
      buyerUserId: order.buyerId, buyerId: order.buyerId,
      itemInfo: { itemId: order.itemId, title: item?.title ?? '', price: order.price },
      orderInfoList: [
        { label: '订单编号', value: order.orderId },
        { label: '数量', value: '1' },
        { label: '实付款', value: `¥${order.price}` }
      ],
      components: []
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
  'mtop.taobao.idle.logistic.consign.dummy': consignDummy,
  'mtop.idle.groupon.activity.seller.freeshipping': freeShipping,
  'mtop.idle.web.trade.order.detail': orderDetail,
  'mtop.idle.web.xyh.item.list': itemList,
  'mtop.taobao.idlemessage.pc.user.query': userQuery,
  'mtop.taobao.idlemessage.pc.loginuser.get': me,
  'mtop.idle.web.user.page.nav': me,
  'mtop.idle.web.user.page.head': me,
  'mtop.gaia.nodejs.gaia.idle.data.gw.v2.index.get': () => ({ data: {} }),
  'mtop.taobao.idlehome.home.webpc.feed': () => ({ data: {} })
}
