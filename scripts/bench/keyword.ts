/**
 * Keyword reply latency, debounce 0, 1,000 msg/s over 50 accounts: from the simulator sending the
 * push frame to the simulator receiving the reply frame (both stamped in the simulator process:
 * ws send of the `/s/sync` frame carrying the chat, and the `sellerSent` event when the
 * sendByReceiverScope request arrives). Every message opens its own chat (one reply each).
 * `floor` runs the same loads against bare protocol clients (floor.ts) on the same machine: the
 * part of the latency that is the simulator, sockets and scheduler, not the app.
 */
import { measureFloor } from './floor'
import { benchCore, connectAll, startSimChild } from './simChild'
import { summarize } from './stats'

export async function benchKeyword(opts: { accounts?: number; rate?: number; seconds?: number } = {}): Promise<Record<string, unknown>> {
  const n = opts.accounts ?? 50
  const rate = opts.rate ?? 1_000
  const seconds = opts.seconds ?? 6
  const sim = await startSimChild()
  // the per-account send limit (sendRatePerMinute ≤ 120 in the settings) is a ban-avoidance
  // setting, not pipeline cost: lifted here so 20 replies/s per account are not queued
  const b = await benchCore(sim, n, { clientConfig: { sendRatePerMinute: 1_000_000 } })
  let app: Record<string, unknown>
  try {
    await b.core.api['rules.save']({ rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['在吗'], replies: [{ kind: 'text', text: '在的，{buyer}您好' }], priority: 0, enabled: true, replyOnce: false } })
    await connectAll(b)
    await new Promise((r) => setTimeout(r, 4_000)) // past the post-connect backfill
    // warm-up (JIT, statement caches), not measured
    await sim.load({ sellers: b.sellers, rate: 200, seconds: 1, chatsPerSeller: 0, text: '在吗 warm' })
    // reference points below saturation, then the goal's rate
    const low = await sim.load({ sellers: b.sellers, rate: 200, seconds: 3, chatsPerSeller: 0, text: '在吗 low' })
    const mid = await sim.load({ sellers: b.sellers, rate: 500, seconds: 3, chatsPerSeller: 0, text: '在吗 mid' })
    const cpu0 = process.cpuUsage()
    const r = await sim.load({ sellers: b.sellers, rate, seconds, chatsPerSeller: 0, text: '在吗' })
    const cpu = process.cpuUsage(cpu0)
    const lat = summarize(r.latencies)
    app = {
      accounts: n, offeredPerSec: rate, seconds, pushed: r.pushed, replies: r.replies, measured: r.latencies.length,
      pushToReplyMs: lat, goalP99Ms: 5,
      // the app's CPU (user + system) per answered message while under the goal's load
      appCpuMsPerMessage: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, r.replies)) * 1000) / 1000, met: lat.p99 <= 5 && r.replies === r.pushed,
      at200PerSec: { pushed: low.pushed, replies: low.replies, pushToReplyMs: summarize(low.latencies) },
      at500PerSec: { pushed: mid.pushed, replies: mid.replies, pushToReplyMs: summarize(mid.latencies) },
      measures: 'simulator push frame sent → reply frame received by the simulator (loopback, simulator in a child process)'
    }
  } finally {
    await b.dispose()
  }
  try {
    const floor = await measureFloor(sim, b.sellers, [200, 500, rate], seconds)
    return { ...app, floor: { ...floor, measures: 'the same loads answered by bare GoofishClients (no storage, rules or pipeline): the machine\'s floor for this measurement' } }
  } finally {
    await sim.close()
  }
}
