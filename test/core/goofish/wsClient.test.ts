import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { ConnectionState, Endpoints } from '../../../src-main/contract/schemas'
import type { ClientError, GoofishClientConfig, MessageEvent, StateChange } from '../../../src-main/core/goofish/clientTypes'
import { CookieJar } from '../../../src-main/core/goofish/cookies'
import { generateDeviceId } from '../../../src-main/core/goofish/ids'
import type { FetchLike, WsConstructor } from '../../../src-main/core/goofish/types'
import { GoofishClient } from '../../../src-main/core/goofish/wsClient'
import { chatPayload, FakeGateway, waitFor } from './helpers/fakeGateway'
import { response } from './helpers/fakes'

const UNB = '2200000000001'
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'
const FAST: Partial<GoofishClientConfig> = {
  heartbeatMs: 80, zombieHeartbeats: 3, healthySyncTimeoutMs: 1500, requestTimeoutMs: 400, syncDelayMs: 10,
  reconnect: { baseMs: 30, maxMs: 300, jitter: 0.3 }, backfillDelayMs: 10, shortSessionMs: 300, sendResponseTimeoutMs: 400
}

/** mtop fake: login.token hands out tok-1, tok-2, … unless told to fail. */
function tokenFetch(gw: FakeGateway, mode: { fail?: 'session' | 'risk' | 'rate' } = {}): FetchLike & { tokenCalls: Array<{ deviceId: string }> } {
  const tokenCalls: Array<{ deviceId: string }> = []
  const f = (async (url: string, init: { body?: unknown }) => {
    const u = new URL(url)
    if (u.pathname.includes('hasLogin')) return response({ content: { success: false }, hasError: true })
    if (mode.fail === 'session') return response({ ret: ['FAIL_SYS_SESSION_EXPIRED::Session过期'] })
    if (mode.fail === 'rate') return response({ ret: ['FAIL_SYS_TRAFFIC_LIMIT::被挤爆啦,请稍后重试'] })
    if (mode.fail === 'risk') return response({ ret: ['FAIL_SYS_USER_VALIDATE', 'RGV587_ERROR::SM::哎哟喂,被挤爆啦,请稍后重试'], data: { url: 'https://h5api.example/_____tmd_____/punish?x5secdata=abc' } })
    const data = JSON.parse(new URLSearchParams(String(init.body)).get('data') ?? '{}') as { deviceId: string }
    tokenCalls.push(data)
    const tok = `tok-${tokenCalls.length}`
    gw.validTokens.add(tok)
    return response({ ret: ['SUCCESS::调用成功'], data: { accessToken: tok, accessTokenExpiredTime: '86400000', refreshToken: 'r' } }, { setCookie: ['_m_h5_tk=abc_1; Path=/'] })
  }) as unknown as FetchLike & { tokenCalls: Array<{ deviceId: string }> }
  f.tokenCalls = tokenCalls
  return f
}

interface Harness {
  client: GoofishClient
  fetch: ReturnType<typeof tokenFetch>
  states: StateChange[]
  messages: MessageEvent[]
  errors: ClientError[]
  did: string
  cookies: string[]
}

let gw: FakeGateway
let clients: GoofishClient[] = []

beforeEach(async () => {
  gw = await FakeGateway.start()
})
afterEach(async () => {
  for (const c of clients) await c.stop()
  clients = []
  await gw.close()
})

function make(o: { syncStart?: Endpoints['syncStart']; config?: Partial<GoofishClientConfig>; fail?: 'session' | 'risk' | 'rate'; active?: string[] } = {}): Harness {
  const fetch = tokenFetch(gw, o.fail ? { fail: o.fail } : {})
  const did = generateDeviceId(UNB)
  const endpoints: Endpoints = { mtopBase: 'https://h5api.example', passportBase: 'https://passport.example', wsUrl: gw.url, uploadUrl: 'https://upload.example/api/upload.api', syncStart: o.syncStart ?? 'ackDiffNow' }
  const cookies: string[] = []
  const client = new GoofishClient({
    unb: UNB, deviceId: did, jar: new CookieJar(`unb=${UNB}; cookie2=c2`), userAgent: UA, endpoints,
    WebSocket: WebSocket as unknown as WsConstructor, fetch, onCookies: (j) => cookies.push(j.toHeader()),
    config: { ...FAST, ...o.config }, ...(o.active ? { activeConversations: () => o.active ?? [] } : {})
  })
  clients.push(client)
  const h: Harness = { client, fetch, states: [], messages: [], errors: [], did, cookies }
  client.on('state', (s) => h.states.push(s))
  client.on('message', (m) => h.messages.push(m))
  client.on('error', (e) => h.errors.push(e))
  return h
}

