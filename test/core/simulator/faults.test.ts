import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src-main/simulator/index'
import { connectSeller, decodeItem, imToken, itemsOf, mtop, RawWs, regHeaders, SELLER, until, type Session } from './harness'

const BUYER = '3300000000002'
const ITEM = '800000000101'
let sim: Simulator | undefined
const sockets: RawWs[] = []

async function boot(opts: SimulatorOptions = {}): Promise<{ s: Simulator; seller: Session }> {
  sim = await startSimulator({ scenario: 'quiet', ...opts })
  const seller = await connectSeller(sim)
  sockets.push(seller.ws)
  return { s: sim, seller }
}
const say = (s: Simulator, text: string): ReturnType<Simulator['control']['buyerSays']> => s.control.buyerSays({ buyerId: BUYER, itemId: ITEM, sellerId: SELLER, text })
const textOf = (data: string): string | undefined => (decodeItem(data).value[1] as Record<number, Record<string, string>>)[10]?.reminderContent
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await sim?.close()
  sim = undefined
})

describe('simulator faults: connection', () => {
  it('dropSocket terminates without a close frame (1006)', async () => {
    const { s, seller } = await boot()
    expect(s.control.dropSocket().dropped).toBe(1)
    expect((await seller.ws.waitClosed()).code).toBe(1006)
  })

  it('stallHeartbeats: heartbeats are received but not answered', async () => {
    const { s, seller } = await boot()
    s.control.stallHeartbeats({ on: true })
    await expect(seller.ws.request('/!').then(() => 'answered')).rejects.toThrow(/timeout/)
    expect(s.control.counters()).toMatchObject({ heartbeats: 1, heartbeatsAnswered: 0 })
    s.control.stallHeartbeats({ on: false })
    expect((await seller.ws.request('/!')).code).toBe(200)
  }, 10_000)

  it('zombie: heartbeats answered, pushes silently dropped, yet the message is in the backfill listing', async () => {
    const { s, seller } = await boot()
    s.control.zombie({ on: true })
    const msg = say(s, '你好')
    expect((await seller.ws.request('/!')).code).toBe(200)
    await sleep(100)
    expect(seller.ws.pushes()).toHaveLength(0)
    expect(s.control.counters().droppedPushes).toBe(1)
    const page = await seller.ws.request('/r/MessageManager/listUserMessages', [`${msg.cid}@goofish`, false, 9007199254740991, 20, false])
    expect(JSON.stringify(page.body)).toContain('你好')
  })

  it('expireImToken({close}) closes the socket; the old token is refused at /reg; a fresh one works', async () => {
    const { s, seller } = await boot()
    expect(s.control.expireImToken({ close: true })).toMatchObject({ expired: 1, closed: 1 })
    expect((await seller.ws.waitClosed()).code).toBe(4001)
    const ws = await RawWs.open(s.urls.ws)
    sockets.push(ws)
    expect((await ws.request('/reg', undefined, regHeaders(seller.token, seller.did))).code).toBe(401)
    const fresh = await imToken(s, seller.jar, seller.did)
    expect((await ws.request('/reg', undefined, regHeaders(fresh, seller.did))).code).toBe(200)
    expect(s.control.counters().tokenCalls).toBe(2)
  })

  it('the server closes a session when its IM token reaches its natural expiry', async () => {
    const { seller } = await boot({ imTokenTtlMs: 300 })
    expect((await seller.ws.waitClosed(3000)).code).toBe(4001)
  })

  it('heartbeatTimeoutMs closes a silent socket; kickoutOnDuplicateReg kicks the first socket of a did', async () => {
    const { s, seller } = await boot({ gateway: { heartbeatTimeoutMs: 300, kickoutOnDuplicateReg: true } })
    const second = await RawWs.open(s.urls.ws)
    sockets.push(second)
    expect((await second.request('/reg', undefined, regHeaders(seller.token, seller.did))).code).toBe(200)
    await seller.ws.waitFor((f) => f.lwp === '/push/kickout')
    expect((await seller.ws.waitClosed()).code).toBe(4002)
    expect((await second.waitClosed()).code).toBe(4008)
  })

  it('slow(): mtop and WS responses are delayed', async () => {
    const { s, seller } = await boot()
    s.control.slow({ mtopMs: 300, wsMs: 300 })
    let t0 = Date.now()
    await mtop(s.urls.mtopBase, seller.jar, 'mtop.taobao.idle.pc.detail', `{"itemId":"${ITEM}"}`)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    t0 = Date.now()
    await seller.ws.request('/!')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
  })
})

