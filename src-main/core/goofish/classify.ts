/**
 * Decoded push payload → one normalised event (goofish-protocol.md §5.3, §7, §8.5).
 * Total: any input yields an event; nothing throws.
 */
import { at, contentJson, embeddedJson, extractItemId, extractOrderId, imUserId, num, obj, queryParam, str } from './extract'
import { isPlatformNotice, matchCardTitle, matchOrderText, matchRedReminder, type OrderRule, type OrderState } from './orderStates'
import { isJsonObject, stripImSuffix, type JsonObject, type JsonValue } from './types'

export type ContentKind = 'text' | 'image' | 'voice' | 'card' | 'system' | 'other'

export interface ImageInfo {
  readonly url: string
  readonly width: number | null
  readonly height: number | null
}

/** Everything a chat-shaped payload carries, normalised. Ids are strings without `@goofish`. */
export interface MessageFields {
  readonly cid: string
  readonly senderId: string
  /** `senderNick`, else `reminderTitle` (not on cards, where it is a status phrase), else reminderUrl `peerUserNick`. */
  readonly senderNick: string
  readonly peerUserNick: string | null
  readonly itemId: string | null
  /** Primary dedupe id: server id `["1"]["3"]`, else bizTag/extJson `messageId`. */
  readonly platformMessageId: string | null
  /** Every id this message is known by (server id, bizTag/extJson messageId). */
  readonly messageIds: ReadonlyArray<string>
  readonly timestamp: number | null
  readonly text: string
  readonly contentType: ContentKind
  readonly rawContentType: number | null
  readonly images: ReadonlyArray<ImageInfo>
  readonly cardTitle: string | null
  readonly redReminder: string | null
  readonly sessionType: string | null
  /** False for silent system pushes (`["3"].needPush == "false"`). */
  readonly needPush: boolean
  /** Text is `[…]`: a system card summary in [A]'s rule. */
  readonly bracketed: boolean
  readonly senderIsSelf: boolean
  readonly source: 'push' | 'backfill'
}

export interface OrderInfo {
  readonly state: OrderState
  readonly orderId: string | null
  /** One of the auto-delivery trigger strings (§7.2). */
  readonly autoDeliveryTrigger: boolean
  readonly matched: string
}

export type NoticeReason = 'need_push_false' | 'platform_notice' | 'msg_tips' | 'system_card'

export type GoofishEvent =
  | { readonly kind: 'message'; readonly message: MessageFields; readonly raw: JsonValue }
  | { readonly kind: 'self_message'; readonly message: MessageFields; readonly raw: JsonValue }
  | { readonly kind: 'own_echo'; readonly message: MessageFields; readonly raw: JsonValue }
  | { readonly kind: 'order'; readonly message: MessageFields; readonly order: OrderInfo; readonly raw: JsonValue }
  | { readonly kind: 'notice'; readonly message: MessageFields; readonly reason: NoticeReason; readonly raw: JsonValue }
  | { readonly kind: 'typing'; readonly cid: string | null; readonly userId: string; readonly raw: JsonValue }
  | { readonly kind: 'unknown'; readonly note: string; readonly raw: JsonValue }

export interface ClassifyContext {
  /** The logged-in seller (`unb`). */
  readonly unb: string
  /** True when this message is the echo of one of our own sends (caller tracks uuids / ids / text). */
  readonly isOwnSend?: (m: MessageFields) => boolean
  readonly source?: 'push' | 'backfill'
}

const CONTENT_KINDS: Readonly<Record<number, ContentKind>> = { 1: 'text', 2: 'image', 3: 'voice', 26: 'card', 32: 'system', 14: 'system' }

interface ChatParts {
  readonly ext: JsonObject | undefined
  readonly content3: JsonValue | undefined
  readonly cid: string | undefined
  readonly serverId: string | undefined
  readonly ts: number | undefined
  readonly sender: string | undefined
  readonly needPushHolder: JsonValue | undefined
}

