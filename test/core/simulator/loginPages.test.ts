import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import { deviceId, imToken, Jar, mtop } from './harness'

const UNB = '2200000000077'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ scenario: 'quiet' })
})
afterEach(async () => {
  await sim.close()
})

async function submitLogin(s: Simulator, jar: Jar, form: Record<string, string>, query = ''): Promise<Response> {
  const res = await fetch(`${s.urls.loginUrl}${query}`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams(form).toString()
  })
  jar.merge(res)
  return res
}

const openIm = async (s: Simulator, jar: Jar): Promise<Response> => {
  const res = await fetch(s.urls.imUrl, { redirect: 'manual', headers: { cookie: jar.header() } })
  jar.merge(res)
  return res
}

describe('simulator login page and IM page', () => {
  it('GET /login is a self-contained form; POST sets the login cookies and redirects to /im', async () => {
    const html = await (await fetch(sim.urls.loginUrl)).text()
    for (const id of ['login-account', 'login-password', 'login-submit']) expect(html).toContain(`id="${id}"`)
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/)
    const jar = new Jar()
    const res = await submitLogin(sim, jar, { account: UNB, nick: '表单用户', password: 'secret' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/im')
    for (const c of ['unb', 'cookie2', 'sgcookie', 'csg', 'tracknick', '_tb_token_', '_m_h5_tk', '_m_h5_tk_enc', 't', 'cna']) expect(jar.map.has(c), c).toBe(true)
    expect(jar.map.get('unb')).toBe(UNB)
    expect(decodeURIComponent(jar.map.get('tracknick') ?? '')).toBe('表单用户')
    expect(await imToken(sim, jar, deviceId(UNB))).not.toBe('')
    expect(sim.control.counters().formLogins).toBe(1)
  })

  it('a non-numeric account gets a stable numeric unb; missing password shows an error; redirect only to own paths', async () => {
    const a = new Jar()
    await submitLogin(sim, a, { account: 'xiaoyu', password: 'x' })
    const b = new Jar()
    await submitLogin(sim, b, { account: 'xiaoyu', password: 'y' })
    expect(a.map.get('unb')).toMatch(/^22\d{11}$/)
    expect(b.map.get('unb')).toBe(a.map.get('unb'))
    const bad = await submitLogin(sim, new Jar(), { account: UNB, password: '' })
    expect(bad.status).toBe(200)
    expect(await bad.text()).toContain('id="login-error"')
    const evil = await submitLogin(sim, new Jar(), { account: UNB, password: 'p' }, '?redirect=//evil.example/')
    expect(evil.headers.get('location')).toBe('/im')
    const own = await submitLogin(sim, new Jar(), { account: UNB, password: 'p' }, '?redirect=%2Fim%3Fx%3D1')
    expect(own.headers.get('location')).toBe('/im?x=1')
  })

  it('/im with a live session rotates _m_h5_tk, sgcookie and cookie2, and the new values work', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: UNB, nick: '小鱼' }))
    const before = new Map(jar.map)
    const res = await openIm(sim, jar)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`data-unb="${UNB}"`)
    for (const c of ['_m_h5_tk', '_m_h5_tk_enc', 'sgcookie', 'cookie2', 'csg']) expect(jar.map.get(c), c).not.toBe(before.get(c))
    expect(jar.map.get('cna')).toBe(before.get('cna'))
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('SUCCESS::调用成功')
    expect(sim.control.counters()).toMatchObject({ imPageLoads: 1, imRefreshes: 1, imRedirects: 0 })
  })

  it('refreshable session: mtop says Session过期 but /im renews it; dead session: /im redirects to /login', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: UNB }))
    expect(sim.control.sessionState({ unb: UNB, state: 'refreshable' }).changed).toBe(1)
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('FAIL_SYS_SESSION_EXPIRED::Session过期')
    expect((await openIm(sim, jar)).status).toBe(200)
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('SUCCESS::调用成功')

    sim.control.sessionState({ unb: UNB, state: 'dead' })
    const dead = await openIm(sim, jar)
    expect(dead.status).toBe(302)
    expect(dead.headers.get('location')).toBe('/login?redirect=%2Fim')
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('FAIL_SYS_SESSION_EXPIRED::Session过期')
    // expireSession({recoverable:true}) is the same switch as sessionState refreshable
    const other = new Jar(sim.control.mintCookie({ unb: '2200000000078' }))
    sim.control.expireSession({ unb: '2200000000078', recoverable: true })
    expect((await openIm(sim, other)).status).toBe(200)
    sim.control.sessionState({ unb: UNB, state: 'alive' })
    expect((await openIm(sim, jar)).status).toBe(200)
    expect((await openIm(sim, new Jar())).status).toBe(302)
  })
})
