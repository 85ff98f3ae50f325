/**
 * Push payloads and frames exactly as the gateway encodes them (goofish-protocol.md §4.7, §5.3;
 * layouts pinned by msgpack-decode-vectors.json): base64 MessagePack, positive-int map keys, uint64
 * timestamps, the 16-key extension map as map16, several items per sync package.
 */
import { encodeMsgpack, intMap, u64, type MpMap, type MpValue } from './msgpack'
import type { SimMessage } from './world'

export const GOOFISH = '@goofish'
export const IM_APP_KEY = '444e9908a51d1cb236a27862abc769c9'

/** bizType of a new-message sync item (§4.7). */
export const BIZ_NEW_MESSAGE = 40000
export const BIZ_TYPING = 40006

export interface SyncItem {
  readonly bizType: number
  /** base64 payload (MessagePack or JSON). */
  readonly data: string
  readonly objectType: number
  readonly streamId: string
}

export function reminderUrl(m: SimMessage, peerNick: string): string {
  return `fleamarket://message_chat?itemId=${m.itemId}&peerUserId=${m.senderId}&peerUserNick=${peerNick}` +
    `&sid=${m.cid}&messageId=${m.messageId}&adv=no`
}

/** The 16-key extension map `["1"]["10"]`, keys in the gateway's (sorted) order → map16. */
function extensionMap(m: SimMessage): MpMap {
  const ext: ReadonlyArray<readonly [string, string]> = [
    ['bizTag', m.bizTag],
    ['closePushReceiver', 'false'],
    ['closeUnreadNumber', 'false'],
    ['detailNotice', m.text],
    ['extJson', m.extJson],
    ['receiver', m.receiverId],
    ['redReminder', m.redReminder],
    ['redReminderStyle', m.redReminderStyle],
    ['reminderContent', m.text],
    ['reminderNotice', `${m.reminderTitle}: ${m.text}`],
    ['reminderTitle', m.reminderTitle],
    ['reminderUrl', reminderUrl(m, m.reminderTitle)],
    ['senderUserId', m.senderId],
    ['senderUserType', '0'],
    ['sessionType', '1'],
    ['updateHead', 'true']
  ]
  return new Map(ext)
}

/** Decoded-shape (a) of §5.3: a chat or trade-card message. */
export function messagePayload(m: SimMessage): MpMap {
  const content = intMap([
    [1, 101],
    [3, intMap([[1, ''], [2, m.text], [3, ''], [4, m.contentType], [5, m.contentJson]])]
  ])
  const msg = intMap([
    [1, intMap([[1, m.senderId + GOOFISH]])],
    [2, m.cid + GOOFISH],
    [3, m.serverId],
    [4, 0],
    [5, u64(m.createAt)],
    [6, content],
    [7, 1], [8, 1], [9, 0],
    [10, extensionMap(m)],
    [12, 1]
  ])
  return intMap([[1, msg], [3, { needPush: m.needPush ? 'true' : 'false' }]])
}

/** Decoded-shape (b): typing indicator. */
export function typingPayload(peerId: string, cid: string, at: number): MpMap {
  return intMap([
    [1, [intMap([[1, peerId + GOOFISH], [2, cid + GOOFISH], [3, 1], [4, u64(at)]])]],
    [2, 1]
  ])
}

export function encodePayload(value: MpValue): string {
  return encodeMsgpack(value).toString('base64')
}

export function messageItem(m: SimMessage): SyncItem {
  return { bizType: BIZ_NEW_MESSAGE, data: encodePayload(messagePayload(m)), objectType: BIZ_NEW_MESSAGE, streamId: `${m.cid}${GOOFISH}` }
}

export function typingItem(peerId: string, cid: string, at: number): SyncItem {
  return { bizType: BIZ_TYPING, data: encodePayload(typingPayload(peerId, cid, at)), objectType: BIZ_TYPING, streamId: `${cid}${GOOFISH}` }
}

/** A plain-JSON base64 item (system hint), which clients must try before MessagePack (§5.1). */
export function jsonItem(obj: unknown, streamId = ''): SyncItem {
  return { bizType: BIZ_NEW_MESSAGE, data: Buffer.from(JSON.stringify(obj), 'utf8').toString('base64'), objectType: BIZ_NEW_MESSAGE, streamId }
}

export interface PushHeaders {
  readonly mid: string
  readonly sid: string
  readonly appKey: string
  readonly ua: string
  readonly dt: string
}

/** A `/s/sync` (or `/s/vulcan`) push frame; the session's cached headers are echoed (§4.3). */
export function syncFrame(lwp: string, h: PushHeaders, items: ReadonlyArray<SyncItem>, nowMs: number, seq: number): Record<string, unknown> {
  const pts = nowMs * 1000
  return {
    lwp,
    headers: { mid: h.mid, sid: h.sid, 'app-key': h.appKey, ua: h.ua, dt: h.dt },
    body: {
      syncPushPackage: {
        data: items,
        maxHighPts: 0,
        maxPts: pts,
        startSeq: seq,
        endSeq: seq + Math.max(items.length - 1, 0),
        minCreateTime: nowMs,
        hasMore: 0,
        timestamp: nowMs
      },
      syncExtensionModel: { reconnectType: 0, failover: 0, fingerprint: seq }
    }
  }
}

/** Server-side `mid`: like the client's, `<0..999><ms> 0`. */
export function serverMid(nowMs: number): string {
  return `${Math.floor(Math.random() * 1000)}${nowMs} 0`
}
