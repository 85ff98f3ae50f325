import { afterEach, describe, expect, it } from 'vitest'
import { FAULTS, formatRecovery, type FaultName } from './faults'
import { startWorld, type World } from './world'

/**
 * Every fault of issue 3 through the real core and protocol client against the simulator:
 * recovery by itself (or the right human-needed status), exactly-once delivery, no double send.
 * Recovery times are printed as `[recovery] fault=… recoveryMs=…` lines.
 */
let w: World | undefined
afterEach(async () => {
  await w?.dispose()
  w = undefined
})

const RECOVERING: FaultName[] = ['dropSocket', 'stallHeartbeats', 'zombie', 'imTokenExpiry', 'malformedOversized', 'duplicateReorder', 'slow']

describe('faults: the client recovers by itself, nothing lost, nothing doubled', () => {
  it.each(RECOVERING)('%s', async (name) => {
    w = await startWorld({ keyword: true })
    const r = await FAULTS[name](w)
    console.log(formatRecovery(r))
    expect(r.recoveryMs).toBeLessThan(15_000)
    expect(r.replies).toBe(r.messages)
  }, 45_000)
})

describe('faults a human must fix: the right status, no reconnect storm', () => {
  it('session expired → needs_login', async () => {
    w = await startWorld({ keyword: true })
    const r = await FAULTS.sessionExpired(w)
    console.log(formatRecovery(r))
    expect((await w.account()).status).toBe('needs_login')
    expect(r.detail?.tokenCalls).toBeLessThanOrEqual(3)
  }, 45_000)

  it('risk control → needs_verification with the verify URL', async () => {
    w = await startWorld({ keyword: true })
    const r = await FAULTS.riskControl(w)
    console.log(formatRecovery(r))
    const a = await w.account()
    expect(a.status).toBe('needs_verification')
    expect(a.verifyUrl).toMatch(/punish\?x5secdata=/)
    expect(r.detail?.tokenCalls).toBeLessThanOrEqual(3)
  }, 45_000)
})
