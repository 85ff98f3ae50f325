import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src-main/simulator/index'
import {
  ackDiffNowBody, connectSeller, decodeItem, deviceId, imToken, itemsOf, Jar, RawWs, regHeaders, SELLER, textSendFrameBody, until
} from './harness'

const BUYER = '3300000000002'
let sim: Simulator | undefined
const sockets: RawWs[] = []

async function boot(opts: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ scenario: 'quiet', ...opts })
  return sim
}
async function seller(s: Simulator, unb = SELLER): Promise<Awaited<ReturnType<typeof connectSeller>>> {
  const session = await connectSeller(s, unb)
  sockets.push(session.ws)
  return session
}
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await sim?.close()
  sim = undefined
})

describe('simulator gateway: /reg', () => {
  it('accepts a token issued for this device id, answers with reg-sid/sid echoing the mid', async () => {
    const s = await boot()
    const jar = new Jar(s.control.mintCookie({ unb: SELLER }))
    const did = deviceId(SELLER)
    const token = await imToken(s, jar, did)
    const ws = await RawWs.open(s.urls.ws)
    sockets.push(ws)
    const reg = await ws.request('/reg', undefined, regHeaders(token, did))
    expect(reg.code).toBe(200)
    expect(typeof reg.headers['reg-sid']).toBe('string')
    expect(reg.headers.sid).toBe(reg.headers['reg-sid'])
    await ws.waitFor((f) => f.lwp === '/s/vulcan')
    expect(s.control.counters().regs).toBe(1)
    expect(s.control.clients()).toMatchObject([{ unb: SELLER, did, registered: true }])
  })

  it('bad token, variant "401": a code-401 frame and the socket stays unregistered', async () => {
    const s = await boot({ gateway: { badTokenMode: '401' } })
    const ws = await RawWs.open(s.urls.ws)
    sockets.push(ws)
    const reg = await ws.request('/reg', undefined, regHeaders('forged-token', deviceId(SELLER)))
    expect(reg.code).toBe(401)
    const hb = await ws.request('/!')
    expect(hb.code).toBe(200)
    expect((await ws.request('/r/SyncStatus/ackDiff', ackDiffNowBody())).code).toBe(401)
    expect(s.control.counters().regFailures).toBe(1)
  })

  it('bad token, variant "close": no answer, the server closes the socket within seconds', async () => {
    const s = await boot({ gateway: { badTokenMode: 'close', badTokenCloseMs: 200 } })
    const ws = await RawWs.open(s.urls.ws)
    sockets.push(ws)
    ws.send({ lwp: '/reg', headers: { mid: '1 0', ...regHeaders('forged', deviceId(SELLER)) } })
    const t0 = Date.now()
    const closed = await ws.waitClosed(3000)
    expect(closed.code).toBe(4001)
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(ws.frames.filter((f) => f.code !== undefined)).toEqual([])
  })

  it('a valid token used with another device id is rejected (token bound to did)', async () => {
    const s = await boot()
    const jar = new Jar(s.control.mintCookie({ unb: SELLER }))
    const token = await imToken(s, jar, deviceId(SELLER))
    const ws = await RawWs.open(s.urls.ws)
    sockets.push(ws)
    const other = `43D5F6F2-4460-4366-A35D-E3ACAC66DD21-${SELLER}`
    expect((await ws.request('/reg', undefined, regHeaders(token, other))).code).toBe(401)
  })
})

