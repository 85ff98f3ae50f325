/**
 * Credentials the simulator issues and checks: cookie sessions (`unb` + `cookie2`), the mtop
 * `_m_h5_tk` token (goofish-protocol.md §2.2, §2.4), IM access tokens bound to a device id (§3.1),
 * and the risk-control state cleared by an `x5sec` cookie (§2.5).
 */
import { randomBytes } from 'node:crypto'

const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

export interface SessionInfo {
  readonly unb: string
  readonly nick: string
  alive: boolean
  /** After `expireSession({recoverable:true})`, hasLogin.do may revive the login. */
  recoverable: boolean
}

export interface ImToken {
  readonly token: string
  readonly unb: string
  readonly did: string
  expiresAt: number
}

export type ImTokenCheck = 'ok' | 'unknown' | 'expired' | 'did_mismatch'
export type Mh5Check = 'ok' | 'empty' | 'expired'

export interface RiskState {
  readonly x5sec: string
  readonly secData: string
  /** Api names that are blocked; empty = every api. */
  readonly apis: ReadonlySet<string>
  /** When set, the solving request must also carry this User-Agent (issue report in §2.5). */
  readonly userAgent?: string
  /** A passed slider binds the gate to the solving browser's User-Agent (§2.5 issue report). */
  readonly bindSolverUa?: boolean
}

export interface AuthOptions {
  readonly now: () => number
  /** Lifetime of an issued `_m_h5_tk` (ms). */
  readonly mh5TtlMs: number
  /** Lifetime of an IM access token (ms); the API reports 86400000. */
  readonly imTokenTtlMs: number
  /** Accept a well-formed session cookie the simulator has not issued (default true). */
  readonly acceptUnknownSessions: boolean
}

export class AuthState {
  readonly #sessions = new Map<string, SessionInfo>()
  readonly #mh5 = new Map<string, number>()
  readonly #im = new Map<string, ImToken>()
  risk: RiskState | null = null

  constructor(readonly opts: AuthOptions) {}

  /** A complete, valid cookie string for a seller (as if logged in in a browser). */
  mintCookie(unb: string, nick: string): string {
    const cookie2 = this.newSession(unb, nick)
    const tk = this.issueMh5()
    return [
      `cna=${hex(12)}`, `t=${hex(16)}`, `cookie2=${cookie2}`, `_tb_token_=${hex(7)}`,
      `_m_h5_tk=${tk.value}`, `_m_h5_tk_enc=${tk.enc}`, `unb=${unb}`, `tracknick=${encodeURIComponent(nick)}`,
      `sgcookie=E100${hex(24)}`, `csg=${hex(4)}`, `XSRF-TOKEN=${hex(16)}`
    ].join('; ')
  }

  newSession(unb: string, nick: string, cookie2: string = hex(16)): string {
    this.#sessions.set(cookie2, { unb, nick, alive: true, recoverable: false })
    return cookie2
  }

  /** The seller behind a cookie jar, or why not. */
  checkSession(cookies: ReadonlyMap<string, string>): { ok: true; unb: string; nick: string } | { ok: false; reason: 'missing' | 'expired' | 'unknown' } {
    const unb = cookies.get('unb') ?? ''
    const cookie2 = cookies.get('cookie2') ?? ''
    if (!/^\d{5,20}$/.test(unb) || cookie2 === '') return { ok: false, reason: 'missing' }
    const s = this.#sessions.get(cookie2)
    if (s) {
      if (s.unb !== unb) return { ok: false, reason: 'unknown' }
      return s.alive ? { ok: true, unb, nick: s.nick } : { ok: false, reason: 'expired' }
    }
    if (!this.opts.acceptUnknownSessions) return { ok: false, reason: 'unknown' }
    const nick = decodeURIComponentSafe(cookies.get('tracknick') ?? '') || `seller${unb.slice(-4)}`
    this.#sessions.set(cookie2, { unb, nick, alive: true, recoverable: false })
    return { ok: true, unb, nick }
  }

