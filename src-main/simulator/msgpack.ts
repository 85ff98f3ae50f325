/**
 * A small MessagePack ENCODER that can force exact wire types, so the simulator emits the same
 * layouts the real gateway does (goofish-protocol.md §5.2, msgpack-decode-vectors.json):
 * positive-fixint map keys, uint64 (`0xcf`) timestamps even for small values, map16 for ≥ 16 keys.
 *
 * Value model:
 * - `number`: smallest int encoding when integral (positive fixint … uint64 / int64), else float64
 * - `bigint`: uint64 when ≥ 0, else int64
 * - `string`: fixstr / str8 / str16 / str32 by UTF-8 length
 * - `Uint8Array`: bin8 / bin16 / bin32
 * - arrays: fixarray / array16 / array32
 * - `Map` (keys kept in insertion order, number keys stay ints) or a plain object (string keys)
 * - `Forced`: wraps a value to pin its wire type (`u64`, `map16`, `str16`, `array16`)
 */

export type MpKey = number | string
export type MpValue = null | boolean | number | bigint | string | Uint8Array | Forced | ReadonlyArray<MpValue> | MpMap | { readonly [k: string]: MpValue }
export type MpMap = ReadonlyMap<MpKey, MpValue>

export type ForcedKind = 'u64' | 'map16' | 'str16' | 'array16'

export class Forced {
  constructor(readonly kind: ForcedKind, readonly value: MpValue) {}
}

/** uint64 on the wire regardless of magnitude (how the gateway sends ms timestamps). */
export const u64 = (v: number | bigint): Forced => new Forced('u64', typeof v === 'bigint' ? v : BigInt(Math.trunc(v)))

/** A Map with integer keys, from `[key, value]` pairs, insertion order kept. */
export function intMap(entries: ReadonlyArray<readonly [MpKey, MpValue]>): MpMap {
  return new Map(entries)
}

class Writer {
  #buf = Buffer.alloc(256)
  #len = 0

  #ensure(n: number): void {
    if (this.#len + n <= this.#buf.length) return
    const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.#len + n))
    this.#buf.copy(next, 0, 0, this.#len)
    this.#buf = next
  }

  u8(v: number): void {
    this.#ensure(1)
    this.#buf.writeUInt8(v, this.#len)
    this.#len += 1
  }

  u16(v: number): void {
    this.#ensure(2)
    this.#buf.writeUInt16BE(v, this.#len)
    this.#len += 2
  }

  u32(v: number): void {
    this.#ensure(4)
    this.#buf.writeUInt32BE(v, this.#len)
    this.#len += 4
  }

  big(v: bigint, signed: boolean): void {
    this.#ensure(8)
    if (signed) this.#buf.writeBigInt64BE(v, this.#len)
    else this.#buf.writeBigUInt64BE(v, this.#len)
    this.#len += 8
  }

  f64(v: number): void {
    this.#ensure(8)
    this.#buf.writeDoubleBE(v, this.#len)
    this.#len += 8
  }

  bytes(b: Uint8Array): void {
    this.#ensure(b.length)
    this.#buf.set(b, this.#len)
    this.#len += b.length
  }

  /** An opcode followed by a big-endian operand of `width` bytes. */
  op(code: number, width: 1 | 2 | 4, v: number): void {
    this.u8(code)
    if (width === 1) this.u8(v)
    else if (width === 2) this.u16(v)
    else this.u32(v)
  }

  op64(code: number, v: bigint, signed: boolean): void {
    this.u8(code)
    this.big(v, signed)
  }

  result(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#len))
  }
}

const U64_MAX = (1n << 64n) - 1n
const I64_MIN = -(1n << 63n)

function writeInt(w: Writer, v: number): void {
  if (v >= 0) {
    if (v < 0x80) w.u8(v)
    else if (v <= 0xff) w.op(0xcc, 1, v)
    else if (v <= 0xffff) w.op(0xcd, 2, v)
    else if (v <= 0xffffffff) w.op(0xce, 4, v)
    else w.op64(0xcf, BigInt(v), false)
    return
  }
  if (v >= -32) w.u8(0xe0 | (v + 32))
  else if (v >= -0x80) w.op(0xd0, 1, v & 0xff)
  else if (v >= -0x8000) w.op(0xd1, 2, v & 0xffff)
  else if (v >= -0x80000000) w.op(0xd2, 4, v >>> 0)
  else w.op64(0xd3, BigInt(v), true)
}

