/**
 * Browser pages: `/login` (a form login standing in for goofish.com's login, for embedded-browser
 * and Playwright tests) and `/im` (the stand-in for https://www.goofish.com/im: opening it with a
 * live session rotates the cookies, goofish-protocol.md §8.4; a dead session is sent to `/login`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SimContext } from './context'
import { escapeHtml, formParams, page, redirect, requestCookies, sendHtml, type Route } from './httpUtil'
import { fingerprintLines, loginJarLines, mh5CookieLines, sessionLines, unbForAccount } from './loginJar'

/** Only same-origin paths are followed after a login (no open redirect). */
function safeRedirect(target: string | undefined): string {
  return target !== undefined && /^\/(?!\/)/.test(target) ? target : '/im'
}

function loginForm(target: string, error = ''): string {
  const err = error ? `<p class="err" id="login-error">${escapeHtml(error)}</p>` : ''
  return `<h3>登录闲鱼</h3>${err}<form id="login-form" method="POST" action="/login?redirect=${encodeURIComponent(target)}">` +
    '<label>账号 / unb <input id="login-account" name="account" autocomplete="username"></label>' +
    '<label>昵称（可选） <input id="login-nick" name="nick"></label>' +
    '<label>密码 <input id="login-password" name="password" type="password" autocomplete="current-password"></label>' +
    '<button id="login-submit" type="submit">登录</button></form>'
}

/** GET shows the form; POST logs in: any account works (a non-numeric name gets a stable numeric unb). */
async function login(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const target = safeRedirect(url.searchParams.get('redirect') ?? undefined)
  if (req.method !== 'POST') return sendHtml(res, 200, page('登录闲鱼', loginForm(target)))
  const p = await formParams(req, url)
  const account = (p.account ?? p.unb ?? '').trim()
  if (account === '' || (p.password ?? '') === '') return sendHtml(res, 200, page('登录闲鱼', loginForm(target, '请输入账号和密码')))
  const unb = unbForAccount(account)
  const nick = (p.nick ?? '').trim() || (/^\d+$/.test(account) ? ctx.world.nick(unb) : account)
  ctx.counters.formLogins++
  redirect(res, target, loginJarLines(ctx, unb, nick, requestCookies(req)))
}

/** The seller behind the browser's cookies, reviving a `refreshable` session (long-login); null when dead. */
function imSession(ctx: SimContext, cookies: ReadonlyMap<string, string>): { unb: string; nick: string } | null {
  const check = ctx.auth.checkSession(cookies)
  if (check.ok) return { unb: check.unb, nick: check.nick }
  const known = ctx.auth.session(cookies.get('cookie2') ?? '')
  if (known?.recoverable && known.unb === cookies.get('unb')) return { unb: known.unb, nick: known.nick }
  return null
}

async function im(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  ctx.counters.imPageLoads++
  if (ctx.faults.mtopDelayMs > 0) await ctx.timers.sleep(ctx.faults.mtopDelayMs)
  const cookies = requestCookies(req)
  const who = imSession(ctx, cookies)
  if (!who) {
    ctx.counters.imRedirects++
    return redirect(res, `/login?redirect=${encodeURIComponent(url.pathname)}`)
  }
  ctx.counters.imRefreshes++
  const set = [...sessionLines(ctx, who.unb, who.nick), ...mh5CookieLines(ctx), ...fingerprintLines(ctx, cookies)]
  const body = `<h3>闲鱼 · 消息</h3><div id="im-root" data-unb="${escapeHtml(who.unb)}">你好，<span id="im-nick">${escapeHtml(who.nick)}</span></div>` +
    '<p id="im-empty">暂无新消息</p>'
  sendHtml(res, 200, page('闲鱼 - 消息', body), set)
}

export const LOGIN_PAGE_ROUTES: ReadonlyArray<Route> = [
  { method: '*', path: /^\/login\/?$/, handle: login },
  { method: 'GET', path: /^\/im\/?$/, handle: im }
]
