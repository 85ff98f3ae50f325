import { create, type StoreApi } from 'zustand'
import type { CallInput, CallOutput, CardPool, ErrorInfo, PoolCode } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'
import type { ImportFormat } from './codes'

export const CODES_PAGE = 50

export type CodeStateFilter = PoolCode['state'] | 'all'
export type ImportResult = CallOutput<'delivery.importCodes'>
export type ExportState = CallInput<'delivery.exportCodes'>['state']

/** The open pool's code list: one page, masked. */
export interface CodesView {
  readonly poolId: number
  readonly state: CodeStateFilter
  readonly offset: number
  readonly codes: ReadonlyArray<PoolCode>
  readonly total: number
  readonly status: LoadStatus
}

/** Card pools (卡密库): counts live from `pool.changed`, the open pool's codes, import / export / delete. */
export interface PoolsState {
  readonly pools: ReadonlyArray<CardPool>
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly view: CodesView | null
  /** Selected code ids on the open pool's page (available codes only). */
  readonly selected: ReadonlyArray<number>
  readonly busy: boolean
  readonly actionError: ErrorInfo | null
  /** The last one-line success ("已删除 3 个卡密"), as an i18n-free payload. */
  readonly notice: { readonly kind: 'deleted'; readonly count: number } | { readonly kind: 'exported'; readonly count: number; readonly name: string } | null

  load(): Promise<void>
  applyPool(id: number, pool: CardPool | null): void
  savePool(input: CallInput<'delivery.savePool'>): Promise<CardPool | null>
  removePool(id: number): Promise<boolean>
  openCodes(poolId: number, state?: CodeStateFilter, offset?: number): Promise<void>
  closeCodes(): void
  toggleSelected(id: number): void
  setSelected(ids: ReadonlyArray<number>): void
  importCodes(poolId: number, text: string, format: ImportFormat, column: number): Promise<ImportResult | null>
  exportCodes(poolId: number, state: ExportState): Promise<CallOutput<'delivery.exportCodes'> | null>
  /** Deletes the selected codes, or every available code when `all`. */
  deleteCodes(poolId: number, all: boolean): Promise<number | null>
  setNotice(notice: PoolsState['notice']): void
  clearActionError(): void
}

type Set = StoreApi<PoolsState>['setState']
type Get = StoreApi<PoolsState>['getState']

const byName = (a: CardPool, b: CardPool): number => a.accountId.localeCompare(b.accountId) || a.name.localeCompare(b.name) || a.id - b.id

function poolActions(bridge: Bridge, set: Set, get: Get): Pick<PoolsState, 'load' | 'applyPool' | 'savePool' | 'removePool'> {
  return {
    async load() {
      set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', loadError: null }))
      try {
        const pools = await bridge.call('delivery.listPools', {})
        set({ pools: [...pools].sort(byName), status: 'ready' })
      } catch (err) {
        set((s) => ({ loadError: toErrorInfo(err), status: s.status === 'ready' ? 'ready' : 'error' }))
      }
    },
    applyPool(id, pool) {
      set((s) => ({ pools: pool ? [...s.pools.filter((p) => p.id !== id), pool].sort(byName) : s.pools.filter((p) => p.id !== id) }))
      const view = get().view
      if (view && view.poolId === id) {
        if (pool) void get().openCodes(id, view.state, view.offset)
        else get().closeCodes()
      }
    },
    async savePool(input) {
      set({ busy: true, actionError: null })
      try {
        const pool = await bridge.call('delivery.savePool', input)
        get().applyPool(pool.id, pool)
        return pool
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return null
      } finally {
        set({ busy: false })
      }
    },
    async removePool(id) {
      set({ busy: true, actionError: null })
      try {
        const { removed } = await bridge.call('delivery.removePool', { id })
        if (removed) get().applyPool(id, null)
        return removed
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return false
      } finally {
        set({ busy: false })
      }
    }
  }
}

function codeActions(bridge: Bridge, set: Set, get: Get): Pick<PoolsState, 'openCodes' | 'closeCodes' | 'toggleSelected' | 'setSelected' | 'importCodes' | 'exportCodes' | 'deleteCodes'> {
  let seq = 0
  return {
    async openCodes(poolId, state = 'all', offset = 0) {
      const mine = ++seq
      const prev = get().view
      const same = prev?.poolId === poolId && prev.state === state && prev.offset === offset
      set({ view: { poolId, state, offset, codes: same ? prev.codes : [], total: same ? prev.total : 0, status: same ? 'ready' : 'loading' }, ...(same ? {} : { selected: [] }) })
      try {
        const { codes, total } = await bridge.call('delivery.listCodes', { poolId, limit: CODES_PAGE, offset, ...(state === 'all' ? {} : { state }) })
        if (mine !== seq) return
        const ids = new Set(codes.filter((c) => c.state === 'available').map((c) => c.id))
        set((s) => ({ view: { poolId, state, offset, codes, total, status: 'ready' }, selected: s.selected.filter((id) => ids.has(id)) }))
      } catch (err) {
        if (mine === seq) set((s) => ({ actionError: toErrorInfo(err), view: s.view ? { ...s.view, status: 'error' } : null }))
      }
    },
    closeCodes() {
      seq++
      set({ view: null, selected: [] })
    },
    toggleSelected: (id) => set((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] })),
    setSelected: (ids) => set({ selected: [...ids] }),
    async importCodes(poolId, text, format, column) {
      set({ busy: true, actionError: null })
      try {
        return await bridge.call('delivery.importCodes', { poolId, text, format, column })
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return null
      } finally {
        set({ busy: false })
      }
    },
    async exportCodes(poolId, state) {
      set({ actionError: null, notice: null })
      try {
        return await bridge.call('delivery.exportCodes', { poolId, state })
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return null
      }
    },
    async deleteCodes(poolId, all) {
      const ids = get().selected
      if (!all && ids.length === 0) return 0
      set({ busy: true, actionError: null, notice: null })
      try {
        const { deleted } = await bridge.call('delivery.deleteCodes', all ? { poolId } : { poolId, ids: [...ids] })
        set({ selected: [], notice: { kind: 'deleted', count: deleted } })
        const view = get().view
        if (view?.poolId === poolId) await get().openCodes(poolId, view.state, view.offset)
        return deleted
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return null
      } finally {
        set({ busy: false })
      }
    }
  }
}

export function createPoolsStore(bridge: Bridge) {
  return create<PoolsState>()((set, get) => ({
    pools: [],
    status: 'idle',
    loadError: null,
    view: null,
    selected: [],
    busy: false,
    actionError: null,
    notice: null,
    ...poolActions(bridge, set, get),
    ...codeActions(bridge, set, get),
    setNotice: (notice) => set({ notice }),
    clearActionError: () => set({ actionError: null })
  }))
}

export type PoolsStore = ReturnType<typeof createPoolsStore>

export const usePoolsStore: PoolsStore = createPoolsStore(appBridge)
