import type { Db } from '../db/open'
import type { AccountService } from './accountService'

export interface StatusSummary {
  readonly unread: number
  readonly accounts: number
  readonly online: number
  readonly needAttention: number
}

/** What the tray and the dock badge show; computed in core, drawn by the shell. */
export function statusSummary(db: Db, accounts: AccountService): StatusSummary {
  const list = accounts.list()
  const unread = (db.prepare('SELECT coalesce(sum(c.unread), 0) FROM conversations c JOIN accounts a ON a.id = c.account_id AND a.archived_at IS NULL').pluck().get() as number) ?? 0
  return {
    unread,
    accounts: list.length,
    online: list.filter((a) => a.status === 'online').length,
    needAttention: list.filter((a) => a.status === 'needs_login' || a.status === 'needs_verification' || a.status === 'error').length
  }
}
