import { create, type StoreApi } from 'zustand'
import type { Conversation, Draft, ErrorInfo, ReplyStatus } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

/** How many chats the list asks for: the virtualized list stays smooth far beyond this. */
export const LIST_LIMIT = 10_000
export const SEARCH_LIMIT = 500

export interface InboxFilter {
  /** null = all accounts. */
  readonly accountId: string | null
  readonly unread: boolean
  readonly attention: boolean
}

export const chatKey = (accountId: string, cid: string): string => `${accountId}\u0000${cid}`

/** The conversation list across all accounts, live from events. No secrets: the contract carries none. */
export interface InboxState {
  /** Newest activity first. */
  readonly conversations: ReadonlyArray<Conversation>
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly filter: InboxFilter
  /** What the search box holds; the list shows `searchResults` while it is not blank. */
  readonly search: string
  readonly searchResults: ReadonlyArray<Conversation> | null
  readonly searching: boolean
  /** Pending copilot draft ids per chat (chatKey → ids). */
  readonly drafts: Readonly<Record<string, ReadonlyArray<number>>>
  /** Each account's bargain limit (`maxBargainRounds`), fetched once per account. */
  readonly maxRounds: Readonly<Record<string, number>>
  /** Each account's copilot setting (chats whose own setting is null follow it), fetched with the limit. */
  readonly accountCopilot: Readonly<Record<string, boolean>>
  /** Whether the bot really answers in each account's chats (the label: AI 自动 only when the AI is on and usable). */
  readonly replyStatus: Readonly<Record<string, ReplyStatus>>

  load(): Promise<void>
  setFilter(patch: Partial<InboxFilter>): void
  /** Updates the box at once and queries `conversations.list` after the debounce. */
  setSearch(text: string): void
  /** Fetches an account's settings the list shows (bargain limit, copilot) once. */
  ensureAccountSettings(accountId: string): Promise<void>
  /** Forgets them (the settings changed, or events may have been missed) and fetches them again. */
  refreshAccountSettings(): void
  applyConversation(c: Conversation): void
  removeConversation(accountId: string, cid: string): void
  /** The account was deleted: its chats, drafts and filter go with it. */
  removeAccount(accountId: string): void
  applyDraft(d: Draft): void
}

const stamp = (c: Conversation): number => c.lastMessageAt ?? -1

/** Newest first; ties keep a stable order by cid so rows don't jump. */
export function compareConversations(a: Conversation, b: Conversation): number {
  return stamp(b) - stamp(a) || (a.cid < b.cid ? -1 : a.cid > b.cid ? 1 : 0)
}

/** Replaces or inserts by accountId+cid and keeps the list sorted (one pass plus a binary insert). */
export function upsertConversation(list: ReadonlyArray<Conversation>, c: Conversation): ReadonlyArray<Conversation> {
  const rest = list.filter((x) => x.accountId !== c.accountId || x.cid !== c.cid)
  let lo = 0
  let hi = rest.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareConversations(rest[mid] as Conversation, c) <= 0) lo = mid + 1
    else hi = mid
  }
  return [...rest.slice(0, lo), c, ...rest.slice(lo)]
}

function draftsFrom(list: ReadonlyArray<Draft>): Record<string, ReadonlyArray<number>> {
  const out: Record<string, number[]> = {}
  for (const d of list) {
    if (d.status !== 'pending') continue
    const k = chatKey(d.accountId, d.cid)
    ;(out[k] ??= []).push(d.id)
  }
  return out
}

function withDraft(map: Readonly<Record<string, ReadonlyArray<number>>>, d: Draft): Record<string, ReadonlyArray<number>> {
  const k = chatKey(d.accountId, d.cid)
  const ids = (map[k] ?? []).filter((id) => id !== d.id)
  const next = { ...map, [k]: d.status === 'pending' ? [...ids, d.id] : ids }
  if (next[k]?.length === 0) delete next[k]
  return next
}

export interface InboxStoreOptions {
  readonly searchDelayMs?: number
}

type SetState = StoreApi<InboxState>['setState']
type GetState = StoreApi<InboxState>['getState']

function searchActions(bridge: Bridge, set: SetState, get: GetState, delayMs: number): Pick<InboxState, 'setSearch'> {
  let timer: ReturnType<typeof setTimeout> | null = null
  let seq = 0
  const run = async (text: string): Promise<void> => {
    const mine = ++seq
    try {
      const results = await bridge.call('conversations.list', { search: text, limit: SEARCH_LIMIT })
      // a slower answer to an older query must not overwrite a newer one
      if (mine === seq) set({ searchResults: [...results].sort(compareConversations), searching: false })
    } catch (err) {
      if (mine === seq) set({ searchResults: [], searching: false, loadError: toErrorInfo(err) })
    }
  }
  return {
    setSearch(text) {
      if (timer !== null) clearTimeout(timer)
      timer = null
      const q = text.trim()
      if (!q) {
        seq++
        set({ search: text, searchResults: null, searching: false })
        return
      }
      set({ search: text, searching: true })
      timer = setTimeout(() => {
        timer = null
        if (get().search.trim() === q) void run(q)
      }, delayMs)
    }
  }
}

