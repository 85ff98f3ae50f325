import { describe, expect, it } from 'vitest'
import { fetchImToken, fetchItemDetail, hasLogin, uploadImage } from '../../../src-main/core/goofish/apis'
import { CookieJar } from '../../../src-main/core/goofish/cookies'
import { GoofishError } from '../../../src-main/core/goofish/errors'
import { MtopClient } from '../../../src-main/core/goofish/mtop'
import { classifyRet } from '../../../src-main/core/goofish/mtopRet'
import { MTOP_APP_KEY, mtopSign } from '../../../src-main/core/goofish/sign'
import { ItemCache } from '../../../src-main/core/goofish/itemCache'
import { fakeFetch, instantClock, OK, response, type Recorded } from './helpers/fakes'

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'
const TK1 = '0123456789abcdef0123456789abcdef'
const TK2 = 'fedcba9876543210fedcba9876543210'

function setup(handlers: Parameters<typeof fakeFetch>[0], cookie = `unb=2200000000001; _m_h5_tk=${TK1}_1760003600000; cookie2=c2`) {
  const fetch = fakeFetch(handlers)
  const clock = instantClock()
  const jar = new CookieJar(cookie)
  const persisted: string[] = []
  const mtop = new MtopClient({ fetch, jar, mtopBase: 'https://h5api.example/', userAgent: UA, clock, random: () => 0.5, onCookies: (j) => persisted.push(j.toHeader()) })
  return { fetch, clock, jar, persisted, mtop }
}

function formData(r: Recorded): string {
  return new URLSearchParams(r.body as string).get('data') ?? ''
}

