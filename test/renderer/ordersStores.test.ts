import { describe, expect, it } from 'vitest'
import type { CardPool, DeliveryReview, ItemDelivery, PoolCode } from '@contract'
import { createOrdersStore, queryOf, EMPTY_FILTER } from '../../src-renderer/src/features/orders/store'
import { createReviewsStore } from '../../src-renderer/src/features/orders/reviewsStore'
import { createPoolsStore } from '../../src-renderer/src/features/delivery/poolsStore'
import { createDeliveryStore } from '../../src-renderer/src/features/delivery/store'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { noticeTarget } from '../../src-renderer/src/features/notices/store'
import { FakeFailure, fakeBridge } from './fakeBridge'
import { order } from './orderFixtures'

const review = (over: Partial<DeliveryReview> = {}): DeliveryReview => ({
  id: 1, accountId: 'a1', orderId: '3000000001', cid: '51', reason: 'pool_empty', detail: '', createdAt: 10, resolvedAt: null, resolution: null, ...over
})
const pool = (over: Partial<CardPool> = {}): CardPool => ({ id: 1, accountId: 'a1', name: '月卡', lowStockThreshold: 2, available: 3, reserved: 0, used: 0, createdAt: 1, ...over })
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('orders store', () => {
  it('sends the filter as the contract query, blank parts left out', () => {
    expect(queryOf(EMPTY_FILTER, '  ')).toEqual({})
    expect(queryOf({ accountId: 'a1', states: ['paid'], itemId: '8', fromDay: '2025-01-31', toDay: '2025-01-31' }, ' 玩家 '))
      .toEqual({ accountId: 'a1', states: ['paid'], itemId: '8', from: Date.UTC(2025, 0, 31), to: Date.UTC(2025, 1, 1) - 1, search: '玩家' })
  })

  it('loads, follows order.changed within the filter, and refreshes the open order', async () => {
    const paid = order({ orderId: '1', createdAt: 1 })
    let detailCalls = 0
    const fake = fakeBridge({
      'orders.list': async () => ({ orders: [paid], total: 1 }),
      'orders.get': async (ref) => {
        detailCalls++
        return { order: { ...paid, orderId: ref.orderId }, timeline: [], messages: [], reviews: [] }
      },
      'delivery.listRules': async () => []
    })
    const store = createOrdersStore(fake.bridge, { searchDelayMs: 0 })
    await store.getState().load()
    expect(store.getState().orders.map((o) => o.orderId)).toEqual(['1'])
    store.setState({ filter: { ...EMPTY_FILTER, states: ['paid', 'shipped'] } })
    store.getState().applyOrder(order({ orderId: '2', createdAt: 5 }))
    expect(store.getState().orders.map((o) => o.orderId)).toEqual(['2', '1'])
    expect(store.getState().total).toBe(2)
    // refunded: leaves a list that shows paid and shipped orders
    store.getState().applyOrder(order({ orderId: '1', createdAt: 1, state: 'refunding' }))
    expect(store.getState().orders.map((o) => o.orderId)).toEqual(['2'])
    expect(store.getState().total).toBe(1)
    // an order outside the filter never joins
    store.getState().applyOrder(order({ orderId: '3', state: 'closed' }))
    expect(store.getState().orders.map((o) => o.orderId)).toEqual(['2'])

    await store.getState().openOrder({ accountId: 'a1', orderId: '2' })
    expect(store.getState().detail?.order.orderId).toBe('2')
    store.getState().applyOrder(order({ orderId: '2', createdAt: 5, state: 'shipped', delivery: 'delivered' }))
    await flush()
    expect(detailCalls).toBe(2)
    store.getState().closeOrder()
    expect(store.getState().detail).toBeNull()
  })

  it('an action calls the contract, updates the row and keeps a failure for the drawer', async () => {
    const o = order({ delivery: 'review' })
    const fake = fakeBridge({
      'orders.list': async () => ({ orders: [o], total: 1 }),
      'orders.get': async () => ({ order: o, timeline: [], messages: [], reviews: [] }),
      'delivery.listRules': async () => [],
      'delivery.deliverNow': async () => ({ ...o, delivery: 'delivered', state: 'shipped' }),
      'delivery.ship': async () => { throw new FakeFailure('UNAVAILABLE', '订单状态不允许发货 / the order cannot be shipped') }
    })
    const store = createOrdersStore(fake.bridge)
    await store.getState().load()
    await store.getState().openOrder({ accountId: 'a1', orderId: o.orderId })
    expect(await store.getState().act('deliverNow', { ruleId: 4 })).toBe(true)
    expect(fake.calls.find((c) => c.key === 'delivery.deliverNow')?.input).toEqual({ accountId: 'a1', orderId: o.orderId, ruleId: 4 })
    expect(store.getState().orders[0]?.delivery).toBe('delivered')
    expect(store.getState().actionDone).toBe('deliverNow')
    expect(await store.getState().act('ship')).toBe(false)
    expect(store.getState().actionError?.message).toContain('订单状态不允许发货')
    expect(store.getState().busy).toBeNull()
  })
})

