/**
 * The simulator in its own process for the benchmarks (so its encoding and socket work does not
 * share the client's event loop; on a 2-core machine each gets a core). Driven over IPC by
 * simChild.ts: mint cookies, paced buyer load, and push → reply latency measured HERE, on the
 * simulator's side of the socket.
 */
import { WebSocket } from 'ws'
import { startSimulator, type Simulator } from '../../src-main/simulator'
import type { SimMessage } from '../../src-main/simulator/world'
import { nowMs } from './stats'

export type WorkerRequest =
  | { readonly id: number; readonly type: 'mint'; readonly unbs: ReadonlyArray<string> }
  | { readonly id: number; readonly type: 'load'; readonly sellers: ReadonlyArray<string>; readonly rate: number; readonly seconds: number; readonly chatsPerSeller: number; readonly text: string }
  | { readonly id: number; readonly type: 'counters' }
  | { readonly id: number; readonly type: 'deliveryLoad'; readonly seller: string; readonly items: ReadonlyArray<{ readonly itemId: string; readonly spec?: string }>; readonly rate: number; readonly seconds: number }
  | { readonly id: number; readonly type: 'close' }

export interface LoadResult {
  readonly pushed: number
  readonly elapsedMs: number
  readonly replies: number
  /** ms from the push frame leaving the simulator to the reply frame arriving (first per chat). */
  readonly latencies: number[]
  readonly simRssMb: number
}

/** Send time of the first `/s/sync` frame that carried each cid (streamId is plain JSON). */
const pushAt = new Map<string, number>()
/** Chats whose next push is a paid card (deliveryLoad), and when that push left. */
const armed = new Set<string>()
const paidPushAt = new Map<string, number>()
const origSend = WebSocket.prototype.send
function stampingSend(this: WebSocket, data: unknown, ...rest: unknown[]): void {
  if (typeof data === 'string' && data.startsWith('{"lwp":"/s/sync"')) {
    const t = nowMs()
    for (const m of data.matchAll(/"streamId":"(\d+)@goofish"/g)) {
      if (m[1] && !pushAt.has(m[1])) pushAt.set(m[1], t)
      if (m[1] && armed.delete(m[1])) paidPushAt.set(m[1], t)
    }
  }
  ;(origSend as (...a: unknown[]) => void).call(this, data, ...rest)
}
WebSocket.prototype.send = stampingSend as typeof WebSocket.prototype.send

async function load(sim: Simulator, r: Extract<WorkerRequest, { type: 'load' }>): Promise<LoadResult> {
  pushAt.clear()
  const latencies: number[] = []
  let replies = 0
  const onSent = (m: SimMessage): void => {
    replies++
    const t = pushAt.get(m.cid)
    if (t !== undefined) {
      latencies.push(nowMs() - t)
      pushAt.delete(m.cid)
    }
  }
  sim.events.on('sellerSent', onSent)
  const total = Math.round(r.rate * r.seconds)
  const t0 = nowMs()
  let pushed = 0
  const uniqueChats = r.chatsPerSeller <= 0
  while (pushed < total) {
    const due = Math.min(total, Math.floor(((nowMs() - t0) / 1000) * r.rate))
    for (; pushed < due; pushed++) {
      const s = pushed % r.sellers.length
      const chat = uniqueChats ? pushed : Math.floor(pushed / r.sellers.length) % r.chatsPerSeller
      const buyerId = `3${String(s).padStart(3, '0')}${String(chat).padStart(9, '0')}`
      sim.control.buyerSays({ buyerId, sellerId: r.sellers[s], itemId: '800000000101', nick: `买家${chat}`, text: `${r.text} ${pushed}` })
    }
    await new Promise((res) => setTimeout(res, 5))
  }
  const elapsedMs = nowMs() - t0
  // let the last replies arrive
  const end = nowMs() + 3000
  while (uniqueChats && replies < pushed && nowMs() < end) await new Promise((res) => setTimeout(res, 20))
  sim.events.off('sellerSent', onSent)
  return { pushed, elapsedMs, replies, latencies, simRssMb: Math.round(process.memoryUsage().rss / 1048576) }
}

export interface DeliveryLoadResult {
  readonly orders: number
  readonly elapsedMs: number
  /** ms from the paid card's push frame leaving the simulator to the code message arriving (first per order). */
  readonly latencies: number[]
  /** The slowest orders (id, ms), slowest first. */
  readonly slowest: Array<{ readonly orderId: string; readonly ms: number }>
  /** Orders that got no code message within 5 s of the last payment. */
  readonly undelivered: number
  /** Orders that got more than one code message, and codes that reached two orders. */
  readonly doubleDeliveries: number
  readonly codesInTwoOrders: number
  readonly codeMessages: number
  readonly simRssMb: number
}

