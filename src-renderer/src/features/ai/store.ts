import { create, type StoreApi } from 'zustand'
import type { AccountSettings, CallOutput, Decision, ErrorInfo } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'
import { fieldErrorsOf, validateDraft } from './validation'

export type SecretsStatus = CallOutput<'secrets.status'>
export type KeySlot = 'primary' | 'backup'

export interface PreviewState {
  readonly status: 'idle' | 'running' | 'done' | 'error'
  readonly decision: Decision | null
  readonly error: ErrorInfo | null
}

/**
 * One account's AI settings as a form: `saved` is main's copy, `draft` what the seller is editing.
 * API keys never enter this store: they go straight from the input to `secrets.setApiKey`, and
 * only `secrets.status` (configured or not) comes back.
 */
export interface AiState {
  readonly accountId: string | null
  readonly status: LoadStatus
  readonly loadError: ErrorInfo | null
  readonly saved: AccountSettings | null
  readonly draft: AccountSettings | null
  readonly saving: boolean
  /** A refusal that names no field (shown as a banner). */
  readonly saveError: ErrorInfo | null
  /** core's BAD_INPUT messages by field path (`maxDiscountPercent`, `backup.baseUrl`). */
  readonly fieldErrors: Readonly<Record<string, string>>
  readonly savedAt: number | null
  readonly secrets: SecretsStatus | null
  readonly keyBusy: KeySlot | null
  readonly keyError: ErrorInfo | null
  readonly preview: PreviewState

  /** Loads an account's settings and key status (and forgets the previous account's form). */
  select(accountId: string): Promise<void>
  edit(patch: Partial<AccountSettings>): void
  /** Throws the draft away. */
  discard(): void
  /** Saves the changed fields; resolves true when main accepted them (or nothing changed). */
  save(): Promise<boolean>
  /** Stores (or with null removes) a key. The key is passed through, never kept. */
  setApiKey(slot: KeySlot, apiKey: string | null): Promise<boolean>
  /** Saves pending changes first, then asks `reply.preview` what the bot would answer. */
  runPreview(input: { text: string; itemId?: string }): Promise<void>
  clearPreview(): void
}

const IDLE_PREVIEW: PreviewState = { status: 'idle', decision: null, error: null }

/** The top-level fields whose value differs (deep, via JSON): what `settings.update` gets. */
export function changedFields(saved: AccountSettings, draft: AccountSettings): Partial<AccountSettings> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(draft) as Array<keyof AccountSettings>) {
    if (JSON.stringify(draft[k]) !== JSON.stringify(saved[k])) out[k] = draft[k]
  }
  return out as Partial<AccountSettings>
}

type Set = StoreApi<AiState>['setState']
type Get = StoreApi<AiState>['getState']

function formActions(bridge: Bridge, set: Set, get: Get): Pick<AiState, 'select' | 'edit' | 'discard' | 'save'> {
  return {
    async select(accountId) {
      set({ accountId, status: 'loading', loadError: null, saved: null, draft: null, fieldErrors: {}, saveError: null, savedAt: null, secrets: null, keyError: null, preview: IDLE_PREVIEW })
      try {
        const [{ account }, secrets] = await Promise.all([bridge.call('settings.get', { accountId }), bridge.call('secrets.status', { accountId })])
        if (get().accountId !== accountId) return // the seller picked another account meanwhile
        set({ saved: account, draft: account, secrets, status: 'ready' })
      } catch (err) {
        if (get().accountId === accountId) set({ status: 'error', loadError: toErrorInfo(err) })
      }
    },

    edit(patch) {
      const { draft, fieldErrors } = get()
      if (!draft) return
      const left = Object.fromEntries(Object.entries(fieldErrors).filter(([path]) => !Object.keys(patch).some((k) => path === k || path.startsWith(`${k}.`))))
      set({ draft: { ...draft, ...patch }, fieldErrors: left, savedAt: null })
    },

    discard: () => set((s) => ({ draft: s.saved, fieldErrors: {}, saveError: null })),

    async save() {
      const { accountId, saved, draft, saving } = get()
      if (!accountId || !saved || !draft || saving) return false
      if (Object.keys(validateDraft(draft)).length > 0) return false
      const patch = changedFields(saved, draft)
      if (Object.keys(patch).length === 0) return true
      set({ saving: true, saveError: null, fieldErrors: {} })
      try {
        const { account } = await bridge.call('settings.update', { accountId, account: patch })
        if (get().accountId !== accountId || !account) return false
        // keep edits typed while the save was in flight
        set((s) => ({ saving: false, saved: account, draft: s.draft === draft ? account : s.draft, savedAt: Date.now() }))
        return true
      } catch (err) {
        const info = toErrorInfo(err)
        const fieldErrors = fieldErrorsOf(info)
        set({ saving: false, fieldErrors, saveError: Object.keys(fieldErrors).length > 0 ? null : info })
        return false
      }
    }
  }
}

function keyActions(bridge: Bridge, set: Set, get: Get): Pick<AiState, 'setApiKey' | 'runPreview' | 'clearPreview'> {
  return {
    async setApiKey(slot, apiKey) {
      const accountId = get().accountId
      if (!accountId || get().keyBusy) return false
      set({ keyBusy: slot, keyError: null })
      try {
        await bridge.call('secrets.setApiKey', { accountId, apiKey, slot })
        const secrets = await bridge.call('secrets.status', { accountId })
        if (get().accountId === accountId) set({ secrets })
        return true
      } catch (err) {
        set({ keyError: toErrorInfo(err) })
        return false
      } finally {
        set({ keyBusy: null })
      }
    },

    async runPreview({ text, itemId }) {
      const accountId = get().accountId
      const trimmed = text.trim()
      if (!accountId || !trimmed || get().preview.status === 'running') return
      set({ preview: { status: 'running', decision: null, error: null } })
      if (!(await get().save())) {
        set({ preview: IDLE_PREVIEW })
        return
      }
      try {
        const id = itemId?.trim()
        const decision = await bridge.call('reply.preview', { accountId, text: trimmed, ...(id ? { itemId: id } : {}) })
        if (get().accountId === accountId) set({ preview: { status: 'done', decision, error: null } })
      } catch (err) {
        set({ preview: { status: 'error', decision: null, error: toErrorInfo(err) } })
      }
    },

    clearPreview: () => set({ preview: IDLE_PREVIEW })
  }
}

export function createAiStore(bridge: Bridge) {
  return create<AiState>()((set, get) => ({
    accountId: null,
    status: 'idle',
    loadError: null,
    saved: null,
    draft: null,
    saving: false,
    saveError: null,
    fieldErrors: {},
    savedAt: null,
    secrets: null,
    keyBusy: null,
    keyError: null,
    preview: IDLE_PREVIEW,
    ...formActions(bridge, set, get),
    ...keyActions(bridge, set, get)
  }))
}

export type AiStore = ReturnType<typeof createAiStore>

export const useAiStore: AiStore = createAiStore(appBridge)
