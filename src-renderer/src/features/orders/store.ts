import { create, type StoreApi } from 'zustand'
import type { CallInput, CallOutput, DeliveryRule, ErrorInfo, Order, OrderState } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'
import { compareOrders, dayBounds, orderKey, orderMatches, type OrderFilter } from './trace'

export const PAGE_SIZE = 100

export type OrderDetail = CallOutput<'orders.get'>
export type OrderRef = { readonly accountId: string; readonly orderId: string }
export type OrderAction = 'deliverNow' | 'resend' | 'ship' | 'markHandled'

/** The filters as the page holds them: dates as the date inputs' "YYYY-MM-DD" (local days). */
export interface OrdersFilter {
  readonly accountId: string | null
  readonly states: ReadonlyArray<OrderState>
  readonly itemId: string | null
  readonly fromDay: string
  readonly toDay: string
}

export const EMPTY_FILTER: OrdersFilter = { accountId: null, states: [], itemId: null, fromDay: '', toDay: '' }

/** The contract's query for a filter and search text (blank parts left out). */
export function queryOf(f: OrdersFilter, search: string): OrderFilter {
  const from = f.fromDay ? dayBounds(f.fromDay)?.start : undefined
  const to = f.toDay ? dayBounds(f.toDay)?.end : undefined
  const q = search.trim()
  return {
    ...(f.accountId ? { accountId: f.accountId } : {}),
    ...(f.states.length > 0 ? { states: [...f.states] } : {}),
    ...(f.itemId ? { itemId: f.itemId } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(q ? { search: q } : {})
  }
}

export interface OrdersState {
  readonly orders: ReadonlyArray<Order>
  readonly total: number
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly loadingMore: boolean
  readonly filter: OrdersFilter
  readonly search: string
  /** The order shown in the drawer. */
  readonly open: OrderRef | null
  readonly detail: OrderDetail | null
  readonly detailStatus: LoadStatus
  readonly detailError: ErrorInfo | null
  /** The open order's item rules, for "deliver now" with a choice. */
  readonly rules: ReadonlyArray<DeliveryRule>
  readonly busy: OrderAction | null
  readonly actionError: ErrorInfo | null
  readonly actionDone: OrderAction | null
  readonly reconciled: CallOutput<'orders.reconcile'> | null

  load(): Promise<void>
  loadMore(): Promise<void>
  setFilter(patch: Partial<OrdersFilter>): void
  setSearch(text: string): void
  clearFilters(): void
  applyOrder(order: Order): void
  openOrder(ref: OrderRef): Promise<void>
  closeOrder(): void
  refreshDetail(): Promise<void>
  act(action: OrderAction, opts?: { ruleId?: number; reviewId?: number }): Promise<boolean>
  reconcile(): Promise<void>
  clearActionError(): void
}

type Set = StoreApi<OrdersState>['setState']
type Get = StoreApi<OrdersState>['getState']

function upsert(list: ReadonlyArray<Order>, o: Order): ReadonlyArray<Order> {
  const k = orderKey(o)
  return [...list.filter((x) => orderKey(x) !== k), o].sort(compareOrders)
}

function listActions(bridge: Bridge, set: Set, get: Get, searchDelayMs: number): Pick<OrdersState, 'load' | 'loadMore' | 'setFilter' | 'setSearch' | 'clearFilters' | 'applyOrder' | 'reconcile'> {
  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  const query = (offset: number): CallInput<'orders.list'> => ({ ...queryOf(get().filter, get().search), limit: PAGE_SIZE, offset })
  const load = async (): Promise<void> => {
    const mine = ++seq
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', loadError: null }))
    try {
      const { orders, total } = await bridge.call('orders.list', query(0))
      // a slower answer to an older filter must not overwrite a newer one
      if (mine === seq) set({ orders: [...orders].sort(compareOrders), total, status: 'ready' })
    } catch (err) {
      if (mine === seq) set((s) => ({ loadError: toErrorInfo(err), status: s.status === 'ready' ? 'ready' : 'error' }))
    }
  }
  return {
    load,
    async loadMore() {
      if (get().loadingMore || get().orders.length >= get().total) return
      const mine = seq
      set({ loadingMore: true })
      try {
        const { orders, total } = await bridge.call('orders.list', query(get().orders.length))
        if (mine === seq) set((s) => ({ orders: orders.reduce(upsert, s.orders), total }))
      } catch (err) {
        set({ loadError: toErrorInfo(err) })
      } finally {
        set({ loadingMore: false })
      }
    },
    setFilter(patch) {
      set((s) => ({ filter: { ...s.filter, ...patch } }))
      void load()
    },
    setSearch(text) {
      set({ search: text })
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        void load()
      }, searchDelayMs)
    },
    clearFilters() {
      set({ filter: EMPTY_FILTER, search: '' })
      void load()
    },
    applyOrder(order) {
      const k = orderKey(order)
      set((s) => {
        const shown = s.orders.some((o) => orderKey(o) === k)
        const fits = orderMatches(order, queryOf(s.filter, s.search))
        if (shown) return fits ? { orders: upsert(s.orders, order) } : { orders: s.orders.filter((o) => orderKey(o) !== k), total: Math.max(0, s.total - 1) }
        return fits && s.status === 'ready' ? { orders: upsert(s.orders, order), total: s.total + 1 } : s
      })
      const open = get().open
      if (open && open.accountId === order.accountId && open.orderId === order.orderId) void get().refreshDetail()
    },
    async reconcile() {
      set({ actionError: null, reconciled: null })
      try {
        const r = await bridge.call('orders.reconcile', {})
        set({ reconciled: r })
        await load()
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
      }
    }
  }
}

