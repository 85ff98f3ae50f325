import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import type { SimMessage } from '../../../src-main/simulator/world'
import type { RawWs} from './harness';
import { connectSeller, decodeItem, itemsOf, Jar, mtop, SELLER, textSendFrameBody, until, type Frame } from './harness'

/**
 * Issue 16's side of the simulator: orders with specs and quantities, the sold list, the order
 * detail rows, consign.dummy / freeshipping with their business errors, refund and close cards,
 * and the delivery faults (ship error, send error, slow API, re-push after reconnect).
 */
const SOLD = 'mtop.taobao.idle.trade.merchant.sold.get'
const DETAIL = 'mtop.idle.web.trade.order.detail'
const CONSIGN = 'mtop.taobao.idle.logistic.consign.dummy'
const FREESHIP = 'mtop.idle.groupon.activity.seller.freeshipping'
const SELLER_SITE = { idle_site_biz_code: 'COMMONPRO', Referer: 'https://seller.goofish.com/' }
const VIRTUAL = '800000000201'
const GAME = '800000000202'

let sim: Simulator
afterEach(async () => {
  await sim?.close()
})

async function start(): Promise<Jar> {
  sim = await startSimulator({ scenario: { name: 'orders', seller: { unb: SELLER, nick: '卖家' }, items: (await import('../../../src-main/simulator/scenarios')).BUILTIN_SCENARIOS.delivery?.items ?? [], buyers: [] } })
  return new Jar(sim.control.mintCookie({ unb: SELLER }))
}

const soldQuery = (page: number, rows: number, queryCode = 'ALL'): string =>
  JSON.stringify({ pageNumber: page, rowsPerPage: rows, orderIds: '', queryCode, orderSearchParam: '{}' })
const consignData = (orderId: string): string => `{"orderId":"${orderId}", "tradeText":"","picList":[],"newUnconsign":true}`
const freeshipData = (orderId: string, itemId: string, buyerId: string): string => `{"bizOrderId":"${orderId}", "itemId":${itemId},"buyerId":${buyerId}}`

interface SoldRow {
  commonData: { orderId: string; itemId: string; orderStatus: string; inRefund: boolean; createTime: string; paySuccessTime: string }
  buyerInfoVO: { buyerId: string; buyerNick: string }
  itemVO: { title: string; skuInfo: string }
  priceVO: { totalPrice: string; buyNum: string }
  rightVO: { btnList: Array<{ tradeAction: string }> }
}
type SoldPage = { module: { items: SoldRow[]; totalCount: number; nextPage: boolean } }

