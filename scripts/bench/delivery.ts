/**
 * Automatic delivery (issue 16): a paid card pushed by the simulator → the code message received
 * by the simulator, at 20 paid orders a second sustained for ~30 s on one account. Measured on the
 * simulator's side of the socket (its own process: simWorker.ts): from the moment the frame with
 * the paid card leaves to the moment the send carrying the code arrives. In between, the real core:
 * decode, order card → order record, order detail over mtop, the rule, a code reserved in one
 * SQLite transaction, the send, then (after the acknowledgement) consign.dummy. Double deliveries
 * are counted (an order with a second code message, a code in two orders): must be 0.
 *
 * The client's send pacing (§8.7; the settings allow ≤ 120 sends a minute per account) is raised
 * for the bench: at 2 sends a second 20 orders a second cannot be served by any delivery path.
 */
import type { ItemSpec } from '../../test/core/orders/audit'
import { configureDelivery } from '../../test/core/orders/audit'
import { benchCore, connectAll, startSimChild } from './simChild'
import { summarize } from './stats'

/** Items of the simulator's 'quiet' scenario: Steam codes with two specs, and a plain item. */
const ITEMS: ItemSpec[] = [{ itemId: '800000000103', specs: ['标准版', '豪华版'] }, { itemId: '800000000102', specs: [] }]
const ORDER_ITEMS = [{ itemId: '800000000103', spec: '标准版' }, { itemId: '800000000103', spec: '豪华版' }, { itemId: '800000000102' }]

export async function benchDelivery(opts: { rate?: number; seconds?: number } = {}): Promise<Record<string, unknown>> {
  const rate = opts.rate ?? 20
  const seconds = opts.seconds ?? 30
  const total = Math.round(rate * seconds)
  const sim = await startSimChild()
  const b = await benchCore(sim, 1, { clientConfig: { sendRatePerMinute: 100_000 }, account: { humanDelayMs: { min: 0, max: 0 } } })
  try {
    const accountId = b.accountIds[0] as string
    await configureDelivery(b.core.api, accountId, ITEMS, () => Math.ceil(total / ORDER_ITEMS.length) + 20, 'after_ack')
    await connectAll(b)
    await new Promise((r) => setTimeout(r, 2_000)) // past the post-connect backfill and reconcile
    const seller = b.sellers[0] as string
    const r = await sim.deliveryLoad({ seller, items: ORDER_ITEMS, rate, seconds })
    const s = summarize(r.latencies)
    const pools = await b.core.api['delivery.listPools']({ accountId })
    // where the slowest orders spent their time, from the app's own timeline (ms after the order became paid)
    const slowest = await Promise.all(r.slowest.map(async (x) => {
      const { timeline } = await b.core.api['orders.get']({ accountId, orderId: x.orderId })
      const paidAt = timeline.find((e) => e.code === 'state_changed' && e.params.to === 'paid')?.at ?? timeline[0]?.at ?? 0
      const step = (code: string): number | null => {
        const e = timeline.find((t) => t.code === code && t.at >= paidAt)
        return e ? e.at - paidAt : null
      }
      return { ms: Math.round(x.ms), started: step('delivery_started'), detail: step('detail_fetched'), reserved: step('code_reserved'), acked: step('message_acked') }
    }))
    return {
      offeredPerSec: rate, seconds, orders: r.orders, achievedPerSec: Math.round((r.orders / r.elapsedMs) * 1000 * 10) / 10,
      paidPushToCodeMs: s, undelivered: r.undelivered, doubleDeliveries: r.doubleDeliveries, codesInTwoOrders: r.codesInTwoOrders,
      codeMessages: r.codeMessages, poolsUsed: pools.reduce((n, p) => n + p.used, 0), poolsReserved: pools.reduce((n, p) => n + p.reserved, 0),
      goal: 'p99 < 50 ms at 20 orders/s, 0 double deliveries', met: s.p99 < 50 && r.doubleDeliveries === 0 && r.codesInTwoOrders === 0 && r.undelivered === 0,
      slowest, simRssMb: r.simRssMb
    }
  } finally {
    await b.dispose()
    await sim.close()
  }
}
