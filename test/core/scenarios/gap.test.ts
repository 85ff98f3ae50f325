import { afterEach, describe, expect, it } from 'vitest'
import { SELLER, ITEM_ID, startWorld, until, type World } from './world'

/**
 * Issue 15.2: after a disconnect the backfill brings in every message the platform holds since
 * the last stored one — several per chat, in chats the listing no longer shows first — whatever
 * the sync start mode. The pushes of the outage go into a dead socket (the simulator's zombie
 * fault: written, never read), so only the backfill can recover them.
 */
let w: World | undefined
afterEach(async () => {
  await w?.dispose()
  w = undefined
})

describe('no gap after a reconnect', () => {
  for (const syncStart of ['ackDiffNow', 'getStateThenAckDiff'] as const) {
    it(`every message pushed into a dead socket is stored exactly once (${syncStart})`, async () => {
      w = await startWorld({ syncStart, clientConfig: { probeIntervalMs: 0, backfillLimit: 3 } })
      const x = w
      const first = x.say('开头')
      await until('first stored', () => x.inboundCounts().get('开头') === 1)
      await new Promise((r) => setTimeout(r, 400)) // past the post-connect backfill
      x.sim.control.zombie({ on: true })
      const texts: string[] = []
      // five messages in the known chat (more than one listing page of 3), then eight new chats
      for (let i = 0; i < 5; i++) texts.push(x.say(`老会话 ${i}`, { cid: first.cid }).text)
      for (let i = 0; i < 8; i++) texts.push(x.sim.control.buyerSays({ buyerId: `33000009${String(i).padStart(5, '0')}`, nick: '新买家', text: `新会话 ${i}`, sellerId: SELLER, itemId: ITEM_ID }).text)
      await new Promise((r) => setTimeout(r, 200))
      expect(texts.filter((t) => x.inboundCounts().has(t))).toEqual([])
      x.sim.control.zombie({ on: false })
      x.sim.control.dropSocket({ mode: 'terminate' })
      await until('all backfilled', () => texts.every((t) => x.inboundCounts().has(t)), 15_000)
      await new Promise((r) => setTimeout(r, 300))
      for (const t of [...texts, '开头']) expect(x.inboundCounts().get(t), t).toBe(1)
    })
  }
})