const connected = (h: Harness, n = 1): Promise<void> => waitFor(() => h.states.filter((s) => s.state === 'CONNECTED').length >= n, 5000, `CONNECTED #${n}`)
const seq = (h: Harness): ConnectionState[] => h.states.map((s) => s.state)

describe('GoofishClient against a fake gateway', () => {
  it('connects: documented upgrade headers, /reg with the token fetched for the same did, ackDiff, heartbeat', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    expect(seq(h).slice(0, 2)).toEqual(['CONNECTING', 'CONNECTED'])
    expect(h.fetch.tokenCalls[0]!.deviceId).toBe(h.did)
    expect(h.cookies.at(-1)).toContain('_m_h5_tk=abc_1')
    const up = gw.upgrades[0]!
    expect(up['cookie']).toContain(`unb=${UNB}`)
    expect(up['origin']).toBe('https://www.goofish.com')
    expect(up['user-agent']).toBe(UA)
    const reg = gw.framesOf('/reg')[0]!
    expect(reg.headers).toMatchObject({ token: 'tok-1', did: h.did, 'app-key': '444e9908a51d1cb236a27862abc769c9', 'cache-header': 'app-key token ua wv' })
    expect(reg.headers['ua']).toContain('Chrome/140.0.0.0')
    const ack = gw.framesOf('/r/SyncStatus/ackDiff')[0]!
    expect((ack.body as Array<{ pts: number; timestamp: number }>)[0]!.pts).toBe((ack.body as Array<{ timestamp: number }>)[0]!.timestamp * 1000)
    await waitFor(() => gw.framesOf('/!').length >= 2, 2000, 'heartbeats')
  })

  it('getState → ackDiff variant echoes the state object', async () => {
    const h = make({ syncStart: 'getStateThenAckDiff' })
    h.client.start()
    await connected(h)
    expect(gw.framesOf('/r/SyncStatus/getState')).toHaveLength(1)
    expect(gw.framesOf('/r/SyncStatus/ackDiff')[0]!.body).toEqual([gw.state])
  })

  it('decodes EVERY item, ACKs every push, drops burst duplicates, survives a bad item and a bad frame', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    const a = chatPayload({ text: '在吗', serverId: 'A.PNM' })
    const b = chatPayload({ text: '便宜点', serverId: 'B.PNM' })
    const mid = gw.push([a, '!!not-a-payload', b])
    await waitFor(() => h.messages.length >= 2, 2000, 'two messages')
    expect(h.messages.map((m) => m.event.kind === 'message' && m.event.message.text)).toEqual(['在吗', '便宜点'])
    expect(h.messages[0]!.dedupeKey).toBe('A.PNM')
    expect(h.errors.filter((e) => e.type === 'decode')).toHaveLength(1)
    await waitFor(() => gw.acks.some((f) => f.headers['mid'] === mid), 1000, 'ack')
    expect(gw.acks.find((f) => f.headers['mid'] === mid)!.headers).toEqual({ mid, sid: 'sid-1', 'app-key': 'k', ua: 'u', dt: 'j' })
    gw.push([a, b]) // duplicate burst
    gw.sendRaw('{not json')
    gw.push([chatPayload({ text: '第三条', serverId: 'C.PNM' })])
    await waitFor(() => h.messages.length >= 3, 2000, 'third message')
    expect(h.messages).toHaveLength(3)
    expect(h.errors.some((e) => e.type === 'frame')).toBe(true)
    expect(h.client.state).toBe('CONNECTED')
  })

  it('reconnects with backoff after a drop, then backfills active conversations (deduped)', async () => {
    const h = make({ active: ['51000000003'] })
    h.client.start()
    await connected(h)
    gw.push([chatPayload({ text: '旧消息', serverId: 'OLD.PNM' })])
    await waitFor(() => h.messages.length === 1)
    gw.listMessages = [
      { message: { messageId: 'OLD.PNM', cid: '51000000003@goofish', sender: { uid: '3300000000002@goofish' }, createAt: 1, content: { contentType: 101, custom: { type: 1, data: Buffer.from('{"contentType":1,"text":{"text":"旧消息"}}').toString('base64') } }, extension: { senderUserId: '3300000000002', reminderContent: '旧消息' } } },
      { message: { messageId: 'MISSED.PNM', cid: '51000000003@goofish', sender: { uid: '3300000000002@goofish' }, createAt: 2, content: { contentType: 101, custom: { type: 1, data: Buffer.from('{"contentType":1,"text":{"text":"断线时的消息"}}').toString('base64') } }, extension: { senderUserId: '3300000000002', reminderContent: '断线时的消息', reminderUrl: 'fleamarket://message_chat?itemId=800000000004' } } }
    ]
    gw.dropAll()
    await connected(h, 2)
    const i = seq(h).indexOf('RECONNECTING')
    expect(i).toBeGreaterThan(0)
    expect(h.states[i]!.reason).toMatch(/socket closed.*retry in \d+ ms/)
    await waitFor(() => h.messages.length >= 2, 2000, 'backfilled message')
    const last = h.messages.at(-1)!.event
    expect(last.kind === 'message' && last.message).toMatchObject({ text: '断线时的消息', source: 'backfill', platformMessageId: 'MISSED.PNM', itemId: '800000000004' })
    expect(h.messages).toHaveLength(2) // OLD.PNM not emitted twice
    expect(gw.framesOf('/r/MessageManager/listUserMessages').at(-1)!.body).toEqual(['51000000003@goofish', false, 9007199254740991, 20, false])
  })

  it('gateway gone: reconnect attempts back off exponentially (with bounded jitter) up to the cap', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    await gw.close()
    await waitFor(() => h.states.filter((s) => s.state === 'RECONNECTING').length >= 6, 5000, 'six attempts')
    const delays = h.states.filter((s) => s.state === 'RECONNECTING').map((s) => Number(/retry in (\d+) ms/.exec(s.reason)?.[1]))
    delays.slice(0, 6).forEach((d, k) => {
      const raw = Math.min(300, 30 * 2 ** k)
      expect(d).toBeGreaterThanOrEqual(raw)
      expect(d).toBeLessThanOrEqual(Math.round(raw * 1.3))
    })
    gw = await FakeGateway.start() // for afterEach
  })

  it('zombie: heartbeat replies stop and nothing else arrives → reconnect', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    gw.stallHeartbeats = true
    await waitFor(() => h.states.some((s) => s.state === 'RECONNECTING'), 3000, 'zombie reconnect')
    expect(h.states.find((s) => s.state === 'RECONNECTING')!.reason).toMatch(/zombie: no frames/)
    gw.stallHeartbeats = false
    await connected(h, 2)
  })

  it('zombie: heartbeats fine but a peer message shows up only in the listing probe → delivered once, reconnect', async () => {
    const h = make({ config: { probeIntervalMs: 150, probeGraceMs: 0 } })
    h.client.start()
    await connected(h)
    await new Promise((r) => setTimeout(r, 200)) // one clean probe: nothing missed, still connected
    expect(seq(h)).toEqual(['CONNECTING', 'CONNECTED'])
    // created a little in the past: a message stamped in the same millisecond as the probe is
    // still inside the grace window (it may be a push in flight), so it is left for the next probe
    const model = (id: string, sender: string, text: string) => ({ singleChatUserConversation: { lastMessage: { message: {
      messageId: id, cid: '51000000003@goofish', sender: { uid: `${sender}@goofish` }, createAt: Date.now() - 50,
      content: { contentType: 101, custom: { type: 1, data: Buffer.from(JSON.stringify({ contentType: 1, text: { text } })).toString('base64') } },
      extension: { senderUserId: sender, reminderContent: text }
    } } } })
    gw.newest = [model('SELF.PNM', UNB, '我发的')] // our own message is never a missed push
    await new Promise((r) => setTimeout(r, 400))
    expect(h.states.some((s) => s.state === 'RECONNECTING')).toBe(false)
    gw.newest = [model('LOST.PNM', '3300000000002', '推送丢了')]
    await waitFor(() => h.states.some((s) => s.state === 'RECONNECTING'), 3000, 'probe reconnect')
    expect(h.states.find((s) => s.state === 'RECONNECTING')!.reason).toMatch(/zombie: 1 message/)
    await connected(h, 2)
    // delivered by the fresh session's backfill (not by the probe on the dying socket)
    await waitFor(() => h.messages.some((m) => m.dedupeKey === 'LOST.PNM'), 3000, 'backfilled')
    await new Promise((r) => setTimeout(r, 100))
    const lost = h.messages.filter((m) => m.dedupeKey === 'LOST.PNM')
    expect(lost).toHaveLength(1)
  })

  it('zombie: a socket that goes silent before a healthy sync → reconnect', async () => {
    gw.silent = true
    const h = make({ config: { healthySyncTimeoutMs: 300 } })
    h.client.start()
    await waitFor(() => h.states.some((s) => s.state === 'RECONNECTING'), 3000)
    expect(h.states.find((s) => s.state === 'RECONNECTING')!.reason).toMatch(/zombie/)
    gw.silent = false
    await connected(h)
  })

  it.each([['401'], ['close']] as const)('token rejected by the gateway (%s) → token refetched → connected', async (mode) => {
    gw.badTokenMode = mode
    const h = make()
    const origAdd = gw.validTokens.add.bind(gw.validTokens)
    let first = true
    gw.validTokens.add = (t: string) => (first ? ((first = false), gw.validTokens) : origAdd(t)) // tok-1 is never valid
    h.client.start()
    await connected(h)
    expect(h.fetch.tokenCalls.length).toBe(2)
    expect(gw.framesOf('/reg').map((f) => f.headers['token'])).toEqual(['tok-1', 'tok-2'])
    expect(h.states.find((s) => s.state === 'RECONNECTING')!.reason).toMatch(/token refused/)
  })

  it('FAILED when login is dead: no reconnect loop, error carries needs_login', async () => {
    const h = make({ fail: 'session' })
    h.client.start()
    await waitFor(() => h.client.state === 'FAILED')
    const f = h.states.at(-1)!
    expect(f.error?.kind).toBe('needs_login')
    await new Promise((r) => setTimeout(r, 200))
    expect(seq(h)).toEqual(['CONNECTING', 'FAILED'])
    expect(gw.upgrades).toHaveLength(0)
  })

  it('FAILED with the punish URL when risk control hits the token call', async () => {
    const h = make({ fail: 'risk' })
    h.client.start()
    await waitFor(() => h.client.state === 'FAILED')
    expect(h.states.at(-1)!.error).toMatchObject({ kind: 'needs_verification', verifyUrl: 'https://h5api.example/_____tmd_____/punish?x5secdata=abc' })
  })

  it('scheduled token refresh restarts the socket with the new token and must sync again', async () => {
    const h = make({ config: { tokenRefreshMs: 400, tokenRefreshJitter: 0 } })
    h.client.start()
    await connected(h)
    await connected(h, 2)
    expect(h.fetch.tokenCalls.length).toBeGreaterThanOrEqual(2)
    expect(gw.framesOf('/reg').map((f) => f.headers['token']).slice(0, 2)).toEqual(['tok-1', 'tok-2'])
    expect(h.states.find((s) => s.state === 'RECONNECTING')!.reason).toMatch(/token refreshed \(scheduled\)/)
  })

  it('sendText: creates the conversation, returns the server id; own echo is not a seller message', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    const r = await h.client.sendText({ toUserId: '3300000000002', itemId: '800000000004', text: '您好，在的～' })
    expect(r).toMatchObject({ cid: '777', messageId: 'srv-1.PNM', confirmed: true })
    const send = gw.framesOf('/r/MessageSend/sendByReceiverScope')[0]!
    const body = send.body as [{ cid: string; content: { custom: { data: string } } }, { actualReceivers: string[] }]
    expect(body[0].cid).toBe('777@goofish')
    expect(JSON.parse(Buffer.from(body[0].content.custom.data, 'base64').toString())).toEqual({ contentType: 1, text: { text: '您好，在的～' } })
    expect(body[1].actualReceivers).toEqual(['3300000000002@goofish', `${UNB}@goofish`])
    gw.push([chatPayload({ text: '您好，在的～', serverId: 'srv-1.PNM', sender: UNB, cid: '777' })])
    gw.push([chatPayload({ text: '我在手机上回的', serverId: 'PH.PNM', sender: UNB, cid: '777' })])
    await waitFor(() => h.messages.length >= 2)
    expect(h.messages.map((m) => m.event.kind)).toEqual(['own_echo', 'self_message'])
  })

  it('sendText: a refusal body is a typed send_refused error', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    gw.refuseSends = true
    await expect(h.client.sendText({ cid: '51000000003', toUserId: '3300000000002', text: '加我微信' })).rejects.toMatchObject({ kind: 'send_refused', reason: '消息中可能包含违规内容' })
  })

  it('sendText: per-account rate limit refuses beyond the window budget', async () => {
    const h = make({ config: { sendRatePerMinute: 2, maxSendQueueMs: 100 } })
    h.client.start()
    await connected(h)
    await h.client.sendText({ cid: '1', toUserId: '3', text: 'a' })
    await h.client.sendText({ cid: '1', toUserId: '3', text: 'b' })
    await expect(h.client.sendText({ cid: '1', toUserId: '3', text: 'c' })).rejects.toMatchObject({ kind: 'send_rate_limited' })
    expect(gw.framesOf('/r/MessageSend/sendByReceiverScope')).toHaveLength(2)
  })

  it('stop() rejects a send waiting for its rate-limit slot (no timer left behind)', async () => {
    const h = make({ config: { sendRatePerMinute: 1, maxSendQueueMs: 60_000 } })
    h.client.start()
    await connected(h)
    await h.client.sendText({ cid: '1', toUserId: '3', text: 'a' })
    const waiting = h.client.sendText({ cid: '1', toUserId: '3', text: 'b' })
    await new Promise((r) => setTimeout(r, 50))
    await h.client.stop()
    await expect(waiting).rejects.toMatchObject({ kind: 'closed' })
    expect(gw.framesOf('/r/MessageSend/sendByReceiverScope')).toHaveLength(1)
  })

  it('rate-limited token call: cools down (not FAILED, no hammering)', async () => {
    const h = make({ fail: 'rate', config: { rateLimitCooldownMs: 60_000 } })
    h.client.start()
    await waitFor(() => h.client.state === 'RECONNECTING')
    expect(h.states.at(-1)!.reason).toMatch(/rate limited; retry in (\d{5,}) ms/)
    expect(h.errors.some((e) => e.type === 'client')).toBe(true)
  })

  it('repeated /push/kickout → FAILED kicked_out', async () => {
    const h = make({ config: { maxKickouts: 2 } })
    h.client.start()
    await connected(h)
    const kick = (): void => {
      for (const ws of gw.sockets) ws.send(JSON.stringify({ lwp: '/push/kickout', headers: { mid: '9 0', sid: 's' }, body: { reason: 'another login' } }))
    }
    kick()
    await connected(h, 2)
    kick()
    await waitFor(() => h.client.state === 'FAILED')
    expect(h.states.at(-1)!.error?.kind).toBe('kicked_out')
  })

  it('sendText before CONNECTED → not_connected', async () => {
    const h = make()
    await expect(h.client.sendText({ cid: '1', toUserId: '3', text: 'a' })).rejects.toMatchObject({ kind: 'not_connected' })
  })

  it('stop(): CLOSED, socket closed, no reconnect, no more frames', async () => {
    const h = make()
    h.client.start()
    await connected(h)
    await h.client.stop()
    expect(h.client.state).toBe('CLOSED')
    await waitFor(() => gw.sockets.size === 0, 1000, 'socket closed')
    const n = gw.frames.length
    await new Promise((r) => setTimeout(r, 300))
    expect(gw.frames.length).toBe(n)
    expect(gw.upgrades).toHaveLength(1)
  })
})
