import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ordersHarness, type OrdersHarness } from './harness'

/** Confirm shipment (consign.dummy / freeshipping) by rule mode, idempotent; the HTTP code source. */
let h: OrdersHarness | undefined
let server: Server | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
  server?.closeAllConnections()
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = undefined
})

const order = async (orderId: string) => h!.t.core.api['orders.get']({ accountId: h!.accountId, orderId })

describe('confirm shipment', () => {
  it('after_ack: consign once after every message was acknowledged; the order shows shipped with its trace', async () => {
    h = await ordersHarness()
    await h.rule({ shipMode: 'after_ack' })
    h.api.add('4100000000200')
    h.card('paid', '4100000000200')
    await h.settle()
    expect(h.api.consignCalls).toBe(1)
    const got = await order('4100000000200')
    expect(got.order).toMatchObject({ state: 'shipped', delivery: 'delivered', ship: 'shipped', shippedAt: expect.any(Number) as unknown })
    const codes = got.timeline.map((e) => e.code)
    expect(codes.indexOf('delivered')).toBeLessThan(codes.indexOf('ship_called'))
    expect(codes).toContain('ship_ok')
    // the platform's shipped card afterwards changes nothing
    h.card('shipped', '4100000000200')
    await h.t.core.api['delivery.ship']({ accountId: h.accountId, orderId: '4100000000200' })
    expect(h.api.consignCalls).toBe(1)
  })

  it('a refund requested before the ship call: not shipped, no ship_failed review next to the refund', async () => {
    h = await ordersHarness()
    await h.rule({ shipMode: 'off' })
    h.api.add('4100000000210')
    h.card('paid', '4100000000210')
    await h.settle()
    // the buyer asks for a refund; the seller presses 确认发货 anyway: the platform refuses, the detail says refunding
    h.api.setState('4100000000210', 'refunding')
    const after = await h.t.core.api['delivery.ship']({ accountId: h.accountId, orderId: '4100000000210' })
    expect(h.api.consignCalls).toBe(1)
    expect(after.ship).toBe('not_asked')
    const reviews = await h.t.core.api['delivery.listReviews']({})
    expect(reviews.filter((r) => r.reason === 'ship_failed')).toEqual([])
    expect((await order('4100000000210')).timeline).toContainEqual(expect.objectContaining({ code: 'ship_skipped', params: expect.objectContaining({ state: 'refunding' }) as unknown }))
  })

  it('ship_only: nothing is sent, the order is shipped', async () => {
    h = await ordersHarness()
    await h.rule({ shipMode: 'ship_only', messages: [] })
    h.api.add('4100000000201')
    h.card('paid', '4100000000201')
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    expect(h.api.consignCalls).toBe(1)
    expect((await order('4100000000201')).order).toMatchObject({ ship: 'shipped', state: 'shipped', delivery: 'skipped' })
  })

  it('off: never called; the manual button ships; a business error on an order the detail shows shipped counts as shipped', async () => {
    h = await ordersHarness()
    await h.rule({ shipMode: 'off' })
    h.api.add('4100000000202')
    h.card('paid', '4100000000202')
    await h.settle()
    expect(h.api.consignCalls).toBe(0)
    expect((await order('4100000000202')).order.ship).toBe('not_asked')
    // shipped meanwhile on the phone: the platform refuses the second consign
    h.api.setState('4100000000202', 'shipped')
    const after = await h.t.core.api['delivery.ship']({ accountId: h.accountId, orderId: '4100000000202' })
    expect(h.api.consignCalls).toBe(1)
    expect(after).toMatchObject({ ship: 'shipped', state: 'shipped' })
    expect(await h.t.core.api['delivery.listReviews']({})).toHaveLength(0)
  })

  it('a failed ship call goes to review ship_failed with the platform’s message', async () => {
    h = await ordersHarness()
    await h.rule({ shipMode: 'after_ack' })
    h.api.add('4100000000203')
    h.api.consignError = '系统繁忙，请稍后再试'
    h.card('paid', '4100000000203')
    await h.settle()
    expect((await order('4100000000203')).order).toMatchObject({ ship: 'failed', delivery: 'delivered' })
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'ship_failed', detail: expect.stringContaining('系统繁忙') as unknown })
    h.api.consignError = null
    expect((await h.t.core.api['delivery.ship']({ accountId: h.accountId, orderId: '4100000000203' })).ship).toBe('shipped')
    expect(await h.t.core.api['delivery.listReviews']({})).toHaveLength(0)
  })

  it('小刀 order: freeshipping first, then consign', async () => {
    h = await ordersHarness()
    await h.rule({ shipMode: 'after_ack' })
    h.card('bargain_pending', '4100000000204')
    expect((await order('4100000000204')).order).toMatchObject({ xiaodao: true, state: 'placed' })
    h.api.add('4100000000204')
    h.card('paid', '4100000000204')
    await h.settle()
    expect(h.api.freeCalls).toBe(1)
    expect(h.api.consignCalls).toBe(1)
    expect((await order('4100000000204')).order.ship).toBe('shipped')
  })
})

