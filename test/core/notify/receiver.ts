import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for every push service, on 127.0.0.1. It checks each robot's signature with
 * the algorithm its documentation gives (written out here again, not imported from the app) and
 * the payload shape, and answers the way the real service does — including its error codes.
 */
export interface Received {
  readonly service: string
  readonly path: string
  readonly query: Record<string, string>
  readonly headers: IncomingMessage['headers']
  readonly raw: string
  readonly json: Record<string, unknown> | null
  /** The signature check's verdict (null where the service has none). */
  readonly signatureOk: boolean | null
  /** What the receiver extracted as the notice's text. */
  readonly text: string
}

export interface ReceiverSecrets {
  dingtalk?: { token: string; secret: string }
  feishu?: { token: string; secret: string }
  wecom?: { key: string }
  bark?: { deviceKey: string }
  pushplus?: { token: string }
  serverchan?: { sendKey: string }
  telegram?: { botToken: string; chatId: string }
  webhook?: { hmacSecret: string }
}

export interface Receiver {
  readonly url: string
  readonly received: Received[]
  /** The next `n` requests get HTTP `status` (default 500) instead of an answer. */
  failNext(n: number, status?: number): void
  close(): Promise<void>
}

type Answer = { status: number; json: unknown; text: string; signatureOk: boolean | null }
const b64hmac = (key: string, msg: string): string => createHmac('sha256', key).update(msg).digest('base64')
const fresh = (ms: number): boolean => Math.abs(Date.now() - ms) < 3_600_000 * 48 // fake clocks in tests start near now

function route(s: ReceiverSecrets, path: string, q: Record<string, string>, headers: IncomingMessage['headers'], raw: string, j: Record<string, unknown>): Answer & { service: string } {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {})
  if (path === '/robot/send' && s.dingtalk) {
    const ts = Number(q['timestamp'])
    const ok = q['access_token'] === s.dingtalk.token && fresh(ts) && q['sign'] === b64hmac(s.dingtalk.secret, `${q['timestamp']}\n${s.dingtalk.secret}`)
    const shape = j['msgtype'] === 'text' && typeof obj(j['text'])['content'] === 'string'
    return { service: 'dingtalk', status: 200, signatureOk: ok, text: String(obj(j['text'])['content'] ?? ''), json: ok && shape ? { errcode: 0, errmsg: 'ok' } : { errcode: ok ? 300001 : 310000, errmsg: ok ? 'param error' : 'sign not match' } }
  }
  const feishu = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(path)
  if (feishu && s.feishu) {
    const ts = String(j['timestamp'] ?? '')
    const expected = createHmac('sha256', `${ts}\n${s.feishu.secret}`).update('').digest('base64')
    const ok = feishu[1] === s.feishu.token && fresh(Number(ts) * 1000) && j['sign'] === expected
    const shape = j['msg_type'] === 'text' && typeof obj(j['content'])['text'] === 'string'
    return { service: 'feishu', status: 200, signatureOk: ok, text: String(obj(j['content'])['text'] ?? ''), json: ok && shape ? { code: 0, msg: 'success', data: {} } : { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } }
  }
  if (path === '/cgi-bin/webhook/send' && s.wecom) {
    const ok = q['key'] === s.wecom.key && j['msgtype'] === 'text' && typeof obj(j['text'])['content'] === 'string'
    return { service: 'wecom', status: 200, signatureOk: null, text: String(obj(j['text'])['content'] ?? ''), json: ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' } }
  }
  if (path === '/push' && s.bark) {
    const ok = j['device_key'] === s.bark.deviceKey && typeof j['title'] === 'string' && typeof j['body'] === 'string'
    return { service: 'bark', status: ok ? 200 : 400, signatureOk: null, text: `${String(j['title'])}\n${String(j['body'])}`, json: ok ? { code: 200, message: 'success', timestamp: 1 } : { code: 400, message: 'failed to get device token' } }
  }
  if (path === '/send' && s.pushplus) {
    const ok = j['token'] === s.pushplus.token && typeof j['title'] === 'string' && typeof j['content'] === 'string'
    return { service: 'pushplus', status: 200, signatureOk: null, text: `${String(j['title'])}\n${String(j['content'])}`, json: ok ? { code: 200, msg: '请求成功', data: 'abc' } : { code: 903, msg: '无效的用户token' } }
  }
  const sc = /^\/([^/]+)\.send$/.exec(path)
  if (sc && s.serverchan) {
    const form = new URLSearchParams(raw)
    const ok = sc[1] === s.serverchan.sendKey && headers['content-type']?.startsWith('application/x-www-form-urlencoded') === true && !!form.get('title')
    return { service: 'serverchan', status: 200, signatureOk: null, text: `${form.get('title') ?? ''}\n${form.get('desp') ?? ''}`, json: ok ? { code: 0, message: '', data: { pushid: '1' } } : { code: 40001, message: 'bad pushtoken' } }
  }
  const tg = /^\/bot([^/]+)\/sendMessage$/.exec(path)
  if (tg && s.telegram) {
    const ok = tg[1] === s.telegram.botToken && String(j['chat_id']) === s.telegram.chatId && typeof j['text'] === 'string'
    return { service: 'telegram', status: ok ? 200 : 401, signatureOk: null, text: String(j['text'] ?? ''), json: ok ? { ok: true, result: { message_id: 1 } } : { ok: false, error_code: 401, description: 'Unauthorized' } }
  }
  if (path === '/hook' && s.webhook) {
    const ts = String(headers['x-xianyu-desk-timestamp'] ?? '')
    const expected = `sha256=${createHmac('sha256', s.webhook.hmacSecret).update(`${ts}.${raw}`).digest('hex')}`
    const ok = headers['x-xianyu-desk-signature'] === expected && fresh(Number(ts) * 1000)
    return { service: 'webhook', status: ok ? 204 : 401, signatureOk: ok, text: `${String(j['title'])}\n${String(j['body'])}`, json: '' }
  }
  return { service: 'unknown', status: 404, signatureOk: null, text: '', json: { error: 'not found' } }
}

export async function startReceiver(secrets: ReceiverSecrets): Promise<Receiver> {
  const received: Received[] = []
  let failures = 0
  let failStatus = 500
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (failures > 0) {
        failures--
        res.writeHead(failStatus).end('upstream busy')
        return
      }
      let json: Record<string, unknown> | null
      try {
        json = JSON.parse(raw) as Record<string, unknown>
      } catch {
        json = null
      }
      const q = Object.fromEntries(url.searchParams)
      const a = route(secrets, url.pathname, q, req.headers, raw, json ?? {})
      received.push({ service: a.service, path: url.pathname, query: q, headers: req.headers, raw, json, signatureOk: a.signatureOk, text: a.text })
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.status === 204 ? undefined : JSON.stringify(a.json))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(n, status = 500) {
      failures = n
      failStatus = status
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}
