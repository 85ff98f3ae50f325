import { afterEach, describe, expect, it } from 'vitest'
import { ordersHarness, type OrdersHarness } from './harness'

/**
 * Many paid orders with duplicated, reordered and backfilled cards against one pool: each order
 * is delivered exactly once and no code goes out twice. Logs the card → send latency.
 */
let h: OrdersHarness | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
})

describe('volume', () => {
  it('200 paid orders at 20/s, every card repeated, some reordered, then a reconcile: each delivered once, no code twice', async () => {
    h = await ordersHarness()
    const N = 200
    const codes = Array.from({ length: N + 20 }, (_v, i) => `VOL-${String(i).padStart(6, '0')}-CODE`)
    const poolId = await h.pool('批量', codes)
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    const sentAt = new Map<string, number>()
    const paidAt = new Map<string, number>()
    const orig = h.tx.send.bind(h.tx)
    h.tx.send = async (accountId, cid, part, opts) => {
      const r = await orig(accountId, cid, part, opts)
      sentAt.set(cid, performance.now())
      return r
    }
    for (let i = 0; i < N; i++) {
      const orderId = `42${String(i).padStart(11, '0')}`
      const cid = `52${String(i).padStart(9, '0')}`
      const buyerId = `34${String(i).padStart(11, '0')}`
      h.api.add(orderId, { buyerId })
      if (i % 7 === 0) h.card('awaiting_payment', orderId, { cid, buyerId })
      paidAt.set(cid, performance.now())
      h.card('paid', orderId, { cid, buyerId })
      h.card('paid', orderId, { cid, buyerId })
      // a backfill hands the same card over again
      if (i % 5 === 0) h.t.core.services.orders.onCard(h.accountId, cid, 'paid', orderId)
      if (i % 11 === 0) h.card('awaiting_payment', orderId, { cid, buyerId })
      await new Promise((r) => setTimeout(r, 50))
    }
    await h.settle()
    await h.t.core.api['orders.reconcile']({ accountId: h.accountId })
    await h.settle()
    const texts = h.tx.texts()
    expect(texts).toHaveLength(N)
    expect(new Set(texts).size).toBe(N)
    const delivered = h.t.core.services.db.prepare("SELECT count(*) FROM orders WHERE delivery = 'delivered'").pluck().get()
    expect(delivered).toBe(N)
    const used = h.t.core.services.db.prepare("SELECT count(*) FROM pool_codes WHERE state = 'used'").pluck().get()
    expect(used).toBe(N)
    const lat = [...sentAt.entries()].map(([cid, at]) => at - (paidAt.get(cid) ?? at)).sort((a, b) => a - b)
    const p = (q: number): number => Math.round(lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0)
    console.log(`card → send (fake transport and order API, in process): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms over ${lat.length}`)
    expect(lat).toHaveLength(N)
  }, 60_000)
})