function accountSettingsActions(bridge: Bridge, set: SetState, get: GetState): Pick<InboxState, 'ensureAccountSettings' | 'refreshAccountSettings'> {
  const inflight = new Set<string>()
  /** Bumped by every refresh: an answer asked for before it may hold the old settings. */
  let generation = 0
  const ensureAccountSettings = async (accountId: string): Promise<void> => {
    if (get().maxRounds[accountId] !== undefined || inflight.has(accountId)) return
    inflight.add(accountId)
    try {
      for (;;) {
        const asked = generation
        // best effort: without the status the row shows no AI label rather than a wrong one
        const [{ account }, status] = await Promise.all([bridge.call('settings.get', { accountId }), bridge.call('accounts.replyStatus', { accountId }).catch(() => null)])
        if (asked !== generation) continue
        if (account) {
          set((s) => ({
            maxRounds: { ...s.maxRounds, [accountId]: account.maxBargainRounds }, accountCopilot: { ...s.accountCopilot, [accountId]: account.copilot },
            replyStatus: status ? { ...s.replyStatus, [accountId]: status } : s.replyStatus
          }))
        }
        return
      }
    } catch {
      // best effort: the row shows the count without its limit until the next refresh
    } finally {
      inflight.delete(accountId)
    }
  }
  return {
    ensureAccountSettings,
    refreshAccountSettings() {
      // every account with a chat in the list, also those whose settings were not found last time
      const ids = new Set([...Object.keys(get().maxRounds), ...get().conversations.map((c) => c.accountId)])
      generation++
      set({ maxRounds: {} })
      for (const id of ids) void ensureAccountSettings(id)
    }
  }
}

function listActions(bridge: Bridge, set: SetState, get: GetState): Pick<InboxState, 'load' | 'applyConversation' | 'removeConversation' | 'removeAccount' | 'applyDraft'> {
  return {
    async load() {
      set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading', loadError: null }))
      try {
        const [list, drafts] = await Promise.all([bridge.call('conversations.list', { limit: LIST_LIMIT }), bridge.call('drafts.list', {})])
        set({ conversations: [...list].sort(compareConversations), drafts: draftsFrom(drafts), status: 'ready' })
        for (const id of new Set(list.map((c) => c.accountId))) void get().ensureAccountSettings(id)
      } catch (err) {
        set((s) => ({ loadError: toErrorInfo(err), status: s.status === 'ready' ? 'ready' : 'error' }))
      }
    },
    applyConversation(c) {
      set((s) => ({
        conversations: upsertConversation(s.conversations, c),
        // a search shows what matched; a live change only refreshes rows it already shows
        searchResults: s.searchResults && s.searchResults.some((x) => x.accountId === c.accountId && x.cid === c.cid) ? upsertConversation(s.searchResults, c) : s.searchResults
      }))
      void get().ensureAccountSettings(c.accountId)
    },
    removeConversation(accountId, cid) {
      const keep = (x: Conversation): boolean => x.accountId !== accountId || x.cid !== cid
      set((s) => ({ conversations: s.conversations.filter(keep), searchResults: s.searchResults?.filter(keep) ?? null }))
    },
    removeAccount(accountId) {
      const keep = (x: Conversation): boolean => x.accountId !== accountId
      set((s) => ({
        conversations: s.conversations.filter(keep),
        searchResults: s.searchResults?.filter(keep) ?? null,
        drafts: Object.fromEntries(Object.entries(s.drafts).filter(([k]) => !k.startsWith(`${accountId}\u0000`))),
        filter: s.filter.accountId === accountId ? { ...s.filter, accountId: null } : s.filter
      }))
    },
    applyDraft: (d) => set((s) => ({ drafts: withDraft(s.drafts, d) }))
  }
}

export function createInboxStore(bridge: Bridge, opts: InboxStoreOptions = {}) {
  return create<InboxState>()((set, get) => ({
    conversations: [],
    status: 'idle',
    loadError: null,
    filter: { accountId: null, unread: false, attention: false },
    search: '',
    searchResults: null,
    searching: false,
    drafts: {},
    maxRounds: {},
    accountCopilot: {},
    replyStatus: {},
    setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
    ...listActions(bridge, set, get),
    ...searchActions(bridge, set, get, opts.searchDelayMs ?? 250),
    ...accountSettingsActions(bridge, set, get)
  }))
}

export type InboxStore = ReturnType<typeof createInboxStore>

/** The app's inbox list. Tests build their own with `createInboxStore(fakeBridge)`. */
export const useInboxStore: InboxStore = createInboxStore(appBridge)
