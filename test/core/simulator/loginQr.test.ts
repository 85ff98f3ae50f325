import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import { ackDiffNowBody, deviceId, imToken, Jar, mtop, mtopOnce, RawWs, regHeaders } from './harness'

const UNB = '2200000000042'
const BIZ = 'appName=xianyu&fromSite=77'

interface QrData { t?: number; ck?: string; codeContent?: string; resultCode?: number; processFinished?: boolean; qrCodeStatus?: string; iframeRedirect?: boolean; iframeRedirectUrl?: string; token?: string }
interface Passport { content: { success: boolean; data: QrData }; hasError: boolean }

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ scenario: 'quiet' })
})
afterEach(async () => {
  await sim.close()
})

/** Steps 1–3 of §3.6 as a reference client does them. */
async function begin(s: Simulator, jar: Jar): Promise<{ form: Record<string, string>; t: number; ck: string; codeContent: string }> {
  const fresh = !jar.map.has('_m_h5_tk')
  const boot = await mtopOnce(s.urls.mtopBase, jar, 'mtop.gaia.nodejs.gaia.idle.data.gw.v2.index.get', '{"bizScene":"home"}', { sign: '' })
  if (fresh) expect(boot.ret[0]).toBe('FAIL_SYS_TOKEN_EMPTY::令牌为空')
  const html = await fetch(`${s.urls.passportBase}/mini_login.htm?lang=zh_cn&appName=xianyu&appEntrance=web&styleType=vertical&bizParams=&notLoadSsoView=false&notKeepLogin=false&isMobile=false&qrCodeFirst=false&stie=77&rnd=0.3`, { headers: { cookie: jar.header() } })
  jar.merge(html)
  const m = /window\.viewData\s*=\s*(\{.*?\});/.exec(await html.text())
  const form = (JSON.parse(m?.[1] ?? '{}') as { loginFormData: Record<string, string> }).loginFormData
  const q = new URLSearchParams({ ...form, umidTag: 'SERVER', bx_et: 'not_loaded' })
  const gen = await fetch(`${s.urls.passportBase}/newlogin/qrcode/generate.do?${q.toString()}`, { headers: { cookie: jar.header() } })
  const body = (await gen.json()) as Passport
  expect(body.hasError).toBe(false)
  expect(body.content.success).toBe(true)
  const d = body.content.data
  return { form, t: d.t ?? 0, ck: d.ck ?? '', codeContent: d.codeContent ?? '' }
}

async function poll(s: Simulator, jar: Jar, form: Record<string, string>, t: number, ck: string): Promise<{ data: QrData; setCookie: string[] }> {
  const res = await fetch(`${s.urls.passportBase}/newlogin/qrcode/query.do?${BIZ}`, {
    method: 'POST', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, t: String(t), ck, isIframe: 'true', defaultView: 'qrcode', deviceId: jar.map.get('cna') ?? '' }).toString()
  })
  const setCookie = jar.merge(res)
  return { data: ((await res.json()) as Passport).content.data, setCookie }
}

