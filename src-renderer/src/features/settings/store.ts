import { create } from 'zustand'
import type { CallOutput, ErrorInfo, GlobalSettings } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type Language = GlobalSettings['language']
export type ThemePref = GlobalSettings['theme']
export type AppInfo = CallOutput<'app.info'>

/** Global settings only; per-account AI settings (issue 6) get their own slice here. No secrets, ever. */
export interface SettingsState {
  readonly global: GlobalSettings | null
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly saving: boolean
  readonly saveError: ErrorInfo | null
  readonly info: AppInfo | null

  load(): Promise<void>
  loadInfo(): Promise<void>
  /**
   * Applies the change at once (a switch must feel instant), persists it with `settings.update`,
   * and rolls back if main refuses it. Resolves true when saved.
   */
  update(patch: Partial<GlobalSettings>): Promise<boolean>
  clearSaveError(): void
}

export function createSettingsStore(bridge: Bridge) {
  return create<SettingsState>()((set, get) => ({
    global: null,
    status: 'idle',
    loadError: null,
    saving: false,
    saveError: null,
    info: null,

    async load() {
      set({ status: 'loading', loadError: null })
      try {
        const { global } = await bridge.call('settings.get', {})
        set({ global, status: 'ready' })
      } catch (err) {
        set({ status: 'error', loadError: toErrorInfo(err) })
      }
    },

    async loadInfo() {
      try {
        set({ info: await bridge.call('app.info', {}) })
      } catch {
        // best effort: the about box just stays hidden
      }
    },

    async update(patch) {
      const before = get().global
      set({ saving: true, saveError: null, ...(before ? { global: { ...before, ...patch } } : {}) })
      try {
        const { global } = await bridge.call('settings.update', { global: patch })
        set({ global, saving: false })
        return true
      } catch (err) {
        set({ saving: false, saveError: toErrorInfo(err), global: before })
        return false
      }
    },

    clearSaveError: () => set({ saveError: null })
  }))
}

export type SettingsStore = ReturnType<typeof createSettingsStore>

export const useSettingsStore: SettingsStore = createSettingsStore(appBridge)
