/**
 * WebSocket frames the client sends (goofish-protocol.md §4, §6; frame-vectors.json).
 * Builders are pure: mid/uuid/time are passed in so the output is deterministic.
 */
import { IM_APP_KEY, toImAddress, type JsonObject, type JsonValue } from './types'

export interface LwpRequest {
  readonly lwp: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: ReadonlyArray<unknown>
}

/** `ua` header of `/reg`, as the reference clients send it (§4.3). Not validated strictly by the gateway. */
export const DINGTALK_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 DingTalk(2.1.5) OS(Windows/10) Browser(Chrome/133.0.0.0) DingWeb/2.1.5 IMPaaS DingWeb/2.1.5'

/** `ua` for `/reg` built from the account's browser UA, so the whole fingerprint stays one browser. */
export function dingTalkUa(browserUa: string): string {
  const chrome = /Chrome\/([\d.]+)/.exec(browserUa)?.[1] ?? '133.0.0.0'
  return `${browserUa} DingTalk(2.1.5) OS(Windows/10) Browser(Chrome/${chrome}) DingWeb/2.1.5 IMPaaS DingWeb/2.1.5`
}

export function regFrame(o: { token: string; did: string; mid: string; ua?: string }): LwpRequest {
  return {
    lwp: '/reg',
    headers: {
      'cache-header': 'app-key token ua wv',
      'app-key': IM_APP_KEY,
      token: o.token,
      ua: o.ua ?? DINGTALK_UA,
      dt: 'j',
      wv: 'im:3,au:3,sy:6',
      sync: '0,0;0;0;',
      did: o.did,
      mid: o.mid
    }
  }
}

/** Variant [A]/[X]/[C]: "I have seen everything up to now" (pts in microseconds). §4.4 */
export function ackDiffNowFrame(mid: string, nowMs: number): LwpRequest {
  const ms = Math.floor(nowMs)
  return {
    lwp: '/r/SyncStatus/ackDiff',
    headers: { mid },
    body: [{ pipeline: 'sync', tooLong2Tag: 'PNM,1', channel: 'sync', topic: 'sync', highPts: 0, pts: ms * 1000, seq: 0, timestamp: ms }]
  }
}

/** Variant [G], step 1. */
export function getStateFrame(mid: string): LwpRequest {
  return { lwp: '/r/SyncStatus/getState', headers: { mid }, body: [{ topic: 'sync' }] }
}

/** Variant [G], step 2: send the getState result object back. */
export function ackDiffStateFrame(mid: string, state: JsonObject): LwpRequest {
  return { lwp: '/r/SyncStatus/ackDiff', headers: { mid }, body: [state] }
}

export function heartbeatFrame(mid: string): LwpRequest {
  return { lwp: '/!', headers: { mid } }
}

/** ACK of a push (§4.6): echo mid + sid, copy app-key/ua/dt when present. */
export function ackFrame(pushHeaders: Readonly<Record<string, unknown>> | undefined, freshMid: string): { code: 200; headers: Record<string, string> } {
  const h = pushHeaders ?? {}
  const s = (k: string): string | undefined => (typeof h[k] === 'string' ? (h[k] as string) : undefined)
  const headers: Record<string, string> = { mid: s('mid') ?? freshMid, sid: s('sid') ?? '' }
  for (const k of ['app-key', 'ua', 'dt']) {
    const v = s(k)
    if (v !== undefined) headers[k] = v
  }
  return { code: 200, headers }
}

