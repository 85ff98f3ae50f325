import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import { makeCore, type TestCore } from '../../helpers/core'
import { endpointsOf, FAST_CLIENT, until } from '../scenarios/world'
import { audit, configureDelivery } from './audit'

/**
 * The simulator's `delivery` scenario against a real core, configured through the contract: one
 * buyer buys the membership code (no spec) and pays, another buys 2 × 版本:豪华版 of the game keys
 * (the spec only in the detail's 型号 row). Both get their codes, the orders are shipped, the buyers
 * thank the seller and the first confirms receipt.
 */
const SELLER = '2200000001801'
let sim: Simulator | undefined
let t: TestCore | undefined
afterEach(async () => {
  await t?.dispose()
  await sim?.close()
})

describe('the delivery scenario', () => {
  it('a virtual item and 2 units of a spec: the right codes once each, shipped, the buyers go on to the end', { timeout: 60_000 }, async () => {
    const s = (sim = await startSimulator({ scenario: 'delivery', sellerUnb: SELLER, speed: 5 }))
    const core = (t = makeCore({ core: { clientConfig: FAST_CLIENT } })).core
    const account = await core.services.accounts.addByCookie({ cookie: s.control.mintCookie({ unb: SELLER, nick: '卖家' }) }, { endpointsJson: JSON.stringify(endpointsOf(s)) })
    await core.api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0 } })
    const setup = await configureDelivery(core.api, account.id, [
      { itemId: '800000000201', specs: [] },
      { itemId: '800000000202', specs: ['版本:标准版', '版本:豪华版'] }
    ], () => 5)
    await core.start()
    await until('both buyers done', () => s.control.buyers().length === 2 && s.control.buyers().every((b) => b.state === 'done'), 45_000)
    const [one, two] = s.control.orders()
    expect(one).toMatchObject({ itemId: '800000000201', quantity: 1, status: 'completed' })
    expect(two).toMatchObject({ itemId: '800000000202', quantity: 2, spec: '版本:豪华版', status: 'shipped' })
    const result = audit(s.control.sent(), s.control.orders(), [], setup)
    expect(result).toMatchObject({ exact: 2, missing: [], extra: [], resent: [], codeInTwoOrders: [], unknownCodes: [], codesSent: 3 })
    expect(Object.fromEntries(result.usedPerPool)).toEqual({ '800000000201/': 1, '800000000202/版本:豪华版': 2 })
    const rec = await core.api['orders.get']({ accountId: account.id, orderId: two?.orderId ?? '' })
    expect(rec.order).toMatchObject({ quantity: 2, spec: '版本:豪华版', amount: 79.8, delivery: 'delivered', ship: 'shipped' })
    expect(rec.messages.map((m) => m.state)).toEqual(['acked', 'acked'])
  })

  it('小刀 shipped by freeshipping; a ship refusal and a refused send go to review with the platform\'s words', { timeout: 60_000 }, async () => {
    const s = (sim = await startSimulator({ scenario: { name: 'faults', items: (await import('../../../src-main/simulator/scenarios')).BUILTIN_SCENARIOS.delivery?.items ?? [], buyers: [] }, sellerUnb: SELLER }))
    const core = (t = makeCore({ core: { clientConfig: FAST_CLIENT } })).core
    const account = await core.services.accounts.addByCookie({ cookie: s.control.mintCookie({ unb: SELLER, nick: '卖家' }) }, { endpointsJson: JSON.stringify(endpointsOf(s)) })
    await core.api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0 } })
    const setup = await configureDelivery(core.api, account.id, [{ itemId: '800000000201', specs: [] }], () => 10)
    await core.start()
    await until('online', async () => (await core.api['accounts.list']({}))[0]?.connection === 'CONNECTED')

    const xd = s.control.buy({ buyerId: '3300000001901', nick: '小刀买家', itemId: '800000000201', xiaodao: true })
    const risky = s.control.buy({ buyerId: '3300000001902', nick: '风险', itemId: '800000000201', pay: false })
    const refused = s.control.buy({ buyerId: '3300000001903', nick: '拦截', itemId: '800000000201', pay: false })
    s.control.shipFail({ orderId: risky.orderId, ret: 'FAIL_BIZ_RISK_ORDER::该订单存在风险，暂不能发货' })
    s.control.failSends({ contains: refused.orderId, mode: 'forbid' })
    s.control.orderEvent({ cid: risky.cid, event: 'pay', orderId: risky.orderId })
    s.control.orderEvent({ cid: refused.cid, event: 'pay', orderId: refused.orderId })

    const reviews = async (): Promise<Array<{ orderId: string; reason: string; detail: string }>> => core.api['delivery.listReviews']({ accountId: account.id })
    await until('the 小刀 order shipped, two reviews', async () => s.control.order({ orderId: xd.orderId })?.status === 'shipped' && (await reviews()).length >= 2, 20_000)
    const result = audit(s.control.sent(), [xd, risky], [refused], setup)
    expect(result).toMatchObject({ exact: 2, missing: [], extra: [], sentToForbidden: [], codeInTwoOrders: [] })
    expect(s.control.order({ orderId: xd.orderId })).toMatchObject({ status: 'shipped', shippedCalls: 1 })
    expect(s.control.counters().freeshippingCalls).toBeGreaterThanOrEqual(1)
    expect(s.control.order({ orderId: risky.orderId })).toMatchObject({ status: 'paid', shippedCalls: 0 })
    const open = await reviews()
    expect(open.find((r) => r.orderId === risky.orderId)).toMatchObject({ reason: 'ship_failed' })
    expect(open.find((r) => r.orderId === risky.orderId)?.detail).toContain('该订单存在风险，暂不能发货')
    expect(open.find((r) => r.orderId === refused.orderId)).toMatchObject({ reason: 'send_failed' })
    const pool = (await core.api['delivery.listPools']({ accountId: account.id }))[0]
    expect(pool?.used).toBe(2)
  })

  it('a send the platform never answers is not an acknowledgement: never "delivered" or shipped while the buyer has nothing', { timeout: 60_000 }, async () => {
    const s = (sim = await startSimulator({ scenario: { name: 'unanswered', items: (await import('../../../src-main/simulator/scenarios')).BUILTIN_SCENARIOS.delivery?.items ?? [], buyers: [] }, sellerUnb: SELLER }))
    const core = (t = makeCore({ core: { clientConfig: FAST_CLIENT } })).core
    const account = await core.services.accounts.addByCookie({ cookie: s.control.mintCookie({ unb: SELLER, nick: '卖家' }) }, { endpointsJson: JSON.stringify(endpointsOf(s)) })
    await core.api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0 } })
    const setup = await configureDelivery(core.api, account.id, [{ itemId: '800000000201', specs: [] }], () => 5)
    await core.start()
    await until('online', async () => (await core.api['accounts.list']({}))[0]?.connection === 'CONNECTED')
    const o = s.control.buy({ buyerId: '3300000001911', nick: '无回应', itemId: '800000000201', pay: false })
    s.control.failSends({ contains: o.orderId, count: 1, mode: 'timeout' })
    s.control.orderEvent({ cid: o.cid, event: 'pay', orderId: o.orderId })
    await until('the send swallowed', () => s.control.counters().failedSends === 1, 10_000)
    // past the client's answer timeout (FAST_CLIENT: 4 s) and what follows it
    await new Promise((r) => setTimeout(r, 8_000))
    const got = audit(s.control.sent(), [o], [], setup, true)
    const rec = await core.api['orders.get']({ accountId: account.id, orderId: o.orderId })
    const received = got.exact === 1
    expect.soft(got.extra).toEqual([])
    expect.soft({ deliveredWithoutCode: rec.order.delivery === 'delivered' && !received, shippedWithoutCode: s.control.order({ orderId: o.orderId })?.status === 'shipped' && !received })
      .toEqual({ deliveredWithoutCode: false, shippedWithoutCode: false })
    // the code stays the order's (reserved) until the buyer has it
    const codes = (await core.api['delivery.listCodes']({ poolId: [...setup.pools.values()][0] as number })).codes.filter((c) => c.orderId === o.orderId)
    expect.soft(codes.map((c) => c.state)).toEqual([received ? 'used' : 'reserved'])
  })
})
