import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeadless, type HeadlessServer } from '../../src-main/headless/server'
import { MAX_BODY } from '../../src-main/headless/request'
import type { Logger } from '../../src-main/core/ports'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../helpers/core'

/**
 * Request fuzz of the headless host on loopback: ≥ 10,000 malformed and odd requests (paths with bad
 * percent-encoding and traversal, odd methods, huge and broken headers, wrong/oversized/garbage
 * bodies, with and without the token). Every structured request is checked against the status the
 * host's rules give it; raw ones must get a well-formed answer or a clean close. Then the host must
 * still answer a real call, and nothing it stores may have changed.
 */
const TOKEN = 'f'.repeat(48)
const STRUCTURED = 10_000
const RAW = 1_500
const SECRET = 'outside-the-renderer'

let t: TestCore
let server: HeadlessServer
let root: string
let accountsBefore: string

beforeAll(async () => {
  t = makeCore()
  await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
  root = mkdtempSync(join(tmpdir(), 'xd-fuzz-'))
  mkdirSync(join(root, 'renderer/assets'), { recursive: true })
  writeFileSync(join(root, 'renderer/index.html'), '<!doctype html><title>x</title>')
  writeFileSync(join(root, 'renderer/assets/app.js'), '1')
  writeFileSync(join(root, 'secret.txt'), SECRET)
  server = await startHeadless({ core: t.core, logger: makeLogger(), rendererDir: join(root, 'renderer'), token: TOKEN, checkOutput: true })
  accountsBefore = JSON.stringify(await t.core.api['accounts.list']({}))
})
afterAll(async () => {
  await server.close()
  await t.dispose()
  rmSync(root, { recursive: true, force: true })
})

const errors: Array<{ level: string; msg: string; data?: unknown }> = []
function makeLogger(): Logger {
  const sink = (level: string) => (msg: string, data?: Record<string, unknown>) => void errors.push({ level, msg, data })
  const self = { child: () => self, debug: () => {}, info: () => {}, warn: sink('warn'), error: sink('error') }
  return self
}

