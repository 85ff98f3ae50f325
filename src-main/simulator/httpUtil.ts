/**
 * Small HTTP helpers shared by the mtop, passport, upload and control routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseCookieString } from '../core/goofish/cookies'
import type { SimContext } from './context'

/** One HTTP route of the simulator (matched by method and path, first match wins). */
export interface Route {
  readonly method: 'GET' | 'POST' | '*'
  readonly path: RegExp
  handle(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void
}

export const MAX_BODY = 16 * 1024 * 1024

export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function requestCookies(req: IncomingMessage): Map<string, string> {
  return parseCookieString(req.headers.cookie ?? '')
}

export function sendJson(res: ServerResponse, status: number, body: unknown, setCookies: ReadonlyArray<string> = []): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('content-type', 'application/json;charset=UTF-8')
  if (setCookies.length > 0) res.setHeader('set-cookie', [...setCookies])
  res.end(text)
}

export function sendHtml(res: ServerResponse, status: number, html: string, setCookies: ReadonlyArray<string> = []): void {
  res.statusCode = status
  res.setHeader('content-type', 'text/html;charset=UTF-8')
  if (setCookies.length > 0) res.setHeader('set-cookie', [...setCookies])
  res.end(html)
}

/** A Set-Cookie line as the platform sends it (`Domain` only when configured: loopback rejects it). */
export function cookieLine(name: string, value: string, domain: string | undefined, maxAgeS?: number): string {
  const parts = [`${name}=${value}`, 'Path=/']
  if (domain) parts.push(`Domain=${domain}`)
  if (maxAgeS !== undefined) parts.push(`Max-Age=${maxAgeS}`)
  return parts.join('; ')
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Query parameters merged with a urlencoded POST body (body wins). */
export async function formParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const out: Record<string, string> = Object.fromEntries(url.searchParams)
  if (req.method === 'POST') {
    for (const [k, v] of new URLSearchParams((await readBody(req, 1024 * 1024)).toString('utf8'))) out[k] = v
  }
  return out
}

export function redirect(res: ServerResponse, location: string, setCookies: ReadonlyArray<string> = []): void {
  res.statusCode = 302
  res.setHeader('location', location)
  if (setCookies.length > 0) res.setHeader('set-cookie', [...setCookies])
  res.end()
}

/** A small self-contained HTML page (inline CSS only, no external resources). */
export function page(title: string, body: string, script = ''): string {
  const css = 'body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:40px auto;max-width:420px;color:#222}' +
    'input,button{font-size:15px;padding:6px 10px;margin:4px 0}label{display:block;margin-top:8px}.err{color:#c00}'
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${css}</style></head>` +
    `<body>${body}${script ? `<script>${script}</script>` : ''}</body></html>`
}
