/**
 * Frame in → normalized event: from the moment a WebSocket frame is handed to the client's socket
 * listener (ws 'message') to the GoofishClient 'message' event for each buyer message it carries
 * (JSON parse, ACK, base64 + MessagePack decode, classify, dedupe, emit). Real loopback connection
 * to the simulator (child process); a bare client, no core (persistence is in `accounts`).
 */
import { WebSocket } from 'ws'
import type { WsConstructor } from '../../src-main/core/goofish'
import { bareClient, sellerUnb, startSimChild } from './simChild'
import { nowMs, summarize } from './stats'

let frameAt = 0

/** The `ws` socket with its 'message' listener wrapped to stamp each frame's arrival. */
class StampedWebSocket extends WebSocket {
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    if (event !== 'message') return super.on(event, listener as (...args: unknown[]) => void)
    return super.on('message', (...args: unknown[]) => {
      frameAt = nowMs()
      ;(listener as (...a: unknown[]) => void)(...args)
    })
  }
}

export async function benchLatency(opts: { rate?: number; seconds?: number } = {}): Promise<Record<string, unknown>> {
  const rate = opts.rate ?? 300
  const seconds = opts.seconds ?? 5
  const sim = await startSimChild()
  const unb = sellerUnb(0)
  const [cookie] = await sim.mint([unb])
  const client = bareClient(sim, unb, cookie ?? '', { WebSocket: StampedWebSocket as unknown as WsConstructor })
  const lat: number[] = []
  let measuring = false
  client.on('message', ({ event }) => {
    if (measuring && event.kind === 'message') lat.push(nowMs() - frameAt)
  })
  try {
    client.start()
    while (client.state !== 'CONNECTED') await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 4_000)) // past the post-connect backfill
    await sim.load({ sellers: [unb], rate, seconds: 1, chatsPerSeller: 0, text: 'warm-up' })
    measuring = true
    const r = await sim.load({ sellers: [unb], rate, seconds, chatsPerSeller: 0, text: '你好，这个还在吗？能便宜点吗' })
    await new Promise((res) => setTimeout(res, 300))
    const s = summarize(lat)
    return {
      offeredPerSec: rate, pushed: r.pushed, events: lat.length, frameToEventMs: s, goal: 'report p50/p99 (no numeric goal in the issue)',
      note: 'the simulator batches pushes within 25 ms into one package (≤ 20 items): later items of a package include the decode of the earlier ones'
    }
  } finally {
    await client.stop()
    await sim.close()
  }
}