describe('simulator passport QR login (§3.6)', () => {
  it('bootstrap → mini_login viewData → generate → NEW → SCANED → CONFIRMED with a login jar that mtop, the IM token and the gateway accept', async () => {
    const jar = new Jar()
    const { form, t, ck, codeContent } = await begin(sim, jar)
    for (const c of ['_m_h5_tk', '_m_h5_tk_enc', 'cookie2', 'cna', 't', 'XSRF-TOKEN', '_tb_token_']) expect(jar.map.has(c), c).toBe(true)
    expect(form._csrf_token).toBe(jar.map.get('XSRF-TOKEN'))
    expect(form.hsiz).toBe(jar.map.get('cookie2'))
    expect(form.appName).toBe('xianyu')
    expect(typeof t).toBe('number')
    expect(codeContent).toMatch(/lgToken=[0-9a-f]+/)

    expect((await poll(sim, jar, form, t, ck)).data).toMatchObject({ qrCodeStatus: 'NEW' })
    expect(sim.control.qrScan({ ck }).status).toBe('SCANED')
    expect((await poll(sim, jar, form, t, ck)).data.qrCodeStatus).toBe('SCANED')
    sim.control.qrConfirm({ t, unb: UNB, nick: '扫码用户' })
    const done = await poll(sim, jar, form, t, ck)
    expect(done.data.qrCodeStatus).toBe('CONFIRMED')
    expect(done.data.iframeRedirect).toBeUndefined()
    const names = done.setCookie.map((l) => l.split('=')[0])
    for (const c of ['unb', 'cookie2', 'sgcookie', 'csg', 'tracknick', '_tb_token_', '_m_h5_tk', '_m_h5_tk_enc']) expect(names, c).toContain(c)
    expect(jar.map.get('unb')).toBe(UNB)

    const did = deviceId(UNB)
    const token = await imToken(sim, jar, did)
    const ws = await RawWs.open(sim.urls.ws)
    try {
      expect((await ws.request('/reg', undefined, regHeaders(token, did))).code).toBe(200)
      await ws.request('/r/SyncStatus/ackDiff', ackDiffNowBody())
    } finally {
      ws.close()
    }
    const nav = await mtop(sim.urls.mtopBase, jar, 'mtop.idle.web.user.page.nav', '{}')
    expect(nav.ret[0]).toBe('SUCCESS::调用成功')
    // polling again repeats the same jar (one server session)
    const again = await poll(sim, jar, form, t, ck)
    expect(again.setCookie).toEqual(done.setCookie)
    const snap = sim.control.qrSessions()[0]
    expect(snap).toMatchObject({ status: 'CONFIRMED', unb: UNB, nick: '扫码用户', jarIssued: true, queries: 4 })
    expect(snap?.generateParams.bx_et).toBe('not_loaded')
    expect(snap?.lastQueryParams?.deviceId).toBe(jar.map.get('cna'))
    expect(sim.control.counters()).toMatchObject({ qrGenerates: 1, qrQueries: 4 })
  })

  it('expires after qrTtlMs (and on qrExpire); a cancelled code stays CANCELED; an unknown ck is an ERROR', async () => {
    const short = await startSimulator({ qrTtlMs: 150 })
    try {
      const jar = new Jar()
      const a = await begin(short, jar)
      short.control.qrScan()
      await new Promise((r) => setTimeout(r, 200))
      expect((await poll(short, jar, a.form, a.t, a.ck)).data).toMatchObject({ qrCodeStatus: 'EXPIRED', processFinished: true })
      expect(() => short.control.qrScan({ ck: a.ck })).toThrow(/EXPIRED/)
    } finally {
      await short.close()
    }
    const jar = new Jar()
    const b = await begin(sim, jar)
    expect(sim.control.qrExpire({ latest: true }).expired).toBe(1)
    expect((await poll(sim, jar, b.form, b.t, b.ck)).data.qrCodeStatus).toBe('EXPIRED')
    const c = await begin(sim, jar)
    expect(c.ck).not.toBe(b.ck)
    sim.control.qrScan()
    sim.control.qrCancel({ ck: c.ck })
    expect((await poll(sim, jar, c.form, c.t, c.ck)).data.qrCodeStatus).toBe('CANCELED')
    expect(() => sim.control.qrConfirm({ ck: c.ck, unb: UNB })).toThrow(/CANCELED/)
    expect((await poll(sim, jar, c.form, c.t, 'nope')).data.qrCodeStatus).toBe('ERROR')
  })

  it('verification branch: CONFIRMED with iframeRedirect and no cookies; the verification page logs in and later polls carry the jar', async () => {
    const jar = new Jar()
    const { form, t, ck } = await begin(sim, jar)
    sim.control.qrDemandVerification({ on: true })
    sim.control.qrConfirm({ unb: UNB })
    const r = await poll(sim, jar, form, t, ck)
    expect(r.data).toMatchObject({ qrCodeStatus: 'CONFIRMED', iframeRedirect: true })
    expect(r.setCookie).toEqual([])
    const url = r.data.iframeRedirectUrl ?? ''
    expect(url.startsWith(`${sim.urls.passportBase}/iv/identity_verify.htm?`)).toBe(true)
    expect(await (await fetch(url)).text()).toContain('id="verify-submit"')
    const browser = new Jar()
    const submit = await fetch(url, { method: 'POST', redirect: 'manual' })
    browser.merge(submit)
    expect(submit.status).toBe(302)
    expect(submit.headers.get('location')).toBe('/im')
    expect(browser.map.get('unb')).toBe(UNB)
    const after = await poll(sim, jar, form, t, ck)
    expect(after.data.iframeRedirect).toBeUndefined()
    expect(jar.map.get('unb')).toBe(UNB)
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('SUCCESS::调用成功')
  })

  it('qrVerify control passes verification; login_token/login.do redeems CONFIRMED data.token; control over HTTP', async () => {
    const jar = new Jar()
    const { form, t, ck } = await begin(sim, jar)
    const ctl = async (method: string, arg: unknown): Promise<{ ok: boolean; result: unknown }> =>
      (await (await fetch(`${sim.urls.control}/${method}`, { method: 'POST', body: JSON.stringify(arg) })).json()) as { ok: boolean; result: unknown }
    expect(await ctl('qrDemandVerification', { on: true })).toEqual({ ok: true, result: { on: true } })
    expect((await ctl('qrScan', { latest: true })).result).toMatchObject({ status: 'SCANED' })
    expect((await ctl('qrConfirm', { ck, unb: UNB, nick: '小鱼' })).result).toMatchObject({ status: 'CONFIRMED', verification: 'required' })
    expect((await poll(sim, jar, form, t, ck)).data.iframeRedirect).toBe(true)
    expect((await ctl('qrVerify', {})).result).toMatchObject({ verification: 'passed' })
    const done = await poll(sim, jar, form, t, ck)
    expect(done.data.qrCodeStatus).toBe('CONFIRMED')
    const token = done.data.token ?? ''
    expect(token).not.toBe('')
    const other = new Jar()
    const res = await fetch(`${sim.urls.passportBase}/login_token/login.do?token=${token}&subFlow=DIALOG_CHECK_LOGIN_RPC&nextCode=0018&bizScene=qrcode&confirm=true`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'deviceId=x'
    })
    other.merge(res)
    expect(((await res.json()) as Passport).content.success).toBe(true)
    expect(other.map.get('unb')).toBe(UNB)
    expect((await mtop(sim.urls.mtopBase, other, 'mtop.taobao.idlemessage.pc.loginuser.get', '{}')).ret[0]).toBe('SUCCESS::调用成功')
    const bad = await fetch(`${sim.urls.passportBase}/login_token/login.do?token=nope`, { method: 'POST' })
    expect(((await bad.json()) as Passport).content.success).toBe(false)
    expect(sim.control.qrSessions()[0]?.tokenRedeemed).toBe(true)
  })

  it('the codeContent URL is a phone confirm page: GET scans, POST confirms', async () => {
    const jar = new Jar()
    const { form, t, ck, codeContent } = await begin(sim, jar)
    const page = await (await fetch(codeContent)).text()
    expect(page).toContain('id="phone-confirm"')
    expect((await poll(sim, jar, form, t, ck)).data.qrCodeStatus).toBe('SCANED')
    const lg = new URL(codeContent).searchParams.get('lgToken') ?? ''
    await fetch(`${sim.urls.passportBase}/qrcodeCheck.htm?lgToken=${lg}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `unb=${UNB}&nick=x&action=confirm` })
    expect((await poll(sim, jar, form, t, ck)).data.qrCodeStatus).toBe('CONFIRMED')
    expect(jar.map.get('unb')).toBe(UNB)
  })
})
