/**
 * Shared by the delivery guarantee tests (thousand.test.ts, kill.test.ts) and the `delivery`
 * benchmark: configuring automatic delivery through the public contract, and counting on the
 * simulator's side what each buyer actually received. No vitest import here: checks throw.
 */
import { randomBytes } from 'node:crypto'
import type { Api } from '../../../src-main/contract/api'
import type { CardPool, Order, ShipMode } from '../../../src-main/contract/orders'
import type { ScenarioInput } from '../../../src-main/simulator/scenario'
import type { SimMessage, SimOrder } from '../../../src-main/simulator/world'

/** The one delivery message of every rule: the order id makes a stray message attributable. */
export const CODE_TEXT = '订单{order_id} 卡密：{code}'
const CODE_RE = /订单(\d+) 卡密：(\S+)/

export interface ItemSpec {
  readonly itemId: string
  /** SKU texts; empty = an item without SKUs (one rule for the whole item). */
  readonly specs: ReadonlyArray<string>
}

/** `n` virtual items (ids 8000000010xx), every fourth with two specs. */
export function virtualItems(n: number, first = 0): ItemSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    itemId: `80000000${String(1000 + first + i)}`,
    specs: (first + i) % 4 === 1 ? ['版本:标准版', '版本:豪华版'] : []
  }))
}

export function scenarioItems(items: ReadonlyArray<ItemSpec>): ScenarioInput['items'] {
  return items.map((it, i) => ({
    itemId: it.itemId, title: `虚拟商品${i} 激活码 自动发货`, price: `${10 + i}.00`, quantity: 10_000, virtual: true,
    desc: '付款后自动发货', skus: it.specs.map((spec, k) => ({ spec, price: `${10 + i + 10 * k}.90`, quantity: 5_000 }))
  }))
}

/** A pool per (item, spec), named `itemId/spec`. */
export const poolKey = (itemId: string, spec: string): string => `${itemId}/${spec}`

/** Unique, recognisable codes for one pool. */
export function makeCodes(key: string, n: number): string[] {
  const tag = randomBytes(3).toString('hex').toUpperCase()
  return Array.from({ length: n }, (_, i) => `K${tag}${key.replace(/\D/g, '').slice(-6)}N${String(i).padStart(5, '0')}${randomBytes(2).toString('hex').toUpperCase()}`)
}

export interface DeliverySetup {
  /** Pool key → pool id. */
  readonly pools: Map<string, number>
  /** Every imported code → its pool key. */
  readonly codePool: Map<string, string>
  /** Pool key → codes imported. */
  readonly imported: Map<string, number>
}

/**
 * Through the contract: auto-delivery on for the account, one pool per (item, spec) with
 * `perPool(key)` codes imported, and one rule per (item, spec) sending CODE_TEXT.
 */
export async function configureDelivery(api: Api, accountId: string, items: ReadonlyArray<ItemSpec>, perPool: (key: string) => number, shipMode: ShipMode = 'after_ack'): Promise<DeliverySetup> {
  await api['delivery.setSettings']({ accountId, autoDelivery: true })
  const pools = new Map<string, number>()
  const codePool = new Map<string, string>()
  const imported = new Map<string, number>()
  for (const it of items) {
    for (const spec of it.specs.length > 0 ? it.specs : ['']) {
      const key = poolKey(it.itemId, spec)
      const pool = await api['delivery.savePool']({ accountId, name: key, lowStockThreshold: 0 })
      const codes = makeCodes(key, perPool(key))
      const r = await api['delivery.importCodes']({ poolId: pool.id, text: codes.join('\n'), format: 'lines' })
      if (r.added !== codes.length) throw new Error(`pool ${key}: ${r.added} of ${codes.length} codes imported (${JSON.stringify(r)})`)
      for (const c of codes) codePool.set(c, key)
      pools.set(key, pool.id)
      imported.set(key, codes.length)
      await api['delivery.saveRule']({
        rule: {
          accountId, itemId: it.itemId, spec, name: key, enabled: true, source: { kind: 'pool', poolId: pool.id },
          messages: [{ kind: 'text', text: CODE_TEXT }], delaySeconds: 0, shipMode
        }
      })
    }
  }
  return { pools, codePool, imported }
}

export interface Received {
  /** Every message the seller sent into this chat (what the buyer received). */
  readonly messages: number
  /** Codes in the order of arrival (a re-send of the same code appears twice). */
  readonly codes: string[]
  /** Order ids named by the messages. */
  readonly orderIds: Set<string>
}

/** What each chat received, from the simulator's record of the seller's sends. */
export function received(sent: ReadonlyArray<SimMessage>): Map<string, Received> {
  const byCid = new Map<string, Received>()
  for (const m of sent) {
    const r = byCid.get(m.cid) ?? { messages: 0, codes: [], orderIds: new Set<string>() }
    const hit = CODE_RE.exec(m.text)
    byCid.set(m.cid, { messages: r.messages + 1, codes: hit?.[2] ? [...r.codes, hit[2]] : r.codes, orderIds: hit?.[1] ? new Set([...r.orderIds, hit[1]]) : r.orderIds })
  }
  return byCid
}

