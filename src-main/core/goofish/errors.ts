/**
 * Typed errors of the protocol client. `kind` tells the app what to do:
 * - needs_login: the cookie session is dead; a human must log in again (→ FAILED).
 * - needs_verification: risk control; a human must pass the slider at `verifyUrl` (→ FAILED).
 * - rate_limited: back off; not an account failure.
 * - business: the API refused this request (item offline, …); not a session problem.
 * - token: `_m_h5_tk` could not be refreshed within the retry budget.
 * - network / bad_response: transport trouble; retryable later.
 * - send_refused: the gateway refused a message (`CSI_FORBID||安全拦截`).
 * - timeout / closed / not_connected / send_rate_limited: WebSocket request outcomes.
 * - kicked_out: another client keeps taking the session over (→ FAILED after repeated kick-outs).
 */
import { AppError } from '../errors'
import type { ErrorCode } from '@contract/errors'

export type GoofishErrorKind =
  | 'needs_login'
  | 'needs_verification'
  | 'rate_limited'
  | 'business'
  | 'token'
  | 'network'
  | 'bad_response'
  | 'send_refused'
  | 'timeout'
  | 'closed'
  | 'not_connected'
  | 'send_rate_limited'
  | 'kicked_out'

export class GoofishError extends Error {
  readonly kind: GoofishErrorKind
  /** The mtop `ret` array when the error came from one. */
  readonly ret: ReadonlyArray<string>
  readonly api: string | undefined
  /** The punish/captcha page a human must open (needs_verification). */
  readonly verifyUrl: string | undefined
  /** The gateway's reason text (send_refused). */
  readonly reason: string | undefined

  constructor(kind: GoofishErrorKind, message: string, o: { ret?: ReadonlyArray<string>; api?: string; verifyUrl?: string; reason?: string; cause?: unknown } = {}) {
    super(message, o.cause === undefined ? undefined : { cause: o.cause })
    this.name = 'GoofishError'
    this.kind = kind
    this.ret = o.ret ?? []
    this.api = o.api
    this.verifyUrl = o.verifyUrl
    this.reason = o.reason
  }

  /** True when only a human can fix it: the connection goes FAILED. */
  get needsHuman(): boolean {
    return this.kind === 'needs_login' || this.kind === 'needs_verification' || this.kind === 'kicked_out'
  }
}

export function isGoofishError(e: unknown, kind?: GoofishErrorKind): e is GoofishError {
  return e instanceof GoofishError && (kind === undefined || e.kind === kind)
}

const CODES: Readonly<Record<GoofishErrorKind, ErrorCode>> = {
  needs_login: 'NEEDS_LOGIN',
  needs_verification: 'NEEDS_VERIFICATION',
  rate_limited: 'RATE_LIMITED',
  send_rate_limited: 'RATE_LIMITED',
  business: 'BAD_INPUT',
  send_refused: 'FORBIDDEN',
  token: 'UNAVAILABLE',
  network: 'UNAVAILABLE',
  bad_response: 'UNAVAILABLE',
  timeout: 'UNAVAILABLE',
  closed: 'UNAVAILABLE',
  not_connected: 'UNAVAILABLE',
  kicked_out: 'CONFLICT'
}

/** Map to the app's AppError (what crosses IPC). */
export function toAppError(e: GoofishError): AppError {
  const details = { kind: e.kind, ret: e.ret, verifyUrl: e.verifyUrl, reason: e.reason }
  return new AppError(CODES[e.kind], e.message, { cause: e, details })
}