/** mulberry32: the same run every time, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
const rand = rng(0x15f00d)
const pick = <T,>(xs: ReadonlyArray<T>): T => xs[Math.floor(rand() * xs.length)] as T
const chance = (p: number): boolean => rand() < p

const READ_ONLY = ['app.info', 'accounts.list', 'settings.get', 'secrets.status', 'conversations.list', 'rules.list', 'drafts.list', 'dashboard.summary']
const SEGMENTS = ['api', '%E0%A4%A', '%', '%zz', '%00', '%2e%2e', '..', '.', '%2F', 'assets', 'app.js', 'index.html', 'secret.txt', '%C0%AE%C0%AE', '~', 'a'.repeat(300), '%ff%fe', '%u002e', 'accounts.list', Buffer.from('中文').toString('latin1'), '%E4%B8%AD']
const TYPES = ['application/json', 'application/json; charset=utf-8', 'application/jsonp', 'text/plain', 'application/json, text/html', 'multipart/form-data; boundary=x', '', 'application/x-www-form-urlencoded']
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE']

interface Case { method: string; path: string; headers: Record<string, string>; body: string | null }

function randomPath(): string {
  if (chance(0.45)) {
    const key = chance(0.7) ? pick(READ_ONLY) : pick([...SEGMENTS, 'accounts.remove', 'settings.update', 'app.backup'])
    return `/api/${key}${chance(0.1) ? `?token=${TOKEN}` : ''}`
  }
  const n = 1 + Math.floor(rand() * 5)
  const path = '/' + Array.from({ length: n }, () => pick(SEGMENTS)).join('/')
  return chance(0.1) ? `${path}?token=${chance(0.5) ? TOKEN : 'nope'}` : path
}

function randomBody(key: string): string {
  const r = rand()
  if (r < 0.3 && READ_ONLY.includes(key)) return pick(['{}', '{"accountId":"nope"}', '{"limit":-1}', '{"range":"day"}', '[]', 'null', '1', '"x"', '{"__proto__":{"x":1}}'])
  if (r < 0.5) return pick(['{', '{"a":', 'nul', '\u0000\u0001', '{"a":1}}', "{'a':1}", '[' .repeat(5000), '\ud800'])
  if (r < 0.53) return 'x'.repeat(MAX_BODY + 1 + Math.floor(rand() * 1000))
  return Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))).toString('latin1')
}

function randomCase(): Case {
  const method = chance(0.5) ? 'POST' : pick(METHODS)
  const path = randomPath()
  const headers: Record<string, string> = { Host: chance(0.97) ? `127.0.0.1:${server.port}` : pick(['evil.example', 'localhost:1', `127.0.0.1:${server.port}.evil`]) }
  const auth = rand()
  if (auth < 0.6) headers.Authorization = `Bearer ${TOKEN}`
  else if (auth < 0.7) headers.Cookie = `xd_token_${server.port}=${TOKEN}`
  else if (auth < 0.8) headers.Authorization = `Bearer ${TOKEN.slice(1)}`
  if (chance(0.9)) headers['Content-Type'] = chance(0.6) ? pick(TYPES.slice(0, 2)) : pick(TYPES)
  if (chance(0.05)) headers.Origin = pick(['https://evil.example', `http://127.0.0.1:${server.port}`, 'null', 'not a url'])
  if (chance(0.05)) headers['X-Odd'] = 'v'.repeat(Math.floor(rand() * 8000))
  const key = path.startsWith('/api/') ? path.slice(5).split('?')[0] ?? '' : ''
  // TRACE carries no content (RFC 9110 §9.3.8): Node's parser would read a body as the next request
  const body = method === 'GET' || method === 'HEAD' || method === 'TRACE' || chance(0.1) ? null : randomBody(key)
  return { method, path, headers, body }
}

/** The status the host's rules give a request (the oracle). */
function expected(c: Case): number {
  // Node's parser refuses raw non-ASCII bytes in the request line before any handler runs
  if (/[^\x21-\x7e]/.test(c.path)) return 400
  const host = c.headers.Host ?? ''
  if (host !== `127.0.0.1:${server.port}`) return 403
  if (c.headers.Origin !== undefined && c.headers.Origin !== `http://127.0.0.1:${server.port}`) return 403
  const url = new URL(c.path, 'http://x')
  const api = url.pathname.startsWith('/api/')
  const page = (c.method === 'GET' || c.method === 'HEAD') && !api
  const token = c.headers.Authorization?.startsWith('Bearer ') ? c.headers.Authorization.slice(7)
    : (page ? url.searchParams.get('token') : null) ?? (c.headers.Cookie ? c.headers.Cookie.split('=')[1] : null)
  if (token !== TOKEN) return 401
  if (api) {
    if (c.method !== 'POST') return 405
    let key: string
    try {
      key = decodeURIComponent(url.pathname.slice(5))
    } catch {
      return 400
    }
    if (!/^[A-Za-z0-9_.-]{1,80}$/.test(key)) return 400
    const type = (c.headers['Content-Type'] ?? '').toLowerCase()
    if (type !== 'application/json' && type !== 'application/json; charset=utf-8') return 415
    const body = c.body ?? ''
    if (Buffer.byteLength(body, 'latin1') > MAX_BODY) return 413
    if (body === '') return 200
    try {
      JSON.parse(body)
    } catch {
      return 400
    }
    return 200
  }
  if (c.method !== 'GET' && c.method !== 'HEAD') return 405
  if (url.searchParams.has('token')) return 303
  return -1 // a page: 200 or 404, checked separately
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 })
function send(c: Case): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method: c.method, path: c.path, headers: c.headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${c.method} ${c.path}`)))
    req.on('error', reject)
    req.end(c.body === null ? undefined : Buffer.from(c.body, 'latin1'))
  })
}

/** Bytes no well-behaved client would send: broken request lines, header floods, CRLF games. */
function rawRequest(): string {
  const host = `Host: 127.0.0.1:${server.port}\r\n`
  const auth = chance(0.5) ? `Authorization: Bearer ${TOKEN}\r\n` : ''
  const path = pick(['/api/%E0%A4%A', '/api/%', '/%2e%2e/%2e%2e/secret.txt', '/../secret.txt', '//secret.txt', '*', 'http://evil/', '/a b', '/\u0000', '/' + 'a'.repeat(20_000), '/api/app.info'])
  return pick([
    () => `${pick(METHODS)} ${path} HTTP/1.1\r\n${host}${auth}Connection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    () => `${pick(['G ET', 'POST\u0000', '', 'GET GET', '\u00ff\u00fe'])} / HTTP/1.1\r\n${host}\r\n`,
    () => `GET / HTTP/1.1\r\n${host}${auth}X-Big: ${'b'.repeat(70_000)}\r\n\r\n`,
    () => `POST /api/app.info HTTP/1.1\r\n${host}${auth}Content-Length: -5\r\n\r\n`,
    () => `POST /api/app.info HTTP/1.1\r\n${host}${auth}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    () => `POST /api/app.info HTTP/1.1\r\n${host}${auth}Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    () => `GET ${path} HTTP/9.9\r\n${host}Connection: close\r\n\r\n`,
    () => `GET / HTTP/1.1\r\n${host}no-colon-header\r\n\r\n`,
    () => `GET / HTTP/1.1\r\n${host}${Array.from({ length: 3000 }, (_, i) => `X-${i}: v`).join('\r\n')}\r\n\r\n`,
    () => Buffer.from(Array.from({ length: 300 }, () => Math.floor(rand() * 256))).toString('latin1') + '\r\n\r\n'
  ])()
}