function detailActions(bridge: Bridge, set: Set, get: Get): Pick<OrdersState, 'openOrder' | 'closeOrder' | 'refreshDetail' | 'act' | 'clearActionError'> {
  let seq = 0
  const fetchDetail = async (ref: OrderRef): Promise<void> => {
    const mine = ++seq
    try {
      const detail = await bridge.call('orders.get', ref)
      if (mine !== seq) return
      set({ detail, detailStatus: 'ready', detailError: null })
      const itemId = detail.order.itemId
      if (itemId) {
        const rules = await bridge.call('delivery.listRules', { accountId: ref.accountId, itemId }).catch(() => [])
        if (mine === seq) set({ rules })
      }
    } catch (err) {
      if (mine === seq) set((s) => ({ detailError: toErrorInfo(err), detailStatus: s.detail ? 'ready' : 'error' }))
    }
  }
  return {
    async openOrder(ref) {
      const cur = get().open
      if (cur && cur.accountId === ref.accountId && cur.orderId === ref.orderId && get().detail) return
      set({ open: ref, detail: null, detailStatus: 'loading', detailError: null, rules: [], actionError: null, actionDone: null })
      await fetchDetail(ref)
    },
    closeOrder() {
      seq++
      set({ open: null, detail: null, detailStatus: 'idle', detailError: null, rules: [], actionError: null, actionDone: null })
    },
    async refreshDetail() {
      const ref = get().open
      if (ref) await fetchDetail(ref)
    },
    async act(action, opts = {}) {
      const ref = get().open
      if (!ref || get().busy) return false
      set({ busy: action, actionError: null, actionDone: null })
      try {
        if (action === 'markHandled') {
          if (opts.reviewId === undefined) return false
          await bridge.call('delivery.markHandled', { id: opts.reviewId })
        } else {
          const order = action === 'deliverNow'
            ? await bridge.call('delivery.deliverNow', { ...ref, ...(opts.ruleId === undefined ? {} : { ruleId: opts.ruleId }) })
            : await bridge.call(action === 'resend' ? 'delivery.resend' : 'delivery.ship', ref)
          get().applyOrder(order)
        }
        set({ actionDone: action })
        await fetchDetail(ref)
        return true
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return false
      } finally {
        set({ busy: null })
      }
    },
    clearActionError: () => set({ actionError: null })
  }
}

export function createOrdersStore(bridge: Bridge, opts: { searchDelayMs?: number } = {}) {
  return create<OrdersState>()((set, get) => ({
    orders: [],
    total: 0,
    status: 'idle',
    loadError: null,
    loadingMore: false,
    filter: EMPTY_FILTER,
    search: '',
    open: null,
    detail: null,
    detailStatus: 'idle',
    detailError: null,
    rules: [],
    busy: null,
    actionError: null,
    actionDone: null,
    reconciled: null,
    ...listActions(bridge, set, get, opts.searchDelayMs ?? 250),
    ...detailActions(bridge, set, get)
  }))
}

export type OrdersStore = ReturnType<typeof createOrdersStore>

export const useOrdersStore: OrdersStore = createOrdersStore(appBridge)
