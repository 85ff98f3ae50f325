import { create, type StoreApi } from 'zustand'
import type { CallOutput, Conversation, DecisionRecord, Draft, ErrorInfo, EventPayload, Message, MessageOutcome } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export const PAGE_SIZE = 50

export type ChatDetail = CallOutput<'conversations.detail'>

export interface ChatRef {
  readonly accountId: string
  readonly cid: string
}

/** Which control of the chat is busy, so only it shows a spinner. */
export type ChatAction = 'takeover' | 'release' | 'reset' | 'copilot' | 'floor'

/** The open chat: its messages (oldest first), detail, decisions, and the composer's request. */
export interface ChatState {
  readonly open: ChatRef | null
  readonly messages: ReadonlyArray<Message>
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly hasOlder: boolean
  readonly loadingOlder: boolean
  readonly detail: ChatDetail | null
  readonly decisions: ReadonlyArray<DecisionRecord>
  /** Where each buyer message stands (answered, held with its reason, needs you), by message id. */
  readonly outcomes: Readonly<Record<number, MessageOutcome>>
  readonly sending: boolean
  readonly sendError: ErrorInfo | null
  readonly draftBusy: boolean
  readonly draftError: ErrorInfo | null
  readonly busyAction: ChatAction | null
  readonly actionError: ErrorInfo | null
  /** The bot message whose decision record is shown, or null. */
  readonly decisionFor: number | null
  readonly decisionLoading: boolean
  /** Copilot: the draft text the AI is writing for this chat right now (a live preview), or null. */
  readonly writing: string | null
  /** The edited draft text quotes below the chat's floor (core's price reader): warned, not blocked. */
  readonly draftPriceWarning: DraftPriceWarning | null
  /** "AI 起草" on a buyer message: the one being drafted (busy) or the one whose request failed (error). */
  readonly draftRequest: { readonly messageId: number; readonly busy: boolean; readonly error: ErrorInfo | null } | null

