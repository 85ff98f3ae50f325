/**
 * Passport QR login (goofish-protocol.md §3.6): `mini_login.htm` (window.viewData with
 * loginFormData), `/newlogin/qrcode/generate.do`, `/newlogin/qrcode/query.do` (NEW / SCANED /
 * CONFIRMED / CANCELED / EXPIRED), `/login_token/login.do` (step 5), the verification page that a
 * CONFIRMED-with-`iframeRedirect` points to, and a "phone" page behind `codeContent`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { cookieLine, escapeHtml, formParams, page, redirect, requestCookies, sendHtml, sendJson, type Route } from './httpUtil'
import { defaultNick, loginJarLines } from './loginJar'
import type { QrSession } from './loginState'

const hex = (n: number): string => randomBytes(n).toString('hex')

export const VERIFY_PATH = '/iv/identity_verify.htm'

const ok = (data: Record<string, unknown>): Record<string, unknown> => ({ content: { success: true, data }, hasError: false })
const fail = (data: Record<string, unknown>): Record<string, unknown> => ({ content: { success: false, data }, hasError: false })

function loginFormData(xsrf: string, cookie2: string, q: URLSearchParams): Record<string, string> {
  return {
    appName: q.get('appName') ?? 'xianyu', appEntrance: q.get('appEntrance') ?? 'web', _csrf_token: xsrf, umidToken: '', hsiz: cookie2,
    bizParams: 'taobaoBizLoginFrom=web', mainPage: 'false', isMobile: 'false', lang: 'zh_CN', returnUrl: '', fromSite: '77',
    isIframe: 'true', documentReferer: 'https://www.goofish.com/', defaultView: 'password', umidTag: 'SERVER'
  }
}

/** Step 2: the mini login page with `window.viewData = {…};` and the csrf cookies. */
function miniLogin(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const cookies = requestCookies(req)
  const d = ctx.cookieDomain
  const xsrf = cookies.get('XSRF-TOKEN') || `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`
  const set = [cookieLine('XSRF-TOKEN', xsrf, d), ...(cookies.get('_tb_token_') ? [] : [cookieLine('_tb_token_', hex(7), d)])]
  const viewData = {
    title: '闲鱼', loginType: 'password', qrCodeFirst: url.searchParams.get('qrCodeFirst') === 'true', isMobile: false,
    loginFormData: loginFormData(xsrf, cookies.get('cookie2') ?? '', url.searchParams),
    urlMap: { qrcodeGenerate: '/newlogin/qrcode/generate.do', qrcodeQuery: '/newlogin/qrcode/query.do', login: '/newlogin/login.do' }
  }
  // `<` is escaped so nothing in the JSON can close the script element.
  const json = JSON.stringify(viewData).replace(/</g, '\\u003c')
  const body = '<h3>闲鱼 登录</h3><div id="login-qrcode">请使用闲鱼 App 扫码登录</div><p><a id="password-login" href="/login">密码登录</a></p>'
  sendHtml(res, 200, page('闲鱼 登录', body, `window.viewData = ${json};\n`), set)
}

/** Step 3: a new QR code. */
async function generate(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = await formParams(req, url)
  ctx.counters.qrGenerates++
  const s = ctx.login.createQr(params)
  const codeContent = `${ctx.baseUrl}/qrcodeCheck.htm?lgToken=${s.lgToken}&tbScanOpenType=Notification`
  sendJson(res, 200, ok({ t: s.t, ck: s.ck, codeContent, resultCode: 100, processFinished: false }))
}

function verifyUrl(ctx: SimContext, s: QrSession): string {
  return `${ctx.baseUrl}${VERIFY_PATH}?ck=${encodeURIComponent(s.ck)}&t=${s.t}&scene=qrcode_login`
}

/** The CONFIRMED answer: either the verification redirect, or the login jar as Set-Cookie. */
function confirmed(ctx: SimContext, s: QrSession, have: ReadonlyMap<string, string>): { body: Record<string, unknown>; cookies: string[] } {
  if (s.verification === 'required') {
    return { body: ok({ qrCodeStatus: 'CONFIRMED', iframeRedirect: true, iframeRedirectUrl: verifyUrl(ctx, s), resultCode: 100, processFinished: false }), cookies: [] }
  }
  const unb = s.unb ?? ''
  s.jar ??= loginJarLines(ctx, unb, s.nick ?? defaultNick(unb), have)
  s.loginToken ??= hex(16)
  const data = { qrCodeStatus: 'CONFIRMED', resultCode: 100, processFinished: true, loginResult: 'success', hid: unb, token: s.loginToken, returnUrl: `${ctx.baseUrl}/im` }
  return { body: ok(data), cookies: s.jar }
}

