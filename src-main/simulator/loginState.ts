/**
 * Login-side state of one simulator instance: passport QR sessions (goofish-protocol.md §3.6), the
 * QR-login verification switch, and the slider attempts of the punish page (§2.5).
 */
import { randomBytes } from 'node:crypto'

const hex = (n: number): string => randomBytes(n).toString('hex')

/** `SCANED` is the platform's spelling (§3.6). */
export type QrStatus = 'NEW' | 'SCANED' | 'CONFIRMED' | 'CANCELED' | 'EXPIRED'
/** `required`: confirm yields `iframeRedirect`; `passed`: the verification page was completed. */
export type QrVerification = 'none' | 'required' | 'passed'

export interface QrSession {
  /** generate.do's `t` (ms timestamp, unique per instance). */
  readonly t: number
  readonly ck: string
  /** The token inside `codeContent` (what the phone app scans). */
  readonly lgToken: string
  status: QrStatus
  readonly createdAt: number
  expiresAt: number
  scannedAt?: number
  confirmedAt?: number
  unb?: string
  nick?: string
  verification: QrVerification
  /** `data.token` of CONFIRMED, redeemable at `/login_token/login.do` (§3.6 step 5). */
  loginToken?: string
  /** Set-Cookie lines of the login jar, issued once at the first CONFIRMED answer and repeated after. */
  jar?: string[]
  queries: number
  tokenRedeemed: boolean
  /** Parameters of generate.do and of the last query.do (so tests can check what a client sent). */
  readonly generateParams: Readonly<Record<string, string>>
  lastQueryParams?: Readonly<Record<string, string>>
}

export type QrSnapshot = Omit<QrSession, 'jar'> & { readonly jarIssued: boolean }

/** Which QR session a control call means: by `ck`, by `t`, or the most recent one (default). */
export interface QrSelector {
  readonly t?: number | string
  readonly ck?: string
  readonly latest?: boolean
}

export interface SliderAttempt {
  readonly at: number
  readonly verdict: 'pass' | 'fail'
  readonly reasons: ReadonlyArray<string>
  readonly points: number
  readonly durationMs: number
  readonly distancePx: number
  readonly slotPx: number
  readonly secData: string
  readonly userAgent: string
}

export class LoginState {
  readonly #qr = new Map<string, QrSession>()
  #lastT = 0
  qrTtlMs: number
  demandVerification = false
  sliderUnsolvable = false
  readonly sliderAttempts: SliderAttempt[] = []

  constructor(readonly now: () => number, qrTtlMs: number) {
    this.qrTtlMs = qrTtlMs
  }

  createQr(params: Record<string, string>): QrSession {
    const now = this.now()
    const t = Math.max(now, this.#lastT + 1)
    this.#lastT = t
    const s: QrSession = {
      t, ck: `${hex(12)}${Buffer.from(String(t)).toString('base64url')}`, lgToken: hex(20), status: 'NEW', createdAt: now,
      expiresAt: now + this.qrTtlMs, verification: 'none', queries: 0, tokenRedeemed: false, generateParams: params
    }
    this.#qr.set(s.ck, s)
    return s
  }

  /** A session with its time-based expiry applied (NEW / SCANED past `expiresAt` become EXPIRED). */
  #fresh(s: QrSession): QrSession {
    if ((s.status === 'NEW' || s.status === 'SCANED') && this.now() >= s.expiresAt) s.status = 'EXPIRED'
    return s
  }

  byCk(ck: string): QrSession | undefined {
    const s = this.#qr.get(ck)
    return s ? this.#fresh(s) : undefined
  }

  byLgToken(lgToken: string): QrSession | undefined {
    return this.all().find((s) => s.lgToken === lgToken)
  }

  byLoginToken(token: string): QrSession | undefined {
    return this.all().find((s) => s.loginToken !== undefined && s.loginToken === token)
  }

  all(): QrSession[] {
    return [...this.#qr.values()].map((s) => this.#fresh(s))
  }

  select(sel: QrSelector | undefined): QrSession {
    const all = this.all()
    let s: QrSession | undefined
    if (sel?.ck !== undefined) s = this.byCk(sel.ck)
    else if (sel?.t !== undefined) s = all.find((x) => String(x.t) === String(sel.t))
    else s = all.reduce<QrSession | undefined>((a, b) => (a === undefined || b.t > a.t ? b : a), undefined)
    if (!s) throw new Error(`no such QR session (${JSON.stringify(sel ?? { latest: true })})`)
    return s
  }

  snapshot(s: QrSession): QrSnapshot {
    const { jar, ...rest } = s
    return { ...rest, jarIssued: jar !== undefined }
  }

  recordSlider(a: SliderAttempt): void {
    this.sliderAttempts.push(a)
  }
}
