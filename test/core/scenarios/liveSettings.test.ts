import { afterEach, describe, expect, it } from 'vitest'
import { sleep, startWorld, until, type World } from './world'

/**
 * Issue 14.4: every account setting applies to the next message without a reconnect. The pipeline
 * reads its settings per message (test/core/pipeline/liveSettings.test.ts); these are the ones the
 * live connection holds: the send rate, the human delay and the IM token refresh period.
 */
let w: World | undefined
afterEach(async () => {
  await w?.dispose()
  w = undefined
})

const outcomesOf = async (x: World, cid: string) => x.t.core.api['outcomes.list']({ accountId: x.accountId, cid })

describe('connection settings apply live', () => {
  it('send rate, human delay and token refresh change on the running client: no reconnect, next send obeys', async () => {
    // relaxed liveness timers: on a loaded machine a missed fast heartbeat would reconnect for its own reasons
    w = await startWorld({ keyword: true, clientConfig: { maxSendQueueMs: 120_000, heartbeatMs: 5_000, zombieHeartbeats: 6, probeIntervalMs: 0 } })
    const x = w
    const client = x.t.core.services.manager.client(x.accountId)
    const regs = x.sim.control.counters().regs
    await x.t.core.api['settings.update']({ accountId: x.accountId, account: { sendRatePerMinute: 1, humanDelayMs: { min: 150, max: 150 } } })
    await x.t.core.api['settings.update']({ global: { imTokenRefreshMinutes: 10 } })
    expect(x.t.core.services.manager.client(x.accountId)).toBe(client)
    expect(client?.config).toMatchObject({ sendRatePerMinute: 1, humanDelayMs: { min: 150, max: 150 }, tokenRefreshMs: 600_000 })
    // one send a minute: the second chat's reply waits, visibly
    const first = x.say('在吗')
    await until('first reply', () => x.sim.control.sent({ cid: first.cid }).length === 1)
    const second = x.say('在吗')
    await until('second reply queued', async () => (await outcomesOf(x, second.cid)).at(-1)?.reason === 'rate_limit')
    await sleep(300)
    expect(x.sim.control.sent({ cid: second.cid })).toHaveLength(0)
    // a higher rate reaches the send already waiting (read again while it waits)
    const t0 = Date.now()
    await x.t.core.api['settings.update']({ accountId: x.accountId, account: { sendRatePerMinute: 60, humanDelayMs: { min: 0, max: 0 } } })
    await until('queued reply sent', () => x.sim.control.sent({ cid: second.cid }).length === 1, 5_000)
    expect(Date.now() - t0).toBeLessThan(4_000)
    expect((await outcomesOf(x, second.cid)).at(-1)).toMatchObject({ state: 'answered' })
    expect(x.sim.control.counters().regs).toBe(regs)
  })
})
