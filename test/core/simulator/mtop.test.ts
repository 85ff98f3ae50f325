import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MTOP_APP_KEY, mtopSign } from '../../../src-main/core/goofish/sign'
import { startSimulator, type Simulator } from '../../../src-main/simulator/index'
import { deviceId, IM_APP_KEY, Jar, mtop, mtopOnce, SELLER } from './harness'
import { humanTrail } from './trails'

const TOKEN_API = 'mtop.taobao.idlemessage.pc.login.token'
const tokenData = (did = deviceId(SELLER)): string => JSON.stringify({ appKey: IM_APP_KEY, deviceId: did })

let sim: Simulator
beforeEach(async () => {
  sim = await startSimulator({ scenario: 'quiet' })
})
afterEach(async () => {
  await sim.close()
})

describe('simulator mtop: _m_h5_tk lifecycle and sign', () => {
  it('answers TOKEN_EMPTY with Set-Cookie _m_h5_tk/_m_h5_tk_enc, then accepts the re-signed call', async () => {
    const jar = new Jar('unb=2200000000001; cookie2=abc123')
    const first = await mtopOnce(sim.urls.mtopBase, jar, TOKEN_API, tokenData(), { sign: '' })
    expect(first.ret).toEqual(['FAIL_SYS_TOKEN_EMPTY::令牌为空'])
    expect(first.setCookie.some((c) => /^_m_h5_tk=[0-9a-f]{32}_\d{13}; Path=\//.test(c))).toBe(true)
    expect(first.setCookie.some((c) => c.startsWith('_m_h5_tk_enc='))).toBe(true)
    const second = await mtopOnce(sim.urls.mtopBase, jar, TOKEN_API, tokenData())
    expect(second.ret).toEqual(['SUCCESS::调用成功'])
    expect(second.data.accessTokenExpiredTime).toBe('86400000')
    expect(typeof second.data.accessToken).toBe('string')
    expect(sim.control.counters().tokenCalls).toBe(2)
  })

  it('answers the EXOIRED typo for an unknown or expired token, and after expireMtopToken()', async () => {
    const jar = new Jar('unb=2200000000001; cookie2=abc123; _m_h5_tk=0123456789abcdef0123456789abcdef_1700000000000')
    expect((await mtopOnce(sim.urls.mtopBase, jar, TOKEN_API, tokenData())).ret).toEqual(['FAIL_SYS_TOKEN_EXOIRED::令牌过期'])
    expect((await mtopOnce(sim.urls.mtopBase, jar, TOKEN_API, tokenData())).ret[0]).toBe('SUCCESS::调用成功')
    sim.control.expireMtopToken()
    const r = await mtopOnce(sim.urls.mtopBase, jar, TOKEN_API, tokenData())
    expect(r.ret).toEqual(['FAIL_SYS_TOKEN_EXOIRED::令牌过期'])
    expect(r.setCookie.length).toBe(2)
  })

  it('verifies sign = md5(token&t&appKey&data) over the exact bytes sent; a wrong sign is refused', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    const data = '{"itemId":"800000000101"}'
    const bad = await mtopOnce(sim.urls.mtopBase, jar, 'mtop.taobao.idle.pc.detail', data, { sign: mtopSign('0'.repeat(32), '1', MTOP_APP_KEY, data) })
    expect(bad.ret[0]).toBe('FAIL_SYS_ILLEGAL_REQUEST::非法请求')
    // odd spacing is fine as long as the sign covers the same string (§3.4 consign.dummy note)
    const spaced = '{"itemId": "800000000101" }'
    const ok = await mtopOnce(sim.urls.mtopBase, jar, 'mtop.taobao.idle.pc.detail', spaced)
    expect(ok.ret[0]).toBe('SUCCESS::调用成功')
    expect(sim.control.counters().signFailures).toBe(1)
  })
})

describe('simulator mtop: accounts', () => {
  it('strict mode accepts only minted or configured sessions', async () => {
    const strict = await startSimulator({ acceptUnknownSessions: false, accounts: [{ unb: '2200000000007', nick: '配置', cookie2: 'cfgcookie2' }] })
    try {
      const unknown = new Jar('unb=2200000000009; cookie2=whatever')
      expect((await mtop(strict.urls.mtopBase, unknown, TOKEN_API, tokenData())).ret).toEqual(['FAIL_SYS_SESSION_EXPIRED::Session过期'])
      const configured = new Jar('unb=2200000000007; cookie2=cfgcookie2')
      expect((await mtop(strict.urls.mtopBase, configured, TOKEN_API, tokenData(deviceId('2200000000007')))).ret[0]).toBe('SUCCESS::调用成功')
      const minted = new Jar(strict.control.mintCookie({ unb: '2200000000008' }))
      expect((await mtop(strict.urls.mtopBase, minted, TOKEN_API, tokenData(deviceId('2200000000008')))).ret[0]).toBe('SUCCESS::调用成功')
    } finally {
      await strict.close()
    }
  })
})

describe('simulator mtop: APIs', () => {
  it('item detail from the scenario: itemDO with soldPrice in yuan and SKU prices in fen', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER, nick: '小鱼' }))
    const r = await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idle.pc.detail', '{"itemId":"800000000103"}')
    const item = r.data.itemDO as { title: string; soldPrice: string; skuList: Array<{ price: number; propertyList: Array<{ valueText: string }> }> }
    expect(item.title).toContain('Steam')
    expect(item.soldPrice).toBe('19.90')
    expect(item.skuList.map((s) => [s.propertyList[0]?.valueText, s.price])).toEqual([['标准版', 1990], ['豪华版', 3990]])
    const missing = await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idle.pc.detail', '{"itemId":"1234567"}')
    expect(missing.ret[0]).toMatch(/^FAIL_BIZ_/)
  })

  it('session expiry → FAIL_SYS_SESSION_EXPIRED on every non-public API; hasLogin revives only a recoverable session', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    expect(sim.control.expireSession({ unb: SELLER, recoverable: true }).expired).toBe(1)
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData())).ret).toEqual(['FAIL_SYS_SESSION_EXPIRED::Session过期'])
    const res = await fetch(`${sim.urls.passportBase}/newlogin/hasLogin.do?appName=xianyu&fromSite=77`, {
      method: 'POST', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: `hid=${SELLER}&ltl=true`
    })
    const oldCookie2 = jar.map.get('cookie2')
    jar.merge(res)
    expect(((await res.json()) as { content: { success: boolean } }).content.success).toBe(true)
    expect(jar.map.get('cookie2')).not.toBe(oldCookie2)
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData())).ret[0]).toBe('SUCCESS::调用成功')

    sim.control.expireSession({ unb: SELLER })
    const dead = await fetch(`${sim.urls.passportBase}/newlogin/hasLogin.do`, { method: 'POST', headers: { cookie: jar.header() }, body: '' })
    expect(((await dead.json()) as { content: { success: boolean } }).content.success).toBe(false)
  })

  it('risk control: the token call gets the RGV587 envelope with a punish URL until a request carries the x5sec from the slider page', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    const risk = sim.control.riskControl()
    const r = await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData())
    expect(r.ret).toEqual(['FAIL_SYS_USER_VALIDATE', 'RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试'])
    const url = String(r.data.url)
    expect(url).toBe(risk.punishUrl)
    expect(url).toMatch(/\/\/h5\/mtop\.taobao\.idlemessage\.pc\.login\.token\/1\.0\/_____tmd_____\/punish\?x5secdata=xg[0-9a-f]+__bx__127\.0\.0\.1:\d+&x5step=1$/)
    // other APIs are not affected by default
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idle.pc.detail', '{"itemId":"800000000101"}')).ret[0]).toBe('SUCCESS::调用成功')
    const page = await fetch(url)
    expect(await page.text()).toContain('滑块')
    const verifyUrl = url.replace(/\/punish\?/, '/punish/verify?')
    const robot = await fetch(verifyUrl, { method: 'POST' })
    expect(await robot.json()).toMatchObject({ ok: false, reasons: ['no_trajectory'] })
    expect(robot.headers.getSetCookie()).toEqual([])
    const solved = await fetch(verifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ trail: humanTrail() }) })
    jar.merge(solved)
    expect(jar.map.get('x5sec')).toBe(risk.x5sec)
    expect((await mtop(sim.urls.mtopBase, jar, TOKEN_API, tokenData())).ret[0]).toBe('SUCCESS::调用成功')
    expect(sim.control.riskControl({ on: false }).on).toBe(false)
  })

  it('consign.dummy ships a paid order once; the second call is a business failure; a [你已发货] card is stored', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    const msg = sim.control.buyerSays({ buyerId: '3300000000002', itemId: '800000000103', sellerId: SELLER, text: '拍了' })
    const order = sim.control.orderEvent({ cid: msg.cid, event: 'order' })
    sim.control.orderEvent({ cid: msg.cid, event: 'pay' })
    const data = `{"orderId":"${order.orderId}", "tradeText":"","picList":[],"newUnconsign":true}`
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idle.logistic.consign.dummy', data)).ret[0]).toBe('SUCCESS::调用成功')
    expect((await mtop(sim.urls.mtopBase, jar, 'mtop.taobao.idle.logistic.consign.dummy', data)).ret[0]).toMatch(/^FAIL_BIZ_ORDER_STATUS_ERROR::/)
    expect(sim.control.orders()[0]?.status).toBe('shipped')
    expect(sim.control.messages({ cid: msg.cid }).map((m) => m.text)).toEqual(['拍了', '[我已拍下，待付款]', '[我已付款，等待你发货]', '[你已发货]'])
    const detail = await mtop(sim.urls.mtopBase, jar, 'mtop.idle.web.trade.order.detail', `{"tid":"${order.orderId}"}`)
    expect(detail.data.buyerUserId).toBe('3300000000002')
  })

  it('upload.api returns object.url + object.pix for a live session, an HTML login page otherwise', async () => {
    const jar = new Jar(sim.control.mintCookie({ unb: SELLER }))
    const png = Buffer.alloc(33)
    png.writeUInt32BE(0x89504e47, 0)
    png.writeUInt32BE(0x0d0a1a0a, 4)
    png.writeUInt32BE(640, 16)
    png.writeUInt32BE(480, 20)
    const form = new FormData()
    form.append('file', new Blob([png], { type: 'image/png' }), 'a.png')
    const res = await fetch(sim.urls.uploadUrl, { method: 'POST', headers: { cookie: jar.header() }, body: form })
    const body = (await res.json()) as { object: { url: string; pix: string } }
    expect(body.object.pix).toBe('640x480')
    const img = await fetch(body.object.url)
    expect(Buffer.from(await img.arrayBuffer())).toEqual(png)
    sim.control.expireSession({})
    const dead = await fetch(sim.urls.uploadUrl, { method: 'POST', headers: { cookie: jar.header() }, body: form })
    expect(dead.headers.get('content-type')).toContain('text/html')
    expect(await dead.text()).toContain('登录')
  })
})
