import { describe, expect, it } from 'vitest'
import { CookieJar, parseCookieString } from '../../../src-main/core/goofish/cookies'
import { DEVICE_ID_RE, MID_RE, UUID_RE, generateDeviceId, generateMid, generateUuid } from '../../../src-main/core/goofish/ids'
import { parseJsonLossless } from '../../../src-main/core/goofish/losslessJson'
import { decodePayload } from '../../../src-main/core/goofish/payload'
import { sendTextFrame } from '../../../src-main/core/goofish/frames'
import { MTOP_APP_KEY, mtopSign, signingToken } from '../../../src-main/core/goofish/sign'
import { loadVectors } from './helpers/vectors'

interface SignVec { label: string; token: string; t: string; data: string; app_key: string; sign_md5_hex: string }
interface CookieVec { cookie_header: string; reference_trans_cookies: Record<string, string>; mtop_token_from__m_h5_tk: string; user_id_unb: string | null }
interface DecodeVec { name: string; input_base64: string; input_hex: string; reference_output_string: string; reference_output_is_valid_json: boolean }

describe('sign-vectors.json', () => {
  const { vectors } = loadVectors<{ vectors: SignVec[] }>('sign-vectors.json')
  it.each(vectors.map((v) => [v.label, v] as const))('%s', (_label, v) => {
    expect(v.app_key).toBe(MTOP_APP_KEY)
    expect(mtopSign(v.token, v.t, v.app_key, v.data)).toBe(v.sign_md5_hex)
  })
})

describe('cookie-vectors.json', () => {
  const { vectors } = loadVectors<{ vectors: CookieVec[] }>('cookie-vectors.json')
  it.each(vectors.map((v, i) => [i, v] as const))('vector %i: reference mode reproduces trans_cookies exactly', (_i, v) => {
    expect(Object.fromEntries(parseCookieString(v.cookie_header, 'reference'))).toEqual(v.reference_trans_cookies)
    const jar = new CookieJar(v.cookie_header, 'reference')
    expect(jar.signingToken).toBe(v.mtop_token_from__m_h5_tk)
    expect(signingToken(jar.get('_m_h5_tk'))).toBe(v.mtop_token_from__m_h5_tk)
    expect(jar.unb ?? null).toBe(v.user_id_unb)
  })
  it('tolerant mode agrees with the reference except where §1.1 recommends splitting on a bare ";"', () => {
    const [a, b, c] = vectors
    expect(Object.fromEntries(parseCookieString(a!.cookie_header))).toEqual(a!.reference_trans_cookies)
    expect(Object.fromEntries(parseCookieString(b!.cookie_header))).toEqual({ a: '1', b: '2', c: 'x=y', d: '' })
    expect(Object.fromEntries(parseCookieString(c!.cookie_header))).toEqual(c!.reference_trans_cookies)
  })
  it('re-emits raw values, never URL-decoded', () => {
    const jar = new CookieJar(vectors[2]!.cookie_header)
    expect(jar.toHeader()).toBe(vectors[2]!.cookie_header)
    expect(jar.get('sgcookie')).toBe('E100abc%3D%3D')
  })
})

describe('id-format-vectors.json', () => {
  const v = loadVectors<{ mid_examples: string[]; uuid_example: string; device_id_examples: string[]; mid_regex: string; uuid_regex: string; device_id_regex: string }>('id-format-vectors.json')
  it('our regexes equal the vector regexes and accept the examples', () => {
    expect(MID_RE.source).toBe(v.mid_regex)
    expect(UUID_RE.source).toBe(v.uuid_regex)
    expect(DEVICE_ID_RE.source).toBe(v.device_id_regex)
    for (const m of v.mid_examples) expect(m).toMatch(MID_RE)
    for (const d of v.device_id_examples) expect(d).toMatch(DEVICE_ID_RE)
    expect(v.uuid_example).toMatch(UUID_RE)
  })
  it('generated ids match the vector regexes, including random extremes', () => {
    const re = { mid: new RegExp(v.mid_regex), uuid: new RegExp(v.uuid_regex), did: new RegExp(v.device_id_regex) }
    for (const r of [0, 0.5, 0.999999999]) {
      expect(generateMid(1760000000123, () => r)).toMatch(re.mid)
      expect(generateDeviceId('2200000000001', () => r)).toMatch(re.did)
    }
    for (let i = 0; i < 200; i++) {
      expect(generateMid(Date.now())).toMatch(re.mid)
      expect(generateDeviceId('2200000000001')).toMatch(re.did)
    }
    expect(generateUuid(1760000000123)).toBe(v.uuid_example)
    expect(generateMid(1760000000123, () => 0.117)).toBe(v.mid_examples[0])
  })
})

describe('msgpack-decode-vectors.json', () => {
  const { vectors } = loadVectors<{ vectors: DecodeVec[] }>('msgpack-decode-vectors.json')
  it.each(vectors.map((v) => [v.name, v] as const))('%s decodes to the reference output', (_name, v) => {
    expect(v.reference_output_is_valid_json).toBe(true)
    const expected = parseJsonLossless(v.reference_output_string)
    if (!expected.ok) throw new Error(expected.message)
    const got = decodePayload(v.input_base64)
    if (!got.ok) throw new Error(JSON.stringify(got.error))
    expect(got.format).toBe('msgpack')
    expect(got.value).toEqual(expected.value)
    // the same bytes given as hex → base64url without padding, wrapped in whitespace
    const url = Buffer.from(v.input_hex, 'hex').toString('base64url')
    const wrapped = ` ${url.slice(0, 10)}\n${url.slice(10)}\t`
    const again = decodePayload(wrapped)
    expect(again.ok && again.value).toEqual(expected.value)
  })
  it('keeps uint64 max exact as a decimal string', () => {
    const got = decodePayload(vectors[0]!.input_base64)
    expect(got.ok && (got.value as Record<string, unknown>)['7']).toBe('18446744073709551615')
    expect(got.ok && (got.value as Record<string, unknown>)['6']).toBe(1742458817389)
  })
})

describe('frame-vectors.json', () => {
  const v = loadVectors<Record<string, { inputs: { cid: string; to: string; me: string; text: string; mid: string; uuid: string }; frame: unknown; custom_data_decoded?: string }>>('frame-vectors.json')
  it.each([['send_text'], ['send_text_ascii']])('%s: byte-identical frame', (key) => {
    const vec = v[key]!
    const frame = sendTextFrame(vec.inputs)
    expect(JSON.parse(JSON.stringify(frame))).toEqual(vec.frame)
    if (vec.custom_data_decoded) {
      const data = (frame.body?.[0] as { content: { custom: { data: string } } }).content.custom.data
      expect(Buffer.from(data, 'base64').toString('utf8')).toBe(vec.custom_data_decoded)
    }
  })
  it('compact style decodes to the same message', () => {
    const vec = v['send_text']!
    const frame = sendTextFrame({ ...vec.inputs, style: 'compact' })
    const data = (frame.body?.[0] as { content: { custom: { data: string } } }).content.custom.data
    expect(JSON.parse(Buffer.from(data, 'base64').toString('utf8'))).toEqual({ contentType: 1, text: { text: vec.inputs.text } })
  })
})
