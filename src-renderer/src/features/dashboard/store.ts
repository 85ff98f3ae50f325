import { create } from 'zustand'
import type { DashboardSummary, DayStats, ErrorInfo } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type DashboardRange = 'today' | '7d'

export interface DashboardState {
  readonly range: DashboardRange
  /** null: all accounts. */
  readonly accountId: string | null
  readonly summary: DashboardSummary | null
  readonly status: LoadStatus
  readonly error: ErrorInfo | null
  /** Orders, paid, delivered and revenue per day (`orders.stats`) for the same range and account. */
  readonly orderStats: ReadonlyArray<DayStats> | null
  readonly orderStatsError: ErrorInfo | null

  /** Fetches the summary for the current range and account; a newer request wins. */
  load(): Promise<void>
  setRange(range: DashboardRange): Promise<void>
  setAccount(accountId: string | null): Promise<void>
}

export function createDashboardStore(bridge: Bridge) {
  return create<DashboardState>()((set, get) => {
    let seq = 0
    return {
      range: 'today',
      accountId: null,
      summary: null,
      status: 'idle',
      error: null,
      orderStats: null,
      orderStatsError: null,

      async load() {
        const mine = ++seq
        const { range, accountId } = get()
        const account = accountId ? { accountId } : {}
        set({ status: 'loading', error: null })
        // the order figures fail alone: the message figures still show
        const stats = bridge.call('orders.stats', { days: range === 'today' ? 1 : 7, ...account }).then(
          (orderStats) => mine === seq && set({ orderStats, orderStatsError: null }),
          (err: unknown) => mine === seq && set({ orderStatsError: toErrorInfo(err) })
        )
        try {
          const summary = await bridge.call('dashboard.summary', { range, ...account })
          if (mine === seq) set({ summary, status: 'ready' })
        } catch (err) {
          if (mine === seq) set({ status: 'error', error: toErrorInfo(err) })
        }
        await stats
      },
      async setRange(range) {
        if (range === get().range && get().status !== 'idle') return
        set({ range })
        await get().load()
      },
      async setAccount(accountId) {
        if (accountId === get().accountId && get().status !== 'idle') return
        set({ accountId })
        await get().load()
      }
    }
  })
}

export type DashboardStore = ReturnType<typeof createDashboardStore>

export const useDashboardStore: DashboardStore = createDashboardStore(appBridge)
