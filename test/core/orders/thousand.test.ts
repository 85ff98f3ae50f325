import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import type { BuyInput } from '../../../src-main/simulator/control'
import type { SimOrder } from '../../../src-main/simulator/world'
import { makeCore, type TestCore } from '../../helpers/core'
import { endpointsOf, FAST_CLIENT, sleep, until } from '../scenarios/world'
import { allOrders, audit, configureDelivery, poolMismatches, scenarioItems, virtualItems, type DeliverySetup, type ItemSpec } from './audit'

/**
 * Issue 16, "done when": 1,000 paid orders over 20 items and 3 accounts, through the public
 * contract of a real core against the simulator, with the paid cards duplicated (the same push in
 * extra frames, and the card repeated as separate messages), reordered, re-pushed after
 * reconnects, found only by the backfill, and — for orders paid while an account was off — only
 * in the sold list (orders.reconcile). Counted on the simulator's side, per order (one chat per
 * order): exactly its quantity of distinct codes, each once; no code in two orders; the pools'
 * counts match what the buyers got. Orders refunded or closed before delivery get nothing.
 */
const SELLERS = ['2200000001601', '2200000001602', '2200000001603']
const ITEMS = virtualItems(20)
const itemsOf = (a: number): ItemSpec[] => ITEMS.filter((_, i) => i % 3 === a)
const ONLINE_DELIVERABLE = 880
const OFFLINE_DELIVERABLE = 120

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

let sim: Simulator | undefined
let t: TestCore | undefined
afterEach(async () => {
  await t?.dispose()
  await sim?.close()
})

