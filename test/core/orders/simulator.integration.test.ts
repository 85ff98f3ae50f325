import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import { makeCore, type TestCore } from '../../helpers/core'
import type { Endpoints } from '../../../src-main/contract/schemas'
import { MtopOrderApi, OrderApiRefused } from '../../../src-main/core/orders'

/**
 * End to end over the real protocol client against the simulator: a buyer pays → the paid card is
 * pushed → order detail read → the code is reserved and sent through the gateway → acknowledged →
 * consign.dummy ships the order → the order shows 已发货 with its trace.
 */
let sim: Simulator | undefined
let t: TestCore | undefined
afterEach(async () => {
  await t?.dispose()
  await sim?.close()
  t = undefined
  sim = undefined
})

const SELLER = '2200000000001'
const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await ok()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('delivery against the simulator', () => {
  it('a buyer pays: the code arrives in the chat, the order is shipped, the trace says so; repeated cards deliver nothing more', async () => {
    sim = await startSimulator({ scenario: 'quiet', sellerUnb: SELLER })
    t = makeCore({ core: { orders: { reconcileMs: 0, retryMs: 50 } } })
    const endpoints: Endpoints = { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' }
    const account = await t.core.services.accounts.addByCookie({ cookie: sim.control.mintCookie({ unb: SELLER, nick: '测试卖家' }) }, { endpointsJson: JSON.stringify(endpoints) })
    await t.core.start()
    await until('online', async () => (await t!.core.api['accounts.list']({}))[0]?.status === 'online')

    const hello = sim.control.buyerSays({ buyerId: '3300000000077', nick: '小买家', text: '拍了' })
    const cid = hello.cid.replace(/@goofish$/, '')
    await until('chat stored', async () => (await t!.core.api['messages.list']({ accountId: account.id, cid })).length > 0)
    const pool = await t.core.api['delivery.savePool']({ accountId: account.id, name: '月卡', lowStockThreshold: 0 })
    expect(await t.core.api['delivery.importCodes']({ poolId: pool.id, text: 'SIM-CODE-0001\nSIM-CODE-0002\n', format: 'lines' })).toMatchObject({ added: 2 })
    await t.core.api['delivery.saveRule']({
      rule: { accountId: account.id, itemId: hello.itemId, spec: '', name: '月卡', enabled: true, source: { kind: 'pool', poolId: pool.id }, messages: [{ kind: 'text', text: '您的卡密：{code}（订单 {order_id}）' }], delaySeconds: 0, shipMode: 'after_ack' }
    })
    expect((await t.core.api['delivery.item']({ accountId: account.id, itemId: hello.itemId })).ready).toBe(true)

    const simOrder = sim.control.orderEvent({ cid: hello.cid, event: 'order' })
    await until('order placed', async () => (await t!.core.api['orders.list']({})).total === 1)
    const paidAt = Date.now()
    sim.control.orderEvent({ cid: hello.cid, event: 'pay' })
    await until('code in the chat', () => sim!.control.sent({ cid: hello.cid }).some((m) => m.text.includes('SIM-CODE-0001')))
    const latency = Date.now() - paidAt
    await until('shipped', async () => (await t!.core.api['orders.get']({ accountId: account.id, orderId: simOrder.orderId })).order.ship === 'shipped')
    const got = await t.core.api['orders.get']({ accountId: account.id, orderId: simOrder.orderId })
    expect(got.order).toMatchObject({ state: 'shipped', delivery: 'delivered', ship: 'shipped', itemId: hello.itemId })
    expect(got.timeline.map((e) => e.code)).toEqual(expect.arrayContaining(['detail_fetched', 'code_reserved', 'message_acked', 'delivered', 'ship_called', 'ship_ok']))
    expect(sim.control.orders().find((o) => o.orderId === simOrder.orderId)?.shippedCalls).toBe(1)
    console.log(`paid card pushed → code in the simulator's chat: ${latency} ms`)
    console.log(got.timeline.map((e) => `${e.code}@${e.at - got.timeline[0]!.at}`).join(' '))
    expect(latency).toBeLessThan(1000)

    // the shipped card the simulator pushes, duplicates and a reconnect deliver nothing more
    sim.control.duplicatePushes({ count: 2 })
    sim.control.dropSocket({})
    await until('reconnected', async () => (await t!.core.api['accounts.list']({}))[0]?.connection === 'CONNECTED')
    await t.core.api['orders.reconcile']({ accountId: account.id }).catch(() => null)
    await new Promise((r) => setTimeout(r, 500))
    await t.core.services.orders.idle()
    expect(sim.control.sent({ cid: hello.cid }).filter((m) => m.text.includes('SIM-CODE'))).toHaveLength(1)
    expect(sim.control.sent({ cid: hello.cid }).some((m) => m.text.includes('SIM-CODE-0002'))).toBe(false)
    // the chat keeps the masked text; nothing is logged in clear
    const chat = await t.core.api['messages.list']({ accountId: account.id, cid })
    expect(chat.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual([`您的卡密：SI******01（订单 ${simOrder.orderId}）`])
    expect(JSON.stringify(t.logs)).not.toContain('SIM-CODE-0001')
    expect((await t.core.api['conversations.detail']({ accountId: account.id, cid })).conversation.mode).toBe('auto')
  }, 30_000)

  it('a restart while the code is on the wire: the platform already has it, the backfill settles it, nothing is sent twice', async () => {
    sim = await startSimulator({ scenario: 'quiet', sellerUnb: SELLER })
    t = makeCore({ core: { orders: { reconcileMs: 0, retryMs: 50 } } })
    const { dir, secrets } = t
    const endpoints: Endpoints = { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' }
    const account = await t.core.services.accounts.addByCookie({ cookie: sim.control.mintCookie({ unb: SELLER, nick: '测试卖家' }) }, { endpointsJson: JSON.stringify(endpoints) })
    await t.core.start()
    await until('online', async () => (await t!.core.api['accounts.list']({}))[0]?.status === 'online')
    const hello = sim.control.buyerSays({ buyerId: '3300000000078', nick: '夜猫子', text: '在吗' })
    const cid = hello.cid.replace(/@goofish$/, '')
    await until('chat stored', async () => (await t!.core.api['messages.list']({ accountId: account.id, cid })).length > 0)
    const pool = await t.core.api['delivery.savePool']({ accountId: account.id, name: '月卡', lowStockThreshold: 0 })
    await t.core.api['delivery.importCodes']({ poolId: pool.id, text: 'WIRE-CODE-0001\nWIRE-CODE-0002\n', format: 'lines' })
    await t.core.api['delivery.saveRule']({
      rule: { accountId: account.id, itemId: hello.itemId, spec: '', name: '', enabled: true, source: { kind: 'pool', poolId: pool.id }, messages: [{ kind: 'text', text: '卡密 {code}' }], delaySeconds: 0, shipMode: 'after_ack' }
    })
    const simOrder = sim.control.orderEvent({ cid: hello.cid, event: 'order' })
    await until('order placed', async () => (await t!.core.api['orders.list']({})).total === 1)
    // the gateway takes the message but its answer is slow: the app stops before the ack
    sim.control.slow({ wsMs: 5000 })
    sim.control.orderEvent({ cid: hello.cid, event: 'pay' })
    await until('code at the gateway', () => sim!.control.sent({ cid: hello.cid }).some((m) => m.text.includes('WIRE-CODE-0001')))
    await t.core.close()
    const stopped = t.core.services.db
    expect(stopped.open).toBe(false)
    sim.control.slow({ wsMs: 0 })

    t = makeCore({ dir, secrets, core: { orders: { reconcileMs: 0, retryMs: 50 } } })
    const before = await t.core.api['orders.get']({ accountId: account.id, orderId: simOrder.orderId })
    expect(before.order.delivery).toBe('sending')
    await t.core.start()
    await until('delivered after the restart', async () => (await t!.core.api['orders.get']({ accountId: account.id, orderId: simOrder.orderId })).order.ship === 'shipped')
    await t.core.services.orders.idle()
    expect(sim.control.sent({ cid: hello.cid }).filter((m) => m.text.includes('WIRE-CODE'))).toHaveLength(1)
    const got = await t.core.api['orders.get']({ accountId: account.id, orderId: simOrder.orderId })
    expect(got.order.delivery).toBe('delivered')
    expect(got.messages.map((m) => [m.text, m.state])).toEqual([['卡密 WI******01', 'acked']])
    const codes = await t.core.api['delivery.listCodes']({ poolId: pool.id })
    expect(codes.codes.map((c) => c.state)).toEqual(['used', 'available'])
    expect(sim.control.orders().find((o) => o.orderId === simOrder.orderId)?.shippedCalls).toBe(1)
    const chat = await t.core.api['messages.list']({ accountId: account.id, cid })
    expect(chat.filter((m) => m.direction === 'out').map((m) => [m.text, m.source])).toEqual([['卡密 WI******01', 'delivery']])
    expect((await t.core.api['conversations.detail']({ accountId: account.id, cid })).conversation.mode).toBe('auto')
  }, 40_000)

  it('the order API client against the simulator: detail, consign (idempotent refusal), freeshipping; a missing API is a refusal', async () => {
    sim = await startSimulator({ scenario: 'quiet', sellerUnb: SELLER })
    t = makeCore({ core: { orders: { reconcileMs: 0, retryMs: 50 } } })
    const endpoints: Endpoints = { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' }
    const account = await t.core.services.accounts.addByCookie({ cookie: sim.control.mintCookie({ unb: SELLER, nick: '测试卖家' }) }, { endpointsJson: JSON.stringify(endpoints) })
    await t.core.start()
    await until('online', async () => (await t!.core.api['accounts.list']({}))[0]?.status === 'online')
    const api = new MtopOrderApi((id) => t!.core.services.manager.client(id)?.mtop ?? null)
    const hello = sim.control.buyerSays({ buyerId: '3300000000079', nick: '小刀客', text: '你好' })
    const o = sim.control.orderEvent({ cid: hello.cid, event: 'order' })
    expect(await api.detail(account.id, o.orderId)).toMatchObject({ orderId: o.orderId, state: 'placed', itemId: hello.itemId, quantity: 1, buyerId: '3300000000079', amount: Number(o.price) })
    sim.control.orderEvent({ cid: hello.cid, event: 'pay' })
    expect((await api.detail(account.id, o.orderId)).state).toBe('paid')
    // freeshipping is for 小刀 orders only (the simulator refuses it for another order, as a business error)
    await expect(api.freeShipping(account.id, o.orderId, hello.itemId, '3300000000079')).rejects.toMatchObject({ code: 'FAIL_BIZ_GROUPON_ORDER_ERROR' })
    const xd = sim.control.buy({ buyerId: '3300000000080', itemId: hello.itemId, sellerId: SELLER, xiaodao: true })
    await api.freeShipping(account.id, xd.orderId, hello.itemId, '3300000000080')
    expect(sim.control.order({ orderId: xd.orderId })).toMatchObject({ status: 'shipped', shippedCalls: 1 })
    await api.consign(account.id, o.orderId)
    expect((await api.detail(account.id, o.orderId)).state).toBe('shipped')
    const again = await api.consign(account.id, o.orderId).then(() => null, (e: unknown) => e)
    expect(again).toBeInstanceOf(OrderApiRefused)
    expect(again).toMatchObject({ code: 'FAIL_BIZ_ORDER_STATUS_ERROR' })
    await expect(api.detail(account.id, '4199999999999')).rejects.toBeInstanceOf(OrderApiRefused)
    expect(sim.control.orders().find((x) => x.orderId === o.orderId)?.shippedCalls).toBe(1)
    await expect(api.detail('nobody', o.orderId)).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  }, 30_000)
})
