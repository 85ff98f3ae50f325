import { describe, expect, it } from 'vitest'
import { dragTrajectory } from '../../../src-main/core/login/trajectory'
import { harvestJar, hasLogin, mergeX5 } from '../../../src-main/core/login/harvest'
import { parseViewData } from '../../../src-main/core/login/qr'
import { CookieJar } from '../../../src-main/core/goofish'

const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}

describe('slider drag trajectory', () => {
  it('is human-like: reaches the end, never goes back, uneven speed, small vertical jitter, plausible duration', () => {
    for (let s = 1; s <= 200; s++) {
      const pts = dragTrajectory(260, seeded(s))
      expect(pts.at(-1)?.x).toBe(260)
      for (let i = 1; i < pts.length; i++) {
        expect(pts[i]!.x).toBeGreaterThanOrEqual(pts[i - 1]!.x)
        expect(pts[i]!.t).toBeGreaterThanOrEqual(pts[i - 1]!.t)
      }
      expect(pts.length).toBeGreaterThanOrEqual(20)
      const duration = pts.at(-1)!.t
      expect(duration).toBeGreaterThan(500)
      expect(duration).toBeLessThan(3500)
      expect(Math.max(...pts.map((p) => Math.abs(p.y)))).toBeLessThanOrEqual(3)
      const speeds = pts.slice(1).map((p, i) => (p.x - pts[i]!.x) / Math.max(1, p.t - pts[i]!.t))
      expect(Math.max(...speeds) - Math.min(...speeds)).toBeGreaterThan(0.1)
    }
  })
})

describe('cookie harvest', () => {
  const cookies = [
    { name: 'unb', value: '2200000000001', domain: '.goofish.com' },
    { name: '_m_h5_tk', value: 'abc_1', domain: '.goofish.com' },
    { name: 'cookie2', value: 'c2', domain: '.taobao.com' },
    { name: 'cookie2', value: 'c2-specific', domain: 'passport.goofish.com' },
    { name: 'x5sec', value: 'x5value', domain: '.goofish.com' },
    { name: 'tracker', value: 't', domain: '.ads.example' }
  ]
  it('knows when a login is complete', () => {
    expect(hasLogin(cookies)).toBe(true)
    expect(hasLogin(cookies.filter((c) => c.name !== 'cookie2'))).toBe(false)
    expect(hasLogin([{ name: 'unb', value: '' }, { name: '_m_h5_tk', value: 'x' }, { name: 'cookie2', value: 'y' }])).toBe(false)
  })
  it('collapses duplicates (the more specific domain wins) and drops foreign cookies', () => {
    const jar = harvestJar(cookies, 'www.goofish.com')
    expect(jar.get('cookie2')).toBe('c2-specific')
    expect(jar.get('tracker')).toBeUndefined()
    expect(jar.get('unb')).toBe('2200000000001')
  })
  it('merges only x5* cookies after a slider', () => {
    const jar = new CookieJar('unb=1; cookie2=old')
    expect(mergeX5(jar, cookies)).toEqual(['x5sec'])
    expect(jar.get('cookie2')).toBe('old')
    expect(jar.get('x5sec')).toBe('x5value')
  })
})

describe('QR login form data', () => {
  it('reads loginFormData out of window.viewData', () => {
    const html = '<html><script>window.viewData = {"title":"x","loginFormData":{"appName":"xianyu","umidToken":"u1","fromSite":77,"nested":{"a":1}}};</script></html>'
    expect(parseViewData(html)).toEqual({ appName: 'xianyu', umidToken: 'u1', fromSite: '77' })
    expect(parseViewData('<html>nothing</html>')).toEqual({})
    expect(parseViewData('window.viewData = {broken;</script>')).toEqual({})
  })
})

describe('QR login without a network', () => {
  it('says plainly that the login service could not be reached (was "internal error")', async () => {
    const { QrLogin } = await import('../../../src-main/core/login/qr')
    const { systemClock } = await import('../../../src-main/core/ports')
    const { createServer } = await import('node:net')
    // a port that was just free: connections are refused, as on a machine that is offline
    const port = await new Promise<number>((res) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port
        srv.close(() => res(p))
      })
    })
    const base = `http://127.0.0.1:${port}`
    const flow = new QrLogin({ fetch: (url, init) => fetch(url, init), mtopBase: base, passportBase: base, userAgent: 'test', clock: systemClock })
    const err = await flow.generate().catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'UNAVAILABLE' })
    expect((err as Error).message).toMatch(/^无法连接闲鱼登录服务（ECONNREFUSED），请检查网络后重试 \/ Could not reach the Xianyu login service \(ECONNREFUSED\)/)
  })
})