describe('sold list (mtop.taobao.idle.trade.merchant.sold.get)', () => {
  it('pages newest first, filters by queryCode, carries order/item/buyer/amount/spec/quantity/createTime, and wants the seller-site header', async () => {
    const jar = await start()
    const placed = Array.from({ length: 5 }, (_, i) => sim.control.buy({ buyerId: `330000000060${i}`, nick: `买家${i}`, itemId: GAME, spec: '版本:豪华版', quantity: i + 1, pay: i !== 0 }))
    sim.control.orderEvent({ cid: placed[4]?.cid ?? '', event: 'refund' })

    const noHeader = await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 2))
    expect(noHeader.ret).toEqual(['FAIL_BIZ_NO_PERMISSION::无权限访问'])

    const p1 = await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 2), { headers: SELLER_SITE })
    expect(p1.ret).toEqual(['SUCCESS::调用成功'])
    const m1 = (p1.data as unknown as SoldPage).module
    expect(m1.totalCount).toBe(5)
    expect(m1.nextPage).toBe(true)
    expect(m1.items.map((r) => r.commonData.orderId)).toEqual([placed[4]?.orderId, placed[3]?.orderId])
    const row = m1.items[1] as SoldRow
    expect(row).toMatchObject({
      commonData: { orderId: placed[3]?.orderId, itemId: GAME, orderStatus: '待发货', inRefund: false },
      buyerInfoVO: { buyerId: '3300000000603', buyerNick: '买家3' },
      itemVO: { title: 'Steam 游戏激活码 多版本 自动发货', skuInfo: '版本:豪华版' },
      priceVO: { totalPrice: '159.60', buyNum: '4' },
      rightVO: { btnList: [{ tradeAction: 'CONSIGN' }] }
    })
    expect(Number(row.commonData.createTime)).toBe(placed[3]?.createAt)
    expect(Number(row.commonData.paySuccessTime)).toBeGreaterThanOrEqual(placed[3]?.createAt ?? 0)
    expect(m1.items[0]?.commonData).toMatchObject({ orderStatus: '退款中', inRefund: true })

    const p3 = (await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(3, 2), { headers: SELLER_SITE })).data as unknown as SoldPage
    expect(p3.module.items.map((r) => r.commonData.orderId)).toEqual([placed[0]?.orderId])
    expect(p3.module.nextPage).toBe(false)

    const notShip = (await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 50, 'NOT_SHIP'), { headers: SELLER_SITE })).data as unknown as SoldPage
    expect(notShip.module.items.map((r) => r.commonData.orderId).sort()).toEqual([placed[1], placed[2], placed[3]].map((o) => o?.orderId).sort())
    const notPay = (await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 50, 'NOT_PAY'), { headers: SELLER_SITE })).data as unknown as SoldPage
    expect(notPay.module.items.map((r) => r.commonData.orderStatus)).toEqual(['待付款'])
    expect((await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 50, 'BOGUS'), { headers: SELLER_SITE })).ret).toEqual(['FAIL_BIZ_PARAM_ERROR::参数错误'])

    // another seller sees none of them
    const other = new Jar(sim.control.mintCookie({ unb: '2200000000099' }))
    expect(((await mtop(sim.urls.mtopBase, other, SOLD, soldQuery(1, 50), { headers: SELLER_SITE })).data as unknown as SoldPage).module.totalCount).toBe(0)
    expect(sim.control.mtopLog({ api: SOLD }).at(-1)?.headers).toMatchObject({ idle_site_biz_code: 'COMMONPRO', referer: 'https://seller.goofish.com/' })
  })
})

describe('order detail (mtop.idle.web.trade.order.detail)', () => {
  it('orderInfoList rows give spec (型号), quantity, amount and status; a plain virtual item has no spec row', async () => {
    const jar = await start()
    const two = sim.control.buy({ buyerId: '3300000000701', nick: '二份', itemId: GAME, spec: '版本:豪华版', quantity: 2 })
    const one = sim.control.buy({ buyerId: '3300000000702', nick: '一份', itemId: VIRTUAL, pay: false })
    const d2 = (await mtop(sim.urls.mtopBase, jar, DETAIL, JSON.stringify({ tid: two.orderId }))).data
    const rows = new Map((d2.orderInfoList as Array<{ label: string; value: string }>).map((r) => [r.label, r.value]))
    expect(Object.fromEntries(rows)).toMatchObject({ 订单编号: two.orderId, 订单状态: '待发货', 型号: '版本:豪华版', 数量: '2', 实付款: '¥79.80', 单价: '¥39.90' })
    expect(d2).toMatchObject({ tid: two.orderId, status: 'WAIT_SELLER_SEND_GOODS', itemId: GAME, buyerUserId: '3300000000701', buyerNick: '二份', itemInfo: { title: 'Steam 游戏激活码 多版本 自动发货', skuText: '版本:豪华版', quantity: 2 } })
    expect((d2.components as Array<{ render: string }>).map((c) => c.render)).toEqual(['orderStatus', 'itemInfo', 'orderInfo'])
    const d1 = (await mtop(sim.urls.mtopBase, jar, DETAIL, JSON.stringify({ tid: one.orderId }))).data
    const labels = (d1.orderInfoList as Array<{ label: string }>).map((r) => r.label)
    expect(labels).not.toContain('规格')
    expect(labels).not.toContain('型号')
    expect(d1).toMatchObject({ status: 'WAIT_BUYER_PAY', orderStatus: '待付款' })
    expect((await mtop(sim.urls.mtopBase, jar, DETAIL, JSON.stringify({ tid: '4100000000000000000' }))).ret).toEqual(['FAIL_BIZ_ORDER_NOT_EXIST::订单不存在'])
    expect(sim.control.counters().orderDetailCalls).toBe(3)
  })
})

