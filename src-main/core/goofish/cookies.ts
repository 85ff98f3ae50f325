/**
 * Cookie-string parsing and the account's cookie jar. goofish-protocol.md §1.1.
 *
 * Values are kept byte-for-byte as received: never URL-decoded, so re-emitting the jar sends
 * exactly what the platform issued (e.g. `sgcookie=E100abc%3D%3D` stays encoded).
 */
import { signingToken } from './sign'

export type CookieParseMode = 'tolerant' | 'reference'

/**
 * Parse a `Cookie:`-style string into name → value (later duplicates win).
 * - `tolerant` (default, recommended by §1.1): split on `;`, trim, split on the first `=`.
 * - `reference`: the Python clients' exact behaviour: split on the two-character `; ` only, so
 *   `a=1;b=2` yields `a` = `1;b=2` (cookie-vectors.json).
 * Fragments without `=` (and with an empty name) are dropped in both modes.
 */
export function parseCookieString(input: string, mode: CookieParseMode = 'tolerant'): Map<string, string> {
  const out = new Map<string, string>()
  const parts = mode === 'reference' ? input.split('; ') : input.split(';')
  for (const raw of parts) {
    const part = mode === 'reference' ? raw : raw.trim()
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = mode === 'reference' ? part.slice(0, eq) : part.slice(0, eq).trim()
    if (name === '') continue
    out.set(name, mode === 'reference' ? part.slice(eq + 1) : part.slice(eq + 1).trim())
  }
  return out
}

/** `name=value` of one `Set-Cookie` line (attributes after the first `;` ignored), or null. */
export function parseSetCookieLine(line: string): { name: string; value: string } | null {
  const semi = line.indexOf(';')
  const pair = (semi < 0 ? line : line.slice(0, semi)).trim()
  const eq = pair.indexOf('=')
  if (eq <= 0) return null
  const name = pair.slice(0, eq).trim()
  if (name === '') return null
  return { name, value: pair.slice(eq + 1).trim() }
}

/**
 * Split a combined `Set-Cookie` header (several cookies joined with `, `) into lines. A comma
 * only starts a new cookie when what follows looks like `name=`; this keeps `Expires=Wed, 21 …`
 * intact.
 */
export function splitCombinedSetCookie(header: string): string[] {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < header.length; i++) {
    if (header[i] !== ',') continue
    const rest = header.slice(i + 1)
    if (/^\s*[^=;,\s]+=/.test(rest) && !/^\s*\d{2} /.test(rest)) {
      out.push(header.slice(start, i).trim())
      start = i + 1
    }
  }
  out.push(header.slice(start).trim())
  return out.filter((s) => s !== '')
}

/** Anything `mergeSetCookie` accepts: fetch `Headers`, a list of lines, or one (combined) line. */
export type SetCookieSource = string | ReadonlyArray<string> | { get(name: string): string | null; getSetCookie?(): string[] }

function setCookieLines(src: SetCookieSource): string[] {
  if (typeof src === 'string') return splitCombinedSetCookie(src)
  if (Array.isArray(src)) return [...(src as ReadonlyArray<string>)]
  const h = src as { get(name: string): string | null; getSetCookie?(): string[] }
  if (typeof h.getSetCookie === 'function') return h.getSetCookie()
  const combined = h.get('set-cookie')
  return combined ? splitCombinedSetCookie(combined) : []
}

/** The account session: a flat name → value map (domain/path/expiry are not tracked, §1.1). */
export class CookieJar {
  readonly #map: Map<string, string>

  constructor(init?: string | Iterable<readonly [string, string]> | Readonly<Record<string, string>>, mode: CookieParseMode = 'tolerant') {
    if (init === undefined) this.#map = new Map()
    else if (typeof init === 'string') this.#map = parseCookieString(init, mode)
    else if (Symbol.iterator in Object(init)) this.#map = new Map(init as Iterable<readonly [string, string]>)
    else this.#map = new Map(Object.entries(init as Readonly<Record<string, string>>))
  }

  get(name: string): string | undefined {
    return this.#map.get(name)
  }

  set(name: string, value: string): void {
    this.#map.set(name, value)
  }

  delete(name: string): boolean {
    return this.#map.delete(name)
  }

  has(name: string): boolean {
    return this.#map.has(name)
  }

  get size(): number {
    return this.#map.size
  }

  /** The logged-in user id (`unb`), or undefined. §1.2 */
  get unb(): string | undefined {
    return this.#map.get('unb') || undefined
  }

  /** mtop signing token: the part of `_m_h5_tk` before the first `_` ("" when absent). §2.2 */
  get signingToken(): string {
    return signingToken(this.#map.get('_m_h5_tk'))
  }

  /** Merge every Set-Cookie line; returns the names that changed value. */
  mergeSetCookie(src: SetCookieSource): string[] {
    const changed: string[] = []
    for (const line of setCookieLines(src)) {
      const c = parseSetCookieLine(line)
      if (!c) continue
      if (this.#map.get(c.name) !== c.value) changed.push(c.name)
      this.#map.set(c.name, c.value)
    }
    return changed
  }

  /** Merge only the cookies whose name passes `filter` (e.g. `x5*` after a solved slider, §2.5). */
  mergeFrom(other: CookieJar, filter: (name: string) => boolean = () => true): void {
    for (const [k, v] of other.entries()) if (filter(k)) this.#map.set(k, v)
  }

  /** `Cookie:` header value: `a=1; b=2`, raw values. */
  toHeader(): string {
    const parts: string[] = []
    for (const [k, v] of this.#map) parts.push(`${k}=${v}`)
    return parts.join('; ')
  }

  entries(): IterableIterator<[string, string]> {
    return this.#map.entries()
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.#map)
  }

  clone(): CookieJar {
    return new CookieJar(this.#map.entries())
  }
}
