import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FakeOrderApi, FakeTransport, ordersHarness, type OrdersHarness } from './harness'

/**
 * Exactly once through a crash: the core is closed while a delivery message is on the wire (the
 * transport never answers), and a new core is built on the same database file — the restart.
 */
let dir: string
let hs: OrdersHarness[] = []
afterEach(async () => {
  for (const h of hs) await h.dispose(true)
  hs = []
  rmSync(dir, { recursive: true, force: true })
})

async function crashMidSend(codes: string[], quantity = 1): Promise<{ api: FakeOrderApi; poolId: number; first: OrdersHarness }> {
  dir = mkdtempSync(join(tmpdir(), 'xd-orders-crash-'))
  const api = new FakeOrderApi()
  const tx = new FakeTransport()
  tx.mode = 'hang'
  const first = await ordersHarness({ dir, api, tx })
  hs.push(first)
  const poolId = await first.pool('月卡', codes)
  await first.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '卡密 {code}' }] })
  api.add('4100000000100', { quantity })
  first.card('paid', '4100000000100')
  for (let i = 0; i < 100 && tx.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
  expect(tx.sent).toHaveLength(1)
  // the process dies here: reserved, uuid stored, the send on the wire, no ack
  await first.t.core.close()
  hs = []
  return { api, poolId, first }
}

const states = (h: OrdersHarness, poolId: number) => h.t.core.services.db.prepare('SELECT code, state, order_id AS orderId FROM pool_codes WHERE pool_id = ? ORDER BY id').all(poolId) as Array<{ code: string; state: string; orderId: string | null }>

