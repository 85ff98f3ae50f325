import { create, type StoreApi } from 'zustand'
import type { CallOutput, ErrorInfo, KeywordRule, NewKeywordRule } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type RuleTestResult = CallOutput<'rules.test'>

export interface RuleTestState {
  readonly status: 'idle' | 'running' | 'done' | 'error'
  readonly result: RuleTestResult | null
  readonly error: ErrorInfo | null
}

export interface RulesState {
  readonly rules: ReadonlyArray<KeywordRule>
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  /** The last failed toggle/delete/import/export, shown as a banner. */
  readonly actionError: ErrorInfo | null
  /** The edit dialog's save. */
  readonly saving: boolean
  readonly saveError: ErrorInfo | null
  readonly busyIds: ReadonlyArray<number>
  readonly test: RuleTestState
  /** A one-line success message ("已导入 3 条规则"), as an i18n-free payload for the page. */
  readonly notice: { readonly kind: 'imported'; readonly count: number } | { readonly kind: 'exported'; readonly name: string } | null

  load(): Promise<void>
  /** Creates (no id) or replaces a rule; resolves true when saved. */
  save(id: number | null, rule: NewKeywordRule): Promise<boolean>
  clearSaveError(): void
  setEnabled(rule: KeywordRule, enabled: boolean): Promise<void>
  remove(id: number): Promise<boolean>
  runTest(input: { accountId: string; itemId?: string; text: string }): Promise<void>
  /** The rules file's JSON, or null when export failed. */
  exportJson(accountId?: string): Promise<string | null>
  /** Merges a rules file; `targetAccountId` re-homes account and item rules. Resolves the count or null. */
  importJson(json: string, targetAccountId?: string): Promise<number | null>
  setNotice(notice: RulesState['notice']): void
  clearActionError(): void
}

const SCOPE_RANK: Readonly<Record<KeywordRule['scope'], number>> = { item: 0, account: 1, global: 2 }

/** The order core matches in: item > account > global, then priority (high first), then oldest. */
export function sortRules(rules: ReadonlyArray<KeywordRule>): ReadonlyArray<KeywordRule> {
  return [...rules].sort((a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope] || b.priority - a.priority || a.id - b.id)
}

const upsert = (list: ReadonlyArray<KeywordRule>, rule: KeywordRule): ReadonlyArray<KeywordRule> =>
  sortRules([...list.filter((r) => r.id !== rule.id), rule])

type Set = StoreApi<RulesState>['setState']
type Get = StoreApi<RulesState>['getState']

function editActions(bridge: Bridge, set: Set): Pick<RulesState, 'load' | 'save' | 'clearSaveError' | 'setEnabled' | 'remove'> {
  async function mutate(id: number, run: () => Promise<void>): Promise<boolean> {
    set((s) => ({ busyIds: [...s.busyIds, id], actionError: null }))
    try {
      await run()
      return true
    } catch (err) {
      set({ actionError: toErrorInfo(err) })
      return false
    } finally {
      set((s) => ({ busyIds: s.busyIds.filter((x) => x !== id) }))
    }
  }
  return {
    async load() {
      set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', loadError: null }))
      try {
        const rules = await bridge.call('rules.list', {})
        set({ rules: sortRules(rules), status: 'ready' })
      } catch (err) {
        set((s) => ({ loadError: toErrorInfo(err), status: s.status === 'ready' ? 'ready' : 'error' }))
      }
    },
    async save(id, rule) {
      set({ saving: true, saveError: null })
      try {
        const saved = await bridge.call('rules.save', id === null ? { rule } : { id, rule })
        set((s) => ({ saving: false, rules: upsert(s.rules, saved) }))
        return true
      } catch (err) {
        set({ saving: false, saveError: toErrorInfo(err) })
        return false
      }
    },
    clearSaveError: () => set({ saveError: null }),
    setEnabled: async (rule, enabled) => {
      const { id, createdAt: _c, updatedAt: _u, ...body } = rule
      await mutate(id, async () => {
        const saved = await bridge.call('rules.save', { id, rule: { ...body, enabled } })
        set((s) => ({ rules: upsert(s.rules, saved) }))
      })
    },
    remove: (id) =>
      mutate(id, async () => {
        await bridge.call('rules.remove', { id })
        set((s) => ({ rules: s.rules.filter((r) => r.id !== id) }))
      })
  }
}

function toolActions(bridge: Bridge, set: Set, get: Get): Pick<RulesState, 'runTest' | 'exportJson' | 'importJson' | 'setNotice' | 'clearActionError'> {
  return {
    async runTest({ accountId, itemId, text }) {
      if (!text.trim()) return
      set({ test: { status: 'running', result: null, error: null } })
      try {
        const id = itemId?.trim()
        const result = await bridge.call('rules.test', { accountId, text: text.trim(), ...(id ? { itemId: id } : {}) })
        set({ test: { status: 'done', result, error: null } })
      } catch (err) {
        set({ test: { status: 'error', result: null, error: toErrorInfo(err) } })
      }
    },
    async exportJson(accountId) {
      set({ actionError: null, notice: null })
      try {
        return (await bridge.call('rules.export', accountId ? { accountId } : {})).json
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return null
      }
    },
    async importJson(json, targetAccountId) {
      set({ actionError: null, notice: null })
      try {
        const { imported } = await bridge.call('rules.import', { json, mode: 'merge', ...(targetAccountId ? { targetAccountId } : {}) })
        set({ notice: { kind: 'imported', count: imported } })
        await get().load()
        return imported
      } catch (err) {
        set({ actionError: toErrorInfo(err) })
        return null
      }
    },
    setNotice: (notice) => set({ notice }),
    clearActionError: () => set({ actionError: null })
  }
}

export function createRulesStore(bridge: Bridge) {
  return create<RulesState>()((set, get) => ({
    rules: [],
    status: 'idle',
    loadError: null,
    actionError: null,
    saving: false,
    saveError: null,
    busyIds: [],
    test: { status: 'idle', result: null, error: null },
    notice: null,
    ...editActions(bridge, set),
    ...toolActions(bridge, set, get)
  }))
}

export type RulesStore = ReturnType<typeof createRulesStore>

export const useRulesStore: RulesStore = createRulesStore(appBridge)
