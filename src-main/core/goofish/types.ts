/**
 * Shared value types of the Goofish protocol client. Pure data, no behaviour.
 */

/** A JSON value as the decoder normalises it: integers beyond 2^53 are exact decimal strings. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** IM app key (not the mtop app key), used in the login-token call and in `/reg`. §3.1, §4.3 */
export const IM_APP_KEY = '444e9908a51d1cb236a27862abc769c9'

/** Suffix of IM addresses: `<userId>@goofish`. §1.2 */
export const GOOFISH_SUFFIX = '@goofish'

export function toImAddress(id: string): string {
  return id.endsWith(GOOFISH_SUFFIX) ? id : `${id}${GOOFISH_SUFFIX}`
}

export function stripImSuffix(id: string): string {
  return id.endsWith(GOOFISH_SUFFIX) ? id.slice(0, -GOOFISH_SUFFIX.length) : id
}

/** Minimal WebSocket surface the client uses (the `ws` package API). */
export interface WsLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  terminate?(): void
  on(event: 'open', fn: () => void): unknown
  on(event: 'message', fn: (data: unknown, isBinary?: boolean) => void): unknown
  on(event: 'close', fn: (code: number, reason: unknown) => void): unknown
  on(event: 'error', fn: (err: Error) => void): unknown
  removeAllListeners?(): unknown
}

/** `new WebSocket(url, { headers })` of the `ws` package. */
export type WsConstructor = new (url: string, options: { headers: Record<string, string>; handshakeTimeout?: number }) => WsLike

/** The injected fetch (global fetch or a fake). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string | FormData | Uint8Array }) => Promise<ResponseLike>

export interface ResponseLike {
  readonly status: number
  readonly headers: { get(name: string): string | null; getSetCookie?(): string[] }
  text(): Promise<string>
}