/** Step 4: one poll. */
async function query(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = await formParams(req, url)
  ctx.counters.qrQueries++
  if (ctx.faults.mtopDelayMs > 0) await ctx.timers.sleep(ctx.faults.mtopDelayMs)
  const s = ctx.login.byCk(params.ck ?? '')
  if (!s || String(s.t) !== (params.t ?? String(s.t))) {
    return sendJson(res, 200, fail({ qrCodeStatus: 'ERROR', resultCode: 14002, titleMsg: '二维码不存在或已失效' }))
  }
  s.queries++
  s.lastQueryParams = params
  if (s.status !== 'CONFIRMED') {
    const finished = s.status === 'CANCELED' || s.status === 'EXPIRED'
    return sendJson(res, 200, ok({ qrCodeStatus: s.status, resultCode: 100, processFinished: finished }))
  }
  const out = confirmed(ctx, s, requestCookies(req))
  sendJson(res, 200, out.body, out.cookies)
}

/** Step 5 ([C]): redeem CONFIRMED's `data.token` for the login cookies. */
async function loginTokenLogin(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = await formParams(req, url)
  const s = ctx.login.byLoginToken(params.token ?? '')
  if (!s?.jar) return sendJson(res, 200, fail({ resultCode: 14003, titleMsg: '登录失败，请重新扫码' }))
  s.tokenRedeemed = true
  sendJson(res, 200, ok({ resultCode: 100, loginResult: 'success', redirectUrl: `${ctx.baseUrl}/im`, st: hex(12) }), s.jar)
}

/** The phone/face check a CONFIRMED-with-iframeRedirect points to: one button passes it. */
async function verifyPage(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = await formParams(req, url)
  const s = ctx.login.byCk(params.ck ?? '')
  if (!s || s.status !== 'CONFIRMED') return sendHtml(res, 404, page('身份验证', '<p class="err" id="verify-error">验证已失效，请重新扫码</p>'))
  if (req.method === 'POST') {
    s.verification = 'passed'
    const unb = s.unb ?? ''
    s.jar ??= loginJarLines(ctx, unb, s.nick ?? defaultNick(unb), requestCookies(req))
    return redirect(res, '/im', s.jar)
  }
  const action = `${VERIFY_PATH}?ck=${encodeURIComponent(s.ck)}`
  const body = '<h3>安全验证</h3><p>为了你的账号安全，请完成身份验证（手机验证码 / 刷脸）。</p>' +
    `<form method="POST" action="${escapeHtml(action)}"><button id="verify-submit" type="submit">我已完成验证</button></form>`
  sendHtml(res, 200, page('身份验证', body))
}

/** What `codeContent` opens: the phone app's confirm screen (scan on GET, confirm/cancel on POST). */
async function phonePage(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = await formParams(req, url)
  const s = ctx.login.byLgToken(params.lgToken ?? '')
  if (!s || (s.status !== 'NEW' && s.status !== 'SCANED')) return sendHtml(res, 404, page('扫码登录', '<p class="err">二维码已失效</p>'))
  if (req.method === 'GET') {
    if (s.status === 'NEW') {
      s.status = 'SCANED'
      s.scannedAt = ctx.now()
    }
    const form = `<form method="POST" action="/qrcodeCheck.htm?lgToken=${s.lgToken}"><label>unb <input name="unb" id="phone-unb" value="2200000000001"></label>` +
      '<label>昵称 <input name="nick" id="phone-nick" value="小鱼"></label>' +
      '<button id="phone-confirm" name="action" value="confirm">确认登录</button> <button id="phone-cancel" name="action" value="cancel">取消</button></form>'
    return sendHtml(res, 200, page('扫码登录', `<h3>确认登录闲鱼网页版？</h3>${form}`))
  }
  if (params.action === 'cancel') s.status = 'CANCELED'
  else confirmQr(ctx, s, params.unb ?? '', params.nick)
  sendHtml(res, 200, page('扫码登录', `<p id="phone-done">${s.status === 'CANCELED' ? '已取消' : '已确认'}</p>`))
}

/** Move a NEW/SCANED session to CONFIRMED for `unb` (shared by the control API and the phone page). */
export function confirmQr(ctx: SimContext, s: QrSession, unb: string, nick: string | undefined): void {
  if (!/^\d{5,20}$/.test(unb)) throw new Error('qrConfirm needs a numeric unb')
  if (s.status !== 'NEW' && s.status !== 'SCANED') throw new Error(`QR session is ${s.status}`)
  const now = ctx.now()
  s.scannedAt ??= now
  s.status = 'CONFIRMED'
  s.confirmedAt = now
  s.unb = unb
  s.nick = nick ?? defaultNick(unb)
  s.verification = ctx.login.demandVerification ? 'required' : 'none'
}

export const QR_ROUTES: ReadonlyArray<Route> = [
  { method: 'GET', path: /^\/+mini_login\.htm$/, handle: miniLogin },
  { method: '*', path: /^\/+newlogin\/qrcode\/generate\.do$/, handle: generate },
  { method: '*', path: /^\/+newlogin\/qrcode\/query\.do$/, handle: query },
  { method: '*', path: /^\/+login_token\/login\.do$/, handle: loginTokenLogin },
  { method: '*', path: /^\/+iv\/identity_verify\.htm$/, handle: verifyPage },
  { method: '*', path: /^\/+qrcodeCheck\.htm$/, handle: phonePage }
]