  openChat(ref: ChatRef): Promise<void>
  closeChat(): void
  loadOlder(): Promise<void>
  /** Resolves true when sent (the composer then clears). */
  send(text: string): Promise<boolean>
  /** Sends a picture (base64 of the file) by hand. */
  sendImage(file: { mime: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp'; filename: string; dataBase64: string }): Promise<boolean>
  clearSendError(): void
  approveDraft(id: number, text?: string): Promise<boolean>
  /** Asks core whether `text` (the seller's edit of a draft) quotes below the floor; sets draftPriceWarning. */
  checkDraftPrice(text: string): Promise<void>
  discardDraft(id: number): Promise<boolean>
  /** Asks the AI for a draft answering this buyer message (never sent); resolves true when drafted. */
  requestDraft(messageId: number): Promise<boolean>
  takeover(): Promise<void>
  release(): Promise<void>
  resetBargain(): Promise<void>
  setCopilot(copilot: boolean | null): Promise<void>
  setFloor(floor: number | null): Promise<boolean>
  clearActionError(): void
  showDecision(messageId: number | null): Promise<void>
  refreshDetail(): Promise<void>
  applyMessage(m: Message): void
  applyConversation(c: Conversation): void
  applyDraft(d: Draft): void
  applyDecision(d: DecisionRecord): void
  applyOutcome(o: MessageOutcome): void
  applyDraftWriting(e: EventPayload<'draft.writing'>): void
}

/** Which text was checked, the floor, and the prices below it as the seller wrote them. */
export interface DraftPriceWarning {
  readonly text: string
  readonly floor: number
  readonly below: ReadonlyArray<{ readonly raw: string; readonly value: number }>
}

type SetState = StoreApi<ChatState>['setState']
type GetState = StoreApi<ChatState>['getState']

/** Server drafts, plus local ones it did not know yet (created or changed after the request left). */
export function mergeDrafts(fromServer: ReadonlyArray<Draft>, local: ReadonlyArray<Draft>, askedAt: number): Draft[] {
  const byId = new Map(fromServer.map((d) => [d.id, d]))
  for (const d of local) {
    const server = byId.get(d.id)
    if (server ? d.updatedAt > server.updatedAt : d.updatedAt >= askedAt - 1000) byId.set(d.id, d)
  }
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

const isOpen = (s: ChatState, accountId: string, cid: string): boolean => s.open?.accountId === accountId && s.open.cid === cid

/** Inserts by id (ids grow with time), ignoring a message already shown. */
export function mergeMessage(list: ReadonlyArray<Message>, m: Message): ReadonlyArray<Message> {
  if (list.some((x) => x.id === m.id)) return list
  const last = list.at(-1)
  if (!last || last.id < m.id) return [...list, m]
  return [...list, m].sort((a, b) => a.id - b.id)
}

function upsertDraft(list: ReadonlyArray<Draft>, d: Draft): Draft[] {
  const rest = list.filter((x) => x.id !== d.id)
  return d.status === 'pending' ? [...rest, d] : rest
}

const EMPTY_CHAT = {
  messages: [], status: 'idle', loadError: null, hasOlder: false, loadingOlder: false, detail: null, decisions: [], outcomes: {},
  sending: false, sendError: null, draftBusy: false, draftError: null, busyAction: null, actionError: null, decisionFor: null, decisionLoading: false, draftRequest: null,
  writing: null, draftPriceWarning: null
} as const satisfies Partial<ChatState>

function loadActions(bridge: Bridge, set: SetState, get: GetState): Pick<ChatState, 'openChat' | 'closeChat' | 'loadOlder' | 'refreshDetail' | 'showDecision'> {
  const still = (ref: ChatRef): boolean => get().open === ref
  const fetchDecisions = async (ref: ChatRef): Promise<void> => {
    const decisions = await bridge.call('decisions.list', { ...ref, limit: 200 })
    if (still(ref)) set({ decisions })
  }
  return {
    async openChat(ref) {
      const cur = get().open
      if (cur && cur.accountId === ref.accountId && cur.cid === ref.cid) return
      set({ ...EMPTY_CHAT, open: ref, status: 'loading' })
      try {
        const [messages, detail] = await Promise.all([bridge.call('messages.list', { ...ref, limit: PAGE_SIZE }), bridge.call('conversations.detail', ref)])
        if (!still(ref)) return
        set({ messages, detail, hasOlder: messages.length >= PAGE_SIZE, status: 'ready' })
      } catch (err) {
        if (still(ref)) set({ status: 'error', loadError: toErrorInfo(err) })
        return
      }
      void fetchDecisions(ref).catch(() => undefined) // best effort: the sheet refetches when opened
      void bridge.call('outcomes.list', { ...ref, limit: 500 }).then((list) => {
        // events that arrived meanwhile are newer than the list
        if (still(ref)) set((s) => ({ outcomes: { ...Object.fromEntries(list.map((o) => [o.messageId, o])), ...s.outcomes } }))
      }).catch(() => undefined) // best effort: the messages show without their outcome
      if (get().detail?.conversation.unread) void bridge.call('conversations.markRead', ref).catch(() => undefined)
    },
    closeChat: () => set({ ...EMPTY_CHAT, open: null }),
    async loadOlder() {
      const { open, messages, hasOlder, loadingOlder } = get()
      const first = messages[0]
      if (!open || !hasOlder || loadingOlder || !first) return
      set({ loadingOlder: true })
      try {
        const older = await bridge.call('messages.list', { ...open, limit: PAGE_SIZE, beforeId: first.id })
        if (!still(open)) return
        const known = new Set(get().messages.map((m) => m.id))
        set((s) => ({ messages: [...older.filter((m) => !known.has(m.id)), ...s.messages], hasOlder: older.length >= PAGE_SIZE, loadingOlder: false }))
      } catch (err) {
        if (still(open)) set({ loadingOlder: false, loadError: toErrorInfo(err) })
      }
    },
    async refreshDetail() {
      const open = get().open
      if (!open) return
      const asked = Date.now()
      try {
        const d = await bridge.call('conversations.detail', open)
        // a draft event may have arrived while this answer was on its way: keep what is newer
        if (still(open)) set((s) => ({ detail: { ...d, drafts: mergeDrafts(d.drafts, s.detail?.drafts ?? [], asked) } }))
      } catch {
        // best effort: the panel keeps the last detail
      }
    },
    async showDecision(messageId) {
      set({ decisionFor: messageId, decisionLoading: false })
      const open = get().open
      // a decision learns its reply message only after the send, so fetch when we have no match yet
      if (messageId === null || !open || get().decisions.some((d) => d.replyMessageId === messageId)) return
      set({ decisionLoading: true })
      await fetchDecisions(open).catch(() => undefined)
      if (still(open)) set({ decisionLoading: false })
    }
  }
}

function composerActions(bridge: Bridge, set: SetState, get: GetState): Pick<ChatState, 'send' | 'sendImage' | 'clearSendError' | 'approveDraft' | 'discardDraft' | 'checkDraftPrice' | 'requestDraft'> {
  const draftCall = async (run: () => Promise<Draft>): Promise<boolean> => {
    if (get().draftBusy) return false
    set({ draftBusy: true, draftError: null })
    try {
      const d = await run()
      set((s) => ({ draftBusy: false, detail: s.detail ? { ...s.detail, drafts: upsertDraft(s.detail.drafts, d) } : s.detail }))
      return true
    } catch (err) {
      set({ draftBusy: false, draftError: toErrorInfo(err) })
      return false
    }
  }
  return {
    async send(text) {
      const { open, sending } = get()
      const trimmed = text.trim()
      if (!open || sending || !trimmed) return false
      set({ sending: true, sendError: null })
      try {
        const m = await bridge.call('messages.send', { ...open, text: trimmed })
        set((s) => ({ sending: false, messages: isOpen(s, m.accountId, m.cid) ? mergeMessage(s.messages, m) : s.messages }))
        return true
      } catch (err) {
        set({ sending: false, sendError: toErrorInfo(err) })
        return false
      }
    },
    async sendImage(file) {
      const { open, sending } = get()
      if (!open || sending) return false
      set({ sending: true, sendError: null })
      try {
        const m = await bridge.call('messages.sendImage', { ...open, ...file })
        set((s) => ({ sending: false, messages: isOpen(s, m.accountId, m.cid) ? mergeMessage(s.messages, m) : s.messages }))
        return true
      } catch (err) {
        set({ sending: false, sendError: toErrorInfo(err) })
        return false
      }
    },
    clearSendError: () => set({ sendError: null }),
    approveDraft: (id, text) => draftCall(() => bridge.call('drafts.approve', text === undefined ? { id } : { id, text })),
    async checkDraftPrice(text) {
      const open = get().open
      const trimmed = text.trim()
      if (!open || !trimmed) return set({ draftPriceWarning: null })
      try {
        const r = await bridge.call('reply.checkPrice', { ...open, text: trimmed })
        // only the answer for the chat still open applies
        if (get().open !== open) return
        set({ draftPriceWarning: r.floor !== null && r.below.length > 0 ? { text: trimmed, floor: r.floor, below: r.below } : null })
      } catch {
        // best effort: the warning is advice; sending still works without it
        if (get().open === open) set({ draftPriceWarning: null })
      }
    },
    discardDraft: (id) => draftCall(() => bridge.call('drafts.discard', { id })),
    async requestDraft(messageId) {
      const open = get().open
      if (!open || get().draftRequest?.busy) return false
      set({ draftRequest: { messageId, busy: true, error: null } })
      try {
        const d = await bridge.call('drafts.request', { ...open, messageId })
        if (get().open !== open) return true
        set((s) => ({ draftRequest: null, detail: s.detail ? { ...s.detail, drafts: upsertDraft(s.detail.drafts, d) } : s.detail }))
        return true
      } catch (err) {
        if (get().open === open) set({ draftRequest: { messageId, busy: false, error: toErrorInfo(err) } })
        return false
      }
    }
  }
}

function controlActions(bridge: Bridge, set: SetState, get: GetState): Pick<ChatState, 'takeover' | 'release' | 'resetBargain' | 'setCopilot' | 'setFloor' | 'clearActionError'> {
  async function act(action: ChatAction, run: (ref: ChatRef) => Promise<Conversation | null>): Promise<boolean> {
    const open = get().open
    if (!open || get().busyAction) return false
    set({ busyAction: action, actionError: null })
    try {
      const c = await run(open)
      if (c) get().applyConversation(c)
      set({ busyAction: null })
      return true
    } catch (err) {
      set({ busyAction: null, actionError: toErrorInfo(err) })
      return false
    }
  }
  return {
    takeover: async () => void (await act('takeover', (ref) => bridge.call('conversations.takeover', ref))),
    release: async () => void (await act('release', (ref) => bridge.call('conversations.release', ref))),
    async resetBargain() {
      if (await act('reset', (ref) => bridge.call('conversations.resetBargain', ref))) await get().refreshDetail()
    },
    setCopilot: async (copilot) => void (await act('copilot', (ref) => bridge.call('conversations.setCopilot', { ...ref, copilot }))),
    async setFloor(floorPrice) {
      const itemId = get().detail?.item?.itemId
      if (!itemId) return false
      const ok = await act('floor', async (ref) => {
        await bridge.call('items.setFloor', { accountId: ref.accountId, itemId, floorPrice })
        return null
      })
      if (ok) await get().refreshDetail()
      return ok
    },
    clearActionError: () => set({ actionError: null })
  }
}

function eventActions(bridge: Bridge, set: SetState, get: GetState): Pick<ChatState, 'applyMessage' | 'applyConversation' | 'applyDraft' | 'applyDecision' | 'applyOutcome' | 'applyDraftWriting'> {
  return {
    applyMessage(m) {
      const s = get()
      if (!isOpen(s, m.accountId, m.cid) || s.status !== 'ready') return
      set({ messages: mergeMessage(s.messages, m) })
      // a buyer message can move the bargain round; the open chat is read as it arrives
      if (m.direction === 'in') {
        void get().refreshDetail()
        void bridge.call('conversations.markRead', { accountId: m.accountId, cid: m.cid }).catch(() => undefined)
      }
    },
    applyConversation(c) {
      set((s) => (s.detail && isOpen(s, c.accountId, c.cid) ? { detail: { ...s.detail, conversation: c } } : {}))
    },
    applyDraft(d) {
      set((s) => (s.detail && isOpen(s, d.accountId, d.cid) ? { detail: { ...s.detail, drafts: upsertDraft(s.detail.drafts, d) } } : {}))
    },
    applyDecision(d) {
      set((s) => (isOpen(s, d.accountId, d.cid) ? { decisions: [...s.decisions.filter((x) => x.id !== d.id), d] } : {}))
    },
    applyOutcome(o) {
      set((s) => (isOpen(s, o.accountId, o.cid) ? { outcomes: { ...s.outcomes, [o.messageId]: o } } : {}))
    },
    applyDraftWriting(e) {
      // each event carries the whole text so far, so a chat opened mid-draft catches up at the next one
      set((s) => (isOpen(s, e.accountId, e.cid) ? { writing: e.done ? null : e.text } : {}))
    }
  }
}

export function createChatStore(bridge: Bridge) {
  return create<ChatState>()((set, get) => ({
    ...EMPTY_CHAT,
    open: null,
    ...loadActions(bridge, set, get),
    ...composerActions(bridge, set, get),
    ...controlActions(bridge, set, get),
    ...eventActions(bridge, set, get)
  }))
}

export type ChatStore = ReturnType<typeof createChatStore>

/** The app's open chat. Tests build their own with `createChatStore(fakeBridge)`. */
export const useChatStore: ChatStore = createChatStore(appBridge)

/** Chat images fetched by core as data: URLs (the renderer never reaches the network), by message id. */
const chatImages = new Map<number, string>()

export function cachedChatImage(messageId: number): string | null {
  return chatImages.get(messageId) ?? null
}

export async function fetchChatImage(messageId: number, bridge: Bridge = appBridge): Promise<string | null> {
  const hit = chatImages.get(messageId)
  if (hit) return hit
  try {
    const { dataUrl } = await bridge.call('media.image', { messageId })
    if (chatImages.size > 200) chatImages.clear()
    chatImages.set(messageId, dataUrl)
    return dataUrl
  } catch {
    return null
  }
}
