import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startHeadless, type HeadlessServer } from '../../src-main/headless/server'
import { createLogger } from '../../src-main/core/log/logger'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../helpers/core'
import { simPlatform } from '../helpers/platform'
import type { Simulator } from '../../src-main/simulator'

const TOKEN = 'a'.repeat(48)
let t: TestCore
let server: HeadlessServer
let root: string
let sim: Simulator

beforeAll(async () => {
  t = makeCore()
  sim = await simPlatform(t.core)
  root = mkdtempSync(join(tmpdir(), 'xd-hl-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>闲鱼客服台</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(tmpdir(), 'xd-outside.txt'), 'outside')
  server = await startHeadless({ core: t.core, logger: createLogger({ sinks: [] }), rendererDir: root, token: TOKEN, checkOutput: true })
})
afterAll(async () => {
  await server.close()
  await t.dispose()
  await sim.close()
  rmSync(root, { recursive: true, force: true })
})

interface Res { status: number; headers: Record<string, string | string[] | undefined>; body: string }
function http(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let data = ''
      res.on('data', (c: Buffer) => (data += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }))
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}
const auth = { Authorization: `Bearer ${TOKEN}` }
const json = { 'Content-Type': 'application/json' }

describe('headless host', () => {
  it('binds loopback and prints a ready-to-open URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)
  })

  it('refuses to bind another interface without --allow-remote', async () => {
    await expect(startHeadless({ core: t.core, logger: createLogger({ sinks: [] }), rendererDir: root, token: TOKEN, host: '0.0.0.0' })).rejects.toThrow(/allow-remote/)
  })

  it('401 without the token, for pages, the API and the event socket', async () => {
    expect((await http('GET', '/')).status).toBe(401)
    expect((await http('POST', '/api/accounts.list', json, '{}')).status).toBe(401)
    expect((await http('GET', '/?token=wrong')).status).toBe(401)
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`)
    const status = await new Promise<number>((res) => ws.on('unexpected-response', (_q, r) => res(r.statusCode ?? 0)))
    expect(status).toBe(401)
  })

  it('403 for a foreign Origin or Host, even with the token', async () => {
    expect((await http('POST', '/api/accounts.list', { ...auth, ...json, Origin: 'https://evil.example' }, '{}')).status).toBe(403)
    expect((await http('GET', '/', { ...auth, Host: 'evil.example:80' })).status).toBe(403)
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { ...auth, Origin: 'https://evil.example' } })
    const status = await new Promise<number>((res) => ws.on('unexpected-response', (_q, r) => res(r.statusCode ?? 0)))
    expect(status).toBe(403)
  })

  it('trades the URL token for an HttpOnly SameSite cookie and redirects', async () => {
    const r = await http('GET', `/?token=${TOKEN}`)
    expect(r.status).toBe(303)
    expect(r.headers.location).toBe('/')
    expect(String(r.headers['set-cookie'])).toMatch(new RegExp(`xd_token_${server.port}=a+; HttpOnly; SameSite=Strict; Path=/`))
    const page = await http('GET', '/', { Cookie: `xd_token_${server.port}=${TOKEN}` })
    expect(page.status).toBe(200)
    expect(page.body).toContain('闲鱼客服台')
    expect(page.headers['content-security-policy']).toContain("default-src 'none'")
  })

  it('serves the renderer but never a file outside it', async () => {
    expect((await http('GET', '/assets/app.js', auth)).status).toBe(200)
    expect((await http('GET', '/../xd-outside.txt', auth)).body).not.toBe('outside')
    expect((await http('GET', '/%2e%2e/xd-outside.txt', auth)).body).not.toBe('outside')
  })

  it('binds the contract: results, BAD_INPUT, unknown calls, malformed bodies', async () => {
    const ok = await http('POST', '/api/accounts.addByCookie', { ...auth, ...json, Origin: `http://127.0.0.1:${server.port}` }, JSON.stringify({ cookie: SAMPLE_COOKIE }))
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { unb: '2200000000001' } })
    const bad = JSON.parse((await http('POST', '/api/accounts.addByCookie', { ...auth, ...json }, JSON.stringify({ cookie: 'nope' }))).body)
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    const unknown = JSON.parse((await http('POST', '/api/accounts.hack', { ...auth, ...json }, '{}')).body)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const malformed = await http('POST', '/api/accounts.list', { ...auth, ...json }, '{oops')
    expect(malformed.status).toBe(400)
    expect((await http('POST', '/api/accounts.list', { ...auth, 'Content-Type': 'text/plain' }, '{}')).status).toBe(415)
    expect((await http('GET', '/api/accounts.list', auth)).status).toBe(405)
  })

  it('pushes core events over the WebSocket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { Cookie: `xd_token_${server.port}=${TOKEN}` } })
    await new Promise((res) => ws.on('open', res))
    const got = new Promise<{ event: string; payload: { removed: boolean } }>((res) => ws.on('message', (d) => res(JSON.parse(d.toString()))))
    const [acc] = await t.core.api['accounts.list']({})
    await t.core.api['accounts.update']({ id: acc?.id ?? '', remark: 'ws' })
    const frame = await got
    expect(frame.event).toBe('account.changed')
    expect(frame.payload.removed).toBe(false)
    ws.close()
  })

  it('a bad percent-encoding in the call name is a 400, and the host keeps serving', async () => {
    const r = await http('POST', '/api/%E0%A4%A', { ...auth, ...json }, '{}')
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect((await http('POST', '/api/accounts%2Elist%00', { ...auth, ...json }, '{}')).status).toBe(400)
    expect(JSON.parse((await http('POST', '/api/app.info', { ...auth, ...json }, '{}')).body)).toMatchObject({ ok: true })
  })

  it('413 for a body over 1 MB, declared or streamed, then serves the next request', async () => {
    const big = JSON.stringify({ json: 'x'.repeat(1024 * 1024 + 10) })
    const declared = await http('POST', '/api/settings.import', { ...auth, ...json }, big)
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    const streamed = await http('POST', '/api/settings.import', { ...auth, ...json, 'Transfer-Encoding': 'chunked' }, big)
    expect(streamed.status).toBe(413)
    expect(JSON.parse((await http('POST', '/api/app.info', { ...auth, ...json }, '{}')).body)).toMatchObject({ ok: true })
  })

  it('accepts exactly application/json (charset utf-8 allowed), nothing that merely starts with it', async () => {
    const call = (type: string): Promise<Res> => http('POST', '/api/app.info', { ...auth, 'Content-Type': type }, '{}')
    expect((await call('application/json')).status).toBe(200)
    expect((await call('application/json; charset=utf-8')).status).toBe(200)
    expect((await call('Application/JSON;charset="UTF-8"')).status).toBe(200)
    for (const type of ['application/jsonp', 'application/json-seq', 'application/json, text/plain', 'application/json; charset=latin1', 'text/json']) {
      expect((await call(type)).status, type).toBe(415)
    }
    expect((await http('POST', '/api/app.info', auth, '{}')).status).toBe(415)
  })

  it('takes the token from the header or the cookie only: not from an API query or the event socket URL', async () => {
    expect((await http('POST', `/api/app.info?token=${TOKEN}`, json, '{}')).status).toBe(401)
    expect((await http('POST', `/?token=${TOKEN}`, json, '{}')).status).toBe(401)
    expect((await http('POST', '/api/app.info', { ...json, Cookie: `xd_token_${server.port}=${TOKEN}` }, '{}')).status).toBe(200)
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${TOKEN}`)
    const status = await new Promise<number>((res) => ws.on('unexpected-response', (_q, r) => res(r.statusCode ?? 0)))
    expect(status).toBe(401)
  })

  it('refuses request targets that are not a plain path', async () => {
    expect((await http('GET', '//evil.example/x', auth)).status).toBe(400)
    expect((await http('GET', `http://127.0.0.1:${server.port}/`, auth)).status).toBe(400)
  })
})
