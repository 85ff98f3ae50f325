/**
 * passport.goofish.com: `hasLogin.do` cookie renewal (goofish-protocol.md §3.3). The QR login
 * (§3.6) is in `qrRoutes.ts`, the punish slider page (§2.5) in `sliderPage.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { cookieLine, readBody, requestCookies, sendJson, type Route } from './httpUtil'

export type { Route } from './httpUtil'

const hex = (n: number): string => randomBytes(n).toString('hex')

/** Rotate the session cookies like the real endpoint; a recoverable dead session comes back to life. */
async function hasLogin(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await readBody(req)
  if (ctx.faults.mtopDelayMs > 0) await ctx.timers.sleep(ctx.faults.mtopDelayMs)
  const cookies = requestCookies(req)
  const cookie2 = cookies.get('cookie2') ?? ''
  const known = ctx.auth.session(cookie2)
  const check = ctx.auth.checkSession(cookies)
  const revive = !check.ok && known !== undefined && known.recoverable && known.unb === cookies.get('unb')
  if (!check.ok && !revive) {
    return sendJson(res, 200, { content: { success: false, data: { resultCode: 'SESSION_EXPIRED', titleMsg: '登录已失效，请重新登录' } }, hasError: false })
  }
  const unb = check.ok ? check.unb : (known?.unb ?? '')
  const nick = check.ok ? check.nick : (known?.nick ?? '')
  const fresh = ctx.auth.newSession(unb, nick)
  const d = ctx.cookieDomain
  const set = [
    cookieLine('cookie2', fresh, d), cookieLine('unb', unb, d), cookieLine('sgcookie', `E100${hex(24)}`, d),
    cookieLine('csg', hex(4), d), cookieLine('tracknick', encodeURIComponent(nick), d), cookieLine('last_u_xianyu_web', unb, d)
  ]
  sendJson(res, 200, { content: { success: true, data: { hid: unb, nick, loginResult: 'success' } }, hasError: false }, set)
}

export const PASSPORT_ROUTES: ReadonlyArray<Route> = [
  { method: 'POST', path: /^\/newlogin\/hasLogin\.do$/, handle: hasLogin }
]