/** Python `json.dumps` defaults: ASCII escapes (lowercase hex), `, ` and `: ` separators. */
export function pythonJsonDumps(v: JsonValue): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NaN'
  if (typeof v === 'string') return pyString(v)
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`
  return `{${Object.entries(v).map(([k, x]) => `${pyString(k)}: ${pythonJsonDumps(x)}`).join(', ')}}`
}

const PY_ESC: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' }

function pyString(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    const code = s.charCodeAt(i)
    if (PY_ESC[ch] !== undefined) out += PY_ESC[ch]
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0')
    else out += ch
  }
  return out + '"'
}

/** How the inner `custom.data` JSON is written; the gateway accepts all (§6.1, §10.10). */
export type InnerJsonStyle = 'python' | 'compact'

function customData(inner: JsonObject, style: InnerJsonStyle): string {
  const json = style === 'python' ? pythonJsonDumps(inner) : JSON.stringify(inner)
  return Buffer.from(json, 'utf8').toString('base64')
}

export interface SendTarget {
  readonly mid: string
  readonly uuid: string
  /** Conversation id, with or without `@goofish`. */
  readonly cid: string
  /** The peer's user id. */
  readonly to: string
  /** Our own user id (unb). */
  readonly me: string
  readonly style?: InnerJsonStyle
}

function sendFrame(t: SendTarget, customType: number, inner: JsonObject): LwpRequest {
  return {
    lwp: '/r/MessageSend/sendByReceiverScope',
    headers: { mid: t.mid },
    body: [
      {
        uuid: t.uuid,
        cid: toImAddress(t.cid),
        conversationType: 1,
        content: { contentType: 101, custom: { type: customType, data: customData(inner, t.style ?? 'python') } },
        redPointPolicy: 0,
        extension: { extJson: '{}' },
        ctx: { appVersion: '1.0', platform: 'web' },
        mtags: {},
        msgReadStatusSetting: 1
      },
      { actualReceivers: [toImAddress(t.to), toImAddress(t.me)] }
    ]
  }
}

export function sendTextFrame(t: SendTarget & { text: string }): LwpRequest {
  return sendFrame(t, 1, { contentType: 1, text: { text: t.text } })
}

/** Image message (§6.2). `customType` 1 ([X]) or 2 ([C]): both reported working. */
export function sendImageFrame(t: SendTarget & { url: string; width: number; height: number; customType?: 1 | 2 }): LwpRequest {
  const pic = { height: t.height, type: 0, url: t.url, width: t.width }
  return sendFrame(t, t.customType ?? 1, { contentType: 2, image: { pics: [pic] } })
}

function numericGreater(a: string, b: string): boolean {
  const isNum = (x: string): boolean => /^\d+$/.test(x)
  return isNum(a) && isNum(b) ? BigInt(a) > BigInt(b) : a > b
}

/** Create (or get, the server is idempotent) the single chat with a peer (§6.3). */
export function createConversationFrame(o: { mid: string; peerId: string; me: string; itemId: string; pairOrder?: 'peerFirst' | 'ascending' }): LwpRequest {
  const [first, second] = o.pairOrder === 'ascending' && numericGreater(o.peerId, o.me) ? [o.me, o.peerId] : [o.peerId, o.me]
  return {
    lwp: '/r/SingleChatConversation/create',
    headers: { mid: o.mid },
    body: [{ pairFirst: toImAddress(first), pairSecond: toImAddress(second), bizType: '1', extension: { itemId: o.itemId }, ctx: { appVersion: '1.0', platform: 'web' } }]
  }
}

/** First cursor of listNewestPagination (§4.8): 2^53 − 1. */
export const NEWEST_CURSOR_START = 9007199254740991

export function listNewestPaginationFrame(o: { mid: string; cursor?: number; limit?: number }): LwpRequest {
  return { lwp: '/r/Conversation/listNewestPagination', headers: { mid: o.mid }, body: [o.cursor ?? NEWEST_CURSOR_START, o.limit ?? 20] }
}

export function listUserMessagesFrame(o: { mid: string; cid: string; cursor?: number; limit?: number }): LwpRequest {
  return { lwp: '/r/MessageManager/listUserMessages', headers: { mid: o.mid }, body: [toImAddress(o.cid), false, o.cursor ?? NEWEST_CURSOR_START, o.limit ?? 20, false] }
}

/** HTTP headers of the WebSocket upgrade (§4.1); Host is set by the library. */
export function wsUpgradeHeaders(cookieHeader: string, userAgent: string): Record<string, string> {
  return {
    Cookie: cookieHeader,
    Origin: 'https://www.goofish.com',
    'User-Agent': userAgent,
    Pragma: 'no-cache',
    'Cache-Control': 'no-cache',
    'Accept-Encoding': 'gzip, deflate, br, zstd',
    'Accept-Language': 'zh-CN,zh;q=0.9'
  }
}