describe('HTTP code source', () => {
  async function source(handler: (n: number, res: ServerResponse) => void): Promise<string> {
    let n = 0
    server = createServer((_req, res) => handler(++n, res))
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/code`
  }
  const http = (url: string, over: Record<string, unknown> = {}) => ({ kind: 'http' as const, http: { url, method: 'GET' as const, body: '', jsonPath: 'data.code', timeoutMs: 500, retries: 2, ...over } })

  it('reads the code at the JSON path, retrying a failing answer', async () => {
    const url = await source((n, res) => {
      if (n === 1) { res.statusCode = 500; res.end('busy'); return }
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ data: { code: `HTTP-CODE-${n}` } }))
    })
    h = await ordersHarness()
    await h.rule({ source: http(url), messages: [{ kind: 'text', text: '卡密 {code}' }] })
    h.api.add('4100000000210')
    h.card('paid', '4100000000210')
    await h.settle()
    expect(h.tx.texts()).toEqual(['卡密 HTTP-CODE-2'])
    expect((await order('4100000000210')).messages[0]?.text).toBe('卡密 HT******-2')
  })

  it('POST: the body template gets the order\'s values JSON-escaped (a buyer nick with quotes cannot break it)', async () => {
    let received = ''
    server = createServer((req, res) => {
      req.setEncoding('utf8')
      req.on('data', (c: string) => (received += c))
      req.on('end', () => res.end(JSON.stringify({ data: { code: 'POST-CODE-0001' } })))
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/code`
    h = await ordersHarness()
    await h.rule({ source: http(url, { method: 'POST', body: '{"order":"{order_id}","buyer":"{buyer}"}' }), messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000212', { buyerNick: '小"王\\","admin":true' })
    h.card('paid', '4100000000212')
    await h.settle()
    expect(JSON.parse(received)).toEqual({ order: '4100000000212', buyer: '小"王\\","admin":true' })
    expect(h.tx.texts()).toEqual(['POST-CODE-0001'])
  })

  it('a source that times out every time: review http_failed, nothing sent; testSource answers masked', async () => {
    const url = await source((n, res) => {
      if (n <= 3) return // never answers
      res.end(JSON.stringify({ data: { code: 'LATE-CODE-0001' } }))
    })
    h = await ordersHarness()
    const ruleId = await h.rule({ source: http(url, { retries: 2, timeoutMs: 500 }), messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000211')
    h.card('paid', '4100000000211')
    for (let i = 0; i < 50; i++) {
      await h.settle()
      if ((await order('4100000000211')).order.delivery === 'review') break
    }
    expect(h.tx.sent).toHaveLength(0)
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'http_failed', detail: expect.stringContaining('500 ms') as unknown })
    expect(await h.t.core.api['delivery.testSource']({ ruleId })).toEqual({ ok: true, masked: 'LA******01', error: '' })
  }, 15_000)
})
