import { create } from 'zustand'
import type { DemoStatus, ErrorInfo } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'

/**
 * The demo's state (issue 18): added and waiting for the seller to press start, or playing run N.
 * Follows `demo.changed`; start and restart are the seller's buttons.
 */
export interface DemoState {
  readonly status: DemoStatus | null
  /** A start or restart in flight. */
  readonly busy: boolean
  readonly error: ErrorInfo | null
  load(): Promise<void>
  start(): Promise<void>
  restart(): Promise<void>
  apply(status: DemoStatus): void
}

export function createDemoStore(bridge: Bridge) {
  return create<DemoState>()((set, get) => {
    const act = async (call: 'demo.start' | 'demo.restart'): Promise<void> => {
      if (get().busy) return
      set({ busy: true, error: null })
      try {
        const status = await bridge.call(call, {})
        set({ status, busy: false })
      } catch (err) {
        set({ busy: false, error: toErrorInfo(err) })
      }
    }
    return {
      status: null,
      busy: false,
      error: null,
      async load() {
        try {
          set({ status: await bridge.call('demo.status', {}) })
        } catch (err) {
          set({ error: toErrorInfo(err) })
        }
      },
      start: () => act('demo.start'),
      restart: () => act('demo.restart'),
      apply: (status) => set({ status, error: null })
    }
  })
}

export type DemoStore = ReturnType<typeof createDemoStore>
export const useDemoStore: DemoStore = createDemoStore(appBridge)