describe('simulator gateway: heartbeat, sync, pushes', () => {
  it('answers /! with code 200 and the same mid, and counts it', async () => {
    const s = await boot()
    const { ws } = await seller(s)
    const r = await ws.request('/!')
    expect(r).toEqual({ code: 200, headers: { mid: r.headers.mid } })
    expect(s.control.counters().heartbeatsAnswered).toBe(1)
  })

  it('pushes a buyer message as base64 MessagePack: integer keys, uint64 createAt, map16 extension; ACKs counted', async () => {
    const s = await boot()
    const { ws } = await seller(s)
    const msg = s.control.buyerSays({ buyerId: BUYER, itemId: '800000000101', sellerId: SELLER, text: '你好，这个还在吗？', nick: '买家昵称' })
    const push = await ws.waitFor((f) => f.lwp === '/s/sync')
    expect(push.headers).toMatchObject({ 'app-key': '444e9908a51d1cb236a27862abc769c9', dt: 'j' })
    const [item] = itemsOf(push)
    expect(item?.bizType).toBe(40000)
    const raw = Buffer.from(item?.data ?? '', 'base64')
    expect(raw[0]).toBe(0x82)
    const { value, keyTypes } = decodeItem(item?.data ?? '')
    expect(keyTypes.has('number')).toBe(true)
    const m = value[1] as Record<number, unknown>
    expect(m[2]).toBe(`${msg.cid}@goofish`)
    expect(m[5]).toBe(BigInt(msg.createAt))
    const ext = m[10] as Record<string, string>
    expect(Object.keys(ext)).toHaveLength(16)
    expect(raw.includes(Buffer.from([0x0a, 0xde, 0x00, 0x10]))).toBe(true)
    expect(ext.reminderContent).toBe('你好，这个还在吗？')
    expect(ext.reminderUrl).toContain('itemId=800000000101')
    expect(ext.senderUserId).toBe(BUYER)
    expect((value[3] as Record<string, string>).needPush).toBe('true')
    await until(() => s.control.counters().acks >= 1)
  })

  it('holds pushes for a registered socket until it starts sync (ackDiff), then delivers them', async () => {
    const s = await boot()
    const jar = new Jar(s.control.mintCookie({ unb: SELLER }))
    const ws = await RawWs.open(s.urls.ws)
    sockets.push(ws)
    await ws.request('/reg', undefined, regHeaders(await imToken(s, jar, deviceId(SELLER)), deviceId(SELLER)))
    s.control.buyerSays({ buyerId: BUYER, itemId: '800000000101', sellerId: SELLER, text: '早到的消息' })
    await new Promise((r) => setTimeout(r, 100))
    expect(ws.pushes()).toHaveLength(0)
    await ws.request('/r/SyncStatus/ackDiff', ackDiffNowBody())
    const push = await ws.waitFor((f) => f.lwp === '/s/sync')
    expect(JSON.stringify(decodeItem(itemsOf(push)[0]?.data ?? '').value[1], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toContain('早到的消息')
  })

  it('batches several messages into one sync package', async () => {
    const s = await boot({ gateway: { batchWindowMs: 50 } })
    const { ws } = await seller(s)
    for (const text of ['一', '二', '三']) s.control.buyerSays({ buyerId: BUYER, itemId: '800000000101', sellerId: SELLER, text })
    const push = await ws.waitFor((f) => f.lwp === '/s/sync')
    const texts = itemsOf(push).map((i) => ((decodeItem(i.data).value[1] as Record<number, Record<string, string>>)[10]?.reminderContent))
    expect(texts).toEqual(['一', '二', '三'])
  })

  it('getState → ackDiff variant works, and requireGetState withholds pushes from ackDiff-only clients', async () => {
    const s = await boot({ gateway: { requireGetState: true } })
    const a = await seller(s) // ackDiff "now" only
    const jar = new Jar(s.control.mintCookie({ unb: SELLER }))
    const did = `BED6F536-4A68-4DC9-B58E-3D4771DB4218-${SELLER}`
    const b = await RawWs.open(s.urls.ws)
    sockets.push(b)
    await b.request('/reg', undefined, regHeaders(await imToken(s, jar, did), did))
    const state = await b.request('/r/SyncStatus/getState', [{ topic: 'sync' }])
    expect(state.body).toMatchObject({ pipeline: 'sync', topic: 'sync', tooLong2Tag: 'PNM,1' })
    await b.request('/r/SyncStatus/ackDiff', [state.body])
    s.control.buyerSays({ buyerId: BUYER, itemId: '800000000101', sellerId: SELLER, text: 'hi' })
    await b.waitFor((f) => f.lwp === '/s/sync')
    expect(a.ws.pushes()).toHaveLength(0)
  })

  it('sendByReceiverScope stores the message and answers by mid; echo mode pushes it back (senderUserId == unb)', async () => {
    const s = await boot({ gateway: { echoOwnSends: 'all' } })
    const { ws } = await seller(s)
    const inbound = s.control.buyerSays({ buyerId: BUYER, itemId: '800000000101', sellerId: SELLER, text: '在吗' })
    await ws.waitFor((f) => f.lwp === '/s/sync')
    const before = ws.pushes().length
    const res = await ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody(inbound.cid, BUYER, SELLER, '在的～'))
    expect(res.code).toBe(200)
    expect(res.body).toMatchObject({ messageId: expect.stringMatching(/\.PNM$/) })
    expect(s.control.sent().map((m) => [m.cid, m.text, m.senderId])).toEqual([[inbound.cid, '在的～', SELLER]])
    const echo = await ws.waitFor((f) => f.lwp === '/s/sync', 3000, ws.frames.indexOf(ws.pushes()[before - 1] as never) + 1)
    const ext = (decodeItem(itemsOf(echo)[0]?.data ?? '').value[1] as Record<number, Record<string, string>>)[10]
    expect(ext?.senderUserId).toBe(SELLER)
    expect(ext?.reminderContent).toBe('在的～')
  })

  it('refuses blocked content with CSI_FORBID||安全拦截 and unknown conversations', async () => {
    const s = await boot({ gateway: { blockedPatterns: ['微信'] } })
    const { ws } = await seller(s)
    const inbound = s.control.buyerSays({ buyerId: BUYER, itemId: '800000000101', sellerId: SELLER, text: '在吗' })
    const res = await ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody(inbound.cid, BUYER, SELLER, '加微信聊'))
    expect(res.body).toMatchObject({ moreInfo: 'CSI_FORBID||安全拦截' })
    const unknown = await ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody('59999999999', BUYER, SELLER, 'x'))
    expect(unknown.code).toBe(400)
    expect(s.control.sent()).toEqual([])
  })

  it('create conversation is idempotent; listNewestPagination and listUserMessages page through the history', async () => {
    const s = await boot()
    const { ws } = await seller(s)
    const create = (): Promise<{ body?: unknown }> => ws.request('/r/SingleChatConversation/create', [{ pairFirst: `${BUYER}@goofish`, pairSecond: `${SELLER}@goofish`, bizType: '1', extension: { itemId: '800000000102' }, ctx: { appVersion: '1.0', platform: 'web' } }])
    const c1 = (await create()).body as { singleChatConversation: { cid: string } }
    const c2 = (await create()).body as { singleChatConversation: { cid: string } }
    expect(c1.singleChatConversation.cid).toMatch(/^\d+@goofish$/)
    expect(c2.singleChatConversation.cid).toBe(c1.singleChatConversation.cid)
    const cid = c1.singleChatConversation.cid.replace('@goofish', '')
    for (let i = 1; i <= 5; i++) s.control.buyerSays({ cid, text: `消息${i}` })
    s.control.buyerSays({ buyerId: '3300000000009', itemId: '800000000101', sellerId: SELLER, text: '另一个会话' })

    const convs = (await ws.request('/r/Conversation/listNewestPagination', [9007199254740991, 1])).body as { hasMore: boolean; nextCursor: number; userConvs: Array<{ singleChatUserConversation: { singleChatConversation: { cid: string } } }> }
    expect(convs.hasMore).toBe(true)
    expect(convs.userConvs[0]?.singleChatUserConversation.singleChatConversation.cid).not.toBe(`${cid}@goofish`)
    const next = (await ws.request('/r/Conversation/listNewestPagination', [convs.nextCursor, 10])).body as typeof convs
    expect(next.userConvs.map((u) => u.singleChatUserConversation.singleChatConversation.cid)).toEqual([`${cid}@goofish`])

    type Page = { hasMore: number; nextCursor: number; userMessageModels: Array<{ message: { content: { custom: { data: string } }; extension: { reminderContent: string } } }> }
    const p1 = (await ws.request('/r/MessageManager/listUserMessages', [`${cid}@goofish`, false, 9007199254740991, 3, false])).body as Page
    expect(p1.hasMore).toBe(1)
    expect(p1.userMessageModels.map((m) => m.message.extension.reminderContent)).toEqual(['消息5', '消息4', '消息3'])
    const inner = JSON.parse(Buffer.from(p1.userMessageModels[0]?.message.content.custom.data ?? '', 'base64').toString()) as { text: { text: string } }
    expect(inner.text.text).toBe('消息5')
    const p2 = (await ws.request('/r/MessageManager/listUserMessages', [`${cid}@goofish`, false, p1.nextCursor, 3, false])).body as Page
    expect(p2.hasMore).toBe(0)
    expect(p2.userMessageModels.map((m) => m.message.extension.reminderContent)).toEqual(['消息2', '消息1'])
    expect(s.control.counters().backfillCalls).toBe(4)
  })

  it('flow control: list RPCs right after /reg get body code 400600001', async () => {
    const s = await boot({ gateway: { listCooldownMs: 60_000 } })
    const { ws } = await seller(s)
    const r = await ws.request('/r/Conversation/listNewestPagination', [9007199254740991, 20])
    expect(r.body).toMatchObject({ code: '400600001' })
  })
})
