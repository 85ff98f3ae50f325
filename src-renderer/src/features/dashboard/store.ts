import { create } from 'zustand'
import type { DashboardSummary, ErrorInfo } from '@contract'
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

      async load() {
        const mine = ++seq
        const { range, accountId } = get()
        set({ status: 'loading', error: null })
        try {
          const summary = await bridge.call('dashboard.summary', { range, ...(accountId ? { accountId } : {}) })
          if (mine === seq) set({ summary, status: 'ready' })
        } catch (err) {
          if (mine === seq) set({ status: 'error', error: toErrorInfo(err) })
        }
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
