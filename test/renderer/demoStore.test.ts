import { describe, expect, it } from 'vitest'
import type { DemoStatus } from '@contract'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { createDemoStore } from '../../src-renderer/src/features/demo/store'
import { FakeFailure, fakeBridge } from './fakeBridge'

const status = (over: Partial<DemoStatus> = {}): DemoStatus => ({ state: 'ready', accountId: 'demo', run: 0, startedAt: null, ...over })

describe('demo store', () => {
  it('loads, starts, restarts and follows demo.changed; refetches after a reconnect', async () => {
    let current = status()
    let fail = false
    const fake = fakeBridge({
      'demo.status': async () => current,
      'demo.start': async () => (current = status({ state: 'playing', run: 1, startedAt: 10 })),
      'demo.restart': async () => {
        if (fail) throw new FakeFailure('UNAVAILABLE', '这个版本没有内置演示 / This host has no demo world')
        return (current = status({ state: 'playing', run: current.run + 1, startedAt: 20 }))
      },
      'accounts.list': async () => []
    })
    const demo = createDemoStore(fake.bridge)
    startSubscriptions(fake.bridge, { accounts: createAccountsStore(fake.bridge), demo })
    await demo.getState().load()
    expect(demo.getState().status).toEqual(status())

    await demo.getState().start()
    expect(demo.getState()).toMatchObject({ busy: false, error: null, status: { state: 'playing', run: 1 } })
    await demo.getState().restart()
    expect(demo.getState().status).toMatchObject({ state: 'playing', run: 2 })

    fail = true
    await demo.getState().restart()
    expect(demo.getState().error?.code).toBe('UNAVAILABLE')
    expect(demo.getState().status).toMatchObject({ run: 2 })

    // the demo account removed elsewhere: the event clears the bar (and the error)
    fake.emit('demo.changed', { status: status({ state: 'none', accountId: null }) })
    expect(demo.getState()).toMatchObject({ error: null, status: { state: 'none' } })

    current = status({ state: 'playing', run: 5, startedAt: 30 })
    fake.reconnect()
    await expect.poll(() => demo.getState().status?.run).toBe(5)
  })
})
