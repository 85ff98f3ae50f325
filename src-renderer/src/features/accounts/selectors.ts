import type { Account, AccountStatus } from '@contract'
import type { AccountsState } from './store'

export const selectAccounts = (s: AccountsState): ReadonlyArray<Account> => s.accounts
export const selectLoadStatus = (s: AccountsState) => s.status
export const selectLoadError = (s: AccountsState) => s.loadError
export const selectAdding = (s: AccountsState) => s.adding
export const selectAddError = (s: AccountsState) => s.addError
export const selectActionError = (s: AccountsState) => s.actionError
export const selectIsBusy = (id: string) => (s: AccountsState): boolean => s.busyIds.includes(id)
export const selectAccountCount = (s: AccountsState): number => s.accounts.length
export const selectOnlineCount = (s: AccountsState): number => s.accounts.filter((a) => a.status === 'online').length

/** The name a seller recognises: their remark, else the platform nick, else the user id. */
export const displayName = (a: Pick<Account, 'remark' | 'nick' | 'unb'>): string => a.remark.trim() || a.nick.trim() || a.unb

/** Statuses that need the seller to do something. */
export const needsAttention = (status: AccountStatus): boolean => status === 'needs_login' || status === 'needs_verification' || status === 'error'

export type ConnectionTone = 'idle' | 'ok' | 'partial' | 'attention'

/** One word for the sidebar dot: all online, some online, someone must act, or nothing running. */
export function selectConnectionTone(s: AccountsState): ConnectionTone {
  const enabled = s.accounts.filter((a) => a.enabled)
  if (enabled.some((a) => needsAttention(a.status))) return 'attention'
  const online = enabled.filter((a) => a.status === 'online').length
  if (enabled.length === 0 || online === 0) return 'idle'
  return online === enabled.length ? 'ok' : 'partial'
}

export const selectAttentionCount = (s: AccountsState): number => s.accounts.filter((a) => a.enabled && needsAttention(a.status)).length

export const selectAddingDemo = (s: AccountsState): boolean => s.addingDemo
export const selectHasDemo = (s: AccountsState): boolean => s.accounts.some((a) => a.kind === 'demo')
