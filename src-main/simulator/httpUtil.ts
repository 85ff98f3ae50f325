/**
 * Small HTTP helpers shared by the mtop, passport, upload and control routes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseCookieString } from '../core/goofish/cookies'

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
