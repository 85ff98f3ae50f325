import { CookieJar } from '../goofish'

/** A cookie as browsers (Electron's session, Playwright's context) report it. */
export interface BrowserCookie {
  readonly name: string
  readonly value: string
  readonly domain?: string
  readonly path?: string
}

/** The cookies that prove a finished login (§1.1). */
export const LOGIN_COOKIES = ['unb', '_m_h5_tk', 'cookie2'] as const

const relevant = (c: BrowserCookie, host: string | null): boolean => {
  if (!c.domain || host === null) return true
  const d = c.domain.replace(/^\./, '').toLowerCase()
  return host === d || host.endsWith(`.${d}`) || d.endsWith('goofish.com') || d.endsWith('taobao.com')
}

/** True once the browser's session holds a complete login (a non-empty value for each). */
export function hasLogin(cookies: ReadonlyArray<BrowserCookie>): boolean {
  return LOGIN_COOKIES.every((n) => cookies.some((c) => c.name === n && c.value.trim() !== ''))
}

/**
 * The browser's cookies as the account's jar. Cookies of the same name on several sub-domains
 * collapse to one (§1.1); the more specific domain wins.
 */
export function harvestJar(cookies: ReadonlyArray<BrowserCookie>, host: string | null = null): CookieJar {
  const sorted = [...cookies].filter((c) => relevant(c, host)).sort((a, b) => (a.domain ?? '').replace(/^\./, '').length - (b.domain ?? '').replace(/^\./, '').length)
  const jar = new CookieJar()
  for (const c of sorted) if (c.value !== '') jar.set(c.name, c.value)
  return jar
}

/** Merge what a solved slider issued: only `x5*` cookies (§2.5). */
export function mergeX5(into: CookieJar, from: ReadonlyArray<BrowserCookie>): string[] {
  const names: string[] = []
  for (const c of from) {
    if (c.name.startsWith('x5') && c.value) {
      into.set(c.name, c.value)
      names.push(c.name)
    }
  }
  return names
}

/** The jar as cookies a browser can be seeded with, for the given site. */
export function toBrowserCookies(jar: CookieJar, url: string): Array<{ name: string; value: string; url: string }> {
  const origin = new URL(url).origin
  return [...jar.entries()].map(([name, value]) => ({ name, value, url: origin }))
}
