import { create } from 'zustand'
import type { CallInput, ErrorInfo, NotifyChannel, NotifyDelivery, NotifyRouting } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type SaveChannelInput = CallInput<'notify.saveChannel'>

export interface TestState {
  readonly status: 'running' | 'ok' | 'failed'
  readonly error: string | null
}

/**
 * Notification channels, routing and the delivery log. Channel secrets never enter this store:
 * they go from the dialog's inputs straight into `notify.saveChannel`, and only
 * `secrets: { field: configured }` comes back.
 */
export interface NotifyState {
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly channels: ReadonlyArray<NotifyChannel>
  readonly routing: NotifyRouting | null
  /** The routing as edited, saved with `saveRouting`. */
  readonly draft: NotifyRouting | null
  readonly deliveries: ReadonlyArray<NotifyDelivery>
  readonly tests: Readonly<Record<string, TestState>>
  readonly busy: boolean
  readonly error: ErrorInfo | null

  load(): Promise<void>
  loadDeliveries(): Promise<void>
  /** Resolves with the saved channel, or null (the error is in `error`). */
  saveChannel(input: SaveChannelInput): Promise<NotifyChannel | null>
  removeChannel(id: string): Promise<void>
  test(id: string): Promise<void>
  editRouting(change: (draft: NotifyRouting) => NotifyRouting): void
  saveRouting(): Promise<boolean>
  clearError(): void
}

export function createNotifyStore(bridge: Bridge) {
  return create<NotifyState>()((set, get) => {
    async function run<T>(fn: () => Promise<T>): Promise<T | null> {
      set({ busy: true, error: null })
      try {
        return await fn()
      } catch (err) {
        set({ error: toErrorInfo(err) })
        return null
      } finally {
        set({ busy: false })
      }
    }
    return {
      status: 'idle', loadError: null, channels: [], routing: null, draft: null, deliveries: [], tests: {}, busy: false, error: null,
      async load() {
        set({ status: get().status === 'ready' ? 'ready' : 'loading', loadError: null })
        try {
          const [channels, routing, deliveries] = await Promise.all([
            bridge.call('notify.listChannels', {}), bridge.call('notify.getRouting', {}), bridge.call('notify.listDeliveries', { limit: 200 })
          ])
          set({ channels, routing, draft: routing, deliveries, status: 'ready' })
        } catch (err) {
          set({ status: 'error', loadError: toErrorInfo(err) })
        }
      },
      async loadDeliveries() {
        try {
          set({ deliveries: await bridge.call('notify.listDeliveries', { limit: 200 }) })
        } catch {
          // best effort: the log refreshes again on the next notify.changed
        }
      },
      async saveChannel(input) {
        const saved = await run(() => bridge.call('notify.saveChannel', input))
        if (saved) set((s) => ({ channels: s.channels.some((c) => c.id === saved.id) ? s.channels.map((c) => (c.id === saved.id ? saved : c)) : [...s.channels, saved] }))
        return saved
      },
      async removeChannel(id) {
        const r = await run(() => bridge.call('notify.removeChannel', { id }))
        if (r?.removed) await get().load()
      },
      async test(id) {
        set((s) => ({ tests: { ...s.tests, [id]: { status: 'running', error: null } } }))
        try {
          const r = await bridge.call('notify.testChannel', { id })
          set((s) => ({ tests: { ...s.tests, [id]: { status: r.ok ? 'ok' : 'failed', error: r.error } } }))
        } catch (err) {
          set((s) => ({ tests: { ...s.tests, [id]: { status: 'failed', error: toErrorInfo(err).message } } }))
        }
        await get().loadDeliveries()
      },
      editRouting(change) {
        const draft = get().draft
        if (draft) set({ draft: change(structuredClone(draft)) })
      },
      async saveRouting() {
        const draft = get().draft
        if (!draft) return false
        const saved = await run(() => bridge.call('notify.setRouting', { routing: draft }))
        if (saved) set({ routing: saved, draft: saved })
        return saved !== null
      },
      clearError: () => set({ error: null })
    }
  })
}

export type NotifyStore = ReturnType<typeof createNotifyStore>
export const useNotifyStore: NotifyStore = createNotifyStore(appBridge)
