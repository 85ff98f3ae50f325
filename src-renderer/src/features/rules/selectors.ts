import type { KeywordRule } from '@contract'
import type { RulesState } from './store'

export const selectRules = (s: RulesState) => s.rules
export const selectStatus = (s: RulesState) => s.status
export const selectLoadError = (s: RulesState) => s.loadError
export const selectActionError = (s: RulesState) => s.actionError
export const selectSaving = (s: RulesState) => s.saving
export const selectSaveError = (s: RulesState) => s.saveError
export const selectTest = (s: RulesState) => s.test
export const selectNotice = (s: RulesState) => s.notice
export const selectIsBusy = (id: number) => (s: RulesState): boolean => s.busyIds.includes(id)

/** Rules an account filter shows: that account's and its items', plus the global ones; all for null. */
export function visibleRules(rules: ReadonlyArray<KeywordRule>, accountId: string | null): ReadonlyArray<KeywordRule> {
  return accountId === null ? rules : rules.filter((r) => r.scope === 'global' || r.accountId === accountId)
}

/** A short label for a rule in aria labels and dialogs: its first keywords. */
export const ruleName = (r: Pick<KeywordRule, 'keywords'>): string => r.keywords.slice(0, 3).join('、')