describe('consign.dummy and freeshipping', () => {
  it('consign is idempotent (second call: business error); refused on unpaid, refunding and closed orders', async () => {
    const jar = await start()
    const paid = sim.control.buy({ buyerId: '3300000000801', itemId: VIRTUAL })
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(paid.orderId))).ret).toEqual(['SUCCESS::调用成功'])
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(paid.orderId))).ret).toEqual(['FAIL_BIZ_ORDER_STATUS_ERROR::订单状态不允许发货'])
    expect(sim.control.order({ orderId: paid.orderId })).toMatchObject({ status: 'shipped', shippedCalls: 1, shipAttempts: 2 })
    const unpaid = sim.control.buy({ buyerId: '3300000000802', itemId: VIRTUAL, pay: false })
    const refunding = sim.control.buy({ buyerId: '3300000000803', itemId: VIRTUAL })
    sim.control.orderEvent({ cid: refunding.cid, event: 'refund' })
    const closed = sim.control.buy({ buyerId: '3300000000804', itemId: VIRTUAL })
    sim.control.orderEvent({ cid: closed.cid, event: 'close' })
    for (const o of [unpaid, refunding, closed]) {
      expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(o.orderId))).ret[0]).toMatch(/^FAIL_BIZ_ORDER_STATUS_ERROR::/)
    }
    const stranger = new Jar(sim.control.mintCookie({ unb: '2200000000099' }))
    const p2 = sim.control.buy({ buyerId: '3300000000805', itemId: VIRTUAL })
    expect((await mtop(sim.urls.mtopBase, stranger, CONSIGN, consignData(p2.orderId))).ret).toEqual(['FAIL_BIZ_ORDER_NOT_EXIST::订单不存在'])
    expect(sim.control.counters().consignCalls).toBe(6)
  })

  it('a 小刀 order is paid and waits for its group: consign is refused, freeshipping ships it once (ids unquoted)', async () => {
    const jar = await start()
    const xd = sim.control.buy({ buyerId: '3300000000811', itemId: VIRTUAL, xiaodao: true })
    expect(xd).toMatchObject({ status: 'paid', xiaodao: true })
    expect(sim.control.messages({ cid: xd.cid }).map((m) => [m.text, m.reminderTitle])).toEqual([['[卡片消息]', '我已小刀，待刀成']])
    const sold = (await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 10), { headers: SELLER_SITE })).data as unknown as SoldPage
    expect(sold.module.items[0]?.rightVO.btnList).toEqual([{ tradeAction: 'SKIP_PIN', text: '免拼发货' }])
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(xd.orderId))).ret).toEqual(['FAIL_BIZ_ORDER_STATUS_ERROR::小刀订单待刀成，请先免拼发货'])
    expect((await mtop(sim.urls.mtopBase, jar, FREESHIP, `{"bizOrderId":"${xd.orderId}","itemId":"${VIRTUAL}","buyerId":"3300000000811"}`)).ret).toEqual(['FAIL_BIZ_PARAM_ERROR::参数错误'])
    expect((await mtop(sim.urls.mtopBase, jar, FREESHIP, freeshipData(xd.orderId, VIRTUAL, '3300000000811'))).ret).toEqual(['SUCCESS::调用成功'])
    expect((await mtop(sim.urls.mtopBase, jar, FREESHIP, freeshipData(xd.orderId, VIRTUAL, '3300000000811'))).ret).toEqual(['FAIL_BIZ_ORDER_STATUS_ERROR::订单状态不允许发货'])
    expect(sim.control.order({ orderId: xd.orderId })).toMatchObject({ status: 'shipped', shippedCalls: 1 })
    expect(sim.control.messages({ cid: xd.cid }).map((m) => m.text)).toEqual(['[卡片消息]', '[你已发货]'])
    const normal = sim.control.buy({ buyerId: '3300000000812', itemId: VIRTUAL })
    expect((await mtop(sim.urls.mtopBase, jar, FREESHIP, freeshipData(normal.orderId, VIRTUAL, '3300000000812'))).ret).toEqual(['FAIL_BIZ_GROUPON_ORDER_ERROR::该订单不是小刀订单'])
    expect(sim.control.counters().freeshippingCalls).toBe(4)
  })

  it('shipFail: the platform message for the next N calls (or one order), then success', async () => {
    const jar = await start()
    const a = sim.control.buy({ buyerId: '3300000000821', itemId: VIRTUAL })
    const b = sim.control.buy({ buyerId: '3300000000822', itemId: VIRTUAL })
    sim.control.shipFail({ count: 1, orderId: b.orderId, ret: 'FAIL_BIZ_RISK_ORDER::该订单存在风险，暂不能发货' })
    sim.control.shipFail({ count: 1 })
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(a.orderId))).ret).toEqual(['FAIL_BIZ_CONSIGN_ERROR::发货失败，请稍后重试'])
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(b.orderId))).ret).toEqual(['FAIL_BIZ_RISK_ORDER::该订单存在风险，暂不能发货'])
    expect(sim.control.order({ orderId: a.orderId })?.status).toBe('paid')
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(a.orderId))).ret).toEqual(['SUCCESS::调用成功'])
    expect((await mtop(sim.urls.mtopBase, jar, CONSIGN, consignData(b.orderId))).ret).toEqual(['SUCCESS::调用成功'])
    expect(sim.control.faults().shipFailures.map((f) => f.remaining)).toEqual([0, 0])
  })

  it('slowApi delays one API only', async () => {
    const jar = await start()
    const o = sim.control.buy({ buyerId: '3300000000831', itemId: VIRTUAL })
    sim.control.slowApi({ api: DETAIL, ms: 400 })
    let t0 = Date.now()
    await mtop(sim.urls.mtopBase, jar, DETAIL, JSON.stringify({ tid: o.orderId }))
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380)
    t0 = Date.now()
    await mtop(sim.urls.mtopBase, jar, SOLD, soldQuery(1, 10), { headers: SELLER_SITE })
    expect(Date.now() - t0).toBeLessThan(380)
    sim.control.slowApi({ api: DETAIL, ms: 0 })
    expect(sim.control.faults().apiDelays).toEqual({})
  })
})

