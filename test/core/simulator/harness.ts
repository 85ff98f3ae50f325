/**
 * A small raw client for driving the simulator in tests (deliberately NOT the product client):
 * signed mtop calls over fetch with a cookie jar, and a WebSocket that records frames.
 */
import { Decoder } from '@msgpack/msgpack'
import WebSocket from 'ws'
import { MTOP_APP_KEY, mtopSign, signingToken } from '../../../src-main/core/goofish/sign'
import { parseCookieString } from '../../../src-main/core/goofish/cookies'
import type { Simulator } from '../../../src-main/simulator/index'

export const IM_APP_KEY = '444e9908a51d1cb236a27862abc769c9'
export const SELLER = '2200000000001'

export class Jar {
  readonly map: Map<string, string>
  constructor(cookie = '') {
    this.map = parseCookieString(cookie)
  }
  header(): string {
    return [...this.map].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  merge(res: Response): string[] {
    const lines = res.headers.getSetCookie()
    for (const line of lines) {
      const pair = line.split(';')[0] ?? ''
      const eq = pair.indexOf('=')
      if (eq > 0) this.map.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return lines
  }
}

export interface MtopResponse {
  readonly ret: string[]
  readonly data: Record<string, unknown>
  readonly setCookie: string[]
}

/** One signed mtop POST; `sign` can be overridden to test rejection. */
export async function mtopOnce(base: string, jar: Jar, api: string, data: string, opts: { sign?: string; v?: string; ua?: string; headers?: Record<string, string> } = {}): Promise<MtopResponse> {
  const t = String(Date.now())
  const sign = opts.sign ?? mtopSign(signingToken(jar.map.get('_m_h5_tk')), t, MTOP_APP_KEY, data)
  const q = new URLSearchParams({ jsv: '2.7.2', appKey: MTOP_APP_KEY, t, sign, v: opts.v ?? '1.0', type: 'originaljson', accountSite: 'xianyu', dataType: 'json', timeout: '20000', api, sessionOption: 'AutoLoginOnly' })
  const res = await fetch(`${base}/h5/${api}/${opts.v ?? '1.0'}/?${q.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), ...(opts.ua ? { 'user-agent': opts.ua } : {}), ...opts.headers },
    body: new URLSearchParams({ data }).toString()
  })
  const setCookie = jar.merge(res)
  const body = (await res.json()) as { ret: string[]; data: Record<string, unknown> }
  return { ret: body.ret, data: body.data, setCookie }
}

/** mtop call with the reference clients' token-refresh retry (§2.4). */
export async function mtop(base: string, jar: Jar, api: string, data: string, opts: { v?: string; ua?: string; headers?: Record<string, string> } = {}): Promise<MtopResponse> {
  let r = await mtopOnce(base, jar, api, data, opts)
  for (let i = 0; i < 3 && r.ret.some((x) => x.includes('TOKEN_EMPTY') || x.includes('TOKEN_EXOIRED')); i++) r = await mtopOnce(base, jar, api, data, opts)
  return r
}

export function deviceId(unb: string): string {
  return `9D63661F-ED95-42E9-AFE9-8EA50F930D43-${unb}`
}

export async function imToken(sim: Simulator, jar: Jar, did: string): Promise<string> {
  const r = await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.login.token', JSON.stringify({ appKey: IM_APP_KEY, deviceId: did }))
  if (r.ret[0] !== 'SUCCESS::调用成功') throw new Error(`login.token failed: ${r.ret.join(',')}`)
  return String(r.data.accessToken)
}

export type Frame = { lwp?: string; code?: number; headers: Record<string, unknown>; body?: unknown }

let midCounter = 0
export const mid = (): string => `${(midCounter++ % 1000)}${Date.now()} 0`

export class RawWs {
  readonly frames: Frame[] = []
  readonly texts: string[] = []
  #waiters: Array<() => void> = []
  closed: { code: number } | null = null
  autoAck = true

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.#onMessage(String(d)))
    ws.on('close', (code) => {
      this.closed = { code }
      this.#wake()
    })
  }

  static open(url: string): Promise<RawWs> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { origin: 'https://www.goofish.com' } })
      const c = new RawWs(ws)
      ws.once('open', () => resolve(c))
      ws.once('error', reject)
    })
  }

  #onMessage(text: string): void {
    this.texts.push(text)
    try {
      const f = JSON.parse(text) as Frame
      this.frames.push(f)
      if (this.autoAck && typeof f.lwp === 'string') this.send({ code: 200, headers: { mid: f.headers.mid, sid: f.headers.sid ?? '' } })
    } catch {
      // raw malformed text is kept in `texts`
    }
    this.#wake()
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w()
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame))
  }

  /** Send a request and wait for the response with the same mid. */
  async request(lwp: string, body?: unknown[], headers: Record<string, unknown> = {}): Promise<Frame> {
    const m = mid()
    this.send({ lwp, headers: { mid: m, ...headers }, ...(body ? { body } : {}) })
    return this.waitFor((f) => f.lwp === undefined && f.headers.mid === m)
  }

  async waitFor(pred: (f: Frame) => boolean, timeoutMs = 3000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const hit = this.frames.slice(from).find(pred)
      if (hit) return hit
      const left = deadline - Date.now()
      if (left <= 0 || this.closed) throw new Error(`timeout waiting for frame (closed=${JSON.stringify(this.closed)})`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  waitClosed(timeoutMs = 5000): Promise<{ code: number }> {
    return new Promise((resolve, reject) => {
      if (this.closed) return resolve(this.closed)
      const t = setTimeout(() => reject(new Error('socket not closed')), timeoutMs)
      this.ws.once('close', (code) => {
        clearTimeout(t)
        resolve({ code })
      })
    })
  }

  pushes(lwp = '/s/sync'): Frame[] {
    return this.frames.filter((f) => f.lwp === lwp)
  }

  close(): void {
    this.ws.terminate()
  }
}

export function regHeaders(token: string, did: string): Record<string, string> {
  return {
    'cache-header': 'app-key token ua wv', 'app-key': IM_APP_KEY, token,
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 DingTalk(2.1.5) OS(Windows/10) Browser(Chrome/133.0.0.0) DingWeb/2.1.5 IMPaaS DingWeb/2.1.5',
    dt: 'j', wv: 'im:3,au:3,sy:6', sync: '0,0;0;0;', did
  }
}

export function ackDiffNowBody(): unknown[] {
  const now = Date.now()
  return [{ pipeline: 'sync', tooLong2Tag: 'PNM,1', channel: 'sync', topic: 'sync', highPts: 0, pts: now * 1000, seq: 0, timestamp: now }]
}

export interface Session {
  readonly jar: Jar
  readonly did: string
  readonly token: string
  readonly ws: RawWs
}

/** Mint a cookie, get an IM token, open the socket, /reg, ackDiff "now". */
export async function connectSeller(sim: Simulator, unb = SELLER): Promise<Session> {
  const jar = new Jar(sim.control.mintCookie({ unb, nick: '卖家昵称' }))
  const did = deviceId(unb)
  const token = await imToken(sim, jar, did)
  const ws = await RawWs.open(sim.urls.ws)
  const reg = await ws.request('/reg', undefined, regHeaders(token, did))
  if (reg.code !== 200) throw new Error(`reg failed ${JSON.stringify(reg)}`)
  await ws.request('/r/SyncStatus/ackDiff', ackDiffNowBody())
  return { jar, did, token, ws }
}

export interface KeyedDecode {
  readonly value: Record<string, unknown>
  readonly keyTypes: Set<string>
}

/** Decode a base64 MessagePack push item with BigInt-safe options, recording map-key types. */
export function decodeItem(b64: string): KeyedDecode {
  const keyTypes = new Set<string>()
  const dec = new Decoder({
    useBigInt64: true,
    mapKeyConverter: (k: unknown) => {
      keyTypes.add(typeof k)
      if (typeof k === 'string' || typeof k === 'number') return k
      throw new Error(`bad key ${String(k)}`)
    }
  })
  return { value: dec.decode(Buffer.from(b64, 'base64')) as Record<string, unknown>, keyTypes }
}

export type SyncItemJson = { bizType: number; data: string; objectType: number; streamId: string }

export function itemsOf(f: Frame): SyncItemJson[] {
  const body = f.body as { syncPushPackage?: { data?: SyncItemJson[] } } | undefined
  return body?.syncPushPackage?.data ?? []
}

export async function until(pred: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}

export function textSendFrameBody(cid: string, buyer: string, seller: string, text: string): unknown[] {
  const data = Buffer.from(JSON.stringify({ contentType: 1, text: { text } })).toString('base64')
  return [
    {
      uuid: `-${Date.now()}1`, cid: `${cid}@goofish`, conversationType: 1,
      content: { contentType: 101, custom: { type: 1, data } }, redPointPolicy: 0, extension: { extJson: '{}' },
      ctx: { appVersion: '1.0', platform: 'web' }, mtags: {}, msgReadStatusSetting: 1
    },
    { actualReceivers: [`${buyer}@goofish`, `${seller}@goofish`] }
  ]
}