describe('delivery reviews under 需处理', () => {
  it('loads the open reviews, follows review.changed and order.changed through the subscriptions', async () => {
    const fake = fakeBridge({
      'delivery.listReviews': async () => [review()],
      'orders.get': async () => ({ order: order(), timeline: [], messages: [], reviews: [] })
    })
    const reviews = createReviewsStore(fake.bridge)
    const accounts = createAccountsStore(fake.bridge)
    const stop = startSubscriptions(fake.bridge, { accounts, reviews })
    await reviews.getState().load()
    await flush()
    expect(reviews.getState().reviews.map((r) => r.id)).toEqual([1])
    expect(reviews.getState().orders[1]?.itemTitle).toBe('Steam 游戏激活码')
    fake.emit('review.changed', { review: review({ id: 2, createdAt: 20, reason: 'http_failed' }) })
    expect(reviews.getState().reviews.map((r) => r.id)).toEqual([2, 1])
    fake.emit('review.changed', { review: review({ id: 1, resolvedAt: 30, resolution: 'delivered' }) })
    expect(reviews.getState().reviews.map((r) => r.id)).toEqual([2])
    fake.emit('order.changed', { order: order({ itemTitle: '改名了' }) })
    expect(reviews.getState().orders[2]?.itemTitle).toBe('改名了')
    stop()
    expect(fake.listenerCount('review.changed')).toBe(0)
  })

  it('mark handled takes the review out; a failure stays visible', async () => {
    const fake = fakeBridge({
      'delivery.listReviews': async () => [review(), review({ id: 2 })],
      'orders.get': async () => { throw new FakeFailure('NOT_FOUND', 'x') },
      'delivery.markHandled': async ({ id }) => review({ id, resolvedAt: 5, resolution: 'handled' }),
      'delivery.deliverNow': async () => { throw new FakeFailure('UNAVAILABLE', '卡密不足 / not enough codes') }
    })
    const reviews = createReviewsStore(fake.bridge)
    await reviews.getState().load()
    expect(await reviews.getState().act(review(), 'markHandled')).toBe(true)
    expect(reviews.getState().reviews.map((r) => r.id)).toEqual([2])
    expect(await reviews.getState().act(review({ id: 2 }), 'deliverNow')).toBe(false)
    expect(reviews.getState().error?.message).toBe('卡密不足 / not enough codes')
    expect(reviews.getState().busyIds).toEqual([])
  })

  it('without the engine the list stays empty instead of failing the inbox', async () => {
    const reviews = createReviewsStore(fakeBridge({}).bridge)
    await reviews.getState().load()
    expect(reviews.getState().reviews).toEqual([])
    expect(reviews.getState().status).toBe('error')
  })
})