/** Locate the parts of the three chat-shaped layouts of §5.3 (a), (c), and cards without reminder. */
function chatParts(root: JsonObject): ChatParts | undefined {
  const m = obj(root['1'])
  if (m && (obj(m['10']) || obj(at(m, '6'))?.['3'] !== undefined)) {
    return { ext: obj(m['10']), content3: at(m, '6', '3'), cid: str(m['2']), serverId: str(m['3']), ts: num(m['5']), sender: imUserId(m['1']), needPushHolder: root['3'] }
  }
  const ext4 = obj(root['4'])
  if (typeof root['1'] === 'string' && ext4 && 'reminderContent' in ext4) {
    return { ext: ext4, content3: undefined, cid: str(root['2']), serverId: str(root['3']), ts: num(root['5']), sender: undefined, needPushHolder: undefined }
  }
  return undefined
}

function images(content: JsonObject | undefined): ImageInfo[] {
  const pics = at(content, 'image', 'pics')
  if (!Array.isArray(pics)) return []
  const out: ImageInfo[] = []
  for (const p of pics) {
    const url = str(at(p, 'url'))
    if (url) out.push({ url, width: num(at(p, 'width')) ?? null, height: num(at(p, 'height')) ?? null })
  }
  return out
}

function messageIds(parts: ChatParts): string[] {
  const ids = [
    parts.serverId,
    str(embeddedJson(parts.ext?.['bizTag'])?.['messageId']),
    str(embeddedJson(parts.ext?.['extJson'])?.['messageId'])
  ]
  return [...new Set(ids.filter((x): x is string => !!x))]
}

function textOf(kind: ContentKind, ext: JsonObject | undefined, content: JsonObject | undefined, content3: JsonValue | undefined): string {
  const precise = kind === 'text' ? str(at(content, 'text', 'text')) : undefined
  return precise ?? str(ext?.['reminderContent']) ?? str(at(content3, '2')) ?? ''
}

function buildFields(parts: ChatParts, content: JsonObject | undefined, ctx: ClassifyContext): MessageFields {
  const { ext } = parts
  const rawType = num(at(parts.content3, '4')) ?? num(content?.['contentType']) ?? null
  const contentType: ContentKind = rawType === null ? 'other' : CONTENT_KINDS[rawType] ?? 'other'
  const reminderUrl = str(ext?.['reminderUrl'])
  const peerUserNick = queryParam(reminderUrl, 'peerUserNick') ?? null
  const senderId = str(ext?.['senderUserId']) ?? parts.sender ?? ''
  const cid = parts.cid ? stripImSuffix(parts.cid) : queryParam(reminderUrl, 'sid') ?? ''
  const isCard = contentType === 'card' || contentType === 'system'
  const text = textOf(contentType, ext, content, parts.content3)
  const ids = messageIds(parts)
  const trimmed = text.trim()
  return {
    cid,
    senderId,
    senderNick: str(ext?.['senderNick']) ?? (isCard ? undefined : str(ext?.['reminderTitle'])) ?? peerUserNick ?? '',
    peerUserNick,
    itemId: extractItemId(ext, content),
    platformMessageId: ids[0] ?? null,
    messageIds: ids,
    timestamp: parts.ts ?? null,
    text,
    contentType,
    rawContentType: rawType,
    images: images(content),
    cardTitle: str(at(content, 'dxCard', 'item', 'main', 'exContent', 'title')) ?? null,
    redReminder: str(ext?.['redReminder']) || null,
    sessionType: str(ext?.['sessionType']) ?? null,
    needPush: str(at(parts.needPushHolder, 'needPush')) !== 'false',
    bracketed: trimmed.startsWith('[') && trimmed.endsWith(']'),
    senderIsSelf: senderId !== '' && senderId === ctx.unb,
    source: ctx.source ?? 'push'
  }
}

function detectOrder(f: MessageFields, content: JsonObject | undefined, root: JsonObject): OrderRule | undefined {
  const systemish = f.contentType === 'card' || f.contentType === 'system' || f.bracketed || !f.needPush
  const button = str(at(content, 'dxCard', 'item', 'main', 'exContent', 'button', 'text'))
  return (
    matchOrderText(f.text, systemish) ??
    matchCardTitle(f.cardTitle ?? undefined, button) ??
    matchRedReminder(f.redReminder ?? undefined) ??
    matchRedReminder(str(at(root, '3', 'redReminder'))) ??
    matchRedReminder(str(at(root, '4', 'redReminder')))
  )
}