describe('a crash between reserve and ack', () => {
  it('the platform never got it: the restart sends the same reserved code with the same uuid, never a second code', async () => {
    const { api, poolId, first } = await crashMidSend(['CRASH-CODE-01', 'CRASH-CODE-02'])
    const key = first.tx.sent[0]?.key
    const again = await ordersHarness({ dir, api })
    hs.push(again)
    expect(states(again, poolId)).toEqual([{ code: 'CRASH-CODE-01', state: 'reserved', orderId: '4100000000100' }, { code: 'CRASH-CODE-02', state: 'available', orderId: null }])
    await again.t.core.services.orders.resume(again.accountId)
    await again.settle()
    expect(again.tx.texts()).toEqual(['卡密 CRASH-CODE-01'])
    expect(again.tx.sent[0]?.key).toBe(key)
    expect(states(again, poolId)).toEqual([{ code: 'CRASH-CODE-01', state: 'used', orderId: '4100000000100' }, { code: 'CRASH-CODE-02', state: 'available', orderId: null }])
    const got = await again.t.core.api['orders.get']({ accountId: again.accountId, orderId: '4100000000100' })
    expect(got.order.delivery).toBe('delivered')
    // a repeated paid card after the restart delivers nothing more
    again.card('paid', '4100000000100')
    await again.t.core.services.orders.resume(again.accountId)
    await again.settle()
    expect(again.tx.sent).toHaveLength(1)
  })

  it('the platform already had it: its copy comes back in the backfill, is claimed (stored masked) and nothing is resent', async () => {
    const { api, poolId } = await crashMidSend(['ECHO-CODE-01', 'ECHO-CODE-02'], 2)
    const again = await ordersHarness({ dir, api })
    hs.push(again)
    // the backfill brings our own first message back (no uuid on it, only its text)
    const r = again.t.core.services.ingest.ingest({
      accountId: again.accountId, cid: again.cid, direction: 'out', senderId: '2200000000001', senderNick: '卖家', contentType: 'text', text: '卡密 ECHO-CODE-01',
      platformMessageId: 'pm-backfilled-1', createdAt: Date.now()
    })
    expect(r).toBe('own_echo')
    await again.t.core.services.orders.resume(again.accountId)
    await again.settle()
    // only the second unit is sent now
    expect(again.tx.texts()).toEqual(['卡密 ECHO-CODE-02'])
    expect(states(again, poolId).map((c) => c.state)).toEqual(['used', 'used'])
    const chat = await again.t.core.api['messages.list']({ accountId: again.accountId, cid: again.cid })
    expect(chat.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['卡密 EC******01', '卡密 EC******02'])
    // not taken for the seller writing from the phone
    expect((await again.t.core.api['conversations.detail']({ accountId: again.accountId, cid: again.cid })).conversation.mode).toBe('auto')
    expect((await again.t.core.api['orders.get']({ accountId: again.accountId, orderId: '4100000000100' })).order.delivery).toBe('delivered')
  })

  it('a crash during the delay: the due time is on disk and the restart delivers when it comes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xd-orders-crash-'))
    const api = new FakeOrderApi()
    const first = await ordersHarness({ dir, api })
    hs.push(first)
    await first.rule({ delaySeconds: 1, messages: [{ kind: 'text', text: '延时发货 {order_id}' }] })
    api.add('4100000000101')
    first.card('paid', '4100000000101')
    await first.settle()
    expect((await first.t.core.api['orders.get']({ accountId: first.accountId, orderId: '4100000000101' })).order.delivery).toBe('waiting')
    await first.t.core.close()
    hs = []
    expect(first.tx.sent).toHaveLength(0)
    const again = await ordersHarness({ dir, api })
    hs.push(again)
    // what core.start() does for orders (without connecting the test account anywhere)
    again.t.core.services.orders.start()
    for (let i = 0; i < 200 && again.tx.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    await again.settle()
    expect(again.tx.texts()).toEqual(['延时发货 4100000000101'])
  })

  it('a lost connection mid-send leaves the message for the resume; its echo settles it, the reconnect sends the rest once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xd-orders-crash-'))
    const h = await ordersHarness({ dir })
    hs.push(h)
    await h.rule({ messages: [{ kind: 'text', text: '第一条' }, { kind: 'text', text: '第二条' }] })
    h.api.add('4100000000102')
    h.tx.mode = 'lose'
    h.card('paid', '4100000000102')
    await h.settle()
    expect((await h.t.core.api['orders.get']({ accountId: h.accountId, orderId: '4100000000102' })).order.delivery).toBe('sending')
    expect(await h.t.core.api['delivery.listReviews']({})).toHaveLength(0)
    // the first one did reach the platform: its echo comes back (recognised by the live client as ours)
    h.t.core.services.ingest.ingest({
      accountId: h.accountId, cid: h.cid, direction: 'out', senderId: '2200000000001', senderNick: '卖家', contentType: 'text', text: '第一条',
      platformMessageId: 'pm-echo-1', createdAt: Date.now(), ownSend: true
    })
    h.tx.mode = 'ack'
    await h.t.core.services.orders.resume(h.accountId)
    await h.settle()
    expect(h.tx.texts()).toEqual(['第二条'])
    expect((await h.t.core.api['orders.get']({ accountId: h.accountId, orderId: '4100000000102' })).order.delivery).toBe('delivered')
  })

  it('a quick restart after a burst: send uuids of the last run (ahead of the clock) are never reused', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xd-orders-crash-'))
    const h = await ordersHarness({ dir })
    hs.push(h)
    await h.rule({ messages: [{ kind: 'text', text: '你好' }] })
    // the last run's burst left uuids for the next two seconds
    const now = Date.now()
    const ins = h.t.core.services.db.prepare("INSERT INTO delivery_messages (account_id, order_id, cid, unit, part, kind, body, masked, uuid, state, created_at) VALUES (?, 'old', 'c', 0, 0, 'text', 'x', 'x', ?, 'acked', 1)")
    for (let i = 0; i < 2000; i++) ins.run(h.accountId, `-${now + i}1`)
    h.api.add('4100000000103')
    h.card('paid', '4100000000103')
    await h.settle()
    expect(h.tx.texts()).toEqual(['你好'])
    const key = h.tx.sent[0]!.key
    expect(Number(key.slice(1, -1))).toBeGreaterThanOrEqual(now + 2000)
  })

  it('the account’s send-rate limit turns a message away: it is tried again shortly, sent once, no review', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xd-orders-crash-'))
    const h = await ordersHarness({ dir })
    hs.push(h)
    await h.rule({ messages: [{ kind: 'text', text: '稍后送达' }] })
    h.api.add('4100000000104')
    h.tx.mode = 'busy'
    h.card('paid', '4100000000104')
    await h.settle()
    expect((await h.t.core.api['orders.get']({ accountId: h.accountId, orderId: '4100000000104' })).order.delivery).toBe('sending')
    h.tx.mode = 'ack'
    await new Promise((r) => setTimeout(r, 120))
    await h.settle()
    expect(h.tx.texts()).toEqual(['稍后送达'])
    expect((await h.t.core.api['orders.get']({ accountId: h.accountId, orderId: '4100000000104' })).order.delivery).toBe('delivered')
    expect(await h.t.core.api['delivery.listReviews']({})).toHaveLength(0)
  })
})
