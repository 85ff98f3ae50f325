/**
 * stream-upload.goofish.com `upload.api` (goofish-protocol.md §3.5): multipart field `file`,
 * answers `object.url` + `object.pix`; an HTML login page when the cookie is not a live session.
 * Uploaded bytes are kept in memory (bounded) and served back at `/img/<id>`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import type { SimContext } from './context'
import { readBody, requestCookies, sendHtml, sendJson } from './httpUtil'
import type { Route } from './passport'

const MAX_IMAGES = 200
const images = new WeakMap<SimContext, Map<string, { bytes: Buffer; type: string }>>()

function store(ctx: SimContext): Map<string, { bytes: Buffer; type: string }> {
  let m = images.get(ctx)
  if (!m) images.set(ctx, (m = new Map()))
  return m
}

/** The `file` part of a multipart body, or null. */
export function multipartFile(body: Buffer, contentType: string): { bytes: Buffer; type: string } | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const b = boundary?.[1] ?? boundary?.[2]
  if (!b) return null
  const delim = Buffer.from(`--${b}`)
  let pos = body.indexOf(delim)
  while (pos >= 0) {
    const next = body.indexOf(delim, pos + delim.length)
    if (next < 0) break
    const part = body.subarray(pos + delim.length, next)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd >= 0) {
      const head = part.subarray(0, headerEnd).toString('utf8')
      if (/name="file"/i.test(head)) {
        const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream'
        return { bytes: part.subarray(headerEnd + 4, part.length - 2), type }
      }
    }
    pos = next
  }
  return null
}

/** Width × height of a PNG, GIF or JPEG, or null. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
  if (b.length >= 10 && b.subarray(0, 3).toString('latin1') === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null
    const marker = b[i + 1] ?? 0
    const len = b.readUInt16BE(i + 2)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) }
    }
    i += 2 + len
  }
  return null
}

const LOGIN_HTML = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>闲鱼 - 登录</title></head>' +
  '<body><div id="login">请登录 <a href="https://passport.goofish.com/mini_login.htm">登录</a></div></body></html>'

async function upload(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req)
  if (ctx.faults.mtopDelayMs > 0) await ctx.timers.sleep(ctx.faults.mtopDelayMs)
  if (!ctx.auth.checkSession(requestCookies(req)).ok) return sendHtml(res, 200, LOGIN_HTML)
  const file = multipartFile(body, req.headers['content-type'] ?? '')
  if (!file || file.bytes.length === 0) return sendJson(res, 200, { success: false, errorCode: 'NO_FILE', message: '没有文件' })
  ctx.counters.uploads++
  const size = imageSize(file.bytes) ?? { width: 800, height: 600 }
  const id = randomBytes(12).toString('hex')
  const m = store(ctx)
  if (m.size >= MAX_IMAGES) m.delete(m.keys().next().value as string)
  m.set(id, file)
  const url = `${ctx.baseUrl}/img/${id}.jpg`
  sendJson(res, 200, {
    success: true,
    object: { url, pix: `${size.width}x${size.height}`, size: String(file.bytes.length), fileId: id, fileName: `${id}.jpg` }
  })
}

function serveImage(ctx: SimContext, _req: IncomingMessage, res: ServerResponse, url: URL): void {
  const id = /^\/img\/([0-9a-f]+)/.exec(url.pathname)?.[1] ?? ''
  const img = store(ctx).get(id)
  if (!img) {
    res.statusCode = 404
    res.end()
    return
  }
  res.setHeader('content-type', img.type)
  res.end(img.bytes)
}

/** A generated placeholder picture for scripted buyers' images: `/img/placeholder-<w>x<h>.svg`. */
function placeholder(_ctx: SimContext, _req: IncomingMessage, res: ServerResponse, url: URL): void {
  const m = /placeholder-(\d{1,4})x(\d{1,4})/.exec(url.pathname)
  const w = Number(m?.[1] ?? 800)
  const h = Number(m?.[2] ?? 600)
  res.setHeader('content-type', 'image/svg+xml')
  res.end(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#ffe60f"/>` +
    `<text x="50%" y="50%" font-size="${Math.max(12, Math.floor(h / 10))}" text-anchor="middle">买家图片 ${w}×${h}</text></svg>`)
}

export const UPLOAD_ROUTES: ReadonlyArray<Route> = [
  { method: 'POST', path: /^\/api\/upload\.api$/, handle: upload },
  { method: 'GET', path: /^\/img\/placeholder-\d+x\d+\.svg$/, handle: placeholder },
  { method: 'GET', path: /^\/img\/[0-9a-f]+/, handle: serveImage }
]
