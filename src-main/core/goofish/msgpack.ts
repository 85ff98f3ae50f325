/**
 * MessagePack → normalised JSON value, matching the reference decoder (goofish-protocol.md §5.2,
 * msgpack-decode-vectors.json) through `@msgpack/msgpack`:
 * - int64/uint64 are read as BigInt; values within ±(2^53−1) become numbers, larger ones exact
 *   decimal strings (a JS number cannot hold them);
 * - map keys of any scalar type become strings (`1` → "1", nil → "null", like Python json.dumps);
 * - bin values become UTF-8 text when valid UTF-8, else standard base64;
 * - NaN/±Infinity (the reference emits non-standard JSON) become null;
 * - one value is decoded and trailing bytes are ignored (the reference does the same);
 * - ext types are rejected, as in the reference (§10.22).
 * Never throws: every failure is returned.
 */
import { Decoder, ExtData } from '@msgpack/msgpack'
import type { JsonValue } from './types'

export type MsgpackFailure = 'msgpack' | 'ext_unsupported' | 'too_deep' | 'bad_map_key'
export type MsgpackResult = { ok: true; value: JsonValue } | { ok: false; reason: MsgpackFailure; message: string }

/** Real payloads nest ~5 levels; anything deeper than this is garbage, not a message. */
export const MAX_DEPTH = 64
/** Upper bound on a container's declared size (each element needs ≥ 1 byte anyway). */
const MAX_CONTAINER = 1_000_000

class NormalizeError extends Error {
  constructor(readonly reason: MsgpackFailure, message: string) {
    super(message)
  }
}

function mapKey(key: unknown): string | number {
  switch (typeof key) {
    case 'string':
    case 'number':
      return key
    case 'bigint':
    case 'boolean':
      return String(key)
    default:
      if (key === null) return 'null'
      throw new NormalizeError('bad_map_key', `map key of type ${key instanceof Uint8Array ? 'bin' : typeof key}`)
  }
}

const decoder = new Decoder({
  useBigInt64: true,
  mapKeyConverter: mapKey,
  maxArrayLength: MAX_CONTAINER,
  maxMapLength: MAX_CONTAINER
})

const utf8Strict = new TextDecoder('utf-8', { fatal: true })

function binToString(b: Uint8Array): string {
  try {
    return utf8Strict.decode(b)
  } catch {
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
  }
}

function normalize(v: unknown, depth: number): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString()
  if (v instanceof Uint8Array) return binToString(v)
  if (depth >= MAX_DEPTH) throw new NormalizeError('too_deep', `nesting deeper than ${MAX_DEPTH}`)
  if (Array.isArray(v)) return v.map((x) => normalize(x, depth + 1))
  if (v instanceof ExtData || v instanceof Date) throw new NormalizeError('ext_unsupported', 'MessagePack ext types are not used by the gateway')
  if (typeof v === 'object') {
    const out: { [k: string]: JsonValue } = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = normalize(x, depth + 1)
    return out
  }
  throw new NormalizeError('msgpack', `unexpected decoded value of type ${typeof v}`)
}

export function decodeMsgpack(bytes: Uint8Array): MsgpackResult {
  if (bytes.length === 0) return { ok: false, reason: 'msgpack', message: 'empty input' }
  try {
    // decodeMulti yields value by value: taking only the first one ignores trailing bytes.
    const gen = decoder.decodeMulti(bytes)
    let first: IteratorResult<unknown, void>
    try {
      first = gen.next()
    } finally {
      gen.return(undefined) // releases the shared decoder (its `entered` flag) at once
    }
    if (first.done) return { ok: false, reason: 'msgpack', message: 'no value' }
    return { ok: true, value: normalize(first.value, 0) }
  } catch (err) {
    if (err instanceof NormalizeError) return { ok: false, reason: err.reason, message: err.message }
    return { ok: false, reason: 'msgpack', message: err instanceof Error ? err.message : String(err) }
  }
}
