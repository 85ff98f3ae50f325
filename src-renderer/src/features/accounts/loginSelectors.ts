import type { LoginState } from './loginStore'

/** What the QR tab draws; pick with `useShallow`. */
export const selectQrView = (s: LoginState) => ({
  phase: s.phase,
  qrContent: s.qrContent,
  message: s.message,
  account: s.account,
  startError: s.startError
})

export const selectBrowserBusy = (s: LoginState): boolean => s.browserBusy
export const selectBrowserError = (s: LoginState) => s.browserError