describe('card pools', () => {
  it('follows pool.changed, pages masked codes, deletes the selection', async () => {
    const codes: PoolCode[] = [
      { id: 11, poolId: 1, masked: 'AB****01', state: 'available', orderId: null, createdAt: 1, usedAt: null },
      { id: 12, poolId: 1, masked: 'AB****02', state: 'used', orderId: '3000000001', createdAt: 1, usedAt: 2 }
    ]
    const fake = fakeBridge({
      'delivery.listPools': async () => [pool()],
      'delivery.listCodes': async ({ state }) => ({ codes: codes.filter((c) => !state || c.state === state), total: 2 }),
      'delivery.deleteCodes': async ({ ids }) => ({ deleted: ids?.length ?? 1 }),
      'delivery.importCodes': async () => ({ added: 3, duplicates: 1, alreadyUsed: 0, blank: 1, tooLong: 0 })
    })
    const pools = createPoolsStore(fake.bridge)
    await pools.getState().load()
    await pools.getState().openCodes(1)
    expect(pools.getState().view?.codes.map((c) => c.id)).toEqual([11, 12])
    pools.getState().toggleSelected(11)
    expect(await pools.getState().deleteCodes(1, false)).toBe(1)
    expect(fake.calls.find((c) => c.key === 'delivery.deleteCodes')?.input).toEqual({ poolId: 1, ids: [11] })
    expect(pools.getState().notice).toEqual({ kind: 'deleted', count: 1 })
    expect(pools.getState().selected).toEqual([])
    expect(await pools.getState().importCodes(1, 'A\nB', 'lines', 0)).toEqual({ added: 3, duplicates: 1, alreadyUsed: 0, blank: 1, tooLong: 0 })
    pools.getState().applyPool(1, pool({ available: 0 }))
    expect(pools.getState().pools[0]?.available).toBe(0)
    pools.getState().applyPool(1, null)
    expect(pools.getState().pools).toEqual([])
    expect(pools.getState().view).toBeNull()
  })
})

describe('notices about orders', () => {
  it('open the order (its drawer) when they name one; low stock opens the card pools', () => {
    expect(noticeTarget({ kind: 'delivery_review', accountId: 'a1', cid: '51', orderId: '3000000001' })).toEqual({ route: 'orders', parts: ['a1', '3000000001'] })
    expect(noticeTarget({ kind: 'order_paid', accountId: 'a1', cid: '51', orderId: null })).toEqual({ route: 'inbox', parts: ['a1', '51'] })
    expect(noticeTarget({ kind: 'pool_low', accountId: 'a1', cid: null, orderId: null })).toEqual({ route: 'delivery', parts: ['pools'] })
  })
})

describe('auto-delivery store', () => {
  it('loads every account’s switch and the items, follows delivery.changed and pool.changed', async () => {
    let auto = false
    let itemCalls = 0
    const item = (): ItemDelivery => ({
      accountId: 'a1', itemId: '8', itemTitle: 'Steam', autoDelivery: auto, rules: [], pools: [pool()], problems: auto ? [] : ['auto_delivery_off'], ready: auto, waiting: 0
    })
    const fake = fakeBridge({
      'delivery.getSettings': async ({ accountId }) => ({ accountId, autoDelivery: auto }),
      'delivery.setSettings': async (s) => {
        auto = s.autoDelivery
        return s
      },
      'delivery.items': async () => [item()],
      'delivery.item': async () => {
        itemCalls++
        return item()
      },
      'delivery.saveRule': async () => { throw new FakeFailure('BAD_INPUT', '有卡密来源时，发货消息里需要 {code} / A text needs {code} to carry the code') }
    })
    const delivery = createDeliveryStore(fake.bridge)
    const pools = createPoolsStore(fake.bridge)
    const stop = startSubscriptions(fake.bridge, { accounts: createAccountsStore(fake.bridge), delivery, pools })
    await delivery.getState().load(['a1'])
    expect(delivery.getState().auto).toEqual({ a1: false })
    await delivery.getState().openItem({ accountId: 'a1', itemId: '8' })
    expect(delivery.getState().item?.problems).toEqual(['auto_delivery_off'])
    await delivery.getState().setAuto('a1', true)
    expect(delivery.getState().auto).toEqual({ a1: true })
    expect(delivery.getState().item?.ready).toBe(true)
    const before = itemCalls
    fake.emit('delivery.changed', { accountId: 'a1' })
    fake.emit('pool.changed', { id: 1, pool: pool({ available: 0 }) })
    await flush()
    expect(itemCalls).toBe(before + 2)
    expect(pools.getState().pools[0]?.available).toBe(0)
    // the rule editor keeps core's refusal for the dialog
    expect(await delivery.getState().saveRule(null, { accountId: 'a1', itemId: '8', spec: '', name: '', enabled: true, source: { kind: 'pool', poolId: 1 }, messages: [{ kind: 'text', text: '谢谢' }], delaySeconds: 0, shipMode: 'off' })).toBeNull()
    expect(delivery.getState().saveError?.message).toContain('{code}')
    stop()
  })
})