describe('order cards', () => {
  it('buy(): ordered + paid cards pushed; paidCopies repeats the paid card as separate messages; store = backfill only; none = no message', async () => {
    await start()
    const s = await connectSeller(sim)
    const pushed: SimMessage[] = []
    sim.events.on('message', (m) => pushed.push(m))
    const spec = sim.control.buy({ buyerId: '3300000000901', itemId: GAME, spec: '版本:标准版', quantity: 3, paidCopies: 2 })
    expect(spec).toMatchObject({ price: '19.90', amount: '59.70', quantity: 3, spec: '版本:标准版', status: 'paid' })
    expect(sim.control.messages({ cid: spec.cid }).map((m) => m.text)).toEqual(['[我已拍下，待付款]', '[我已付款，等待你发货]', '[我已付款，等待你发货]'])
    const paidIds = sim.control.messages({ cid: spec.cid }).slice(1).map((m) => m.messageId)
    expect(new Set(paidIds).size).toBe(2)
    await until(() => s.ws.pushes().flatMap(itemsOf).length >= 3)

    const stored = sim.control.buy({ buyerId: '3300000000902', itemId: VIRTUAL, card: 'store' })
    expect(sim.control.messages({ cid: stored.cid }).map((m) => m.text)).toEqual(['[我已拍下，待付款]', '[我已付款，等待你发货]'])
    const silent = sim.control.buy({ buyerId: '3300000000903', itemId: VIRTUAL, card: 'none' })
    expect(sim.control.messages({ cid: silent.cid })).toEqual([])
    expect(sim.control.order({ orderId: silent.orderId })?.status).toBe('paid')
    await new Promise((r) => setTimeout(r, 150))
    expect(pushed.map((m) => m.cid)).toEqual([spec.cid, spec.cid, spec.cid])
    expect(s.ws.pushes().flatMap(itemsOf)).toHaveLength(3)
    s.ws.close()
  })

  it('refund and close cards carry the §7.1 strings and statuses', async () => {
    await start()
    const o = sim.control.buy({ buyerId: '3300000000911', itemId: VIRTUAL })
    sim.control.orderEvent({ cid: o.cid, event: 'remind' })
    expect(sim.control.orderEvent({ cid: o.cid, event: 'refund' })).toMatchObject({ status: 'refunding', refundFrom: 'paid' })
    sim.control.orderEvent({ cid: o.cid, event: 'refundAgreed' })
    expect(sim.control.orderEvent({ cid: o.cid, event: 'refunded' }).status).toBe('cancelled')
    const c = sim.control.buy({ buyerId: '3300000000912', itemId: VIRTUAL })
    expect(sim.control.orderEvent({ cid: c.cid, event: 'close', orderId: c.orderId }).status).toBe('cancelled')
    const texts = (cid: string): Array<[string, string]> => sim.control.messages({ cid }).map((m) => [m.text, m.redReminder])
    expect(texts(o.cid)).toEqual([
      ['[我已拍下，待付款]', '等待买家付款'], ['[我已付款，等待你发货]', '等待卖家发货'], ['[记得及时发货]', '等待卖家发货'],
      ['[买家申请退款]', '退款中'], ['[卖家同意退款]', '退款中'], ['[退款成功，钱款已原路退返]', '交易关闭']
    ])
    expect(texts(c.cid).at(-1)).toEqual(['[你关闭了订单，钱款已原路退返]', '交易关闭'])
    for (const m of sim.control.messages({ cid: o.cid })) expect(m.contentJson).toContain(`order_detail?id=${o.orderId}`)
    expect(() => sim.control.orderEvent({ cid: o.cid, event: 'pay', orderId: c.orderId })).toThrow(/no order/)
  })
})

