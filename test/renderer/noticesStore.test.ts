import { describe, expect, it } from 'vitest'
import type { EventPayload } from '@contract'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { MAX_NOTICES, createNoticesStore, noticeTarget } from '../../src-renderer/src/features/notices/store'
import { account, fakeBridge } from './fakeBridge'

type Notice = EventPayload<'notice.raised'>
const notice = (over: Partial<Notice> = {}): Notice => ({
  id: 'n1', kind: 'order_paid', accountId: 'acc1', cid: '51000000003', orderId: null, title: '买家已付款', body: '订单 123 已付款 / Order 123 paid', createdAt: 1_700_000_000_000, ...over
})

/** Timers collected by hand, so a test decides when auto-dismiss fires. */
function manualTimers() {
  const pending: Array<{ run: () => void; ms: number }> = []
  return { pending, setTimer: (run: () => void, ms: number) => pending.push({ run, ms }), fireAll: () => pending.splice(0).forEach((t) => t.run()) }
}

describe('notices store', () => {
  it('shows notice.raised events newest first and drops duplicates', () => {
    const fake = fakeBridge({})
    const notices = createNoticesStore({ setTimer: () => 0 })
    startSubscriptions(fake.bridge, { accounts: createAccountsStore(fake.bridge), notices })
    fake.emit('notice.raised', notice({ id: 'a' }))
    fake.emit('notice.raised', notice({ id: 'b', kind: 'takeover_message' }))
    fake.emit('notice.raised', notice({ id: 'a' }))
    expect(notices.getState().notices.map((n) => n.id)).toEqual(['b', 'a'])
    // dismissed ids stay seen: a replay after reconnect does not bring them back
    notices.getState().dismiss('a')
    fake.emit('notice.raised', notice({ id: 'a' }))
    expect(notices.getState().notices.map((n) => n.id)).toEqual(['b'])
  })

  it('auto-dismisses everything except login and verification notices', () => {
    const timers = manualTimers()
    const notices = createNoticesStore({ autoDismissMs: 5000, setTimer: timers.setTimer })
    notices.getState().raise(notice({ id: 'paid' }))
    notices.getState().raise(notice({ id: 'login', kind: 'needs_login', cid: null }))
    notices.getState().raise(notice({ id: 'verify', kind: 'needs_verification', cid: null }))
    notices.getState().raise(notice({ id: 'ai', kind: 'ai_failing', cid: null }))
    expect(timers.pending.map((t) => t.ms)).toEqual([5000, 5000])
    timers.fireAll()
    expect(notices.getState().notices.map((n) => n.id)).toEqual(['verify', 'login'])
  })

  it('an account back online closes its sticky notices', () => {
    const fake = fakeBridge({})
    const notices = createNoticesStore({ setTimer: () => 0 })
    startSubscriptions(fake.bridge, { accounts: createAccountsStore(fake.bridge), notices })
    fake.emit('notice.raised', notice({ id: 'l1', kind: 'needs_login', accountId: 'a', cid: null }))
    fake.emit('notice.raised', notice({ id: 'l2', kind: 'needs_login', accountId: 'b', cid: null }))
    fake.emit('account.changed', { id: 'a', removed: false, account: account({ id: 'a', status: 'connecting' }) })
    expect(notices.getState().notices).toHaveLength(2)
    fake.emit('account.changed', { id: 'a', removed: false, account: account({ id: 'a', status: 'online' }) })
    expect(notices.getState().notices.map((n) => n.id)).toEqual(['l2'])
  })

  it(`keeps at most ${MAX_NOTICES}, dropping the oldest non-sticky first`, () => {
    const notices = createNoticesStore({ setTimer: () => 0 })
    notices.getState().raise(notice({ id: 'sticky', kind: 'needs_verification', cid: null }))
    for (const id of ['p1', 'p2', 'p3', 'p4']) notices.getState().raise(notice({ id }))
    expect(notices.getState().notices.map((n) => n.id)).toEqual(['p4', 'p3', 'p2', 'sticky'])
  })

  it('a click leads to the chat, else to the account', () => {
    expect(noticeTarget({ accountId: 'a', cid: '5' })).toEqual({ route: 'inbox', parts: ['a', '5'] })
    expect(noticeTarget({ accountId: 'a', cid: null })).toEqual({ route: 'accounts', parts: ['a'] })
    expect(noticeTarget({ accountId: null, cid: null })).toEqual({ route: 'accounts', parts: [] })
  })
})
