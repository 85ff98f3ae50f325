import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Conversation } from '@contract'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { createInboxStore, upsertConversation } from '../../src-renderer/src/features/inbox/store'
import { FakeFailure, fakeBridge } from './fakeBridge'
import { conversation, draft } from './inboxFixtures'

afterEach(() => {
  vi.useRealTimers()
})

const cids = (list: ReadonlyArray<Conversation>): string[] => list.map((c) => c.cid)

describe('inbox list store', () => {
  it('loads chats newest first, pending drafts and each account’s bargain limit once', async () => {
    const list = [conversation({ cid: 'old', lastMessageAt: 1 }), conversation({ cid: 'new', lastMessageAt: 3 }), conversation({ cid: 'b1', accountId: 'accB', lastMessageAt: 2 })]
    const fake = fakeBridge({
      'conversations.list': async () => list,
      'drafts.list': async () => [draft({ id: 7, cid: 'old' }), draft({ id: 8, cid: 'new', status: 'sent' })],
      'settings.get': async (i) => ({ global: {} as never, account: { maxBargainRounds: i.accountId === 'accB' ? 5 : 3, copilot: i.accountId === 'accB' } as never })
    })
    const store = createInboxStore(fake.bridge)
    await store.getState().load()
    await vi.waitFor(() => expect(store.getState().maxRounds).toEqual({ acc1: 3, accB: 5 }))
    expect(store.getState().accountCopilot).toEqual({ acc1: false, accB: true })
    const s = store.getState()
    expect(s.status).toBe('ready')
    expect(cids(s.conversations)).toEqual(['new', 'b1', 'old'])
    expect(s.drafts).toEqual({ 'acc1\u0000old': [7] })
    store.getState().applyConversation(conversation({ cid: 'old', lastMessageAt: 9 }))
    await store.getState().ensureAccountSettings('acc1')
    expect(fake.calls.filter((c) => c.key === 'settings.get')).toHaveLength(2)
  })

  it('upserts by account and cid and re-sorts from conversation.changed events', async () => {
    const fake = fakeBridge({ 'conversations.list': async () => [conversation({ cid: 'a', lastMessageAt: 10 }), conversation({ cid: 'b', lastMessageAt: 5 })], 'drafts.list': async () => [], 'settings.get': async () => ({ global: {} as never, account: null }) })
    const accounts = createAccountsStore(fake.bridge)
    const inbox = createInboxStore(fake.bridge)
    const stop = startSubscriptions(fake.bridge, { accounts, inbox })
    await inbox.getState().load()

    fake.emit('conversation.changed', { conversation: conversation({ cid: 'b', lastMessageAt: 20, lastMessageText: '还在吗', unread: 1 }) })
    expect(cids(inbox.getState().conversations)).toEqual(['b', 'a'])
    expect(inbox.getState().conversations[0]?.lastMessageText).toBe('还在吗')
    // same cid on another account is another chat
    fake.emit('conversation.changed', { conversation: conversation({ cid: 'b', accountId: 'acc2', lastMessageAt: 15 }) })
    expect(inbox.getState().conversations.map((c) => `${c.accountId}/${c.cid}`)).toEqual(['acc1/b', 'acc2/b', 'acc1/a'])
    fake.emit('conversation.removed', { accountId: 'acc2', cid: 'b' })
    expect(cids(inbox.getState().conversations)).toEqual(['b', 'a'])
    fake.emit('draft.changed', { draft: draft({ id: 3, cid: 'a' }) })
    expect(inbox.getState().drafts).toEqual({ 'acc1\u0000a': [3] })
    fake.emit('draft.changed', { draft: draft({ id: 3, cid: 'a', status: 'discarded' }) })
    expect(inbox.getState().drafts).toEqual({})
    // saved settings (limits, copilot) are fetched again
    const asked = fake.calls.filter((c) => c.key === 'settings.get').length
    fake.emit('settings.changed', { accountId: 'acc1' })
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.key === 'settings.get').length).toBeGreaterThan(asked))
    stop()
    expect(fake.listenerCount('conversation.changed')).toBe(0)
    expect(fake.listenerCount('settings.changed')).toBe(0)
  })

  it('keeps chats without a time last and ties stable', () => {
    let list: ReadonlyArray<Conversation> = []
    list = upsertConversation(list, conversation({ cid: 'none', lastMessageAt: null }))
    list = upsertConversation(list, conversation({ cid: 'y', lastMessageAt: 5 }))
    list = upsertConversation(list, conversation({ cid: 'x', lastMessageAt: 5 }))
    expect(cids(list)).toEqual(['x', 'y', 'none'])
  })

  it('debounces the search, ignores stale answers and clears back to the live list', async () => {
    vi.useFakeTimers()
    const fake = fakeBridge({ 'conversations.list': async (i) => [conversation({ cid: `hit-${i.search}` })] })
    const store = createInboxStore(fake.bridge, { searchDelayMs: 200 })
    store.getState().setSearch('发')
    store.getState().setSearch('发票')
    expect(store.getState()).toMatchObject({ search: '发票', searching: true })
    await vi.advanceTimersByTimeAsync(250)
    expect(fake.calls.map((c) => c.input)).toEqual([{ search: '发票', limit: 500 }])
    expect(cids(store.getState().searchResults ?? [])).toEqual(['hit-发票'])
    store.getState().setSearch('  ')
    expect(store.getState()).toMatchObject({ searchResults: null, searching: false })
  })

  it('keeps the cached list when a refetch fails', async () => {
    let fail = false
    const fake = fakeBridge({
      'conversations.list': async () => {
        if (fail) throw new FakeFailure('UNAVAILABLE', '数据库不可用 / Database unavailable')
        return [conversation()]
      },
      'drafts.list': async () => []
    })
    const store = createInboxStore(fake.bridge)
    await store.getState().load()
    fail = true
    await store.getState().load()
    expect(store.getState()).toMatchObject({ status: 'ready', loadError: { code: 'UNAVAILABLE' } })
    expect(store.getState().conversations).toHaveLength(1)
  })
})

