import { create, type StoreApi } from 'zustand'
import type { Account, ErrorInfo, EventPayload } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface AccountsState {
  /** Oldest first, as `accounts.list` returns them. Never holds cookies: the contract has none. */
  readonly accounts: ReadonlyArray<Account>
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  /** The add dialog's request. */
  readonly adding: boolean
  readonly addError: ErrorInfo | null
  /** Ids with an update/remove in flight, so their controls can be disabled. */
  readonly busyIds: ReadonlyArray<string>
  /** The last failed update/remove, shown as a dismissable banner. */
  readonly actionError: ErrorInfo | null
  /** The demo account's request (header and empty-state buttons). */
  readonly addingDemo: boolean

  load(): Promise<void>
  /** Resolves with the new account, or null when it failed (then `addError` says why). */
  addByCookie(input: { cookie: string; remark?: string }): Promise<Account | null>
  clearAddError(): void
  setEnabled(id: string, enabled: boolean): Promise<void>
  setRemark(id: string, remark: string): Promise<void>
  remove(id: string, wipeData: boolean): Promise<boolean>
  clearActionError(): void
  /** Adds the bundled demo account; failures land in `actionError`. */
  addDemo(): Promise<Account | null>
  /** Passes the platform's security check (automatic, else a window for the human). */
  verify(id: string): Promise<boolean>
  /** Renews the login in a browser now. */
  refreshLogin(id: string): Promise<boolean>
  /** Applies an `account.changed` event (or a call's returned account). */
  applyChanged(payload: EventPayload<'account.changed'>): void
  /** A message was stored for the account (`message.added`): its "last message" time moves. */
  noteMessage(accountId: string, at: number): void
}

/** Inserts or replaces by id, keeping the list oldest first. */
export function upsert(list: ReadonlyArray<Account>, account: Account): ReadonlyArray<Account> {
  const i = list.findIndex((a) => a.id === account.id)
  if (i >= 0) return list.map((a, j) => (j === i ? account : a))
  const next = [...list, account]
  return next.sort((a, b) => a.createdAt - b.createdAt)
}

const without = (ids: ReadonlyArray<string>, id: string): ReadonlyArray<string> => ids.filter((x) => x !== id)

type SetState = StoreApi<AccountsState>['setState']
type GetState = StoreApi<AccountsState>['getState']
type Actions = Omit<AccountsState, 'accounts' | 'status' | 'loadError' | 'adding' | 'addError' | 'busyIds' | 'actionError' | 'addingDemo'>

function listActions(bridge: Bridge, set: SetState, get: GetState): Pick<Actions, 'load' | 'addByCookie' | 'clearAddError' | 'applyChanged' | 'noteMessage'> {
  return {
    async load() {
      // a refetch keeps showing the cached list; only the first load shows the skeleton
      set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', loadError: null }))
      try {
        const accounts = await bridge.call('accounts.list', {})
        set({ accounts, status: 'ready' })
      } catch (err) {
        set((s) => ({ loadError: toErrorInfo(err), status: s.status === 'ready' ? 'ready' : 'error' }))
      }
    },

    async addByCookie({ cookie, remark }) {
      if (get().adding) return null
      set({ adding: true, addError: null })
      try {
        const trimmed = remark?.trim()
        const account = await bridge.call('accounts.addByCookie', { cookie: cookie.trim(), ...(trimmed ? { remark: trimmed } : {}) })
        set((s) => ({ accounts: upsert(s.accounts, account), adding: false }))
        return account
      } catch (err) {
        set({ adding: false, addError: toErrorInfo(err) })
        return null
      }
    },

    clearAddError: () => set({ addError: null }),

    applyChanged({ account, id, removed }) {
      set((s) => (removed || !account ? { accounts: s.accounts.filter((a) => a.id !== id) } : { accounts: upsert(s.accounts, account) }))
    },

    noteMessage(accountId, at) {
      const a = get().accounts.find((x) => x.id === accountId)
      if (!a || (a.lastMessageAt ?? -Infinity) >= at) return
      set((s) => ({ accounts: s.accounts.map((x) => (x.id === accountId ? { ...x, lastMessageAt: at } : x)) }))
    }
  }
}

function rowActions(bridge: Bridge, set: SetState): Pick<Actions, 'setEnabled' | 'setRemark' | 'remove' | 'clearActionError' | 'verify' | 'refreshLogin'> {
  /** Runs one per-account mutation with its busy flag and error banner. */
  async function mutate(id: string, run: () => Promise<void>): Promise<boolean> {
    set((s) => ({ busyIds: [...without(s.busyIds, id), id], actionError: null }))
    try {
      await run()
      return true
    } catch (err) {
      set({ actionError: toErrorInfo(err) })
      return false
    } finally {
      set((s) => ({ busyIds: without(s.busyIds, id) }))
    }
  }
  const update = (id: string, patch: { enabled?: boolean; remark?: string }): Promise<boolean> =>
    mutate(id, async () => {
      const account = await bridge.call('accounts.update', { id, ...patch })
      set((s) => ({ accounts: upsert(s.accounts, account) }))
    })

  const loginCall = (key: 'accounts.verify' | 'accounts.refreshLogin', id: string): Promise<boolean> =>
    mutate(id, async () => {
      const account = await bridge.call(key, { id })
      set((s) => ({ accounts: upsert(s.accounts, account) }))
    })

  return {
    verify: (id) => loginCall('accounts.verify', id),
    refreshLogin: (id) => loginCall('accounts.refreshLogin', id),
    setEnabled: async (id, enabled) => void (await update(id, { enabled })),
    setRemark: async (id, remark) => void (await update(id, { remark: remark.trim() })),
    remove: (id, wipeData) =>
      mutate(id, async () => {
        await bridge.call('accounts.remove', { id, wipeData })
        set((s) => ({ accounts: s.accounts.filter((a) => a.id !== id) }))
      }),
    clearActionError: () => set({ actionError: null })
  }
}

function demoActions(bridge: Bridge, set: SetState, get: GetState): Pick<Actions, 'addDemo'> {
  return {
    async addDemo() {
      if (get().addingDemo) return null
      set({ addingDemo: true, actionError: null })
      try {
        const account = await bridge.call('accounts.addDemo', {})
        set((s) => ({ accounts: upsert(s.accounts, account), addingDemo: false }))
        return account
      } catch (err) {
        set({ addingDemo: false, actionError: toErrorInfo(err) })
        return null
      }
    }
  }
}

export function createAccountsStore(bridge: Bridge) {
  return create<AccountsState>()((set, get) => ({
    accounts: [],
    status: 'idle',
    loadError: null,
    adding: false,
    addError: null,
    busyIds: [],
    actionError: null,
    addingDemo: false,
    ...listActions(bridge, set, get),
    ...rowActions(bridge, set),
    ...demoActions(bridge, set, get)
  }))
}

export type AccountsStore = ReturnType<typeof createAccountsStore>

/** The app's accounts store. Tests build their own with `createAccountsStore(fakeBridge)`. */
export const useAccountsStore: AccountsStore = createAccountsStore(appBridge)
