import { afterEach, describe, expect, it } from 'vitest'
import { cardTarget, nextState } from '../../../src-main/core/orders/service'
import { parseOrderDetail, parseOrderState, parseSoldList } from '../../../src-main/core/orders/orderApi'
import type { OrderState } from '../../../src-main/contract/orders'
import { ordersHarness, ITEM, type OrdersHarness } from './harness'

let h: OrdersHarness | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
})

/** Applies the classifier's card states in order, as the service does. */
function run(cards: Parameters<typeof cardTarget>[0][]): OrderState {
  let state: OrderState = 'placed'
  let prior: OrderState | null = null
  for (const c of cards) {
    const n = nextState(state, prior, cardTarget(c).state, 'card')
    if (n) ({ state, prior } = n)
  }
  return state
}

describe('order state machine', () => {
  it.each([
    [['awaiting_payment', 'paid'], 'paid'],
    [['paid', 'shipped', 'paid'], 'shipped'],
    [['shipped', 'paid', 'awaiting_payment'], 'shipped'],
    [['paid', 'paid', 'paid'], 'paid'],
    [['paid', 'rate_requested'], 'completed'],
    [['paid', 'rated', 'shipped'], 'completed'],
    [['paid', 'refunding'], 'refunding'],
    [['paid', 'refunding', 'refund_cancelled'], 'paid'],
    [['paid', 'refunding', 'shipped', 'refund_cancelled'], 'shipped'],
    [['shipped', 'refunding', 'refunding', 'refund_cancelled'], 'shipped'],
    [['paid', 'cancelled'], 'closed'],
    [['paid', 'cancelled', 'paid', 'refund_cancelled'], 'closed'],
    [['bargain_pending', 'paid'], 'paid'],
    [['refund_cancelled'], 'placed']
  ] as Array<[Parameters<typeof cardTarget>[0][], OrderState]>)('%j → %s', (cards, want) => {
    expect(run(cards)).toBe(want)
  })

  it('the platform (detail / sold list) may end a refund the cards did not', () => {
    expect(nextState('refunding', 'paid', 'shipped', 'detail')).toEqual({ state: 'shipped', prior: null })
    expect(nextState('refunding', 'paid', 'shipped', 'card')).toEqual({ state: 'refunding', prior: 'shipped' })
    expect(nextState('closed', null, 'paid', 'sold')).toBeNull()
  })
})

describe('order APIs: tolerant reading of both shapes', () => {
  it.each([
    ['unpaid', 'placed'], ['WAIT_BUYER_PAY', 'placed'], ['等待买家付款', 'placed'], ['待付款', 'placed'],
    ['paid', 'paid'], ['待发货', 'paid'], ['付款完成', 'paid'], ['WAIT_SELLER_SEND_GOODS', 'paid'],
    ['shipped', 'shipped'], ['已发货', 'shipped'], ['等待买家确认收货', 'shipped'],
    ['completed', 'completed'], ['交易成功', 'completed'], ['TRADE_FINISHED', 'completed'],
    ['refunding', 'refunding'], ['退款中', 'refunding'], ['cancelled', 'closed'], ['交易关闭', 'closed'], ['something else', null]
  ])('status %s → %s', (status, state) => {
    expect(parseOrderState(status)).toBe(state)
  })

  it('order detail: orderInfoList rows for spec, quantity and amount; itemInfo; buyer', () => {
    const d = parseOrderDetail('4100000000001', {
      tid: '4100000000001', status: '待发货', itemId: '800000000004', buyerUserId: '3300000000002',
      itemInfo: { itemId: '800000000004', title: '游戏月卡' },
      orderInfoList: [{ label: '订单编号', value: '4100000000001' }, { key: '规格', text: '版本:年卡' }, { name: '数量', value: 'x3' }, { label: '实付款', value: '¥89.70' }]
    })
    expect(d).toMatchObject({ state: 'paid', itemId: '800000000004', itemTitle: '游戏月卡', spec: '版本:年卡', quantity: 3, amount: 89.7, buyerId: '3300000000002' })
  })

  it('sold list: a bare list or data.items, several field names', () => {
    const a = parseSoldList([{ orderId: '4100000000001', orderStatus: 'WAIT_SELLER_SEND_GOODS', itemId: '1', buyerId: '2', quantity: 2, totalFee: '10.00' }], 50)
    expect(a.orders[0]).toMatchObject({ orderId: '4100000000001', state: 'paid', quantity: 2, amount: 10 })
    expect(a.more).toBe(false)
    const b = parseSoldList({ items: [{ commonData: { bizOrderId: '4100000000002', statusText: '交易关闭', auctionTitle: '书' } }], nextPage: true }, 50)
    expect(b.orders[0]).toMatchObject({ orderId: '4100000000002', state: 'closed', itemTitle: '书' })
    expect(b.more).toBe(true)
    // nested objects: the order's id wins over the item's, whatever comes first
    const c = parseSoldList({ list: [{ itemData: { id: '800000000004', title: '月卡' }, orderData: { bizOrderId: '4100000000003', status: 'paid', buyerId: '33' } }] }, 50)
    expect(c.orders[0]).toMatchObject({ orderId: '4100000000003', itemTitle: '月卡', state: 'paid', buyerId: '33' })
    // the seller tools' module.items[] rows: quantity and total in priceVO (buyNum, totalPrice), not the unit price
    const d = parseSoldList({ module: { items: [{ commonData: { orderId: '4100000000004', orderStatus: '待发货' }, priceVO: { totalPrice: '39.80', unitPrice: '19.90', buyNum: '2' } }] } }, 50)
    expect(d.orders[0]).toMatchObject({ orderId: '4100000000004', quantity: 2, amount: 39.8 })
  })
})

