/**
 * mtop over HTTP (goofish-protocol.md §2): `/h5/<api>/<v>/`, GET or POST form. Order of checks:
 * `_m_h5_tk` (empty / expired → token error + Set-Cookie) → `sign` → session → risk control →
 * the API itself. Always HTTP 200 with the `{api, v, ret, data, traceId}` envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import { MTOP_APP_KEY, mtopSign, signingToken } from '../core/goofish/sign'
import type { SimContext } from './context'
import { cookieLine, readBody, requestCookies, sendJson } from './httpUtil'
import { fingerprintLines } from './loginJar'
import { MTOP_APIS, PUBLIC_APIS, type MtopRequest } from './mtopApis'

export const RET = {
  success: 'SUCCESS::调用成功',
  tokenEmpty: 'FAIL_SYS_TOKEN_EMPTY::令牌为空',
  /** sic: the platform's own typo (§2.3). */
  tokenExpired: 'FAIL_SYS_TOKEN_EXOIRED::令牌过期',
  sessionExpired: 'FAIL_SYS_SESSION_EXPIRED::Session过期',
  illegalRequest: 'FAIL_SYS_ILLEGAL_REQUEST::非法请求',
  apiNotFound: 'FAIL_SYS_API_NOT_FOUNDED::请求API不存在',
  riskCode: 'FAIL_SYS_USER_VALIDATE',
  riskMsg: 'RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试'
} as const

export interface MtopCall {
  readonly api: string
  readonly v: string
  readonly params: URLSearchParams
  readonly data: string
  readonly cookies: Map<string, string>
  readonly userAgent: string | undefined
  /** Lower-cased request headers (the order APIs check some, §3.4). */
  readonly headers: Readonly<Record<string, string>>
}

const MTOP_LOG_MAX = 5000
/** The request headers kept in `mtopLog`. */
const LOGGED_HEADERS = ['idle_site_biz_code', 'referer', 'origin'] as const

async function parseCall(req: IncomingMessage, url: URL, api: string, v: string): Promise<MtopCall> {
  const params = new URLSearchParams(url.searchParams)
  if (req.method === 'POST') {
    const body = new URLSearchParams((await readBody(req)).toString('utf8'))
    for (const [k, val] of body) params.set(k, val)
  }
  const headers: Record<string, string> = {}
  for (const [k, val] of Object.entries(req.headers)) if (typeof val === 'string') headers[k.toLowerCase()] = val
  return { api, v, params, data: params.get('data') ?? '{}', cookies: requestCookies(req), userAgent: req.headers['user-agent'], headers }
}

function envelope(call: MtopCall, ret: ReadonlyArray<string>, data: unknown): Record<string, unknown> {
  return { api: call.api, v: call.v, ret, data: data ?? {}, traceId: randomBytes(15).toString('hex') }
}

export function punishUrl(ctx: SimContext, api: string, v: string, secData: string): string {
  const host = new URL(ctx.baseUrl).host
  return `${ctx.baseUrl}//h5/${api}/${v}/_____tmd_____/punish?x5secdata=${secData}__bx__${host}&x5step=1`
}

/** Token-error Set-Cookie; a cookie-less first call (§3.6 step 1 bootstrap) also gets an anonymous `cookie2`, `cna`, `t`. */
function tokenCookies(ctx: SimContext, have: ReadonlyMap<string, string>): string[] {
  const tk = ctx.auth.issueMh5()
  const domain = ctx.cookieDomain
  const lines = [cookieLine('_m_h5_tk', tk.value, domain), cookieLine('_m_h5_tk_enc', tk.enc, domain)]
  if (!have.get('cookie2')) lines.push(cookieLine('cookie2', randomBytes(16).toString('hex'), domain), ...fingerprintLines(ctx, have))
  return lines
}

/** Checks before the API runs; returns the failing ret (+ data / cookies) or null. */
function precheck(ctx: SimContext, call: MtopCall): { ret: string[]; data?: unknown; cookies?: string[] } | null {
  const tk = call.cookies.get('_m_h5_tk')
  const state = ctx.auth.checkMh5(tk)
  if (state === 'empty') return { ret: [RET.tokenEmpty], cookies: tokenCookies(ctx, call.cookies) }
  if (state === 'expired') return { ret: [RET.tokenExpired], cookies: tokenCookies(ctx, call.cookies) }
  const t = call.params.get('t') ?? ''
  const appKey = call.params.get('appKey') ?? ''
  const expected = mtopSign(signingToken(tk), t, MTOP_APP_KEY, call.data)
  if (appKey !== MTOP_APP_KEY || t === '' || call.params.get('sign') !== expected) {
    ctx.counters.signFailures++
    return { ret: [RET.illegalRequest] }
  }
  if (!PUBLIC_APIS.has(call.api) && !ctx.auth.checkSession(call.cookies).ok) return { ret: [RET.sessionExpired] }
  if (ctx.auth.riskBlocks(call.api, call.cookies, call.userAgent)) {
    const risk = ctx.auth.risk
    return { ret: [RET.riskCode, RET.riskMsg], data: { url: punishUrl(ctx, call.api, call.v, risk?.secData ?? '') } }
  }
  return null
}

export async function handleMtop(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const m = /^\/+h5\/([a-z0-9.]+)\/([0-9.]+)\/?$/i.exec(url.pathname)
  if (!m) return sendJson(res, 404, { ret: [RET.apiNotFound] })
  const call = await parseCall(req, url, (m[1] ?? '').toLowerCase(), m[2] ?? '1.0')
  ctx.counters.mtopCalls++
  const delay = ctx.faults.mtopDelayMs + (ctx.faults.apiDelays[call.api] ?? 0)
  if (delay > 0) await ctx.timers.sleep(delay)
  if (call.api === 'mtop.taobao.idlemessage.pc.login.token') ctx.counters.tokenCalls++
  const fail = precheck(ctx, call)
  if (fail) return sendJson(res, 200, envelope(call, fail.ret, fail.data), fail.cookies)
  const handler = MTOP_APIS[call.api]
  if (!handler) return sendJson(res, 200, envelope(call, [RET.apiNotFound], {}))
  let parsed: Record<string, unknown>
  try {
    const v: unknown = JSON.parse(call.data)
    parsed = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
  } catch {
    return sendJson(res, 200, envelope(call, ['FAIL_SYS_PARAMINVALID_ERROR::参数错误'], {}))
  }
  const session = ctx.auth.checkSession(call.cookies)
  const request: MtopRequest = { ctx, data: parsed, unb: session.ok ? session.unb : '', nick: session.ok ? session.nick : '', headers: call.headers, params: call.params }
  const out = handler(request)
  const ret = out.ret ?? [RET.success]
  logCall(ctx, call, request.unb, ret)
  sendJson(res, 200, envelope(call, ret, out.data))
}

function logCall(ctx: SimContext, call: MtopCall, unb: string, ret: ReadonlyArray<string>): void {
  const headers: Record<string, string> = {}
  for (const h of LOGGED_HEADERS) if (call.headers[h] !== undefined) headers[h] = call.headers[h]
  ctx.mtopLog.push({ at: ctx.now(), api: call.api, unb, data: call.data, headers, ret: ret.join(',') })
  if (ctx.mtopLog.length > MTOP_LOG_MAX) ctx.mtopLog.splice(0, ctx.mtopLog.length - MTOP_LOG_MAX)
}