describe('simulator faults: pushes', () => {
  it('duplicatePushes: the same payload arrives twice with different mids', async () => {
    const { s, seller } = await boot()
    s.control.duplicatePushes({ count: 1 })
    say(s, '重复')
    await until(() => seller.ws.pushes().length >= 2)
    const [a, b] = seller.ws.pushes()
    expect(a?.headers.mid).not.toBe(b?.headers.mid)
    expect(itemsOf(a as never)[0]?.data).toBe(itemsOf(b as never)[0]?.data)
  })

  it('reorderPushes: a window of 3 packages is delivered newest first', async () => {
    const { s, seller } = await boot({ gateway: { batchWindowMs: 5 } })
    s.control.reorderPushes({ window: 3 })
    for (const t of ['1', '2', '3']) {
      say(s, t)
      await sleep(40)
    }
    await until(() => seller.ws.pushes().length >= 3)
    expect(seller.ws.pushes().map((f) => textOf(itemsOf(f)[0]?.data ?? ''))).toEqual(['3', '2', '1'])
  })

  it('repushUnackedMs: an un-ACKed push is re-sent once with the same mid', async () => {
    const { s, seller } = await boot({ gateway: { repushUnackedMs: 150 } })
    seller.ws.autoAck = false
    say(s, '没回执')
    await until(() => seller.ws.pushes().length >= 2, 3000)
    const [a, b] = seller.ws.pushes()
    expect(b?.headers.mid).toBe(a?.headers.mid)
    await sleep(400)
    expect(seller.ws.pushes()).toHaveLength(2)
  })

  it('sendMalformed: each kind reaches the client in its broken form', async () => {
    const { s, seller } = await boot()
    expect(s.control.sendMalformed({ kind: 'notJson' }).sent).toBe(1)
    await until(() => seller.ws.texts.some((t) => t.endsWith('"syncPushPa')))
    const kinds = ['badBase64', 'badMsgpack', 'ext', 'truncated', 'jsonHint'] as const
    for (const kind of kinds) {
      s.control.sendMalformed({ kind })
      await sleep(40)
    }
    await until(() => seller.ws.pushes().length >= kinds.length)
    const data = seller.ws.pushes().map((f) => itemsOf(f)[0]?.data ?? '')
    expect(data[0]).toMatch(/[^A-Za-z0-9+/=]/)
    expect(Buffer.from(data[1] ?? '', 'base64')[0]).toBe(0xc1)
    expect(Buffer.from(data[2] ?? '', 'base64').includes(0xd4)).toBe(true)
    expect(() => decodeItem(data[3] ?? '')).toThrow()
    expect(JSON.parse(Buffer.from(data[4] ?? '', 'base64').toString())).toHaveProperty('chatType', 1)
  })

  it('sendOversized: a valid push frame larger than the requested size', async () => {
    const { s, seller } = await boot()
    s.control.sendOversized({ bytes: 2_000_000 })
    await until(() => seller.ws.pushes().length >= 1, 5000)
    const big = seller.ws.texts.find((t) => t.includes('/s/sync')) ?? ''
    expect(big.length).toBeGreaterThan(2_000_000)
    expect(textOf(itemsOf(seller.ws.pushes()[0] as never)[0]?.data ?? '')?.length).toBeGreaterThanOrEqual(666_667)
  })

  it('blockSends: the next send is refused with CSI_FORBID', async () => {
    const { s, seller } = await boot()
    const msg = say(s, '在吗')
    s.control.blockSends({ count: 1 })
    const { textSendFrameBody } = await import('./harness')
    const r1 = await seller.ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody(msg.cid, BUYER, SELLER, '在'))
    const r2 = await seller.ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody(msg.cid, BUYER, SELLER, '在'))
    expect(r1.body).toMatchObject({ moreInfo: 'CSI_FORBID||安全拦截' })
    expect(r2.body).toMatchObject({ messageId: expect.any(String) })
    expect(s.control.counters()).toMatchObject({ blockedSends: 1, sends: 1 })
  })

  it('the HTTP control API mirrors the methods', async () => {
    const { s, seller } = await boot()
    const post = async (name: string, arg?: unknown): Promise<{ ok: boolean; result: unknown }> =>
      (await (await fetch(`${s.urls.control}/${name}`, { method: 'POST', body: arg === undefined ? '' : JSON.stringify(arg) })).json()) as { ok: boolean; result: unknown }
    expect((await post('zombie', { on: true })).result).toMatchObject({ zombie: true })
    expect(s.control.faults().zombie).toBe(true)
    expect((await post('resetFaults')).result).toMatchObject({ zombie: false })
    const said = (await post('buyerSays', { buyerId: BUYER, itemId: ITEM, sellerId: SELLER, text: 'via http' })).result as { cid: string }
    await seller.ws.waitFor((f) => f.lwp === '/s/sync')
    expect((await post('clients')).result).toHaveLength(1)
    expect((await post('messages', { cid: said.cid })).result).toHaveLength(1)
    const bad = await fetch(`${s.urls.control}/nope`, { method: 'POST' })
    expect(bad.status).toBe(404)
  })
})
