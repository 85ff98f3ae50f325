import { create } from 'zustand'
import type { EventPayload } from '@contract'

export type Notice = EventPayload<'notice.raised'>
export type NoticeKind = Notice['kind']

/** What a human must act on stays until dismissed (or until the account is back online). */
export const STICKY_KINDS: ReadonlyArray<NoticeKind> = ['needs_login', 'needs_verification', 'db_damaged']
export const isSticky = (kind: NoticeKind): boolean => STICKY_KINDS.includes(kind)

/** At most this many toasts at once: the oldest non-sticky ones make room first. */
export const MAX_NOTICES = 4
export const AUTO_DISMISS_MS = 8000
/** Ids remembered for dedupe (core raises once per incident; a reconnect may replay). */
const SEEN_LIMIT = 500

export interface NoticesState {
  /** Newest first. */
  readonly notices: ReadonlyArray<Notice>
  /** Adds a `notice.raised` event unless its id was seen already. */
  raise(notice: Notice): void
  dismiss(id: string): void
  /** The account is online again: its login/verification notices are done. */
  resolveAccount(accountId: string): void
}

export interface NoticesOptions {
  readonly autoDismissMs?: number
  readonly setTimer?: (run: () => void, ms: number) => unknown
}

function trim(list: ReadonlyArray<Notice>): ReadonlyArray<Notice> {
  if (list.length <= MAX_NOTICES) return list
  const out = [...list]
  while (out.length > MAX_NOTICES) {
    const oldest = out.map((n) => isSticky(n.kind)).lastIndexOf(false)
    out.splice(oldest >= 0 ? oldest : out.length - 1, 1)
  }
  return out
}

export function createNoticesStore(opts: NoticesOptions = {}) {
  const autoDismissMs = opts.autoDismissMs ?? AUTO_DISMISS_MS
  const setTimer = opts.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms))
  const seen = new Set<string>()

  return create<NoticesState>()((set, get) => ({
    notices: [],
    raise(notice) {
      if (seen.has(notice.id)) return
      seen.add(notice.id)
      if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string)
      set((s) => ({ notices: trim([notice, ...s.notices]) }))
      if (!isSticky(notice.kind)) setTimer(() => get().dismiss(notice.id), autoDismissMs)
    },
    dismiss: (id) => set((s) => (s.notices.some((n) => n.id === id) ? { notices: s.notices.filter((n) => n.id !== id) } : s)),
    resolveAccount: (accountId) =>
      set((s) => {
        const next = s.notices.filter((n) => !(isSticky(n.kind) && n.accountId === accountId))
        return next.length === s.notices.length ? s : { notices: next }
      })
  }))
}

export type NoticesStore = ReturnType<typeof createNoticesStore>

export const useNoticesStore: NoticesStore = createNoticesStore()

/**
 * Where a click on a notice leads: the order (its drawer, with the trace) when there is one, the
 * card pools for low stock, the chat when there is one, the delivery log for a digest, else the account.
 */
export function noticeTarget(n: Pick<Notice, 'accountId' | 'cid'> & { kind?: Notice['kind']; orderId?: string | null }): { route: 'inbox' | 'accounts' | 'notify' | 'orders' | 'delivery'; parts: ReadonlyArray<string> } {
  if (n.accountId && n.orderId) return { route: 'orders', parts: [n.accountId, n.orderId] }
  if (n.kind === 'pool_low') return { route: 'delivery', parts: ['pools'] }
  if (n.accountId && n.cid) return { route: 'inbox', parts: [n.accountId, n.cid] }
  if (n.kind === 'digest') return { route: 'notify', parts: [] }
  return { route: 'accounts', parts: n.accountId ? [n.accountId] : [] }
}
