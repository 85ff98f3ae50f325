import { create, type StoreApi } from 'zustand'
import type { CallOutput, ErrorInfo, GlobalSettings } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type Language = GlobalSettings['language']
export type ThemePref = GlobalSettings['theme']
export type AppInfo = CallOutput<'app.info'>
export type DataOp = 'export' | 'import' | 'backup' | 'restore'

/** Export / import / backup: one at a time, with the last outcome for the page to show. */
export interface DataState {
  readonly busy: DataOp | null
  readonly error: { readonly op: DataOp; readonly info: ErrorInfo } | null
  readonly backup: CallOutput<'app.backup'> | null
  readonly imported: CallOutput<'settings.import'> | null
  /** The backups to restore from, newest first, and the database's health (null until loaded). */
  readonly backups: CallOutput<'app.backups'> | null
  readonly integrity: CallOutput<'app.integrity'> | null
  /** A restore staged for the next start. */
  readonly restored: CallOutput<'app.restore'> | null
}

/** Global settings, app info and the data tools. Per-account AI settings live in features/ai. No secrets, ever. */
export interface SettingsState {
  readonly global: GlobalSettings | null
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly saving: boolean
  readonly saveError: ErrorInfo | null
  readonly info: AppInfo | null
  readonly data: DataState

  load(): Promise<void>
  loadInfo(): Promise<void>
  /**
   * Applies the change at once (a switch must feel instant), persists it with `settings.update`,
   * and rolls back if main refuses it. Resolves true when saved.
   */
  update(patch: Partial<GlobalSettings>): Promise<boolean>
  clearSaveError(): void
  /** All settings and rules as JSON (no secrets), or null when it failed. */
  exportAll(): Promise<string | null>
  /** Restores an exported file, then reloads the global settings. */
  importAll(json: string): Promise<boolean>
  backup(): Promise<void>
  /** The backup list and the database's health. */
  loadBackups(): Promise<void>
  /** Checks the named backup and stages it; it is put in place when the app starts next. */
  restore(name: string): Promise<boolean>
}

const IDLE_DATA: DataState = { busy: null, error: null, backup: null, imported: null, backups: null, integrity: null, restored: null }

type SetState = StoreApi<SettingsState>['setState']
type GetState = StoreApi<SettingsState>['getState']

function dataActions(bridge: Bridge, set: SetState, get: GetState): Pick<SettingsState, 'exportAll' | 'importAll' | 'backup' | 'loadBackups' | 'restore'> {
  /** Runs one data operation; its failure lands in `data.error`. */
  async function run<T>(op: DataOp, fn: () => Promise<T>): Promise<T | null> {
    if (get().data.busy) return null
    set((s) => ({ data: { ...s.data, busy: op, error: null } }))
    try {
      return await fn()
    } catch (err) {
      set((s) => ({ data: { ...s.data, error: { op, info: toErrorInfo(err) } } }))
      return null
    } finally {
      set((s) => ({ data: { ...s.data, busy: null } }))
    }
  }
  return {
    exportAll: () => run('export', async () => (await bridge.call('settings.export', {})).json),
    async importAll(json) {
      const imported = await run('import', () => bridge.call('settings.import', { json }))
      if (!imported) return false
      set((s) => ({ data: { ...s.data, imported } }))
      await get().load()
      return true
    },
    async backup() {
      const backup = await run('backup', () => bridge.call('app.backup', {}))
      if (backup) set((s) => ({ data: { ...s.data, backup } }))
      if (backup) await get().loadBackups()
    },
    async loadBackups() {
      try {
        const [backups, integrity] = await Promise.all([bridge.call('app.backups', {}), bridge.call('app.integrity', {})])
        set((s) => ({ data: { ...s.data, backups, integrity } }))
      } catch {
        // best effort: the restore row just shows no backups
      }
    },
    async restore(name) {
      const restored = await run('restore', () => bridge.call('app.restore', { name }))
      if (restored) set((s) => ({ data: { ...s.data, restored } }))
      return restored !== null
    }
  }
}

export function createSettingsStore(bridge: Bridge) {
  return create<SettingsState>()((set, get) => ({
    global: null,
    status: 'idle',
    loadError: null,
    saving: false,
    saveError: null,
    info: null,
    data: IDLE_DATA,

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

    clearSaveError: () => set({ saveError: null }),
    ...dataActions(bridge, set, get)
  }))
}

export type SettingsStore = ReturnType<typeof createSettingsStore>

export const useSettingsStore: SettingsStore = createSettingsStore(appBridge)
