import { describe, expect, it } from 'vitest'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { createConnectionStore } from '../../src-renderer/src/features/connection/store'
import { createChatStore } from '../../src-renderer/src/features/inbox/chatStore'
import { chatKey, createInboxStore } from '../../src-renderer/src/features/inbox/store'
import { account, fakeBridge } from './fakeBridge'
import { conversation, draft, message } from './inboxFixtures'

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

describe('the page follows what it depends on', () => {
  it('a deleted account takes its chats, drafts, filter and open chat with it at once', async () => {
    const fake = fakeBridge({
      'conversations.list': async () => [conversation({ accountId: 'a', cid: 'c1' }), conversation({ accountId: 'b', cid: 'c2' })],
      'drafts.list': async () => [draft({ id: 1, accountId: 'a', cid: 'c1' }), draft({ id: 2, accountId: 'b', cid: 'c2' })],
      'messages.list': async () => [],
      'conversations.detail': async () => { throw new Error('not needed') }
    })
    const accounts = createAccountsStore(fake.bridge)
    const inbox = createInboxStore(fake.bridge)
    const chat = createChatStore(fake.bridge)
    startSubscriptions(fake.bridge, { accounts, inbox, chat })
    await inbox.getState().load()
    inbox.getState().setFilter({ accountId: 'a' })
    void chat.getState().openChat({ accountId: 'a', cid: 'c1' })
    expect(inbox.getState().conversations).toHaveLength(2)

    fake.emit('account.changed', { id: 'a', removed: true, account: null })
    expect(inbox.getState().conversations.map((c) => c.cid)).toEqual(['c2'])
    expect(Object.keys(inbox.getState().drafts)).toEqual([chatKey('b', 'c2')])
    expect(inbox.getState().filter.accountId).toBeNull()
    expect(chat.getState().open).toBeNull()

    // an update of another account touches nothing
    fake.emit('account.changed', { id: 'b', removed: false, account: account({ id: 'b' }) })
    expect(inbox.getState().conversations.map((c) => c.cid)).toEqual(['c2'])
  })

  it('"last message" on the Accounts page moves with every stored message, never backwards', () => {
    const fake = fakeBridge({})
    const accounts = createAccountsStore(fake.bridge)
    startSubscriptions(fake.bridge, { accounts })
    fake.emit('account.changed', { id: 'a', removed: false, account: account({ id: 'a', lastMessageAt: 1000 }) })
    fake.emit('message.added', { message: message({ accountId: 'a', createdAt: 5000 }) })
    expect(accounts.getState().accounts[0]?.lastMessageAt).toBe(5000)
    fake.emit('message.added', { message: message({ accountId: 'a', createdAt: 3000 }) })
    expect(accounts.getState().accounts[0]?.lastMessageAt).toBe(5000)
    fake.emit('message.added', { message: message({ accountId: 'unknown', createdAt: 9000 }) })
    expect(accounts.getState().accounts.map((a) => a.id)).toEqual(['a'])
  })

  it('the link state reaches the connection store (banner), and only changes are applied', () => {
    const fake = fakeBridge({})
    const accounts = createAccountsStore(fake.bridge)
    const connection = createConnectionStore()
    startSubscriptions(fake.bridge, { accounts, connection })
    expect(connection.getState().up).toBeNull()
    fake.connection(true)
    expect(connection.getState()).toMatchObject({ up: true, downSince: null })
    fake.connection(false)
    const since = connection.getState().downSince
    expect(connection.getState().up).toBe(false)
    expect(since).toEqual(expect.any(Number))
    fake.connection(false) // repeated failures keep the first "since"
    expect(connection.getState().downSince).toBe(since)
    fake.connection(true)
    expect(connection.getState()).toMatchObject({ up: true, downSince: null })
  })
})