/** Writes the bytes and reads until the host closes; a request the parser is still waiting on is ended after a pause. */
function sendRaw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(server.port, '127.0.0.1')
    const chunks: Buffer[] = []
    const done = (): void => resolve(Buffer.concat(chunks).toString('latin1'))
    s.setTimeout(2_000, () => s.end())
    s.on('data', (d: Buffer) => chunks.push(d))
    s.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? done() : reject(err)))
    s.on('close', done)
    s.write(Buffer.from(bytes, 'latin1'))
  })
}

async function pool<T>(n: number, width: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) {
      const i = next++
      out[i] = await job(i)
    }
  }))
  return out
}

describe('headless host under request fuzz', () => {
  it(`answers ${STRUCTURED + RAW} malformed requests by its rules and keeps serving`, async () => {
    const started = Date.now()
    const mismatches: string[] = []
    const statuses = new Map<number, number>()
    await pool(STRUCTURED, 8, async () => {
      const c = randomCase()
      const r = await send(c)
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
      const want = expected(c)
      const ok = want === -1 ? r.status === 200 || r.status === 404 : r.status === want
      if (!ok && mismatches.length < 10) mismatches.push(`${c.method} ${c.path} ${JSON.stringify(c.headers).slice(0, 200)} → ${r.status}, expected ${want}`)
      if (r.body.includes(SECRET)) mismatches.push(`served a file outside the renderer: ${c.path}`)
      if (r.status === 200 && new URL(c.path, 'http://x').pathname.startsWith('/api/') && c.method !== 'HEAD') expect(JSON.parse(r.body)).toHaveProperty('ok')
    })
    const raw = await pool(RAW, 8, () => sendRaw(rawRequest()))
    const rawStatuses = new Map<string, number>()
    for (const answer of raw) {
      const status = answer.slice(9, 12) || 'closed'
      rawStatuses.set(status, (rawStatuses.get(status) ?? 0) + 1)
      expect(answer.includes(SECRET)).toBe(false)
      // a well-formed status line, or a clean close; never a 5xx
      if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 (200|303|400|401|403|404|405|413|415|431) /)
    }
    const elapsed = Date.now() - started
    expect(mismatches).toEqual([])
    expect([...statuses.keys()].some((s) => s >= 500)).toBe(false)
    expect(errors.filter((e) => e.msg.startsWith('headless:'))).toEqual([])
    // alive, answering, and nothing stored changed
    const alive = await send({ method: 'POST', path: '/api/accounts.list', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' })
    expect(alive.status).toBe(200)
    expect(JSON.stringify((JSON.parse(alive.body) as { value: unknown }).value)).toBe(accountsBefore)
    expect(elapsed).toBeLessThan(90_000)
    console.log(`fuzz: ${STRUCTURED + RAW} requests in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, raw ${JSON.stringify(Object.fromEntries(rawStatuses))}`)
  }, 120_000)
})