describe('orders service', () => {
  it('a flapping connection reads the sold list once a minute at most; the seller\'s own 核对 is never limited', async () => {
    h = await ordersHarness()
    h.api.add('4100000000520')
    for (let i = 0; i < 5; i++) await h.t.core.services.orders.resume(h.accountId)
    await h.settle()
    expect(h.api.soldCalls).toBe(1)
    await h.t.core.api['orders.reconcile']({ accountId: h.accountId })
    await h.t.core.api['orders.reconcile']({ accountId: h.accountId })
    expect(h.api.soldCalls).toBe(3)
  })

  it('reconcile finds an order paid while the app was off and delivers it; a second reconcile changes nothing', async () => {
    h = await ordersHarness()
    await h.rule({ messages: [{ kind: 'text', text: '补发 {order_id}' }] })
    // the buyer's chat exists (the order card itself was lost)
    h.card('awaiting_payment', '4100000000500')
    // the card's own detail read finds nothing yet (settled first: it would otherwise race the reconcile below)
    await h.settle()
    h.api.add('4100000000500')
    h.api.add('4100000000501', { state: 'completed', buyerId: '3300000000999', amount: 12 })
    const r = await h.t.core.api['orders.reconcile']({ accountId: h.accountId })
    expect(r).toEqual({ checked: 2, found: 1, updated: 1 })
    await h.settle()
    expect(h.tx.texts()).toEqual(['补发 4100000000500'])
    const again = await h.t.core.api['orders.reconcile']({ accountId: h.accountId })
    expect(again).toEqual({ checked: 2, found: 0, updated: 0 })
    await h.settle()
    expect(h.tx.sent).toHaveLength(1)
    const found = await h.t.core.api['orders.get']({ accountId: h.accountId, orderId: '4100000000501' })
    expect(found.order).toMatchObject({ state: 'completed', delivery: 'none', amount: 12 })
    expect(found.timeline[0]?.code).toBe('found_by_reconcile')
  })

  it('list filters and search, stats per day, events on every change', async () => {
    h = await ordersHarness()
    const changed: string[] = []
    h.t.core.events.on('order.changed', (e) => changed.push(`${e.order.orderId}:${e.order.state}:${e.order.delivery}`))
    await h.rule()
    h.api.add('4100000000600', { amount: 30 })
    h.card('paid', '4100000000600')
    h.card('awaiting_payment', '4100000000601', { cid: '51000000601', buyerId: '3300000000601' })
    await h.settle()
    expect(changed).toEqual(expect.arrayContaining(['4100000000600:paid:none', '4100000000600:paid:delivered', '4100000000601:placed:none']))
    expect((await h.t.core.api['orders.list']({})).total).toBe(2)
    expect((await h.t.core.api['orders.list']({ states: ['paid'] })).orders.map((o) => o.orderId)).toEqual(['4100000000600'])
    expect((await h.t.core.api['orders.list']({ search: '0601' })).orders.map((o) => o.orderId)).toEqual(['4100000000601'])
    expect((await h.t.core.api['orders.list']({ search: '游戏' })).total).toBe(2)
    expect((await h.t.core.api['orders.list']({ itemId: ITEM, accountId: h.accountId })).total).toBe(2)
    const stats = await h.t.core.api['orders.stats']({ days: 7 })
    expect(stats).toHaveLength(7)
    expect(stats[6]).toMatchObject({ orders: 2, paid: 1, delivered: 1, revenue: 30 })
  })

  it('a paid order raises order_paid once, however many paid cards arrive', async () => {
    h = await ordersHarness()
    const kinds: string[] = []
    h.t.core.events.on('notice.raised', (n) => kinds.push(n.kind))
    h.api.add('4100000000700')
    h.card('paid', '4100000000700')
    h.card('paid', '4100000000700')
    h.t.core.services.orders.onCard(h.accountId, h.cid, 'paid', '4100000000700')
    await h.settle()
    await h.t.core.services.notify.router.idle()
    expect(kinds.filter((k) => k === 'order_paid')).toHaveLength(1)
  })

  it('removing an account with its data removes its orders, rules and pools', async () => {
    h = await ordersHarness()
    await h.pool('月卡', ['WIPE-0001'])
    await h.rule()
    h.api.add('4100000000800')
    h.card('paid', '4100000000800')
    await h.settle()
    await h.t.core.api['accounts.remove']({ id: h.accountId, wipeData: true })
    const n = h.t.core.services.db.prepare('SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM delivery_rules) + (SELECT count(*) FROM pool_codes) + (SELECT count(*) FROM delivery_messages)').pluck().get()
    expect(n).toBe(0)
  })
})