export interface Audit {
  /** Orders that should have been delivered and got exactly their quantity of distinct codes, once each. */
  readonly exact: number
  /** Orders missing codes: `orderId: got/quantity`. */
  readonly missing: string[]
  /** Orders with more distinct codes than units, or a message naming another order. */
  readonly extra: string[]
  /** Orders where a code arrived more than once (a re-send of the same code). */
  readonly resent: string[]
  /** Orders that must get nothing but got messages. */
  readonly sentToForbidden: string[]
  /** Codes that went to two different orders. */
  readonly codeInTwoOrders: string[]
  /** Codes sent that were never imported. */
  readonly unknownCodes: string[]
  /** Codes delivered per pool key. */
  readonly usedPerPool: Map<string, number>
  readonly codesSent: number
}

/**
 * Every order in `deliver` (one chat per order) must have received exactly `quantity` distinct
 * codes; `forbidden` orders nothing at all. `allowResend`: a code may arrive twice in its own
 * order (a re-send of the same reserved code after a crash); otherwise that counts as extra.
 */
export function audit(sent: ReadonlyArray<SimMessage>, deliver: ReadonlyArray<SimOrder>, forbidden: ReadonlyArray<SimOrder>, setup: { codePool: ReadonlyMap<string, string> }, allowResend = false): Audit {
  const got = received(sent)
  const owner = new Map<string, string>()
  const codeInTwoOrders = new Set<string>()
  const unknownCodes = new Set<string>()
  const usedPerPool = new Map<string, number>()
  const missing: string[] = []
  const extra: string[] = []
  const resent: string[] = []
  let exact = 0
  let codesSent = 0
  for (const o of deliver) {
    const r = got.get(o.cid) ?? { messages: 0, codes: [], orderIds: new Set<string>() }
    const distinct = new Set(r.codes)
    codesSent += r.codes.length
    for (const c of distinct) {
      const prev = owner.get(c)
      if (prev !== undefined && prev !== o.orderId) codeInTwoOrders.add(c)
      owner.set(c, o.orderId)
      const pool = setup.codePool.get(c)
      if (pool === undefined) unknownCodes.add(c)
      else usedPerPool.set(pool, (usedPerPool.get(pool) ?? 0) + 1)
    }
    const foreign = [...r.orderIds].filter((id) => id !== o.orderId)
    const repeated = r.codes.length !== distinct.size
    if (repeated) resent.push(`${o.orderId}: ${r.codes.length} messages for ${distinct.size} codes`)
    if (distinct.size < o.quantity) missing.push(`${o.orderId}: ${distinct.size}/${o.quantity}`)
    else if (distinct.size > o.quantity || foreign.length > 0 || r.messages !== r.codes.length || (repeated && !allowResend)) {
      extra.push(`${o.orderId}: ${distinct.size} codes, ${r.messages} messages for quantity ${o.quantity}${foreign.length > 0 ? `, names ${foreign.join(',')}` : ''}`)
    } else exact++
  }
  const sentToForbidden = forbidden.filter((o) => (got.get(o.cid)?.messages ?? 0) > 0).map((o) => `${o.orderId} (${o.status}): ${got.get(o.cid)?.messages} messages`)
  return { exact, missing, extra, resent, sentToForbidden, codeInTwoOrders: [...codeInTwoOrders], unknownCodes: [...unknownCodes], usedPerPool, codesSent }
}

/** Pools whose counts disagree with what the buyers received: `key: used/reserved/available vs delivered/imported`. */
export function poolMismatches(pools: ReadonlyArray<CardPool>, setup: DeliverySetup, usedPerPool: ReadonlyMap<string, number>): string[] {
  const byId = new Map(pools.map((p) => [p.id, p]))
  const out: string[] = []
  for (const [key, id] of setup.pools) {
    const p = byId.get(id)
    const used = usedPerPool.get(key) ?? 0
    const total = setup.imported.get(key) ?? 0
    if (!p || p.used !== used || p.reserved !== 0 || p.available !== total - used) {
      out.push(`${key}: pool used=${p?.used} reserved=${p?.reserved} available=${p?.available}, buyers got ${used} of ${total}`)
    }
  }
  return out
}

/** Every order of the account through the contract (pages of 500). */
export async function allOrders(api: Api, accountId: string): Promise<Order[]> {
  const out: Order[] = []
  for (let offset = 0; ; offset += 500) {
    const page = await api['orders.list']({ accountId, limit: 500, offset })
    out.push(...page.orders)
    if (page.orders.length < 500) return out
  }
}
