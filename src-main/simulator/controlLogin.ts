/**
 * Control methods for the login side: passport QR sessions (§3.6), session states for the IM page
 * refresh (§8.4) and the punish-page slider (§2.5). Mixed into `SimulatorControl`.
 */
import type { SimContext } from './context'
import type { QrSelector, QrSnapshot, SliderAttempt } from './loginState'
import { confirmQr } from './qrRoutes'

export type SessionStateName = 'alive' | 'refreshable' | 'dead'

export interface LoginControl {
  /** The phone app scanned the code: NEW → SCANED. Default: the latest session. */
  qrScan(a?: QrSelector): QrSnapshot
  /** The phone confirmed as `unb`: NEW/SCANED → CONFIRMED (with verification if demanded). */
  qrConfirm(a: QrSelector & { unb: string; nick?: string }): QrSnapshot
  /** NEW/SCANED → CANCELED. */
  qrCancel(a?: QrSelector): QrSnapshot
  /** Force expiry now (NEW/SCANED → EXPIRED); `all: true` expires every pending code. */
  qrExpire(a?: QrSelector & { all?: boolean }): { expired: number }
  /** While on, every confirm yields `iframeRedirect: true` + `iframeRedirectUrl` instead of cookies. */
  qrDemandVerification(a: { on: boolean }): { on: boolean }
  /** The human passed the verification page (same effect as submitting it): later polls carry the cookies. */
  qrVerify(a?: QrSelector): QrSnapshot
  /** Lifetime of codes generated from now on (and of pending ones, counted from their creation). */
  qrSetTtl(a: { ms: number }): { ms: number }
  qrSessions(): QrSnapshot[]
  /**
   * `alive`: sessions work; `refreshable`: mtop says Session过期 but hasLogin.do / the IM page renew
   * it (long-login); `dead`: only a new login helps (the IM page redirects to /login).
   */
  sessionState(a: { unb?: string; state: SessionStateName }): { changed: number }
  /** Every slider attempt fails (reason `unsolvable`) while on. */
  sliderUnsolvable(a: { on: boolean }): { on: boolean }
  sliderAttempts(): SliderAttempt[]
}

type QrMethods = Omit<LoginControl, 'sessionState' | 'sliderUnsolvable' | 'sliderAttempts' | 'qrSetTtl' | 'qrSessions'>

function qrMethods(ctx: SimContext): QrMethods {
  const L = ctx.login
  return {
    qrScan: (a) => {
      const s = L.select(a)
      if (s.status !== 'NEW' && s.status !== 'SCANED') throw new Error(`QR session is ${s.status}`)
      s.status = 'SCANED'
      s.scannedAt ??= ctx.now()
      return L.snapshot(s)
    },
    qrConfirm: (a) => {
      const s = L.select(a)
      confirmQr(ctx, s, a.unb, a.nick)
      return L.snapshot(s)
    },
    qrCancel: (a) => {
      const s = L.select(a)
      if (s.status !== 'NEW' && s.status !== 'SCANED') throw new Error(`QR session is ${s.status}`)
      s.status = 'CANCELED'
      return L.snapshot(s)
    },
    qrExpire: (a) => {
      const targets = a?.all ? L.all() : [L.select(a)]
      let expired = 0
      for (const s of targets) {
        if (s.status !== 'NEW' && s.status !== 'SCANED') continue
        s.status = 'EXPIRED'
        s.expiresAt = Math.min(s.expiresAt, ctx.now())
        expired++
      }
      return { expired }
    },
    qrDemandVerification: (a) => {
      L.demandVerification = a.on
      return { on: a.on }
    },
    qrVerify: (a) => {
      const s = L.select(a)
      if (s.status !== 'CONFIRMED' || s.verification !== 'required') throw new Error('QR session is not waiting for verification')
      s.verification = 'passed'
      return L.snapshot(s)
    }
  }
}

export function loginControl(ctx: SimContext): LoginControl {
  const L = ctx.login
  return {
    ...qrMethods(ctx),
    qrSetTtl: (a) => {
      const ms = Math.max(0, Math.floor(a.ms))
      L.qrTtlMs = ms
      for (const s of L.all()) if (s.status === 'NEW' || s.status === 'SCANED') s.expiresAt = s.createdAt + ms
      return { ms }
    },
    qrSessions: () => L.all().map((s) => L.snapshot(s)),
    sessionState: (a) => ({ changed: ctx.auth.setSessionState(a.unb, a.state) }),
    sliderUnsolvable: (a) => {
      L.sliderUnsolvable = a.on
      return { on: a.on }
    },
    sliderAttempts: () => [...L.sliderAttempts]
  }
}