function classifyChat(root: JsonObject, parts: ChatParts, ctx: ClassifyContext): GoofishEvent {
  const content = contentJson(parts.content3)
  const f = buildFields(parts, content, ctx)
  const rule = detectOrder(f, content, root)
  if (rule) {
    const order: OrderInfo = { state: rule.state, orderId: extractOrderId(content, root), autoDeliveryTrigger: rule.trigger, matched: rule.phrase }
    return { kind: 'order', message: f, order, raw: root }
  }
  if (ctx.isOwnSend?.(f)) return { kind: 'own_echo', message: f, raw: root }
  const systemish = f.contentType === 'card' || f.contentType === 'system' || f.bracketed || !f.needPush
  if (isPlatformNotice(f.text, systemish)) return { kind: 'notice', message: f, reason: 'platform_notice', raw: root }
  if (str(embeddedJson(parts.ext?.['extJson'])?.['msgArg1']) === 'MsgTips') return { kind: 'notice', message: f, reason: 'msg_tips', raw: root }
  if (f.senderIsSelf) return { kind: 'self_message', message: f, raw: root }
  if (!f.needPush) return { kind: 'notice', message: f, reason: 'need_push_false', raw: root }
  if (f.contentType === 'card' || f.contentType === 'system') return { kind: 'notice', message: f, reason: 'system_card', raw: root }
  return { kind: 'message', message: f, raw: root }
}

/** §5.3 (b): `["1"]` is an array whose first element is a map with a `…@goofish` `"1"`. */
function typing(root: JsonObject): GoofishEvent | undefined {
  const list = root['1']
  if (!Array.isArray(list)) return undefined
  const first = obj(list[0])
  const who = str(first?.['1'])
  if (!who || !who.includes('@goofish')) return undefined
  const cid = str(first?.['2'])
  return { kind: 'typing', userId: stripImSuffix(who), cid: cid ? stripImSuffix(cid) : null, raw: root }
}

/** §5.3 (d): `["1"]` = `"<buyer>@goofish"`, `["3"]` = map with a redReminder. */
function oldOrderStatus(root: JsonObject, ctx: ClassifyContext): GoofishEvent | undefined {
  const rule = matchRedReminder(str(at(root, '3', 'redReminder')))
  if (typeof root['1'] !== 'string' || !rule) return undefined
  const parts: ChatParts = { ext: obj(root['3']), content3: undefined, cid: str(root['2']), serverId: undefined, ts: num(root['5']), sender: imUserId(root['1']), needPushHolder: undefined }
  const f = buildFields(parts, undefined, ctx)
  return { kind: 'order', message: f, order: { state: rule.state, orderId: extractOrderId(undefined, root), autoDeliveryTrigger: false, matched: rule.phrase }, raw: root }
}

function classifyObject(root: JsonObject, ctx: ClassifyContext): GoofishEvent {
  const t = typing(root)
  if (t) return t
  const parts = chatParts(root)
  if (parts) return classifyChat(root, parts, ctx)
  const old = oldOrderStatus(root, ctx)
  if (old) return old
  if ('chatType' in root || 'operation' in root) return { kind: 'unknown', note: 'json system hint', raw: root }
  if (typeof root['1'] === 'string' && root['3'] !== undefined) return { kind: 'unknown', note: 'message reference (read/recall/red point)', raw: root }
  return { kind: 'unknown', note: 'unrecognised layout', raw: root }
}

/** Classify one decoded payload. Never throws. */
export function classifyPayload(value: JsonValue, ctx: ClassifyContext): GoofishEvent {
  try {
    if (!isJsonObject(value)) return { kind: 'unknown', note: `payload is ${Array.isArray(value) ? 'an array' : typeof value}`, raw: value }
    return classifyObject(value, ctx)
  } catch (err) {
    // best effort: a classifier bug must not stop the socket loop; the payload is kept raw
    return { kind: 'unknown', note: `classifier error: ${err instanceof Error ? err.message : String(err)}`, raw: value }
  }
}