describe('MtopClient', () => {
  it('signs exactly the data string it sends (§2.2) with the documented query', async () => {
    const { fetch, mtop } = setup([() => response(OK({ accessToken: 'AT', accessTokenExpiredTime: '86400000', refreshToken: 'RT' }))])
    const tok = await fetchImToken(mtop, 'DID-2200000000001', 1)
    expect(tok).toMatchObject({ accessToken: 'AT', expiresInMs: 86400000, refreshToken: 'RT', deviceId: 'DID-2200000000001' })
    const r = fetch.calls[0]!
    expect(r.url.pathname).toBe('/h5/mtop.taobao.idlemessage.pc.login.token/1.0/')
    const q = r.url.searchParams
    expect(formData(r)).toBe('{"appKey":"444e9908a51d1cb236a27862abc769c9","deviceId":"DID-2200000000001"}')
    expect(q.get('sign')).toBe(mtopSign(TK1, q.get('t')!, MTOP_APP_KEY, formData(r)))
    expect(Object.fromEntries(q)).toMatchObject({ jsv: '2.7.2', appKey: '34839810', v: '1.0', type: 'originaljson', accountSite: 'xianyu', dataType: 'json', timeout: '20000', api: 'mtop.taobao.idlemessage.pc.login.token', sessionOption: 'AutoLoginOnly' })
    expect(r.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://www.goofish.com', Referer: 'https://www.goofish.com/', 'User-Agent': UA })
    expect(r.headers['Cookie']).toContain(`_m_h5_tk=${TK1}_1760003600000`)
  })

  it('token expired: merges Set-Cookie, re-signs with the new token, retries, reports the jar', async () => {
    const { fetch, mtop, persisted, clock } = setup([
      () => response({ ret: ['FAIL_SYS_TOKEN_EXOIRED::令牌过期'], data: {} }, { setCookie: [`_m_h5_tk=${TK2}_1760009999000; Path=/; Domain=.goofish.com`, '_m_h5_tk_enc=e2; Path=/'] }),
      () => response(OK({ itemDO: { itemId: '8', title: 'T', soldPrice: '12.50', skuList: [{ propertyList: [{ valueText: '红' }], price: 1250, quantity: 3 }] }, sellerDO: { sellerId: '22', nick: 'n' } }))
    ])
    const item = await fetchItemDetail(mtop, '8')
    expect(item).toMatchObject({ itemId: '8', title: 'T', soldPrice: '12.50', skus: [{ props: ['红'], priceFen: 1250, quantity: 3 }], sellerNick: 'n' })
    expect(fetch.calls).toHaveLength(2)
    const second = fetch.calls[1]!
    expect(second.url.searchParams.get('sign')).toBe(mtopSign(TK2, second.url.searchParams.get('t')!, MTOP_APP_KEY, formData(second)))
    expect(second.headers['Cookie']).toContain('_m_h5_tk_enc=e2')
    expect(persisted.at(-1)).toContain(`_m_h5_tk=${TK2}_1760009999000`)
    expect(clock.delays[0]).toBeGreaterThanOrEqual(300) // backoff before the retry
  })

  it('empty token bootstrap: TOKEN_EMPTY then success', async () => {
    const { fetch, mtop } = setup([
      (r) => {
        expect(r.url.searchParams.get('sign')).toBe(mtopSign('', r.url.searchParams.get('t')!, MTOP_APP_KEY, formData(r)))
        return response({ ret: ['FAIL_SYS_TOKEN_EMPTY::令牌为空'] }, { setCookie: [`_m_h5_tk=${TK2}_1; Path=/`] })
      },
      () => response(OK({ ok: 1 }))
    ], 'unb=1')
    await expect(mtop.call('mtop.x', {})).resolves.toMatchObject({ data: { ok: 1 } })
    expect(fetch.calls).toHaveLength(2)
  })

  it('bounded token retries: gives up with a token error, no endless loop', async () => {
    const expired = () => response({ ret: ['FAIL_SYS_TOKEN_EXPIRED::令牌过期'] })
    const { fetch, mtop, clock } = setup([expired, expired, expired, expired, expired, expired])
    const err = await mtop.call('mtop.x', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GoofishError)
    expect((err as GoofishError).kind).toBe('token')
    expect(fetch.calls).toHaveLength(4) // 1 + 3 retries
    expect(clock.delays).toHaveLength(3)
    expect(clock.delays[2]!).toBeGreaterThan(clock.delays[0]!) // exponential
  })

  it('session expired → needs_login (after one hasLogin renewal attempt that fails)', async () => {
    const fetch = fakeFetch([
      () => response({ ret: ['FAIL_SYS_SESSION_EXPIRED::Session过期'] }),
      () => response({ content: { success: false }, hasError: true })
    ])
    const jar = new CookieJar('unb=22; cookie2=c2; XSRF-TOKEN=x')
    const mtop: MtopClient = new MtopClient({ fetch, jar, mtopBase: 'https://h5api.example', userAgent: UA, clock: instantClock(), renewSession: () => hasLogin(mtop, 'https://passport.example') })
    const err = (await mtop.call('mtop.x', {}).catch((e: unknown) => e)) as GoofishError
    expect(err.kind).toBe('needs_login')
    expect(err.needsHuman).toBe(true)
    const pass = fetch.calls[1]!
    expect(pass.url.href).toBe('https://passport.example/newlogin/hasLogin.do?appName=xianyu&fromSite=77')
    expect(Object.fromEntries(new URLSearchParams(pass.body as string))).toMatchObject({ hid: '22', hsiz: 'c2', _csrf_token: 'x', appName: 'xianyu', defaultView: 'hasLogin' })
  })

  it('session expired, hasLogin renews cookies → the call is retried once and succeeds', async () => {
    const fetch = fakeFetch([
      () => response({ ret: ['FAIL_SYS_SESSION_EXPIRED::Session过期'] }),
      () => response({ content: { success: true, data: {} }, hasError: false }, { setCookie: ['cookie2=new; Path=/'] }),
      (r) => {
        expect(r.headers['Cookie']).toContain('cookie2=new')
        return response(OK({ fine: true }))
      }
    ])
    const jar = new CookieJar('unb=22; cookie2=c2')
    const mtop: MtopClient = new MtopClient({ fetch, jar, mtopBase: 'https://h5api.example', userAgent: UA, clock: instantClock(), renewSession: () => hasLogin(mtop, 'https://passport.example') })
    await expect(mtop.call('mtop.x', {})).resolves.toMatchObject({ data: { fine: true } })
  })

  it('risk control → needs_verification carrying the punish URL, no retry', async () => {
    const url = 'https://h5api.m.goofish.com//h5/mtop.taobao.idlemessage.pc.login.token/1.0/_____tmd_____/punish?x5secdata=xgabc__bx__h5api.m.goofish.com&x5step=1'
    const { fetch, mtop } = setup([() => response({ ret: ['FAIL_SYS_USER_VALIDATE ', 'RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试'], data: { url } })])
    const err = (await mtop.call('mtop.taobao.idlemessage.pc.login.token', {}).catch((e: unknown) => e)) as GoofishError
    expect(err.kind).toBe('needs_verification')
    expect(err.verifyUrl).toBe(url)
    expect(fetch.calls).toHaveLength(1)
  })

  it('rate limit → rate_limited, no retry; business error → business with code', async () => {
    const a = setup([() => response({ ret: ['FAIL_SYS_TRAFFIC_LIMIT::被挤爆啦,请稍后重试'] })])
    await expect(a.mtop.call('mtop.x', {})).rejects.toMatchObject({ kind: 'rate_limited' })
    expect(a.fetch.calls).toHaveLength(1)
    const b = setup([() => response({ ret: ['FAIL_BIZ_ITEM_ONLY_YHB_BUY_APP_LIMIT::只能在App购买'] })])
    await expect(b.mtop.call('mtop.x', {})).rejects.toMatchObject({ kind: 'business', message: 'mtop.x: FAIL_BIZ_ITEM_ONLY_YHB_BUY_APP_LIMIT 只能在App购买' })
    const c = setup([() => response('busy', { status: 429 })])
    await expect(c.mtop.call('mtop.x', {})).rejects.toMatchObject({ kind: 'rate_limited' })
  })

  it('network errors and 5xx are retried a bounded number of times with backoff', async () => {
    const boom = (): never => {
      throw new Error('ECONNRESET')
    }
    const { fetch, mtop, clock } = setup([boom, () => response('oops', { status: 502 }), () => response('<html>', { status: 502 })])
    await expect(mtop.call('mtop.x', {})).rejects.toMatchObject({ kind: 'network' })
    expect(fetch.calls).toHaveLength(3)
    expect(clock.delays).toHaveLength(2)
  })

  it('GET form puts data in the query', async () => {
    const { fetch, mtop } = setup([() => response(OK())])
    await mtop.call('mtop.x', '{"a":1}', { method: 'GET', v: '4.0' })
    const r = fetch.calls[0]!
    expect(r.url.searchParams.get('data')).toBe('{"a":1}')
    expect(r.url.pathname).toBe('/h5/mtop.x/4.0/')
    expect(r.body).toBeUndefined()
  })
})

describe('classifyRet', () => {
  it.each([
    [['SUCCESS::调用成功'], 'success'],
    [['SUCCESS::ok'], 'success'],
    [['FAIL_SYS_TOKEN_EXOIRED::令牌过期'], 'token'],
    [['FAIL_SYS_TOKEN_EMPTY::令牌为空'], 'token'],
    [['FAIL_SYS_SESSION_EXPIRED::Session过期'], 'session'],
    [['FAIL_SYS_USER_VALIDATE', 'RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试'], 'risk'],
    [['RRXVv_ERROR::SM::x'], 'risk'],
    [['FAIL_SYS_ILLEGAL_ACCESS::非法请求'], 'risk'],
    [['FAIL_BIZ_WUA_IS_MACHINE'], 'risk'],
    [['FAIL_SYS_TRAFFIC_LIMIT'], 'rate_limited'],
    [['FAIL_SYS_API_NOT_FOUNDED::请求API不存在'], 'business'],
    [[], 'business']
  ])('%j → %s', (ret, kind) => {
    expect(classifyRet({ ret }).kind).toBe(kind)
  })
  it('a punish URL in data means risk even with an unknown ret', () => {
    expect(classifyRet({ ret: ['FAIL_X'], data: { url: 'https://x/_____tmd_____/punish?x5secdata=1' } })).toEqual({ kind: 'risk', url: 'https://x/_____tmd_____/punish?x5secdata=1' })
  })
})

describe('uploadImage (§3.5)', () => {
  it('posts multipart to the upload URL and reads object.url/pix', async () => {
    const { fetch, mtop } = setup([() => response({ object: { url: 'https://img.example/a.jpg', pix: '640x480' } })])
    const r = await uploadImage(mtop, 'https://upload.example/api/upload.api', { bytes: new Uint8Array([1, 2, 3]), filename: 'a.jpg', mime: 'image/jpeg' })
    expect(r).toEqual({ url: 'https://img.example/a.jpg', width: 640, height: 480 })
    expect(fetch.calls[0]!.url.search).toBe('?floderId=0&appkey=xy_chat&_input_charset=utf-8')
    expect(fetch.calls[0]!.body).toBeInstanceOf(FormData)
  })
  it('an HTML answer means the login is dead', async () => {
    const { mtop } = setup([() => response('<!DOCTYPE html><html>login</html>')])
    await expect(uploadImage(mtop, 'https://upload.example/api/upload.api', { bytes: new Uint8Array([1]), filename: 'a.jpg', mime: 'image/jpeg' })).rejects.toMatchObject({ kind: 'needs_login' })
  })
})

describe('ItemCache', () => {
  it('LRU bound, TTL, refresh on demand, invalidate, shared in-flight loads', async () => {
    let now = 0
    const loads: string[] = []
    const cache = new ItemCache({ now: () => now, maxEntries: 2, ttlMs: 1000, load: async (id) => {
      loads.push(id)
      return { itemId: id, title: `${id}@${now}`, desc: '', soldPrice: null, minPrice: null, maxPrice: null, quantity: null, images: [], skus: [], sellerId: null, sellerNick: null, raw: null }
    } })
    const [a1, a2] = await Promise.all([cache.get('a'), cache.get('a')])
    expect(a1).toBe(a2)
    expect(loads).toEqual(['a'])
    await cache.get('b')
    await cache.get('a') // a is now most recent
    await cache.get('c') // evicts b
    expect(cache.size).toBe(2)
    expect(cache.peek('b')).toBeUndefined()
    now = 500
    expect((await cache.get('a')).title).toBe('a@0')
    now = 1500
    expect((await cache.get('a')).title).toBe('a@1500') // expired → reloaded
    expect((await cache.get('a', { refresh: true })).title).toBe('a@1500')
    expect(cache.invalidate('a')).toBe(true)
    expect(cache.peek('a')).toBeUndefined()
    expect(loads).toEqual(['a', 'b', 'c', 'a', 'a'])
  })
  it('an invalidate during a load keeps the stale result out of the cache', async () => {
    let release: () => void = () => {}
    const cache = new ItemCache({ now: () => 0, load: (id) => new Promise((res) => {
      release = () => res({ itemId: id, title: 'old', desc: '', soldPrice: null, minPrice: null, maxPrice: null, quantity: null, images: [], skus: [], sellerId: null, sellerNick: null, raw: null })
    }) })
    const p = cache.get('x')
    cache.invalidate('x')
    release()
    await p
    expect(cache.peek('x')).toBeUndefined()
  })
})
