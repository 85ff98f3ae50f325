/**
 * Xianyu (Goofish) protocol client — pure Node; fetch, WebSocket, clock and random are injected.
 *
 * ```ts
 * import { CookieJar, GoofishClient, generateDeviceId } from '../goofish'
 * const jar = new CookieJar(cookieString)               // raw values, never URL-decoded
 * const deviceId = stored.deviceId ?? generateDeviceId(jar.unb!)   // once per account; persist it
 * const client = new GoofishClient({
 *   unb: jar.unb!, deviceId, jar,
 *   userAgent,                     // the account's one UA (services/userAgent.ts): mtop, WS upgrade, /reg
 *   endpoints,                     // contract Endpoints: Xianyu or the simulator; syncStart picks the variant
 *   WebSocket,                     // `import { WebSocket } from 'ws'`
 *   fetch: globalThis.fetch,
 *   logger, clock, random,         // optional ports
 *   onCookies: (j) => vault.saveCookies(j.toHeader()),   // every Set-Cookie lands here; persist encrypted
 *   initialToken,                  // optional cached IM token (same deviceId); new ones: client.on('token', …)
 *   activeConversations: () => repo.activeCids(accountId), // backfilled after every (re)connect
 *   config: { tokenRefreshMs: settings.imTokenRefreshMinutes * 60_000, sendRatePerMinute, humanDelayMs }
 * })
 * client.on('state', ({ state, reason, error }) => …)    // ConnectionState; FAILED → error.kind
 *                                                        //   'needs_login' | 'needs_verification' (error.verifyUrl) | 'kicked_out'
 * client.on('message', ({ event, dedupeKey }) => …)     // GoofishEvent from pushes AND backfill:
 *   // 'message' (buyer) | 'self_message' (seller on another device) | 'own_echo' (our send echoed)
 *   // | 'order' (order.state, order.orderId, autoDeliveryTrigger) | 'notice' | 'typing' | 'unknown'
 *   // Persist-dedupe by dedupeKey (platform message id, else messageDedupeKey's fallback).
 * client.on('error', (e) => …)                          // decode/frame/client errors; the loop goes on
 * client.start()
 * await client.sendText({ cid, toUserId, text })        // or { toUserId, itemId, text } → creates the chat
 * await client.sendImage({ cid, toUserId, image: { bytes, filename, mime } | { url, width, height } })
 *   // throws GoofishError: send_refused (CSI_FORBID, error.reason) | send_rate_limited | not_connected | closed
 * await client.refreshToken()                           // also runs on its own (hourly ± jitter)
 * await client.items.get(itemId); client.items.invalidate(itemId)   // item detail, LRU, TTL 24 h
 * await client.mtop.call(api, data, { v })              // any other mtop API, signed, typed errors
 * await client.stop()                                   // CLOSED; every timer disposed
 * ```
 * Tools: `npm run goofish -- decode <base64>` / `sign …`, `npm run fuzz`.
 */
export { API_ITEM_DETAIL, API_LOGIN_TOKEN, fetchImToken, fetchItemDetail, hasLogin, parseItemDetail, uploadImage } from './apis'
export type { ImToken, ItemDetail, ItemSku, UploadedImage } from './apis'
export { classifyPayload } from './classify'
export type { ClassifyContext, ContentKind, GoofishEvent, ImageInfo, MessageFields, NoticeReason, OrderInfo } from './classify'
export { DEFAULT_CLIENT_CONFIG } from './clientTypes'
export type { ClientError, ClientEvents, GoofishClientConfig, GoofishClientOptions, MessageEvent, SendImageInput, SendResult, SendTextInput, StateChange } from './clientTypes'
export { CookieJar, parseCookieString } from './cookies'
export { messageDedupeKey } from './dedupe'
export { GoofishError, isGoofishError, toAppError } from './errors'
export type { GoofishErrorKind } from './errors'
export { generateDeviceId, generateMid, generateUuid, isDeviceIdFor } from './ids'
export { ItemCache } from './itemCache'
export { MtopClient } from './mtop'
export type { OrderState } from './orderStates'
export { decodePayload } from './payload'
export type { PayloadDecodeError, PayloadDecodeResult } from './payload'
export { decodeSyncFrame } from './push'
export { mtopSign, signingToken, MTOP_APP_KEY } from './sign'
export type { FetchLike, JsonValue, WsConstructor } from './types'
export { GoofishClient } from './wsClient'
