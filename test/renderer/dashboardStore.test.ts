import { describe, expect, it } from 'vitest'
import type { DashboardSummary } from '@contract'
import { createDashboardStore } from '../../src-renderer/src/features/dashboard/store'
import { dailySeries, formatYuan, orderSeries, isEmptySummary, modelSeries, roundsSeries, sourceSeries } from '../../src-renderer/src/features/dashboard/selectors'
import { FakeFailure, deferred, fakeBridge } from './fakeBridge'

const DAY = 86_400_000

function summary(over: Partial<DashboardSummary> = {}): DashboardSummary {
  return {
    from: 0, to: DAY, messagesIn: 0, messagesOut: 0, autoAnsweredShare: 0, bySource: {},
    ai: { calls: 0, failures: 0, failureRate: 0, alert: 'ok', tokensIn: 0, tokensOut: 0, costYuan: 0, latencyP50Ms: 0, latencyP95Ms: 0, byModel: [], byAccount: [] },
    bargaining: { roundsHistogram: Array.from({ length: 11 }, () => 0), refusals: 0, averageConcession: 0 },
    daily: [{ day: 0, messagesIn: 0, messagesOut: 0, costYuan: 0 }],
    ...over
  }
}

describe('orders per day on the dashboard (orders.stats)', () => {
  it('asks for the range in days with the account, and fails alone', async () => {
    const stats = [{ day: '2025-01-31', orders: 3, paid: 2, delivered: 2, revenue: 39.8 }, { day: '2025-01-30', orders: 1, paid: 1, delivered: 0, revenue: 19.9 }]
    const fake = fakeBridge({ 'dashboard.summary': async () => summary(), 'orders.stats': async () => stats })
    const store = createDashboardStore(fake.bridge)
    await store.getState().load()
    expect(store.getState().orderStats).toEqual(stats)
    await store.getState().setRange('7d')
    await store.getState().setAccount('acc1')
    expect(fake.calls.filter((c) => c.key === 'orders.stats').map((c) => c.input)).toEqual([{ days: 1 }, { days: 7 }, { days: 7, accountId: 'acc1' }])
    const broken = createDashboardStore(fakeBridge({ 'dashboard.summary': async () => summary(), 'orders.stats': async () => { throw new FakeFailure('UNAVAILABLE', '不可用 / unavailable') } }).bridge)
    await broken.getState().load()
    expect(broken.getState()).toMatchObject({ status: 'ready', orderStats: null, orderStatsError: { code: 'UNAVAILABLE' } })
  })

  it('orders the days, labels them and sums the period', () => {
    const s = orderSeries([{ day: '2025-01-31', orders: 3, paid: 2, delivered: 2, revenue: 39.8 }, { day: '2025-01-30', orders: 1, paid: 1, delivered: 0, revenue: 19.9 }], 'zh-CN')
    expect(s.points.map((p) => p.label)).toEqual(['1/30', '1/31'])
    expect(s).toMatchObject({ orders: 4, paid: 3, delivered: 2, revenue: 59.7 })
    expect(orderSeries([], 'en')).toMatchObject({ points: [], orders: 0, revenue: 0 })
    // delivery messages are a reply source of their own (自动发货), before unknown ones
    expect(sourceSeries(summary({ bySource: { mystery: 1, delivery: 2 } })).map((x) => x.source)).toEqual(['delivery', 'mystery'])
  })
})

