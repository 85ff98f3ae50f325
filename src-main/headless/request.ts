import type { IncomingMessage } from 'node:http'

/** The largest API body the host reads; anything bigger is answered 413 (an image upload is ~700 KB of base64). */
export const MAX_BODY = 1024 * 1024
/** A client that keeps sending past the limit is cut off after this much: draining has a bound too. */
const MAX_DRAIN = 16 * MAX_BODY

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string }

/**
 * The request target as a URL, or null when it is not origin-form (`/path?query`). Absolute-form
 * (`http://x/…`), authority-form and `*` targets, and `//host` (which `new URL` would read as a
 * host), are refused instead of being interpreted.
 */
export function requestUrl(raw: string | undefined): URL | null {
  if (!raw || raw[0] !== '/' || raw.startsWith('//')) return null
  try {
    return new URL(raw, 'http://localhost')
  } catch {
    return null
  }
}

/** `/api/<key>` → the decoded call key; bad percent-encoding or odd characters are a 400, not a throw. */
export function apiKeyOf(pathname: string): Parsed<string> {
  let key: string
  try {
    key = decodeURIComponent(pathname.slice('/api/'.length))
  } catch {
    return { ok: false, status: 400, message: '请求路径编码无效 / Invalid percent-encoding in the request path' }
  }
  if (!/^[A-Za-z0-9_.-]{1,80}$/.test(key)) return { ok: false, status: 400, message: '请求路径无效 / Invalid call name in the request path' }
  return { ok: true, value: key }
}

/**
 * Exactly `application/json`, optionally with `charset=utf-8` (what fetch and the renderer send).
 * `application/jsonp`, `application/json-seq` or a second media type are refused.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase())
  if (type !== 'application/json') return false
  return params.every((p) => p === '' || /^charset="?utf-8"?$/.test(p))
}

/**
 * Reads the body up to MAX_BODY. Past the limit it stops buffering and drains the rest (bounded),
 * so the client gets a 413 rather than a connection reset mid-upload.
 */
export function readBody(req: IncomingMessage): Promise<Parsed<string>> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (Number.isFinite(declared) && declared > MAX_BODY) {
    drain(req)
    return Promise.resolve(tooLarge())
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (over) {
        if (size > MAX_DRAIN) req.destroy()
        return
      }
      if (size > MAX_BODY) {
        over = true
        chunks.length = 0
        resolve(tooLarge())
      } else chunks.push(c)
    })
    req.on('end', () => resolve(over ? tooLarge() : { ok: true, value: Buffer.concat(chunks).toString('utf8') }))
    // an aborted upload: nobody is left to answer, the caller's write is a no-op on a dead socket
    req.on('error', () => resolve({ ok: false, status: 400, message: 'request aborted' }))
  })
}

function drain(req: IncomingMessage): void {
  let size = 0
  req.on('data', (c: Buffer) => {
    size += c.length
    if (size > MAX_DRAIN) req.destroy()
  })
  req.on('error', () => {})
}

const tooLarge = (): Parsed<never> => ({ ok: false, status: 413, message: `请求体超过 ${MAX_BODY / 1024 / 1024} MB / The request body is larger than ${MAX_BODY / 1024 / 1024} MB` })

/** JSON body → value; an empty body is `{}` (calls without input). */
export function parseJsonBody(body: string): Parsed<unknown> {
  if (body.length === 0) return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch (err) {
    return { ok: false, status: 400, message: `请求体无效 / Invalid request body: ${(err as Error).message.slice(0, 200)}` }
  }
}
