import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Core } from '../core/app'
import { dispatch } from '../core/dispatch'
import type { Logger } from '../core/ports'
import { HostGuard, presentedToken, safeEqual, tokenCookieName } from './auth'
import { apiKeyOf, isJsonContentType, parseJsonBody, readBody, requestUrl } from './request'
import { StaticFiles } from './static'

export interface HeadlessOptions {
  readonly core: Core
  readonly logger: Logger
  /** The built renderer (out/renderer). */
  readonly rendererDir: string
  readonly host?: string
  readonly port?: number
  readonly token: string
  /** Binding to anything but loopback needs this, on purpose. */
  readonly allowRemote?: boolean
  readonly checkOutput?: boolean
}

export interface HeadlessServer {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

/**
 * Serves the built renderer and the same contract as the Electron IPC binding:
 * `POST /api/<call>` → Result JSON, and `/events` (WebSocket) → `{event, payload}` frames.
 */
export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessServer> {
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host) && !opts.allowRemote) {
    throw new Error(`refusing to listen on ${host} without --allow-remote: anyone on that network could reach your accounts`)
  }
  const files = new StaticFiles(opts.rendererDir)
  const server = createServer()
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(opts.port ?? 0, host, () => res())
  })
  const port = (server.address() as AddressInfo).port
  const guard = new HostGuard(port, LOOPBACK.has(host) ? [] : [host.includes(':') ? `[${host}]` : host])
  const ctx: Ctx = { opts, guard, files, wss, port }
  // the error boundary: whatever a request does, it is answered (or its socket closed) and logged
  server.on('request', (req, res) => {
    handle(ctx, req, res).catch((err: unknown) => failed(ctx, res, err))
  })
  server.on('upgrade', (req, socket, head) => {
    try {
      upgrade(ctx, req, socket, head)
    } catch (err) {
      opts.logger.error('headless: upgrade failed', { err })
      socket.destroy()
    }
  })
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => clientError(err, socket))
  const unsubscribe = opts.core.events.onAny((event, payload) => {
    const frame = JSON.stringify({ event, payload })
    for (const c of wss.clients) if (c.readyState === c.OPEN) c.send(frame)
  })
  const shown = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shown}:${port}/?token=${opts.token}`,
    port,
    async close() {
      unsubscribe()
      for (const c of wss.clients) c.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((res) => server.close(() => res()))
    }
  }
}

interface Ctx {
  readonly opts: HeadlessOptions
  readonly guard: HostGuard
  readonly files: StaticFiles
  readonly wss: WebSocketServer
  readonly port: number
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers
  })
  res.end(text)
}

/** 403 for a foreign Host/Origin, 401 without the token; null when the request may proceed. */
function gate(ctx: Ctx, req: IncomingMessage, url: URL, allowQuery: boolean): { status: 401 | 403; message: string } | null {
  if (!ctx.guard.hostOk(req)) return { status: 403, message: 'forbidden host' }
  if (!ctx.guard.originOk(req)) return { status: 403, message: 'forbidden origin' }
  const token = presentedToken(req, url, ctx.port, { allowQuery })
  if (!token || !safeEqual(token, ctx.opts.token)) return { status: 401, message: '需要访问令牌：请打开终端里打印的带 token 的地址 / A token is required: open the URL printed in the terminal' }
  return null
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = requestUrl(req.url)
  if (!url) return send(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'bad request target' } })
  const page = (req.method === 'GET' || req.method === 'HEAD') && !url.pathname.startsWith('/api/')
  const denied = gate(ctx, req, url, page)
  if (denied) return send(res, denied.status, { ok: false, error: { code: 'FORBIDDEN', message: denied.message } })
  if (url.pathname.startsWith('/api/')) return api(ctx, req, res, url.pathname)
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'BAD_INPUT', message: 'method not allowed' } })
  if (url.searchParams.has('token')) {
    // trade the URL token for an HttpOnly cookie, and drop it from the address bar and history
    return send(res, 303, '', {
      Location: '/',
      'Set-Cookie': `${tokenCookieName(ctx.port)}=${ctx.opts.token}; HttpOnly; SameSite=Strict; Path=/`
    })
  }
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
  if (ctx.files.serve(url.pathname, res)) return
  if (!url.pathname.includes('.') && ctx.files.serve('/', res)) return
  send(res, 404, 'not found')
}

const refuse = (res: ServerResponse, status: number, message: string): void => send(res, status, { ok: false, error: { code: 'BAD_INPUT', message } })

async function api(ctx: Ctx, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'POST') return refuse(res, 405, 'use POST')
  const key = apiKeyOf(pathname)
  if (!key.ok) return refuse(res, key.status, key.message)
  if (!isJsonContentType(req.headers['content-type'])) return refuse(res, 415, 'Content-Type must be application/json')
  const body = await readBody(req)
  if (!body.ok) return refuse(res, body.status, body.message)
  const input = parseJsonBody(body.value)
  if (!input.ok) return refuse(res, input.status, input.message)
  const result = await dispatch(ctx.opts.core.api, key.value, input.value, { logger: ctx.opts.logger, checkOutput: ctx.opts.checkOutput })
  send(res, 200, result)
}

/** Last resort for a request whose handler threw: log it, answer 500 if nothing was sent yet. */
function failed(ctx: Ctx, res: ServerResponse, err: unknown): void {
  ctx.opts.logger.error('headless: request failed', { err })
  if (res.headersSent) return void res.destroy()
  try {
    send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '内部错误，请查看日志 / Internal error, see the log' } })
  } catch {
    res.destroy()
  }
}

/** Node's parser refused the request (bad request line, oversized headers, timeout): answer like Node would, then close. */
function clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy()
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request'
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function upgrade(ctx: Ctx, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const url = requestUrl(req.url)
  const denied = url?.pathname === '/events' ? gate(ctx, req, url, false) : { status: 403 as const, message: 'not found' }
  if (denied) {
    socket.write(`HTTP/1.1 ${denied.status} ${denied.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    socket.destroy()
    return
  }
  // events flow one way: the socket only carries core events to the page
  ctx.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => void ws)
}
