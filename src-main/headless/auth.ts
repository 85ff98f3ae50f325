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

/**
 * The token from an `Authorization: Bearer` header or the session cookie. A `?token=` in the URL
 * counts only where a human opens the printed link (`allowQuery`: a page GET, traded for the cookie
 * at once); never on an API call or the event socket, where it would end up in logs and histories.
 */
export function presentedToken(req: IncomingMessage, url: URL, port: number, opts: { allowQuery: boolean }): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim()
  return (opts.allowQuery ? url.searchParams.get('token') : null) ?? cookieValue(req, tokenCookieName(port))
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

export interface TokenSources {
  /** `--token T`: works, but every user of the machine can read it in `ps`. */
  readonly flag?: string
  /** `--token-file PATH`: the token is the file's first line. */
  readonly file?: string
  /** `XD_TOKEN` from the environment. */
  readonly env?: string
}

export interface ChosenToken {
  readonly token: string
  readonly source: 'flag' | 'file' | 'env' | 'random'
  /** Shown to the user: e.g. that `--token` is visible to other users. */
  readonly warning: string | null
}

/** URL- and cookie-safe, and long enough not to be guessed. */
const TOKEN_SHAPE = /^[A-Za-z0-9._~-]{16,256}$/

/**
 * The access token from `--token`, else `--token-file`, else `XD_TOKEN`, else a random one.
 * A malformed token is an error naming its source, never silently replaced.
 */
export function chooseToken(src: TokenSources, readText: (path: string) => string): ChosenToken {
  const check = (token: string, source: ChosenToken['source'], warning: string | null): ChosenToken => {
    if (!TOKEN_SHAPE.test(token)) {
      throw new Error(`the ${source === 'file' ? `token in ${src.file}` : source === 'env' ? 'XD_TOKEN token' : '--token'} must be 16–256 characters of A–Z a–z 0–9 . _ ~ -`)
    }
    return { token, source, warning }
  }
  if (src.flag !== undefined) return check(src.flag, 'flag', '--token is visible to every user of this machine (ps); prefer --token-file or XD_TOKEN')
  if (src.file !== undefined) {
    let text: string
    try {
      text = readText(src.file)
    } catch (err) {
      throw new Error(`cannot read --token-file ${src.file}: ${(err as Error).message}`, { cause: err })
    }
    return check((text.split(/\r?\n/)[0] ?? '').trim(), 'file', null)
  }
  if (src.env !== undefined && src.env !== '') return check(src.env.trim(), 'env', null)
  return { token: newToken(), source: 'random', warning: null }
}