const sendText = (ws: RawWs, cid: string, buyer: string, text: string): void => {
  ws.send({ lwp: '/r/MessageSend/sendByReceiverScope', headers: { mid: `${Math.floor(Math.random() * 1e6)} 0` }, body: textSendFrameBody(cid, buyer, SELLER, text) })
}

describe('delivery faults on the socket', () => {
  it('failSends: a marker fails every matching send; count modes forbid / error / timeout / lostAck', async () => {
    await start()
    const s = await connectSeller(sim)
    const o = sim.control.buy({ buyerId: '3300000000921', itemId: VIRTUAL })
    const answer = async (text: string): Promise<Frame | null> => {
      const r = s.ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody(o.cid, o.buyerId, SELLER, text))
      return Promise.race([r, new Promise<null>((res) => setTimeout(() => res(null), 400))])
    }
    sim.control.failSends({ contains: 'CODE-BAD' })
    expect((await answer('卡密 CODE-BAD-1'))?.body).toMatchObject({ moreInfo: 'CSI_FORBID||安全拦截' })
    expect((await answer('卡密 CODE-BAD-2'))?.body).toMatchObject({ moreInfo: 'CSI_FORBID||安全拦截' })
    expect((await answer('卡密 CODE-OK-1'))?.code).toBe(200)
    sim.control.failSends({ count: 1, mode: 'error' })
    expect(await answer('卡密 CODE-OK-2')).toMatchObject({ code: 500, body: { reason: '系统繁忙，请稍后再试' } })
    sim.control.failSends({ count: 1, mode: 'timeout' })
    expect(await answer('卡密 CODE-OK-3')).toBeNull()
    sim.control.failSends({ count: 1, mode: 'lostAck' })
    expect(await answer('卡密 CODE-OK-4')).toBeNull()
    expect((await answer('卡密 CODE-OK-5'))?.code).toBe(200)
    // lostAck reached the buyer; forbid / error / timeout did not
    expect(sim.control.sent({ cid: o.cid }).map((m) => m.text)).toEqual(['卡密 CODE-OK-1', '卡密 CODE-OK-4', '卡密 CODE-OK-5'])
    expect(sim.control.counters()).toMatchObject({ failedSends: 5, sends: 3 })
    s.ws.close()
  })

  it('replayOnSync: after a reconnect the last stored cards are pushed again with the same message ids', async () => {
    await start()
    const first = await connectSeller(sim)
    const o = sim.control.buy({ buyerId: '3300000000931', itemId: VIRTUAL })
    await until(() => first.ws.pushes().flatMap(itemsOf).length >= 2)
    first.ws.close()
    sim.control.replayOnSync({ count: 1 })
    const second = await connectSeller(sim)
    await until(() => second.ws.pushes().flatMap(itemsOf).length >= 1)
    const item = second.ws.pushes().flatMap(itemsOf)[0]
    const decoded = decodeItem(item?.data ?? '').value as { 1: { 3: string; 10: { reminderContent: string } } }
    const paidCard = sim.control.messages({ cid: o.cid })[1]
    expect(decoded[1][10].reminderContent).toBe('[我已付款，等待你发货]')
    expect(decoded[1][3]).toBe(paidCard?.serverId)
    expect(sim.control.counters().replayedPushes).toBe(1)
    second.ws.close()
  })
})

