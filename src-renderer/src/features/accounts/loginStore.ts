import { create, type StoreApi } from 'zustand'
import type { Account, ErrorInfo, EventPayload } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import { useAccountsStore } from './store'

export type QrEvent = EventPayload<'login.qr'>

/**
 * Where the QR login stands. `starting`: waiting for `login.qrStart`; `waiting`: a code is shown
 * (NEW); then `scanned`, and one of the end states. `expired` only once core gave up regenerating.
 */
export type QrPhase = 'idle' | 'starting' | 'waiting' | 'scanned' | 'confirmed' | 'expired' | 'canceled' | 'verify' | 'error'

const TERMINAL: ReadonlyArray<QrPhase> = ['idle', 'confirmed', 'expired', 'canceled', 'verify', 'error']
export const isQrActive = (phase: QrPhase): boolean => !TERMINAL.includes(phase)

const PHASE_OF: Record<QrEvent['state'], QrPhase> = {
  NEW: 'waiting',
  SCANED: 'scanned',
  CONFIRMED: 'confirmed',
  EXPIRED: 'expired',
  CANCELED: 'canceled',
  VERIFY: 'verify',
  ERROR: 'error'
}

export interface LoginState {
  readonly phase: QrPhase
  readonly sessionId: string | null
  /** What the QR image encodes; replaced when core regenerates an expired code. */
  readonly qrContent: string | null
  /** Core's "中文 / English" text for the last event (ERROR/VERIFY explain themselves). */
  readonly message: string
  readonly verifyUrl: string | null
  /** The account a confirmed login created or renewed. */
  readonly account: Account | null
  /** `login.qrStart` itself failed. */
  readonly startError: ErrorInfo | null
  /** The browser tab's `login.browser` call. */
  readonly browserBusy: boolean
  readonly browserError: ErrorInfo | null

  /** Starts (or restarts) a QR session. Events for other sessions are ignored. */
  startQr(): Promise<void>
  /** Stops the running session (dialog closed or tab left) and calls `login.qrCancel` once. */
  cancelQr(): Promise<void>
  /** Applies a `login.qr` event. */
  applyQr(event: QrEvent): void
  /** Back to idle without cancelling anything (after a terminal state). */
  reset(): void
  loginInBrowser(): Promise<Account | null>
  clearBrowserError(): void
}

type SetState = StoreApi<LoginState>['setState']
type GetState = StoreApi<LoginState>['getState']

const IDLE = { phase: 'idle', sessionId: null, qrContent: null, message: '', verifyUrl: null, account: null, startError: null } as const

function stateFor(event: QrEvent, prev: LoginState): Partial<LoginState> {
  const phase = PHASE_OF[event.state]
  return {
    phase,
    message: event.message,
    qrContent: event.qrContent ?? prev.qrContent,
    verifyUrl: event.verifyUrl ?? prev.verifyUrl,
    account: event.account ?? prev.account
  }
}

function qrActions(bridge: Bridge, set: SetState, get: GetState, onAccount: (a: Account) => void): Pick<LoginState, 'startQr' | 'cancelQr' | 'applyQr' | 'reset'> {
  /** Bumped by every start/cancel, so a late `qrStart` answer for an abandoned attempt is dropped. */
  let attempt = 0
  /** Events that arrive before `qrStart` answers (core emits NEW before it returns). */
  let early: QrEvent[] = []

  const applyQr = (event: QrEvent): void => {
    const s = get()
    if (s.phase === 'starting') {
      early.push(event)
      return
    }
    if (event.sessionId !== s.sessionId || !isQrActive(s.phase)) return
    set(stateFor(event, s))
    if (event.state === 'CONFIRMED' && event.account) onAccount(event.account)
  }

  return {
    applyQr,
    async startQr() {
      const prev = get()
      if (prev.phase === 'starting') return
      // a code still on screen (a restart): end it in core, without waiting for the answer
      if (isQrActive(prev.phase) && prev.sessionId) void bridge.call('login.qrCancel', { sessionId: prev.sessionId }).catch(() => {})
      const mine = ++attempt
      early = []
      set({ ...IDLE, phase: 'starting' })
      try {
        const started = await bridge.call('login.qrStart', {})
        if (mine !== attempt) {
          void bridge.call('login.qrCancel', { sessionId: started.sessionId }).catch(() => {})
          return
        }
        set({ phase: 'waiting', sessionId: started.sessionId, qrContent: started.qrContent })
        const replay = early.filter((e) => e.sessionId === started.sessionId)
        early = []
        for (const e of replay) applyQr(e)
      } catch (err) {
        if (mine === attempt) set({ ...IDLE, phase: 'error', startError: toErrorInfo(err) })
      }
    },
    async cancelQr() {
      const { phase, sessionId } = get()
      attempt++
      early = []
      if (phase === 'starting' || !isQrActive(phase) || !sessionId) {
        if (phase === 'starting') set({ ...IDLE })
        return
      }
      set({ ...IDLE })
      await bridge.call('login.qrCancel', { sessionId }).catch(() => {
        // best effort: core also drops the session when the code expires
      })
    },
    reset: () => {
      attempt++
      early = []
      set({ ...IDLE })
    }
  }
}

export function createLoginStore(bridge: Bridge, onAccount: (a: Account) => void = () => {}) {
  return create<LoginState>()((set, get) => ({
    ...IDLE,
    browserBusy: false,
    browserError: null,
    ...qrActions(bridge, set, get, onAccount),

    async loginInBrowser() {
      if (get().browserBusy) return null
      set({ browserBusy: true, browserError: null })
      try {
        const account = await bridge.call('login.browser', {})
        set({ browserBusy: false })
        onAccount(account)
        return account
      } catch (err) {
        set({ browserBusy: false, browserError: toErrorInfo(err) })
        return null
      }
    },
    clearBrowserError: () => set({ browserError: null })
  }))
}

export type LoginStore = ReturnType<typeof createLoginStore>

/** The app's login store: a confirmed account goes straight into the accounts list. */
export const useLoginStore: LoginStore = createLoginStore(appBridge, (account) =>
  useAccountsStore.getState().applyChanged({ account, id: account.id, removed: false })
)
