/**
 * The machine's floor for the keyword measurement: the same simulator load, the same 50 sellers,
 * answered by bare protocol clients (GoofishClient alone: parse, ACK, decode, classify, dedupe,
 * send) that store nothing, match nothing and run no pipeline. Whatever latency these show is the
 * cost of the simulator, loopback sockets, the protocol and the scheduler on this machine; the app
 * cannot answer faster than this.
 */
import { bareClient, type SimChild } from './simChild'
import { summarize } from './stats'

export interface FloorResult {
  readonly pushed: number
  readonly replies: number
  readonly pushToReplyMs: ReturnType<typeof summarize>
  readonly cpuMsPerMessage: number
}

export async function measureFloor(sim: SimChild, sellers: ReadonlyArray<string>, rates: ReadonlyArray<number>, seconds: number): Promise<Record<string, FloorResult>> {
  const cookies = await sim.mint(sellers)
  const clients = sellers.map((unb, i) => bareClient(sim, unb, cookies[i] ?? '', { config: { sendRatePerMinute: 1_000_000 } }))
  for (const c of clients) {
    c.on('message', ({ event }) => {
      if (event.kind !== 'message' || event.message.senderIsSelf) return
      const m = event.message
      c.sendText({ cid: m.cid, toUserId: m.senderId, text: '在的，您好' }).catch(() => undefined)
    })
    c.start()
  }
  try {
    const t0 = Date.now()
    while (!clients.every((c) => c.state === 'CONNECTED')) {
      if (Date.now() - t0 > 60_000) throw new Error('floor clients did not all connect')
      await new Promise((r) => setTimeout(r, 25))
    }
    await new Promise((r) => setTimeout(r, 4_000)) // past the post-connect backfill
    await sim.load({ sellers, rate: 200, seconds: 1, chatsPerSeller: 0, text: '在吗 warm' })
    const out: Record<string, FloorResult> = {}
    for (const rate of rates) {
      const cpu0 = process.cpuUsage()
      const r = await sim.load({ sellers, rate, seconds, chatsPerSeller: 0, text: `在吗 floor ${rate}` })
      const cpu = process.cpuUsage(cpu0)
      out[`at${rate}PerSec`] = {
        pushed: r.pushed, replies: r.replies, pushToReplyMs: summarize(r.latencies),
        cpuMsPerMessage: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, r.replies)) * 1000) / 1000
      }
    }
    return out
  } finally {
    await Promise.all(clients.map((c) => c.stop()))
  }
}
