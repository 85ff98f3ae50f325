import { describe, expect, it } from 'vitest'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { account, fakeBridge } from './fakeBridge'

describe('bridge subscriptions', () => {
  it('maps account.changed to the accounts store and unsubscribes on dispose', () => {
    const fake = fakeBridge({})
    const accounts = createAccountsStore(fake.bridge)
    const stop = startSubscriptions(fake.bridge, { accounts })
    expect(fake.listenerCount('account.changed')).toBe(1)

    fake.emit('account.changed', { id: 'a', removed: false, account: account({ id: 'a', status: 'online' }) })
    expect(accounts.getState().accounts.map((a) => [a.id, a.status])).toEqual([['a', 'online']])
    fake.emit('account.changed', { id: 'a', removed: true, account: null })
    expect(accounts.getState().accounts).toEqual([])

    stop()
    expect(fake.listenerCount('account.changed')).toBe(0)
    fake.emit('account.changed', { id: 'b', removed: false, account: account({ id: 'b' }) })
    expect(accounts.getState().accounts).toEqual([])
  })

  it('refetches the accounts after the event stream reconnects', async () => {
    let served = [account({ id: 'a' })]
    const fake = fakeBridge({ 'accounts.list': async () => served })
    const accounts = createAccountsStore(fake.bridge)
    startSubscriptions(fake.bridge, { accounts })
    await accounts.getState().load()
    served = [account({ id: 'a' }), account({ id: 'missed', createdAt: 2 })]
    fake.reconnect()
    await new Promise((r) => setTimeout(r, 0))
    expect(accounts.getState().accounts.map((a) => a.id)).toEqual(['a', 'missed'])
  })
})
