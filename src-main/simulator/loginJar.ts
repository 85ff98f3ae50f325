/**
 * The cookie jar a successful login issues (form login, QR CONFIRMED, `/login_token/login.do`, the
 * QR verification page) and the rotation the IM page performs (goofish-protocol.md §1.1, §8.4).
 * Every issued `cookie2` is a live session in the auth store, every `_m_h5_tk` a valid mtop token.
 */
import { randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { cookieLine } from './httpUtil'

const hex = (n: number): string => randomBytes(n).toString('hex')
const YEAR_S = 365 * 86_400

/** Set-Cookie lines of a fresh `_m_h5_tk` / `_m_h5_tk_enc` pair. */
export function mh5CookieLines(ctx: SimContext): string[] {
  const tk = ctx.auth.issueMh5()
  const d = ctx.cookieDomain
  const ttl = Math.max(1, Math.floor(ctx.auth.opts.mh5TtlMs / 1000))
  return [cookieLine('_m_h5_tk', tk.value, d, ttl), cookieLine('_m_h5_tk_enc', tk.enc, d, ttl)]
}

/** Device-fingerprint cookies (`cna`, `t`) only when the browser does not have them yet. */
export function fingerprintLines(ctx: SimContext, have: ReadonlyMap<string, string>): string[] {
  const d = ctx.cookieDomain
  const out: string[] = []
  if (!have.get('cna')) out.push(cookieLine('cna', hex(12), d, YEAR_S))
  if (!have.get('t')) out.push(cookieLine('t', hex(16), d, YEAR_S))
  return out
}

/** Session cookies for `unb`: a new live `cookie2` plus the rotating companions. */
export function sessionLines(ctx: SimContext, unb: string, nick: string): string[] {
  const cookie2 = ctx.auth.newSession(unb, nick)
  ctx.world.setNick(unb, nick)
  const d = ctx.cookieDomain
  return [
    cookieLine('unb', unb, d, YEAR_S), cookieLine('cookie2', cookie2, d), cookieLine('sgcookie', `E100${hex(24)}`, d, YEAR_S),
    cookieLine('csg', hex(4), d), cookieLine('tracknick', encodeURIComponent(nick), d, YEAR_S),
    cookieLine('last_u_xianyu_web', unb, d, YEAR_S)
  ]
}

/** The full login jar: session + `_tb_token_`/`XSRF-TOKEN` + mtop token + fingerprint. */
export function loginJarLines(ctx: SimContext, unb: string, nick: string, have: ReadonlyMap<string, string> = new Map()): string[] {
  const d = ctx.cookieDomain
  return [
    ...sessionLines(ctx, unb, nick),
    cookieLine('_tb_token_', hex(7), d),
    ...(have.get('XSRF-TOKEN') ? [] : [cookieLine('XSRF-TOKEN', hex(16), d)]),
    ...mh5CookieLines(ctx),
    ...fingerprintLines(ctx, have)
  ]
}

export const defaultNick = (unb: string): string => `seller${unb.slice(-4)}`

/** A numeric user id for a login name that is not one (stable per name). */
export function unbForAccount(account: string): string {
  if (/^\d{5,20}$/.test(account)) return account
  let h = 0
  for (const ch of account) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 1e11
  return `22${String(h).padStart(11, '0')}`
}
