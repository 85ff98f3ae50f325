import { encode } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import { decodeBase64Lenient } from '../../../src-main/core/goofish/base64'
import { decodePayload } from '../../../src-main/core/goofish/payload'

const b64 = (bytes: ArrayLike<number>): string => Buffer.from(Uint8Array.from(bytes)).toString('base64')

describe('base64 leniency (§5.2)', () => {
  it('whitespace, missing padding, base64url and stray characters', () => {
    const ok = (s: string): string => {
      const r = decodeBase64Lenient(s)
      if (!r.ok) throw new Error(r.message)
      return r.bytes.toString('latin1')
    }
    expect(ok('YWJj ZGVm\n')).toBe('abcdef')
    expect(ok('YQ')).toBe('a')
    expect(ok('YWJjZA=')).toBe('abcd')
    expect(ok('-_8')).toBe(Buffer.from([0xfb, 0xff]).toString('latin1'))
    expect(ok('YQ==YQ==')).toBe('a') // CPython non-strict: padding ends the data
    expect(ok('YWJj=ZGVm')).toBe('abcdef') // '=' on a quad boundary is ignored
    expect(decodeBase64Lenient('Y').ok).toBe(false)
  })
})

describe('decodePayload', () => {
  it('JSON first: a JSON payload is not taken for the msgpack integer 123', () => {
    const r = decodePayload(Buffer.from('{"chatType":1,"operation":{"content":{"sessionArouse":{}}}}').toString('base64'))
    expect(r).toMatchObject({ ok: true, format: 'json', value: { chatType: 1 } })
  })
  it('JSON payload keeps integers beyond 2^53 exact, leaves strings alone', () => {
    const r = decodePayload(Buffer.from('{"a":4100000000000000005,"b":"4100000000000000005","c":[-9007199254740993, 1.5e300, 12]}').toString('base64'))
    expect(r.ok && r.value).toEqual({ a: '4100000000000000005', b: '4100000000000000005', c: ['-9007199254740993', 1.5e300, 12] })
  })
  it('msgpack: trailing bytes are ignored like the reference', () => {
    const r = decodePayload(b64([0x81, 0x01, 0xa1, 0x78, 0xc1, 0xff, 0x00]))
    expect(r).toEqual({ ok: true, format: 'msgpack', value: { '1': 'x' } })
  })
  it('msgpack: scalar map keys become strings (nil/bool/uint64)', () => {
    const r = decodePayload(b64([0x83, 0xc0, 0x01, 0xc3, 0x02, 0xcf, 0, 0, 0, 0, 0, 0, 0, 5, 0x03]))
    expect(r.ok && r.value).toEqual({ null: 1, true: 2, '5': 3 })
  })
  it('msgpack: float32 widened, float64, NaN → null', () => {
    const r = decodePayload(b64([0x93, 0xca, 0x3f, 0xc0, 0, 0, 0xcb, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0]))
    expect(r.ok && r.value).toEqual([1.5, 3.141592653589793, null])
  })
  it('str32/array32/map32 widths decode', () => {
    const r = decodePayload(b64([0xdf, 0, 0, 0, 1, 0xdb, 0, 0, 0, 1, 0x6b, 0xdd, 0, 0, 0, 1, 0x2a]))
    expect(r.ok && r.value).toEqual({ k: [42] })
  })
  it.each([
    ['empty', '', 'empty'],
    ['not base64 at all', '!!!!', 'empty'],
    ['1 char short of a quad', 'Y', 'bad_base64'],
    ['0xc1 never used', b64([0xc1]), 'msgpack'],
    ['truncated map', b64([0x82, 0x01]), 'msgpack'],
    ['truncated str16', b64([0xda, 0x00, 0x10, 0x41]), 'msgpack'],
    ['ext type', b64([0xd4, 0x01, 0x00]), 'ext_unsupported'],
    ['timestamp ext', b64([0xd6, 0xff, 0, 0, 0, 1]), 'ext_unsupported'],
    ['map key is a map', b64([0x81, 0x80, 0x01]), 'bad_map_key'],
    ['absurd array32 length', b64([0xdd, 0xff, 0xff, 0xff, 0xff]), 'msgpack'],
    ['nesting 10 000 deep', b64([...new Array<number>(10_000).fill(0x91), 0x01]), 'too_deep']
  ])('%s → typed error (never throws)', (_n, input, reason) => {
    const r = decodePayload(input)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.type).toBe('payload_decode_error')
    expect(r.error.reason).toBe(reason)
  })
  it('the error carries the raw bytes as base64', () => {
    const r = decodePayload(b64([0x82, 0x01]))
    expect(!r.ok && r.error).toMatchObject({ rawBase64: 'ggE=', byteLength: 2 })
  })
  it('non-string input → typed error', () => {
    expect(decodePayload(42)).toMatchObject({ ok: false, error: { reason: 'not_a_string' } })
    expect(decodePayload(null)).toMatchObject({ ok: false, error: { reason: 'not_a_string' } })
  })
  it('absurdly deep JSON is refused as JSON and falls through to msgpack like the reference (`[` = fixint 91)', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    const r = decodePayload(Buffer.from(deep).toString('base64'))
    expect(r).toEqual({ ok: true, format: 'msgpack', value: 0x5b })
  })
  it('round-trips a library-encoded message with uint64 timestamp', () => {
    const bytes = encode({ '1': { '5': 1760000000123n, '2': '51000000003@goofish' } }, { useBigInt64: true })
    const r = decodePayload(Buffer.from(bytes).toString('base64'))
    expect(r.ok && r.value).toEqual({ '1': { '5': 1760000000123, '2': '51000000003@goofish' } })
  })
})