describe('dashboard store', () => {
  it('loads today for all accounts, then follows range and account switches', async () => {
    const fake = fakeBridge({ 'dashboard.summary': async (input) => summary({ messagesIn: input.range === '7d' ? 70 : 10 }) })
    const store = createDashboardStore(fake.bridge)
    expect(store.getState().status).toBe('idle')
    const loading = store.getState().load()
    expect(store.getState().status).toBe('loading')
    await loading
    expect(store.getState()).toMatchObject({ status: 'ready', range: 'today', summary: { messagesIn: 10 } })

    await store.getState().setRange('7d')
    expect(store.getState().summary?.messagesIn).toBe(70)
    await store.getState().setRange('7d') // same range: no refetch
    await store.getState().setAccount('acc1')
    await store.getState().setAccount(null)
    expect(fake.calls.filter((c) => c.key === 'dashboard.summary').map((c) => c.input)).toEqual([{ range: 'today' }, { range: '7d' }, { range: '7d', accountId: 'acc1' }, { range: '7d' }])
  })

  it('keeps the last summary while refetching, and lets the newest request win', async () => {
    const gates = [deferred<DashboardSummary>(), deferred<DashboardSummary>()]
    let i = 0
    const fake = fakeBridge({ 'dashboard.summary': () => (gates[i++] ?? deferred<DashboardSummary>()).promise })
    const store = createDashboardStore(fake.bridge)
    const first = store.getState().load()
    const second = store.getState().setRange('7d')
    gates[1]?.resolve(summary({ messagesIn: 7 }))
    await second
    gates[0]?.resolve(summary({ messagesIn: 1 }))
    await first
    expect(store.getState()).toMatchObject({ status: 'ready', range: '7d', summary: { messagesIn: 7 } })
  })

  it('shows a failure', async () => {
    const fake = fakeBridge({ 'dashboard.summary': async () => { throw new FakeFailure('UNAVAILABLE', '数据库不可用 / Database unavailable') } })
    const store = createDashboardStore(fake.bridge)
    await store.getState().load()
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE' }, summary: null })
  })
})

describe('dashboard mapping', () => {
  it('knows an empty period', () => {
    expect(isEmptySummary(summary())).toBe(true)
    expect(isEmptySummary(summary({ messagesIn: 1 }))).toBe(false)
  })

  it('labels days in the UI language', () => {
    const s = summary({ daily: [{ day: Date.UTC(2025, 4, 12), messagesIn: 3, messagesOut: 2, costYuan: 0.1 }] })
    expect(dailySeries(s, 'zh-CN')).toEqual([{ day: Date.UTC(2025, 4, 12), label: '5/12', messagesIn: 3, messagesOut: 2, costYuan: 0.1 }])
  })

  it('orders sources like the legend and keeps unknown ones', () => {
    const s = summary({ bySource: { manual: 2, ai: 5, keyword: 3, refusal: 0, mystery: 1 } })
    expect(sourceSeries(s)).toEqual([{ source: 'keyword', count: 3 }, { source: 'ai', count: 5 }, { source: 'manual', count: 2 }, { source: 'mystery', count: 1 }])
  })

  it('sorts models by cost and trims empty round buckets', () => {
    const s = summary({
      ai: { ...summary().ai, byModel: [{ model: 'qwen-turbo', calls: 9, tokens: 900, costYuan: 0.01 }, { model: 'qwen-max', calls: 2, tokens: 400, costYuan: 0.2 }] },
      bargaining: { roundsHistogram: [1, 4, 2, 0, 0, 1, 0, 0, 0, 0, 0], refusals: 2, averageConcession: 0.08 }
    })
    expect(modelSeries(s).map((m) => m.model)).toEqual(['qwen-max', 'qwen-turbo'])
    expect(roundsSeries(s)).toEqual([{ rounds: '0', chats: 1 }, { rounds: '1', chats: 4 }, { rounds: '2', chats: 2 }, { rounds: '3', chats: 0 }, { rounds: '4', chats: 0 }, { rounds: '5', chats: 1 }])
    expect(roundsSeries(summary()).map((r) => r.rounds)).toEqual(['0', '1', '2', '3'])
  })

  it('formats yuan with more digits for small sums', () => {
    expect(formatYuan(12.5, 'zh-CN')).toBe('¥12.50')
    expect(formatYuan(0.0123, 'en')).toBe('¥0.0123')
    expect(formatYuan(0, 'en')).toBe('¥0.00')
  })
})
