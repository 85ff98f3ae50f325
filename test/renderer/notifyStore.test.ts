import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_NOTIFY_ROUTING, type NotifyChannel, type NotifyDelivery } from '@contract'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { createNotifyStore } from '../../src-renderer/src/features/notify/store'
import { noticeTarget } from '../../src-renderer/src/features/notices/store'
import { FakeFailure, fakeBridge } from './fakeBridge'

const desktop: NotifyChannel = { id: 'desktop', name: '桌面通知', kind: 'desktop', enabled: true, accountIds: null, config: {}, secrets: {} }
const delivery = (id: number, over: Partial<NotifyDelivery> = {}): NotifyDelivery => ({
  id, channelId: 'c1', channelName: '钉钉', event: 'test', accountId: null, title: '测试', body: '', status: 'sent', attempts: 1, error: null, digestId: null, createdAt: 1, updatedAt: 1, ...over
})

describe('notify store', () => {
  it('loads channels, routing and the log; a saved channel comes back with only "configured"', async () => {
    let log: NotifyDelivery[] = []
    const fake = fakeBridge({
      'notify.listChannels': async () => [desktop],
      'notify.getRouting': async () => DEFAULT_NOTIFY_ROUTING,
      'notify.listDeliveries': async () => log,
      'notify.saveChannel': async (input) => ({ id: 'c1', name: input.name, kind: input.kind, enabled: input.enabled, accountIds: null, config: input.config, secrets: { token: true, secret: true } }),
      'notify.testChannel': async () => {
        log = [delivery(1, { status: 'failed', error: 'DingTalk errcode 310000: sign not match' })]
        return { ok: false, error: 'DingTalk errcode 310000: sign not match', delivery: log[0] as NotifyDelivery }
      }
    })
    const store = createNotifyStore(fake.bridge)
    await store.getState().load()
    expect(store.getState()).toMatchObject({ status: 'ready', channels: [desktop], routing: DEFAULT_NOTIFY_ROUTING })
    const saved = await store.getState().saveChannel({ name: '钉钉', kind: 'dingtalk', enabled: true, accountIds: null, config: {}, secrets: { token: 'tok-SECRET', secret: 'SEC-SECRET' } })
    expect(saved?.secrets).toEqual({ token: true, secret: true })
    expect(JSON.stringify(store.getState())).not.toMatch(/SECRET/)
    await store.getState().test('c1')
    expect(store.getState().tests['c1']).toEqual({ status: 'failed', error: 'DingTalk errcode 310000: sign not match' })
    expect(store.getState().deliveries).toHaveLength(1)
  })

  it('routing edits stay a draft until saved; a refusal lands in error', async () => {
    const fake = fakeBridge({
      'notify.listChannels': async () => [desktop], 'notify.getRouting': async () => DEFAULT_NOTIFY_ROUTING, 'notify.listDeliveries': async () => [],
      'notify.setRouting': async () => { throw new FakeFailure('BAD_INPUT', 'order_paid：没有这个渠道 / no such channel: c9') }
    })
    const store = createNotifyStore(fake.bridge)
    await store.getState().load()
    store.getState().editRouting((d) => ({ ...d, quietHours: { enabled: true, start: '22:00', end: '07:30' } }))
    expect(store.getState().routing?.quietHours.enabled).toBe(false)
    expect(await store.getState().saveRouting()).toBe(false)
    expect(store.getState().error?.code).toBe('BAD_INPUT')
  })

  it('a storm of notify.changed events is one log refresh', async () => {
    vi.useFakeTimers()
    try {
      const fake = fakeBridge({ 'notify.listChannels': async () => [desktop], 'notify.getRouting': async () => DEFAULT_NOTIFY_ROUTING, 'notify.listDeliveries': async () => [] })
      const notify = createNotifyStore(fake.bridge)
      await notify.getState().load()
      startSubscriptions(fake.bridge, { accounts: createAccountsStore(fake.bridge), notify })
      const before = fake.calls.filter((c) => c.key === 'notify.listDeliveries').length
      for (let i = 0; i < 50; i++) fake.emit('notify.changed', { deliveryId: i })
      await vi.advanceTimersByTimeAsync(300)
      expect(fake.calls.filter((c) => c.key === 'notify.listDeliveries').length - before).toBe(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a clicked digest opens the delivery log; an order notice opens its chat', () => {
    expect(noticeTarget({ kind: 'digest', accountId: null, cid: null })).toEqual({ route: 'notify', parts: [] })
    expect(noticeTarget({ kind: 'order_paid', accountId: 'a1', cid: '51' })).toEqual({ route: 'inbox', parts: ['a1', '51'] })
  })
})