describe('1,000 paid orders, 3 accounts, 20 items', () => {
  it('each delivered exactly once, no code twice, pools match; refund / close before delivery → nothing sent', { timeout: 120_000 }, async () => {
    const t0 = Date.now()
    const s = (sim = await startSimulator({ scenario: { name: 'thousand', items: scenarioItems(ITEMS), buyers: [] } }))
    // the client's send hygiene (§8.7: ≤ 120 sends a minute per account in the settings) would pace
    // 1,258 code messages over 3½ minutes; the guarantees under test do not depend on it
    const core = (t = makeCore({ core: { clientConfig: { ...FAST_CLIENT, sendRatePerMinute: 100_000 } } })).core
    const api = core.api
    const accountIds: string[] = []
    const setups: DeliverySetup[] = []
    for (const [a, unb] of SELLERS.entries()) {
      const cookie = s.control.mintCookie({ unb, nick: `卖家${a}` })
      const account = await core.services.accounts.addByCookie({ cookie }, { endpointsJson: JSON.stringify(endpointsOf(s)) })
      await api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0, sendRatePerMinute: 120, humanDelayMs: { min: 0, max: 0 } } })
      accountIds.push(account.id)
      setups.push(await configureDelivery(api, account.id, itemsOf(a), () => 260))
    }
    await api['settings.update']({ global: { browserPath: '/nonexistent/xd-test/chromium' } })
    await core.start()
    const connected = async (a: number): Promise<boolean> => (await api['accounts.list']({})).find((x) => x.id === accountIds[a])?.connection === 'CONNECTED'
    await until('all accounts online', async () => (await Promise.all([0, 1, 2].map(connected))).every(Boolean), 30_000)
    const tConfigured = Date.now()

    const random = rng(16)
    const deliver: SimOrder[] = []
    /** How each order's payment reached the seller (for the failure report). */
    const how = new Map<string, string>()
    const note = (o: SimOrder, kind: string): SimOrder => {
      how.set(o.orderId, kind)
      return o
    }
    const forbidden: SimOrder[] = []
    let buyerSeq = 0
    const buy = (a: number, o: Omit<BuyInput, 'buyerId' | 'itemId' | 'sellerId'> = {}): SimOrder => {
      const items = itemsOf(a)
      const item = items[Math.floor(random() * items.length)] as ItemSpec
      const spec = item.specs.length > 0 ? item.specs[Math.floor(random() * item.specs.length)] : undefined
      const r = random()
      const quantity = r < 0.8 ? 1 : r < 0.95 ? 2 : 3
      const buyerId = `3301${String(++buyerSeq).padStart(9, '0')}`
      return s.control.buy({ buyerId, nick: `买家${buyerSeq}`, itemId: item.itemId, sellerId: SELLERS[a], quantity, ...(spec !== undefined ? { spec } : {}), ...o })
    }
    /** Refunded or closed before any delivery could start: paid silently (or not paid), then the card. */
    const forbid = (a: number, kind: number, card: 'none' | 'store' = 'none'): void => {
      if (kind === 0) {
        const o = buy(a, { card })
        forbidden.push(s.control.orderEvent({ cid: o.cid, event: 'refund', orderId: o.orderId }))
      } else if (kind === 1) {
        const o = buy(a, { card })
        forbidden.push(s.control.orderEvent({ cid: o.cid, event: 'close', orderId: o.orderId }))
      } else {
        const o = buy(a, { pay: false })
        forbidden.push(s.control.orderEvent({ cid: o.cid, event: 'close', orderId: o.orderId }))
      }
    }

    // Phase 1: all online. Duplicated frames, repeated cards, reordering, re-pushes after socket
    // drops (the gateway replays the last 25 cards on every sync start), and cards paid in the
    // dead-socket window right after a drop (pushed into a dead socket or to nobody: only the
    // backfill after the reconnect finds them).
    s.control.replayOnSync({ count: 25 })
    for (let i = 0; i < ONLINE_DELIVERABLE;) {
      if (i >= 100 && i < 250) s.control.duplicatePushes({ count: 1 })
      else if (i >= 400 && i < 550) s.control.reorderPushes({ window: 5 })
      else s.control.setFaults({ duplicatePushes: 0, reorderWindow: 0 })
      if (i > 0 && i % 180 === 0) {
        const a = (i / 180) % 3
        s.control.dropSocket({ unb: SELLERS[a], mode: 'terminate' })
        for (let k = 0; k < 12; k++, i++) deliver.push(note(buy(a), 'dead-socket window (backfill)'))
      }
      const a = i % 3
      const r = random()
      if (r < 0.08) deliver.push(note(buy(a, { paidCopies: 2 }), 'paid card twice'))
      else if (r < 0.1) {
        const o = buy(a)
        s.control.orderEvent({ cid: o.cid, event: 'remind', orderId: o.orderId })
        deliver.push(note(o, 'paid + remind'))
      } else deliver.push(note(buy(a), 'paid card'))
      if (i % 22 === 11) forbid(a, i % 3)
      if (i % 3 === 2) await sleep(25)
      i++
    }
    const tPhase1 = Date.now()

    // Phase 2: account 3 is switched off; its buyers pay meanwhile (cards stored but pushed to
    // nobody → backfill; or no card at all → only the sold list), some refunded / closed.
    await api['accounts.update']({ id: accountIds[2] as string, enabled: false })
    await until('account 3 offline', () => !s.control.clients().some((c) => c.unb === SELLERS[2]), 10_000)
    for (let i = 0; i < OFFLINE_DELIVERABLE; i++) {
      const r = i % 6
      deliver.push(note(buy(2, r < 3 ? {} : r < 5 ? { card: 'none' } : { paidCopies: 2 }), r < 3 ? 'offline: stored card' : r < 5 ? 'offline: sold list only' : 'offline: stored card twice'))
      if (i % 4 === 0) forbid(2, (i / 4) % 3, i % 8 === 0 ? 'store' : 'none')
    }
    await api['accounts.update']({ id: accountIds[2] as string, enabled: true })
    await until('account 3 back online', () => connected(2), 20_000)
    const rec = await api['orders.reconcile']({ accountId: accountIds[2] })
    expect(rec.checked).toBeGreaterThan(0)

    const units = deliver.reduce((n, o) => n + o.quantity, 0)
    const setup = { codePool: new Map(setups.flatMap((x) => [...x.codePool])) }
    const tally = (): ReturnType<typeof audit> => audit(s.control.sent(), deliver, forbidden, setup)
    await until('every paid order delivered', () => tally().missing.length === 0, 60_000, 250).catch(() => undefined)
    const tDelivered = Date.now()
    await until('every delivered order shipped', () => deliver.every((o) => s.control.order({ orderId: o.orderId })?.status === 'shipped'), 15_000, 250).catch(() => undefined)
    await sleep(1_000) // a late duplicate would show up here
    const result = tally()
    console.log(JSON.stringify({
      thousand: {
        orders: deliver.length, units, forbidden: forbidden.length, exact: result.exact, codesSent: result.codesSent,
        setupMs: tConfigured - t0, phase1Ms: tPhase1 - tConfigured, deliveredMs: tDelivered - tConfigured, totalMs: Date.now() - t0,
        sim: s.control.counters()
      }
    }))

    expect(deliver).toHaveLength(1000)
    // soft: a failure reports every broken guarantee, not only the first
    const explain = async (line: string): Promise<string> => {
      const id = line.split(':')[0] as string
      const o = deliver.find((x) => x.orderId === id)
      const rec = o ? await api['orders.get']({ accountId: accountIds[SELLERS.indexOf(o.sellerId)] as string, orderId: id }).catch((e: unknown) => String(e)) : null
      const trace = rec && typeof rec === 'object' ? `${rec.order.state}/${rec.order.delivery}: ${rec.timeline.slice(-3).map((e) => `${e.code}${e.code === 'send_failed' ? ` (${String(e.params.error)})` : ''}`).join(' → ')}` : String(rec)
      return `${line} [${how.get(id)}] ${trace}`
    }
    // up to 10 explained per way of payment, the rest counted
    const shown = new Map<string, number>()
    const sample = result.missing.filter((line) => {
      const kind = how.get(line.split(':')[0] as string) ?? '?'
      shown.set(kind, (shown.get(kind) ?? 0) + 1)
      return (shown.get(kind) ?? 0) <= 10
    })
    expect.soft([...(await Promise.all(sample.map(explain))), ...(result.missing.length > sample.length ? [`… and ${result.missing.length - sample.length} more: ${JSON.stringify(Object.fromEntries(shown))}`] : [])]).toEqual([])
    expect.soft(result.extra).toEqual([])
    expect.soft(result.resent).toEqual([])
    expect.soft(result.codeInTwoOrders).toEqual([])
    expect.soft(result.unknownCodes).toEqual([])
    expect.soft(result.sentToForbidden).toEqual([])
    expect.soft(result.exact).toBe(1000)
    expect.soft(result.codesSent).toBe(units)
    for (const [a, id] of accountIds.entries()) {
      expect.soft(poolMismatches(await api['delivery.listPools']({ accountId: id }), setups[a] as DeliverySetup, result.usedPerPool)).toEqual([])
    }

    // the app's own record agrees: delivered, shipped once; the refunded / closed ones skipped
    const records = new Map((await Promise.all(accountIds.map((id) => allOrders(api, id)))).flat().map((o) => [o.orderId, o]))
    const wrong = deliver.map((o) => [o, records.get(o.orderId)] as const)
      .filter(([o, r]) => !r || r.delivery !== 'delivered' || r.quantity !== o.quantity || r.spec !== o.spec || r.ship !== 'shipped')
      .map(([o, r]) => `${o.orderId}: ${r ? `${r.delivery}/${r.ship} q${r.quantity} '${r.spec}'` : 'unknown'} (sim q${o.quantity} '${o.spec}')`)
    expect.soft(wrong).toEqual([])
    const forbiddenWrong = forbidden.map((o) => [o, records.get(o.orderId)] as const)
      .filter(([, r]) => r !== undefined && (r.delivery === 'delivered' || r.delivery === 'sending' || !['refunding', 'closed'].includes(r.state)))
      .map(([o, r]) => `${o.orderId}: ${r?.state}/${r?.delivery}`)
    expect.soft(forbiddenWrong).toEqual([])
    expect.soft(s.control.orders().filter((o) => o.shippedCalls > 1).map((o) => o.orderId)).toEqual([])
    expect.soft(deliver.filter((o) => s.control.order({ orderId: o.orderId })?.status !== 'shipped').map((o) => o.orderId)).toEqual([])
  })
})
