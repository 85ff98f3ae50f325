import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** Cookies ignore ports: name the cookie per port so two hosts on one machine don't clash. */
export const tokenCookieName = (port: number): string => `xd_token_${port}`

export const newToken = (): string => randomBytes(24).toString('hex')

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim()
  }
  return null
}

/** The token from an `Authorization: Bearer` header, `?token=` (a fresh link wins), or the session cookie. */
export function presentedToken(req: IncomingMessage, url: URL, port: number): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim()
  return url.searchParams.get('token') ?? cookieValue(req, tokenCookieName(port))
}

/**
 * DNS-rebinding and CSRF guards: the Host header must name this server (a loopback name unless
 * remote access was allowed), and an Origin, when sent, must be this server's own origin.
 */
export class HostGuard {
  readonly #hosts: ReadonlySet<string>
  constructor(port: number, extraHosts: ReadonlyArray<string>) {
    const names = ['127.0.0.1', 'localhost', '[::1]', ...extraHosts]
    this.#hosts = new Set(names.map((n) => `${n}:${port}`.toLowerCase()))
  }

  hostOk(req: IncomingMessage): boolean {
    return this.#hosts.has((req.headers.host ?? '').toLowerCase())
  }

  originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin
    if (origin === undefined) return true
    try {
      const u = new URL(origin)
      return (u.protocol === 'http:' || u.protocol === 'https:') && this.#hosts.has(u.host.toLowerCase())
    } catch {
      return false
    }
  }
}