  session(cookie2: string): SessionInfo | undefined {
    return this.#sessions.get(cookie2)
  }

  /** Kill every session of `unb` (or all). Returns how many were killed. */
  expireSessions(unb: string | undefined, recoverable: boolean): number {
    let n = 0
    for (const s of this.#sessions.values()) {
      if (unb !== undefined && s.unb !== unb) continue
      if (s.alive) n++
      s.alive = false
      s.recoverable = recoverable
    }
    return n
  }

  /** Put every session of `unb` (or all) into a state; see `SimulatorControl.sessionState`. */
  setSessionState(unb: string | undefined, state: 'alive' | 'refreshable' | 'dead'): number {
    let n = 0
    for (const s of this.#sessions.values()) {
      if (unb !== undefined && s.unb !== unb) continue
      s.alive = state === 'alive'
      s.recoverable = state === 'refreshable'
      n++
    }
    return n
  }

  issueMh5(): { token: string; value: string; enc: string } {
    const token = hex(16)
    const exp = this.opts.now() + this.opts.mh5TtlMs
    this.#mh5.set(token, exp)
    return { token, value: `${token}_${exp}`, enc: hex(16) }
  }

  /** An `_m_h5_tk` we never issued, or one past its expiry, is "expired" (server answers EXOIRED). */
  checkMh5(cookieValue: string | undefined): Mh5Check {
    if (cookieValue === undefined || cookieValue === '') return 'empty'
    const token = cookieValue.split('_')[0] ?? ''
    const exp = this.#mh5.get(token)
    if (exp === undefined || exp <= this.opts.now()) return 'expired'
    return 'ok'
  }

  expireMh5(): void {
    this.#mh5.clear()
  }

  issueImToken(unb: string, did: string): ImToken {
    const token = `${hex(12)}${Buffer.from(`${unb}:${this.opts.now()}`).toString('base64url')}`
    const t: ImToken = { token, unb, did, expiresAt: this.opts.now() + this.opts.imTokenTtlMs }
    this.#im.set(token, t)
    return t
  }

  checkImToken(token: string, did: string | undefined, bindDid: boolean): { result: ImTokenCheck; token?: ImToken } {
    const t = this.#im.get(token)
    if (!t) return { result: 'unknown' }
    if (t.expiresAt <= this.opts.now()) return { result: 'expired', token: t }
    if (bindDid && did !== t.did) return { result: 'did_mismatch', token: t }
    return { result: 'ok', token: t }
  }

  /** Expire every IM token of `unb` (or all). */
  expireImTokens(unb?: string): number {
    let n = 0
    for (const t of this.#im.values()) {
      if (unb !== undefined && t.unb !== unb) continue
      t.expiresAt = 0
      n++
    }
    return n
  }

  enableRisk(opts: { x5sec?: string; apis?: ReadonlyArray<string>; userAgent?: string; bindSolverUa?: boolean }): RiskState {
    this.risk = {
      x5sec: opts.x5sec ?? hex(20),
      secData: `xg${hex(40)}`,
      apis: new Set(opts.apis ?? []),
      ...(opts.userAgent !== undefined ? { userAgent: opts.userAgent } : {}),
      ...(opts.bindSolverUa ? { bindSolverUa: true } : {})
    }
    return this.risk
  }

  /** The slider was passed by a browser with this User-Agent: bind the gate to it if asked to. */
  sliderSolved(userAgent: string): void {
    if (this.risk?.bindSolverUa) this.risk = { ...this.risk, userAgent }
  }

  /** True when `api` is currently blocked for this request. A request carrying the right `x5sec` clears it. */
  riskBlocks(api: string, cookies: ReadonlyMap<string, string>, userAgent: string | undefined): boolean {
    const r = this.risk
    if (!r) return false
    if (r.apis.size > 0 && !r.apis.has(api)) return false
    const uaOk = r.userAgent === undefined || r.userAgent === userAgent
    if (cookies.get('x5sec') === r.x5sec && uaOk) {
      this.risk = null
      return false
    }
    return true
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
