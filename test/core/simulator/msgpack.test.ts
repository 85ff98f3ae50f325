import { describe, expect, it } from 'vitest'
import { encodeMsgpack, Forced, intMap, u64 } from '../../../src-main/simulator/msgpack'
import { messagePayload, typingPayload } from '../../../src-main/simulator/wire'
import type { SimMessage } from '../../../src-main/simulator/world'
import { loadVectors } from '../goofish/helpers/vectors'
import { decodeItem } from './harness'

interface Vector {
  name: string
  input_base64: string
  input_hex: string
  reference_output_parsed: Record<string, unknown> | null
}
const { vectors } = loadVectors<{ vectors: Vector[] }>('msgpack-decode-vectors.json')
const byName = (n: string): Vector => {
  const v = vectors.find((x) => x.name === n)
  if (!v) throw new Error(`no vector ${n}`)
  return v
}

/** A SimMessage carrying exactly the values of a realistic vector. */
function fromVector(v: Vector): SimMessage {
  const root = v.reference_output_parsed as { 1: Record<string, unknown>; 3: { needPush: string } }
  const m = root[1] as { 1: { 1: string }; 2: string; 3: string; 5: number; 6: { 3: Record<string, unknown> }; 10: Record<string, string> }
  const ext = m[10]
  return {
    serverId: m[3], messageId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', cid: m[2].replace('@goofish', ''),
    senderId: ext.senderUserId ?? '', senderNick: ext.reminderTitle ?? '', receiverId: ext.receiver ?? '', itemId: '800000000004',
    createAt: m[5], contentType: m[6][3][4] as number, text: ext.reminderContent ?? '', contentJson: m[6][3][5] as string,
    origin: 'buyer', needPush: root[3].needPush === 'true', reminderTitle: ext.reminderTitle ?? '',
    redReminder: ext.redReminder ?? '', redReminderStyle: ext.redReminderStyle ?? '', bizTag: ext.bizTag ?? '', extJson: ext.extJson ?? ''
  }
}

describe('simulator MessagePack encoder', () => {
  it('reproduces the scalar vector byte for byte (every int width, uint64 > 2^53, nil, true)', () => {
    const bytes = encodeMsgpack(intMap([
      [1, 0], [2, 127], [3, 200], [4, 60000], [5, 4000000000], [6, u64(1742458817389)], [7, 18446744073709551615n],
      [8, -1], [9, -32], [10, -100], [11, -30000], [12, -2000000000], [13, -9000000000000], [14, null], [15, true]
    ]))
    expect(bytes.toString('hex')).toBe(byName('scalars_all_int_float_kinds').input_hex)
  })

  for (const name of ['chat_text_from_buyer', 'chat_text_from_seller_self', 'order_paid_card', 'system_message_needpush_false']) {
    it(`re-encodes the realistic vector ${name} to the exact reference bytes`, () => {
      const v = byName(name)
      expect(encodeMsgpack(messagePayload(fromVector(v))).toString('base64')).toBe(v.input_base64)
    })
  }

  it('reproduces the typing vector', () => {
    const b64 = encodeMsgpack(typingPayload('3300000000002', '51000000003', 1760000000123)).toString('base64')
    expect(b64).toBe(byName('typing_status').input_base64)
  })

  it('decodes (with @msgpack/msgpack, BigInt-safe) to the reference output, with integer keys and a uint64 timestamp', () => {
    const v = byName('chat_text_from_buyer')
    const { value, keyTypes } = decodeItem(encodeMsgpack(messagePayload(fromVector(v))).toString('base64'))
    expect(keyTypes).toEqual(new Set(['number', 'string']))
    const msg = value[1] as Record<string, unknown>
    expect(msg[5]).toBe(1760000000123n) // uint64 on the wire → bigint
    const normalised = JSON.parse(JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)))
    expect(normalised).toEqual(v.reference_output_parsed)
  })

  it('uses map16 for 16 keys, fixmap below, str8/str16/str32 and forced wire types', () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, i]))
    expect(encodeMsgpack(sixteen)[0]).toBe(0xde)
    expect(encodeMsgpack({ a: 1 })[0]).toBe(0x81)
    expect(encodeMsgpack('x'.repeat(32))[0]).toBe(0xd9)
    expect(encodeMsgpack('x'.repeat(256))[0]).toBe(0xda)
    expect(encodeMsgpack('x'.repeat(70000))[0]).toBe(0xdb)
    expect(encodeMsgpack(new Forced('map16', { a: 1 })).subarray(0, 3).toString('hex')).toBe('de0001')
    expect(encodeMsgpack(new Forced('str16', 'ab')).toString('hex')).toBe('da00026162')
    expect(encodeMsgpack(u64(5)).toString('hex')).toBe('cf0000000000000005')
    expect(encodeMsgpack(1.5)[0]).toBe(0xcb)
    expect(encodeMsgpack(new Uint8Array([1, 2]))).toEqual(Buffer.from([0xc4, 2, 1, 2]))
    expect(() => encodeMsgpack(1n << 70n)).toThrow(RangeError)
  })
})