function writeBigInt(w: Writer, v: bigint): void {
  if (v > U64_MAX || v < I64_MIN) throw new RangeError(`msgpack: ${v} does not fit in 64 bits`)
  if (v >= 0n) w.op64(0xcf, v, false)
  else w.op64(0xd3, v, true)
}

function writeStr(w: Writer, s: string, force16: boolean): void {
  const b = Buffer.from(s, 'utf8')
  const n = b.length
  if (force16 && n <= 0xffff) w.op(0xda, 2, n)
  else if (n < 32) w.u8(0xa0 | n)
  else if (n <= 0xff) w.op(0xd9, 1, n)
  else if (n <= 0xffff) w.op(0xda, 2, n)
  else w.op(0xdb, 4, n)
  w.bytes(b)
}

function writeBin(w: Writer, b: Uint8Array): void {
  const n = b.length
  if (n <= 0xff) w.op(0xc4, 1, n)
  else if (n <= 0xffff) w.op(0xc5, 2, n)
  else w.op(0xc6, 4, n)
  w.bytes(b)
}

function writeHeader(w: Writer, n: number, fix: number, op16: number, force16: boolean): void {
  if (!force16 && n < 16) w.u8(fix | n)
  else if (n <= 0xffff) w.op(op16, 2, n)
  else w.op(op16 + 1, 4, n)
}

function writeMapEntries(w: Writer, entries: ReadonlyArray<readonly [MpKey, MpValue]>, force16: boolean, depth: number): void {
  writeHeader(w, entries.length, 0x80, 0xde, force16)
  for (const [k, v] of entries) {
    write(w, k, depth + 1)
    write(w, v, depth + 1)
  }
}

function writeForced(w: Writer, f: Forced, depth: number): void {
  const v = f.value
  switch (f.kind) {
    case 'u64':
      if (typeof v !== 'bigint' || v < 0n) throw new TypeError('msgpack: u64 needs a non-negative bigint')
      return writeBigInt(w, v)
    case 'str16':
      if (typeof v !== 'string') throw new TypeError('msgpack: str16 needs a string')
      return writeStr(w, v, true)
    case 'map16':
      return writeMapEntries(w, mapEntries(v), true, depth)
    case 'array16':
      if (!Array.isArray(v)) throw new TypeError('msgpack: array16 needs an array')
      writeHeader(w, v.length, 0x90, 0xdc, true)
      for (const x of v as ReadonlyArray<MpValue>) write(w, x, depth + 1)
      return
  }
}

function mapEntries(v: MpValue): ReadonlyArray<readonly [MpKey, MpValue]> {
  if (v instanceof Map) return [...(v as MpMap).entries()]
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Forced)) {
    return Object.entries(v as { readonly [k: string]: MpValue })
  }
  throw new TypeError('msgpack: map16 needs a Map or a plain object')
}

function write(w: Writer, v: MpValue, depth: number): void {
  if (depth > 100) throw new RangeError('msgpack: nesting too deep')
  if (v === null) return w.u8(0xc0)
  if (typeof v === 'boolean') return w.u8(v ? 0xc3 : 0xc2)
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return writeInt(w, v)
    w.u8(0xcb)
    return w.f64(v)
  }
  if (typeof v === 'bigint') return writeBigInt(w, v)
  if (typeof v === 'string') return writeStr(w, v, false)
  if (v instanceof Uint8Array) return writeBin(w, v)
  if (v instanceof Forced) return writeForced(w, v, depth)
  if (Array.isArray(v)) {
    writeHeader(w, v.length, 0x90, 0xdc, false)
    for (const x of v as ReadonlyArray<MpValue>) write(w, x, depth + 1)
    return
  }
  writeMapEntries(w, mapEntries(v), false, depth)
}

/** Encode one value. Throws on values MessagePack cannot represent (a simulator bug). */
export function encodeMsgpack(value: MpValue): Buffer {
  const w = new Writer()
  write(w, value, 0)
  return w.result()
}
