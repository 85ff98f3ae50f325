import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import { deviceId, IM_APP_KEY, Jar, mtop, SELLER } from './harness'
import { humanTrail, linearTrail } from './trails'

const TOKEN_API = 'mtop.taobao.idlemessage.pc.login.token'
const tokenData = JSON.stringify({ appKey: IM_APP_KEY, deviceId: deviceId(SELLER) })
const UA_A = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36'
const UA_B = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0'

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ scenario: 'quiet' })
})
afterEach(async () => {
  await sim.close()
})

const verify = (punishUrl: string, trail: unknown, ua = UA_A): Promise<Response> =>
  fetch(punishUrl.replace(/\/punish\?/, '/punish/verify?'), { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': ua }, body: JSON.stringify({ trail }) })

describe('punish page over HTTP', () => {
  it('serves the nc slider (stable ids, inline only) for the mtop and the passport punish paths', async () => {
    const risk = sim.control.riskControl()
    const passportPunish = `${sim.urls.passportBase}//newlogin/login.do/_____tmd_____/punish?x5secdata=xgabc&x5step=1`
    for (const url of [risk.punishUrl ?? '', passportPunish]) {
      const html = await (await fetch(url)).text()
      for (const id of ['nc_1_n1z', 'nc_1__scale_text', 'nc_1_refresh1', 'nc-success']) expect(html, id).toContain(`id="${id}"`)
      expect(html).toContain('验证失败，点击框体重试')
      expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/)
    }
  })

  it('a robotic line fails with reasons and no cookie; a human trail passes; attempts are listed', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    const risk = sim.control.riskControl()
    const url = risk.punishUrl ?? ''
    const bad = await verify(url, linearTrail())
    expect(await bad.json()).toMatchObject({ ok: false, reasons: ['constant_velocity'], message: '验证失败，点击框体重试' })
    expect(bad.headers.getSetCookie()).toEqual([])
    const good = await verify(url, humanTrail())
    expect(await good.json()).toMatchObject({ ok: true })
    jar.merge(good)
    expect(jar.map.get('x5sec')).toBe(risk.x5sec)
    expect(jar.map.get('x5step')).toBe('2')
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData)).ret[0]).toBe('SUCCESS::调用成功')
    const attempts = sim.control.sliderAttempts()
    expect(attempts.map((a) => [a.verdict, a.reasons])).toEqual([['fail', ['constant_velocity']], ['pass', []]])
    expect(attempts[0]?.secData).toMatch(/^xg[0-9a-f]+__bx__127\.0\.0\.1:\d+$/)
    expect(attempts[1]).toMatchObject({ slotPx: 260, userAgent: UA_A, points: 34 })
  })

  it('sliderUnsolvable over the HTTP control API fails a perfect trail; bindSolverUa binds the gate to the solving UA', async () => {
    const ctl = async (m: string, a: unknown): Promise<unknown> => ((await (await fetch(`${sim.urls.control}/${m}`, { method: 'POST', body: JSON.stringify(a) })).json()) as { result: unknown }).result
    const risk = (await ctl('riskControl', { bindSolverUa: true })) as { x5sec: string; punishUrl: string }
    expect(await ctl('sliderUnsolvable', { on: true })).toEqual({ on: true })
    expect(await (await verify(risk.punishUrl, humanTrail())).json()).toMatchObject({ ok: false, reasons: ['unsolvable'] })
    await ctl('sliderUnsolvable', { on: false })
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    jar.merge(await verify(risk.punishUrl, humanTrail(), UA_A))
    expect(jar.map.get('x5sec')).toBe(risk.x5sec)
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData, { ua: UA_B })).ret[0]).toBe('FAIL_SYS_USER_VALIDATE')
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData, { ua: UA_A })).ret[0]).toBe('SUCCESS::调用成功')
    expect(((await ctl('sliderAttempts', {})) as unknown[]).length).toBe(2)
  })
})
