import { describe, expect, it } from 'vitest'
import { CookieJar, parseSetCookieLine, splitCombinedSetCookie } from '../../../src-main/core/goofish/cookies'
import { generateDeviceId, isDeviceIdFor } from '../../../src-main/core/goofish/ids'

describe('CookieJar', () => {
  it('merges Set-Cookie lines: name=value before the first ";", attributes ignored, same name overwritten', () => {
    const jar = new CookieJar('unb=2200000000001; _m_h5_tk=old_1; cookie2=c2')
    const changed = jar.mergeSetCookie([
      '_m_h5_tk=0123456789abcdef0123456789abcdef_1760003600000; Path=/; Domain=.goofish.com; Max-Age=86400',
      '_m_h5_tk_enc=enc%3D%3D; Path=/; Domain=.goofish.com',
      'cookie2=c2; Path=/'
    ])
    expect(changed).toEqual(['_m_h5_tk', '_m_h5_tk_enc'])
    expect(jar.signingToken).toBe('0123456789abcdef0123456789abcdef')
    expect(jar.toHeader()).toBe('unb=2200000000001; _m_h5_tk=0123456789abcdef0123456789abcdef_1760003600000; cookie2=c2; _m_h5_tk_enc=enc%3D%3D')
  })
  it('accepts fetch Headers (getSetCookie) and a combined header string with Expires commas', () => {
    const h = new Headers()
    h.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/')
    h.append('set-cookie', 'b=2')
    const jar = new CookieJar()
    jar.mergeSetCookie(h)
    expect(jar.toRecord()).toEqual({ a: '1', b: '2' })
    expect(splitCombinedSetCookie('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/, b=2; Path=/')).toEqual(['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/', 'b=2; Path=/'])
  })
  it('ignores malformed Set-Cookie lines', () => {
    expect(parseSetCookieLine('novalue')).toBeNull()
    expect(parseSetCookieLine('=x')).toBeNull()
    expect(parseSetCookieLine('x5sec=abc=; Path=/')).toEqual({ name: 'x5sec', value: 'abc=' })
  })
  it('mergeFrom with a filter takes only x5* cookies (slider solved, §2.5)', () => {
    const jar = new CookieJar('unb=1; t=a')
    jar.mergeFrom(new CookieJar('x5sec=s; x5step=2; t=b'), (n) => n.startsWith('x5'))
    expect(jar.toRecord()).toEqual({ unb: '1', t: 'a', x5sec: 's', x5step: '2' })
  })
})

describe('device id', () => {
  it('is bound to the user id', () => {
    const did = generateDeviceId('2200000000001')
    expect(isDeviceIdFor(did, '2200000000001')).toBe(true)
    expect(isDeviceIdFor(did, '2200000000002')).toBe(false)
  })
})
