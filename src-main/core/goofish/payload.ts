/**
 * Push payload decoding, goofish-protocol.md §5.1: base64 → (UTF-8 JSON first) → MessagePack.
 * JSON must be tried first: a JSON payload fed to the MessagePack decoder decodes as the integer
 * 123 (`{` is fixint 0x7b). Never throws; a failure is a typed error carrying the raw bytes.
 */
import { decodeBase64Lenient } from './base64'
import { parseJsonLossless } from './losslessJson'
import { decodeMsgpack, type MsgpackFailure } from './msgpack'
import type { JsonValue } from './types'

export type PayloadFormat = 'json' | 'msgpack'

export type PayloadDecodeReason = 'not_a_string' | 'empty' | 'too_large' | 'bad_base64' | MsgpackFailure

/** What the client emits (and the CLI prints) when an item cannot be decoded. */
export interface PayloadDecodeError {
  readonly type: 'payload_decode_error'
  readonly reason: PayloadDecodeReason
  readonly message: string
  /** The decoded bytes re-encoded as standard base64; the cleaned input when base64 itself failed. */
  readonly rawBase64: string
  readonly byteLength: number
}

export type PayloadDecodeResult =
  | { readonly ok: true; readonly format: PayloadFormat; readonly value: JsonValue }
  | { readonly ok: false; readonly error: PayloadDecodeError }

/** Larger than any real push by orders of magnitude; beyond this we do not even try. */
export const MAX_PAYLOAD_CHARS = 8 * 1024 * 1024

const utf8Strict = new TextDecoder('utf-8', { fatal: true })

function fail(reason: PayloadDecodeReason, message: string, rawBase64: string, byteLength: number): PayloadDecodeResult {
  return { ok: false, error: { type: 'payload_decode_error', reason, message, rawBase64, byteLength } }
}

/** JSON step of §5.1; null when the bytes are not UTF-8 JSON. */
function tryJson(bytes: Uint8Array): JsonValue | undefined {
  // Fast reject: JSON text starts with whitespace, a bracket, a quote, a digit, '-', t/f/n.
  const b0 = bytes[0]
  if (b0 === undefined || b0 >= 0x80) return undefined
  let text: string
  try {
    text = utf8Strict.decode(bytes)
  } catch {
    return undefined
  }
  const r = parseJsonLossless(text)
  return r.ok ? r.value : undefined
}

export function decodePayloadBytes(bytes: Uint8Array): PayloadDecodeResult {
  const raw = (): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  if (bytes.length === 0) return fail('empty', 'payload is empty', '', 0)
  const json = tryJson(bytes)
  if (json !== undefined) return { ok: true, format: 'json', value: json }
  const m = decodeMsgpack(bytes)
  if (m.ok) return { ok: true, format: 'msgpack', value: m.value }
  return fail(m.reason, m.message, raw(), bytes.length)
}

/** Decode one `syncPushPackage.data[].data` string. */
export function decodePayload(input: unknown): PayloadDecodeResult {
  if (typeof input !== 'string') return fail('not_a_string', `payload is ${input === null ? 'null' : typeof input}`, '', 0)
  if (input.length > MAX_PAYLOAD_CHARS) return fail('too_large', `payload of ${input.length} chars`, '', 0)
  const b = decodeBase64Lenient(input)
  if (!b.ok) return fail('bad_base64', b.message, b.cleaned.slice(0, 4096), 0)
  return decodePayloadBytes(b.bytes)
}
