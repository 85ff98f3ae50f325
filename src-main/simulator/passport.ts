/**
 * passport.goofish.com and the captcha page: `hasLogin.do` cookie renewal (goofish-protocol.md §3.3)
 * and the `_____tmd_____/punish` slider page (§2.5). Routes are a table so the QR-login pages
 * (§3.6, issue 5) can be added beside them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { cookieLine, escapeHtml, readBody, requestCookies, sendHtml, sendJson, type Route } from './httpUtil'

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

function punishPage(ctx: SimContext, _req: IncomingMessage, res: ServerResponse, url: URL): void {
  const risk = ctx.auth.risk
  const action = `${url.pathname.replace(/\/punish$/, '/punish/verify')}?${url.searchParams.toString()}`
  const body = risk
    ? `<form method="POST" action="${escapeHtml(action)}"><p>哎哟喂,被挤爆啦,请拖动下方滑块完成验证</p>` +
      '<button id="nc_1_n1z" type="submit">请按住滑块，拖动到最右边</button></form>'
    : '<p>验证已通过</p>'
  sendHtml(res, 200, `<!doctype html><html><head><meta charset="utf-8"><title>验证码拦截</title></head><body>${body}</body></html>`)
}

/** "Solving" the slider sets the expected `x5sec` cookie (and `x5step`). */
async function punishVerify(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await readBody(req)
  const risk = ctx.auth.risk
  if (!risk) return sendHtml(res, 200, '<p>验证已通过</p>')
  const set = [cookieLine('x5sec', risk.x5sec, ctx.cookieDomain, 3600), cookieLine('x5step', '2', ctx.cookieDomain, 3600)]
  sendHtml(res, 200, '<!doctype html><html><body><p id="success">验证通过</p></body></html>', set)
}

export const PASSPORT_ROUTES: ReadonlyArray<Route> = [
  { method: 'POST', path: /^\/newlogin\/hasLogin\.do$/, handle: hasLogin },
  { method: 'GET', path: /\/_____tmd_____\/punish$/, handle: punishPage },
  { method: 'POST', path: /\/_____tmd_____\/punish\/verify$/, handle: punishVerify }
]
