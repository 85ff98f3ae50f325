/**
 * 50 accounts against ONE simulator (in a child process): resident memory of 50 idle connected
 * accounts, then a sustained inbound load through the simulator's buyerSays spread over the 50
 * sellers' chats, with every message persisted (rows counted in SQLite, compared to what the
 * simulator pushed). Replies off (no keyword rules, AI off): this measures ingest.
 */
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { benchCore, connectAll, countInbound, startSimChild } from './simChild'
import { nowMs } from './stats'

/** global.gc when run with --expose-gc; otherwise the flag is switched on at run time. */
function gcFn(): { gc: () => void; how: string } {
  const g = (globalThis as { gc?: () => void }).gc
  if (g) return { gc: g, how: '--expose-gc' }
  setFlagsFromString('--expose-gc')
  return { gc: runInNewContext('gc') as () => void, how: 'v8.setFlagsFromString(--expose-gc)' }
}

const rss = (): number => process.memoryUsage().rss / 1048576

async function settledRss(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((r) => setTimeout(r, 100))
  }
  return rss()
}

export async function benchAccounts(opts: { accounts?: number; rate?: number; seconds?: number } = {}): Promise<Record<string, unknown>> {
  const n = opts.accounts ?? 50
  const rate = opts.rate ?? 2_500
  const seconds = opts.seconds ?? 10
  const { gc, how } = gcFn()
  const sim = await startSimChild()
  const b = await benchCore(sim, n)
  try {
    const before = await settledRss(gc)
    const connectMs = await connectAll(b)
    await new Promise((r) => setTimeout(r, 4_000)) // backfill after connect done: idle
    const after = await settledRss(gc)
    const heap = process.memoryUsage()
    const memory = {
      rssBeforeMb: round(before), rssAfterMb: round(after), totalDeltaMb: round(after - before), perAccountMb: round((after - before) / n),
      heapUsedMb: round(heap.heapUsed / 1048576), gc: how, goal: { totalMb: 200, perAccountMb: 1 },
      met: after - before < 200 && (after - before) / n < 1
    }
    const ingest = await sustainedLoad(b, sim, rate, seconds)
    return { accounts: n, connectAllMs: connectMs, memory, ingest }
  } finally {
    await b.dispose()
    await sim.close()
  }
}

async function sustainedLoad(b: Awaited<ReturnType<typeof benchCore>>, sim: Awaited<ReturnType<typeof startSimChild>>, rate: number, seconds: number): Promise<Record<string, unknown>> {
  const base = countInbound(b.core)
  const t0 = nowMs()
  // watch the row count while the load runs (lag = pushed so far − persisted)
  let maxRows = 0
  const watch = setInterval(() => {
    maxRows = countInbound(b.core) - base
  }, 250)
  const load = await sim.load({ sellers: b.sellers, rate, seconds, chatsPerSeller: 20, text: '这个还在吗' })
  const loadEndMs = nowMs() - t0
  let persisted = countInbound(b.core) - base
  const deadline = nowMs() + 30_000
  while (persisted < load.pushed && nowMs() < deadline) {
    await new Promise((r) => setTimeout(r, 10))
    persisted = countInbound(b.core) - base
  }
  clearInterval(watch)
  const doneMs = nowMs() - t0
  await new Promise((r) => setTimeout(r, 500))
  const final = countInbound(b.core) - base
  const sustained = Math.round(final / (doneMs / 1000))
  return {
    offeredPerSec: rate, seconds, pushedBySimulator: load.pushed, persistedRows: final, dropped: load.pushed - Math.min(final, load.pushed), duplicates: Math.max(0, final - load.pushed),
    loadMs: Math.round(loadEndMs), allPersistedMs: Math.round(doneMs), drainAfterLoadMs: Math.round(doneMs - loadEndMs),
    sustainedPerSec: sustained, goalPerSec: 2_000, met: sustained >= 2_000 && final === load.pushed, simulatorRssMb: load.simRssMb, rowsSeenMidRun: maxRows
  }
}

const round = (v: number): number => Math.round(v * 10) / 10