describe('control over HTTP', () => {
  it('buy, orderEvent, shipFail, failSends, slowApi, replayOnSync and order answer JSON at /__control/<method>', async () => {
    await start()
    const post = async (method: string, arg: unknown): Promise<{ ok: boolean; result: Record<string, unknown> | null; error?: string }> =>
      (await fetch(`${sim.urls.control}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(arg) })).json() as Promise<{ ok: boolean; result: Record<string, unknown> | null }>
    const bought = await post('buy', { buyerId: '3300000000941', itemId: GAME, spec: '版本:标准版', quantity: 2, sellerId: SELLER })
    expect(bought).toMatchObject({ ok: true, result: { quantity: 2, spec: '版本:标准版', amount: '39.80', status: 'paid' } })
    const orderId = String(bought.result?.orderId)
    expect(await post('orderEvent', { cid: bought.result?.cid, event: 'refund', orderId })).toMatchObject({ ok: true, result: { status: 'refunding' } })
    expect(await post('order', { orderId })).toMatchObject({ ok: true, result: { orderId, refundFrom: 'paid' } })
    expect((await post('shipFail', { count: 2 })).result?.shipFailures).toEqual([{ orderId: null, remaining: 2, ret: 'FAIL_BIZ_CONSIGN_ERROR::发货失败，请稍后重试' }])
    expect((await post('failSends', { contains: 'X', mode: 'lostAck' })).result?.sendFailures).toEqual([{ contains: 'X', remaining: -1, mode: 'lostAck' }])
    expect((await post('slowApi', { api: DETAIL, ms: 50 })).result?.apiDelays).toEqual({ [DETAIL]: 50 })
    expect((await post('replayOnSync', { count: 3 })).result?.replayOnSync).toBe(3)
    expect(await post('buy', { buyerId: '3300000000942', itemId: '800000009999' })).toMatchObject({ ok: false, error: 'unknown item 800000009999' })
    expect((await post('resetFaults', {})).result).toMatchObject({ shipFailures: [], sendFailures: [], apiDelays: {}, replayOnSync: 0 })
  })
})

describe('the delivery scenario', () => {
  it('one buyer buys the virtual item and pays; another buys 2 of a spec; both wait for the shipment', async () => {
    sim = await startSimulator({ scenario: 'delivery', speed: 20, sellerUnb: SELLER })
    const s = await connectSeller(sim)
    await until(() => sim.control.orders().filter((o) => o.status === 'paid').length === 2, 5000)
    const [a, b] = sim.control.orders()
    expect(a).toMatchObject({ itemId: VIRTUAL, quantity: 1, spec: '', amount: '15.00', buyerId: '3300000000501' })
    expect(b).toMatchObject({ itemId: GAME, quantity: 2, spec: '版本:豪华版', amount: '79.80', buyerId: '3300000000502' })
    await until(() => sim.control.buyers().every((x) => x.state === 'waiting-reply'), 5000)
    // the seller answers with the codes and ships: the buyers go on
    for (const o of [a, b]) {
      if (!o) continue
      sendText(s.ws, o.cid, o.buyerId, '您的卡密：CODE-1')
      expect((await mtop(sim.urls.mtopBase, s.jar, CONSIGN, consignData(o.orderId))).ret).toEqual(['SUCCESS::调用成功'])
    }
    await until(() => sim.control.buyers().every((x) => x.state === 'done'), 5000)
    expect(sim.control.order({ orderId: a?.orderId ?? '' })?.status).toBe('completed')
    expect(sim.control.order({ orderId: b?.orderId ?? '' })?.status).toBe('shipped')
    s.ws.close()
  })
})
