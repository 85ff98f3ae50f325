/**
 * Field extraction helpers over decoded payloads (goofish-protocol.md §5.3). All total: a missing
 * or mistyped field yields null/undefined, never an exception.
 */
import { decodeBase64Lenient } from './base64'
import { parseJsonLossless } from './losslessJson'
import { isJsonObject, stripImSuffix, type JsonObject, type JsonValue } from './types'

export function obj(v: JsonValue | undefined): JsonObject | undefined {
  return v !== undefined && isJsonObject(v) ? v : undefined
}

/** A string field; numbers (ids, timestamps) are accepted as their decimal text. */
export function str(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

export function num(v: JsonValue | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v)
  return undefined
}

/** Follow string keys through objects (and numeric keys through arrays). */
export function at(root: JsonValue | undefined, ...path: ReadonlyArray<string | number>): JsonValue | undefined {
  let cur: JsonValue | undefined = root
  for (const k of path) {
    if (cur === undefined || cur === null) return undefined
    if (Array.isArray(cur)) cur = typeof k === 'number' ? cur[k] : undefined
    else if (isJsonObject(cur)) cur = cur[String(k)]
    else return undefined
  }
  return cur
}

/** A JSON object embedded as a string (bizTag, extJson, content JSON). */
export function embeddedJson(v: JsonValue | undefined): JsonObject | undefined {
  const s = str(v)
  if (!s || !s.trimStart().startsWith('{')) return undefined
  const r = parseJsonLossless(s)
  return r.ok ? obj(r.value) : undefined
}

/** `name=` query value of a URL-ish string (fleamarket://…?a=1&b=2), percent-decoded when valid. */
export function queryParam(url: string | undefined, name: string): string | undefined {
  if (!url) return undefined
  const m = new RegExp(`[?&]${name}=([^&#]*)`).exec(url)
  if (!m || m[1] === undefined) return undefined
  try {
    return decodeURIComponent(m[1])
  } catch {
    return m[1]
  }
}

/** User id from `"123@goofish"` or `{"1":"123@goofish"}` (the sender is a map in real pushes). */
export function imUserId(v: JsonValue | undefined): string | undefined {
  const s = str(v) ?? str(at(v, '1'))
  return s ? stripImSuffix(s) : undefined
}

/**
 * The message content JSON: `["6"]["3"]["5"]` (plain JSON) else base64 of `["6"]["3"]["1"]`
 * (older format, [X2]).
 */
export function contentJson(content3: JsonValue | undefined): JsonObject | undefined {
  const plain = embeddedJson(at(content3, '5'))
  if (plain) return plain
  const b64 = str(at(content3, '1'))
  if (!b64) return undefined
  const b = decodeBase64Lenient(b64)
  if (!b.ok || b.bytes.length === 0) return undefined
  const r = parseJsonLossless(b.bytes.toString('utf8'))
  return r.ok ? obj(r.value) : undefined
}

const ORDER_URL_RES = [/orderId=(\d+)/, /order_detail\?id=(\d+)/]
const ORDER_LAST_RESORT = [/orderId[=:](\d{10,})/, /order_detail\?id=(\d{10,})/, /bizOrderId[=:](\d{10,})/, /"id":"?(\d{10,})/, /\\"id\\":\\"?(\d{10,})/,
  // extJson.updateKey is `<cid>:<orderId>:<step>` on trade cards (seen in the vectors)
  /updateKey\\?":\\?"\d+:(\d{10,})/]

function firstMatch(text: string | undefined, res: ReadonlyArray<RegExp>): string | undefined {
  if (!text) return undefined
  for (const re of res) {
    const m = re.exec(text)
    if (m?.[1]) return m[1]
  }
  return undefined
}

/** Order id of a trade card, in the documented precedence (§5.3 "order id (cards)"). */
export function extractOrderId(content: JsonObject | undefined, wholeMessage: JsonValue): string | null {
  const main = at(content, 'dxCard', 'item', 'main')
  const candidates = [
    str(at(main, 'exContent', 'button', 'targetUrl')),
    str(at(main, 'targetUrl')),
    str(at(content, 'dynamicOperation', 'changeContent', 'dxCard', 'item', 'main', 'exContent', 'button', 'targetUrl'))
  ]
  for (const c of candidates) {
    const id = firstMatch(c, ORDER_URL_RES)
    if (id) return id
  }
  let whole: string
  try {
    whole = JSON.stringify(wholeMessage)
  } catch {
    return null // best effort: an unserialisable value has no order id to find
  }
  return firstMatch(whole, ORDER_LAST_RESORT) ?? null
}

/** Item id: reminderUrl `itemId=`, then extJson/bizTag, then the card's jump URL. */
export function extractItemId(ext: JsonObject | undefined, content: JsonObject | undefined): string | null {
  const fromUrl = queryParam(str(ext?.['reminderUrl']), 'itemId')
  if (fromUrl && /^\d+$/.test(fromUrl)) return fromUrl
  const viaJson = str(embeddedJson(ext?.['extJson'])?.['itemId']) ?? str(embeddedJson(ext?.['bizTag'])?.['itemId'])
  if (viaJson) return viaJson
  const jump = str(at(content, 'dxCard', 'item', 'main', 'exContent', 'button', 'intent', 'page', 'jumpUrl'))
  return queryParam(jump, 'itemId') ?? queryParam(jump, 'id') ?? null
}