const CODE_RE = /订单(\d+) 卡密：(\S+)/

/**
 * Paid orders at `rate` a second for `seconds`: each buyer's order is placed (unpaid) beforehand,
 * so the measured push is the paid card alone; the code message is matched by the order id it names.
 */
async function deliveryLoad(sim: Simulator, r: Extract<WorkerRequest, { type: 'deliveryLoad' }>): Promise<DeliveryLoadResult> {
  const total = Math.round(r.rate * r.seconds)
  const byCid = new Map<string, { orderId: string; codes: string[]; firstAt: number | null }>()
  const codeOwner = new Map<string, string>()
  let codesInTwoOrders = 0
  let codeMessages = 0
  const onSent = (m: SimMessage): void => {
    const hit = CODE_RE.exec(m.text)
    const o = byCid.get(m.cid)
    if (!hit || !o) return
    codeMessages++
    const code = hit[2] as string
    const owner = codeOwner.get(code)
    if (owner !== undefined && owner !== o.orderId) codesInTwoOrders++
    codeOwner.set(code, o.orderId)
    o.codes.push(code)
    if (o.firstAt === null) o.firstAt = nowMs()
  }
  // the orders, placed (unpaid) ahead of the measurement, 100 a second
  const placed = []
  for (let i = 0; i < total; i++) {
    const item = r.items[i % r.items.length] as { itemId: string; spec?: string }
    const o = sim.control.buy({ buyerId: `39${String(i).padStart(11, '0')}`, nick: `买家${i}`, itemId: item.itemId, sellerId: r.seller, pay: false, ...(item.spec !== undefined ? { spec: item.spec } : {}) })
    byCid.set(o.cid, { orderId: o.orderId, codes: [], firstAt: null })
    placed.push(o)
    if (i % 10 === 9) await new Promise((res) => setTimeout(res, 100))
  }
  await new Promise((res) => setTimeout(res, 3000))
  sim.events.on('sellerSent', onSent)
  const t0 = nowMs()
  let paid = 0
  while (paid < total) {
    const due = Math.min(total, Math.floor(((nowMs() - t0) / 1000) * r.rate) + 1)
    for (; paid < due; paid++) {
      const o = placed[paid] as (typeof placed)[number]
      armed.add(o.cid)
      sim.control.orderEvent({ cid: o.cid, event: 'pay', orderId: o.orderId })
    }
    await new Promise((res) => setTimeout(res, 5))
  }
  const elapsedMs = nowMs() - t0
  const end = nowMs() + 5000
  while ([...byCid.values()].some((o) => o.firstAt === null) && nowMs() < end) await new Promise((res) => setTimeout(res, 20))
  await new Promise((res) => setTimeout(res, 1000)) // a second code would arrive here
  sim.events.off('sellerSent', onSent)
  const timed: Array<{ orderId: string; ms: number }> = []
  for (const [cid, o] of byCid) {
    const at = paidPushAt.get(cid)
    if (at !== undefined && o.firstAt !== null) timed.push({ orderId: o.orderId, ms: o.firstAt - at })
  }
  const list = [...byCid.values()]
  return {
    orders: total, elapsedMs, latencies: timed.map((x) => x.ms), slowest: timed.sort((a, b) => b.ms - a.ms).slice(0, 8), undelivered: list.filter((o) => o.codes.length === 0).length,
    doubleDeliveries: list.filter((o) => o.codes.length > 1).length, codesInTwoOrders, codeMessages,
    simRssMb: Math.round(process.memoryUsage().rss / 1048576)
  }
}

async function main(): Promise<void> {
  const sim = await startSimulator({ scenario: 'quiet', sellerUnb: '2200000000001' })
  const send = (m: unknown): void => void process.send?.(m)
  process.on('message', (raw) => {
    const r = raw as WorkerRequest
    const answer = async (): Promise<unknown> => {
      switch (r.type) {
        case 'mint': return r.unbs.map((unb) => sim.control.mintCookie({ unb, nick: `卖家${unb.slice(-3)}` }))
        case 'load': return load(sim, r)
        case 'deliveryLoad': return deliveryLoad(sim, r)
        case 'counters': return sim.control.counters()
        case 'close':
          await sim.close()
          setImmediate(() => process.exit(0))
          return null
      }
    }
    answer().then((result) => send({ id: r.id, result }), (err: unknown) => send({ id: r.id, error: String(err) }))
  })
  send({ id: 0, result: sim.urls })
}

main().catch((err: unknown) => {
  process.stderr.write(`sim worker failed: ${String(err)}\n`)
  process.exit(1)
})
