import { create, type StoreApi } from 'zustand'
import type { CallOutput, DeliveryRule, ErrorInfo, ItemDelivery, NewDeliveryRule } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type ItemRef = { readonly accountId: string; readonly itemId: string }
export type SourceTest = { readonly status: 'running' } | ({ readonly status: 'done' } & CallOutput<'delivery.testSource'>)

/** The auto-delivery page: each account's switch, the items with their readiness, the open item's screen and the rule editor. */
export interface DeliveryState {
  /** accountId → auto-delivery on/off, as core says. */
  readonly auto: Readonly<Record<string, boolean>>
  readonly items: ReadonlyArray<ItemDelivery>
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly item: ItemDelivery | null
  readonly itemRef: ItemRef | null
  readonly itemStatus: LoadStatus
  readonly itemError: ErrorInfo | null
  readonly saving: boolean
  readonly saveError: ErrorInfo | null
  readonly tests: Readonly<Record<number, SourceTest>>
  readonly busy: boolean
  readonly actionError: ErrorInfo | null

  /** Every account's switch and the items list. */
  load(accountIds: ReadonlyArray<string>): Promise<void>
  setAuto(accountId: string, on: boolean): Promise<void>
  openItem(ref: ItemRef): Promise<void>
  closeItem(): void
  /** Rules or settings changed (`delivery.changed`, `pool.changed`): refetch the list and the open item. */
  refresh(): Promise<void>
  saveRule(id: number | null, rule: NewDeliveryRule): Promise<DeliveryRule | null>
  clearSaveError(): void
  setRuleEnabled(rule: DeliveryRule, enabled: boolean): Promise<void>
  removeRule(id: number): Promise<void>
  testSource(ruleId: number): Promise<void>
  clearActionError(): void
}

type Set = StoreApi<DeliveryState>['setState']
type Get = StoreApi<DeliveryState>['getState']

const itemKey = (i: ItemRef): string => `${i.accountId}\u0000${i.itemId}`

function loadActions(bridge: Bridge, set: Set, get: Get): Pick<DeliveryState, 'load' | 'setAuto' | 'openItem' | 'closeItem' | 'refresh'> {
  let itemSeq = 0
  const fetchItem = async (ref: ItemRef): Promise<void> => {
    const mine = ++itemSeq
    try {
      const item = await bridge.call('delivery.item', ref)
      if (mine === itemSeq) set({ item, itemStatus: 'ready', itemError: null, auto: { ...get().auto, [ref.accountId]: item.autoDelivery } })
    } catch (err) {
      if (mine === itemSeq) set((s) => ({ itemError: toErrorInfo(err), itemStatus: s.item ? 'ready' : 'error' }))
    }
  }
  const fetchItems = async (): Promise<void> => {
    try {
      const items = await bridge.call('delivery.items', {})
      set({ items: [...items].sort((a, b) => b.waiting - a.waiting || a.itemTitle.localeCompare(b.itemTitle)), status: 'ready', loadError: null })
    } catch (err) {
      set((s) => ({ loadError: toErrorInfo(err), status: s.status === 'ready' ? 'ready' : 'error' }))
    }
  }
  return {
    async load(accountIds) {
      set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', loadError: null }))
      const settings = await Promise.all(accountIds.map((accountId) => bridge.call('delivery.getSettings', { accountId }).catch(() => null)))
      const auto: Record<string, boolean> = { ...get().auto }
      for (const s of settings) if (s) auto[s.accountId] = s.autoDelivery
      set({ auto })
      await fetchItems()
    },
    async setAuto(accountId, on) {
      set({ busy: true, actionError: null })
      try {
        const saved = await bridge.call('delivery.setSettings', { accountId, autoDelivery: on })
        set((s) => ({ auto: { ...s.auto, [saved.accountId]: saved.autoDelivery } }))
        await get().refresh()
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
      } finally {
        set({ busy: false })
      }
    },
    async openItem(ref) {
      const cur = get().itemRef
      if (!cur || itemKey(cur) !== itemKey(ref)) set({ itemRef: ref, item: null, itemStatus: 'loading', itemError: null, tests: {} })
      await fetchItem(ref)
    },
    closeItem() {
      itemSeq++
      set({ itemRef: null, item: null, itemStatus: 'idle', itemError: null })
    },
    async refresh() {
      const ref = get().itemRef
      await Promise.all([get().status === 'idle' ? Promise.resolve() : fetchItems(), ref ? fetchItem(ref) : Promise.resolve()])
    }
  }
}

function ruleActions(bridge: Bridge, set: Set, get: Get): Pick<DeliveryState, 'saveRule' | 'clearSaveError' | 'setRuleEnabled' | 'removeRule' | 'testSource' | 'clearActionError'> {
  const mutate = async (run: () => Promise<void>): Promise<void> => {
    set({ busy: true, actionError: null })
    try {
      await run()
      await get().refresh()
    } catch (err) {
      set({ actionError: toErrorInfo(err) })
    } finally {
      set({ busy: false })
    }
  }
  return {
    async saveRule(id, rule) {
      set({ saving: true, saveError: null })
      try {
        const saved = await bridge.call('delivery.saveRule', id === null ? { rule } : { id, rule })
        set({ saving: false })
        await get().refresh()
        return saved
      } catch (err) {
        set({ saving: false, saveError: toErrorInfo(err) })
        return null
      }
    },
    clearSaveError: () => set({ saveError: null }),
    setRuleEnabled: (rule, enabled) =>
      mutate(async () => {
        const { id, createdAt: _c, updatedAt: _u, ...body } = rule
        await bridge.call('delivery.saveRule', { id, rule: { ...body, enabled } })
      }),
    removeRule: (id) =>
      mutate(async () => {
        await bridge.call('delivery.removeRule', { id })
      }),
    async testSource(ruleId) {
      set((s) => ({ tests: { ...s.tests, [ruleId]: { status: 'running' } } }))
      try {
        const r = await bridge.call('delivery.testSource', { ruleId })
        set((s) => ({ tests: { ...s.tests, [ruleId]: { status: 'done', ...r } } }))
      } catch (err) {
        set((s) => ({ tests: { ...s.tests, [ruleId]: { status: 'done', ok: false, masked: '', error: toErrorInfo(err).message } } }))
      }
    },
    clearActionError: () => set({ actionError: null })
  }
}

export function createDeliveryStore(bridge: Bridge) {
  return create<DeliveryState>()((set, get) => ({
    auto: {},
    items: [],
    status: 'idle',
    loadError: null,
    item: null,
    itemRef: null,
    itemStatus: 'idle',
    itemError: null,
    saving: false,
    saveError: null,
    tests: {},
    busy: false,
    actionError: null,
    ...loadActions(bridge, set, get),
    ...ruleActions(bridge, set, get)
  }))
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>

export const useDeliveryStore: DeliveryStore = createDeliveryStore(appBridge)
