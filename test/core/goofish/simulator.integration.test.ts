/**
 * The protocol client against the project's simulator (src-main/simulator): real HTTP (mtop sign
 * checks, token rotation), real WebSocket gateway, MessagePack pushes and fault injection.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { Endpoints } from '../../../src-main/contract/schemas'
import type { ClientError, GoofishClientConfig, MessageEvent, StateChange } from '../../../src-main/core/goofish/clientTypes'
import { CookieJar } from '../../../src-main/core/goofish/cookies'
import { generateDeviceId } from '../../../src-main/core/goofish/ids'
import type { FetchLike, WsConstructor } from '../../../src-main/core/goofish/types'
import { GoofishClient } from '../../../src-main/core/goofish/wsClient'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import { waitFor } from './helpers/fakeGateway'

const SELLER = '2200000000001'
const BUYER = '3300000000777'
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'
const FAST: Partial<GoofishClientConfig> = {
  heartbeatMs: 200, zombieHeartbeats: 3, healthySyncTimeoutMs: 3000, requestTimeoutMs: 1500, syncDelayMs: 10,
  reconnect: { baseMs: 50, maxMs: 500, jitter: 0.3 }, backfillDelayMs: 20, probeIntervalMs: 300, probeGraceMs: 100
}

interface H {
  client: GoofishClient
  states: StateChange[]
  messages: MessageEvent[]
  errors: ClientError[]
  cids: Set<string>
}

let sim: Simulator
let h: H

function makeClient(syncStart: Endpoints['syncStart'] = 'ackDiffNow'): H {
  const jar = new CookieJar(sim.control.mintCookie({ unb: SELLER, nick: '小鱼' }))
  const cids = new Set<string>()
  const endpoints: Endpoints = { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart }
  const client = new GoofishClient({
    unb: SELLER, deviceId: generateDeviceId(SELLER), jar, userAgent: UA, endpoints,
    WebSocket: WebSocket as unknown as WsConstructor, fetch: globalThis.fetch as unknown as FetchLike,
    activeConversations: () => [...cids], config: FAST
  })
  const x: H = { client, states: [], messages: [], errors: [], cids }
  client.on('state', (s) => x.states.push(s))
  client.on('message', (m) => {
    x.messages.push(m)
    if ('message' in m.event) cids.add(m.event.message.cid)
  })
  client.on('error', (e) => x.errors.push(e))
  return x
}

const connectedCount = (): number => h.states.filter((s) => s.state === 'CONNECTED').length
const texts = (): string[] => h.messages.flatMap((m) => (m.event.kind === 'message' ? [m.event.message.text] : []))
const say = (text: string): string => sim.control.buyerSays({ buyerId: BUYER, sellerId: SELLER, text }).serverId

beforeEach(async () => {
  sim = await startSimulator({ scenario: 'quiet' })
})
afterEach(async () => {
  await h?.client.stop()
  await sim.close()
})

async function online(syncStart: Endpoints['syncStart'] = 'ackDiffNow'): Promise<void> {
  h = makeClient(syncStart)
  h.client.start()
  await waitFor(() => connectedCount() >= 1, 8000, 'CONNECTED')
}

describe('GoofishClient ↔ simulator', () => {
  it.each([['ackDiffNow'], ['getStateThenAckDiff']] as const)('%s: buyer message in, reply out, order card typed', async (variant) => {
    await online(variant)
    const id = say('你好，这个还在吗？')
    await waitFor(() => texts().includes('你好，这个还在吗？'), 4000, 'buyer message')
    const ev = h.messages.find((m) => m.dedupeKey === id)!.event
    expect(ev.kind === 'message' && ev.message).toMatchObject({ senderId: BUYER, platformMessageId: id, source: 'push' })
    const cid = ev.kind === 'message' ? ev.message.cid : ''
    expect(ev.kind === 'message' && ev.message.itemId).toMatch(/^\d+$/)
    const sent = await h.client.sendText({ cid, toUserId: BUYER, text: '在的，欢迎下单' })
    expect(sent.confirmed).toBe(true)
    expect(sim.control.sent({ cid }).map((m) => m.text)).toEqual(['在的，欢迎下单'])
    sim.control.orderEvent({ cid, event: 'order' })
    await waitFor(() => h.messages.some((m) => m.event.kind === 'order' && m.event.order.state === 'awaiting_payment'), 4000, 'ordered card')
    const order = sim.control.orderEvent({ cid, event: 'pay' })
    await waitFor(() => h.messages.some((m) => m.event.kind === 'order' && m.event.order.state === 'paid'), 4000, 'paid card')
    const paid = h.messages.find((m) => m.event.kind === 'order' && m.event.order.state === 'paid')!.event
    expect(paid.kind === 'order' && paid.order).toMatchObject({ orderId: order.orderId, autoDeliveryTrigger: true })
    expect(sim.control.counters().acks).toBeGreaterThan(0)
  })

  it('socket drop: recovers by itself; a message sent meanwhile arrives exactly once (backfill)', async () => {
    await online()
    say('第一条')
    await waitFor(() => texts().length === 1)
    const t0 = Date.now()
    sim.control.dropSocket({ mode: 'terminate' })
    say('断线期间的消息')
    await waitFor(() => connectedCount() >= 2, 8000, 'reconnected')
    await waitFor(() => texts().includes('断线期间的消息'), 4000, 'missed message')
    const recoverMs = Date.now() - t0
    expect(recoverMs).toBeLessThan(8000)
    await new Promise((r) => setTimeout(r, 400))
    expect(texts()).toEqual(['第一条', '断线期间的消息'])
  })

  it('zombie gateway (heartbeats answered, pushes dropped): detected, message delivered once', async () => {
    await online()
    say('先来一条')
    await waitFor(() => texts().length === 1)
    sim.control.zombie({ on: true })
    say('被吞掉的消息')
    await waitFor(() => texts().includes('被吞掉的消息'), 6000, 'message via probe')
    await waitFor(() => h.states.some((s) => s.state === 'RECONNECTING' && /zombie/.test(s.reason)), 4000, 'zombie reconnect')
    sim.control.zombie({ on: false })
    await waitFor(() => connectedCount() >= 2, 8000)
    say('恢复后')
    await waitFor(() => texts().includes('恢复后'), 4000)
    expect(texts()).toEqual(['先来一条', '被吞掉的消息', '恢复后'])
  })

  it('expired IM token (socket closed): new token fetched, back online', async () => {
    await online()
    const before = sim.control.counters().tokenCalls
    sim.control.expireImToken({ close: true })
    await waitFor(() => connectedCount() >= 2, 8000, 'reconnected with a new token')
    expect(sim.control.counters().tokenCalls).toBeGreaterThan(before)
  })

  it('dead session → FAILED needs_login (no reconnect storm)', async () => {
    await online()
    sim.control.expireSession({ unb: SELLER })
    sim.control.expireImToken({ close: true })
    await waitFor(() => h.client.state === 'FAILED', 8000, 'FAILED')
    expect(h.states.at(-1)!.error?.kind).toBe('needs_login')
    const regs = sim.control.counters().regs
    await new Promise((r) => setTimeout(r, 500))
    expect(sim.control.counters().regs).toBe(regs)
  })

  it('risk control on the token call → FAILED needs_verification with the punish URL', async () => {
    await online()
    const risk = sim.control.riskControl({ on: true })
    sim.control.expireImToken({ close: true })
    await waitFor(() => h.client.state === 'FAILED', 8000, 'FAILED')
    expect(h.states.at(-1)!.error).toMatchObject({ kind: 'needs_verification', verifyUrl: risk.punishUrl })
  })

  it('malformed items are typed errors; the loop goes on; duplicates and echoes are handled', async () => {
    await online()
    for (const kind of ['badBase64', 'badMsgpack', 'ext', 'truncated', 'notJson'] as const) sim.control.sendMalformed({ kind, unb: SELLER })
    await waitFor(() => h.errors.length >= 4, 4000, 'decode errors')
    expect(h.errors.some((e) => e.type === 'decode')).toBe(true)
    sim.control.duplicatePushes({ count: 2 })
    const id = say('重复推送')
    await waitFor(() => texts().includes('重复推送'))
    await new Promise((r) => setTimeout(r, 300))
    expect(h.messages.filter((m) => m.dedupeKey === id)).toHaveLength(1)
    sim.control.duplicatePushes({ count: 0 })
    sim.control.setEcho({ mode: 'all' })
    const cid = [...h.cids][0]!
    await h.client.sendText({ cid, toUserId: BUYER, text: '我是机器人回复' })
    sim.control.sellerSaysElsewhere({ cid, text: '我在手机上回复' })
    await waitFor(() => h.messages.some((m) => m.event.kind === 'self_message'), 4000)
    await new Promise((r) => setTimeout(r, 200))
    const kinds = h.messages.filter((m) => m.event.kind === 'own_echo' || m.event.kind === 'self_message').map((m) => m.event.kind)
    expect(kinds).toEqual(['own_echo', 'self_message'])
    expect(h.client.state).toBe('CONNECTED')
  })

  it('mtop through the simulator: item detail after _m_h5_tk expiry; image upload + send', async () => {
    await online()
    const id = say('看图')
    await waitFor(() => h.messages.some((m) => m.dedupeKey === id))
    const ev = h.messages.find((m) => m.dedupeKey === id)!.event
    if (ev.kind !== 'message') throw new Error('expected a message')
    sim.control.expireMtopToken()
    const item = await h.client.items.get(ev.message.itemId!)
    expect(item.title.length).toBeGreaterThan(0)
    // a 1×1 PNG
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
    const r = await h.client.sendImage({ cid: ev.message.cid, toUserId: BUYER, image: { bytes: png, filename: 'a.png', mime: 'image/png' } })
    expect(r.confirmed).toBe(true)
    expect(sim.control.counters().uploads).toBe(1)
    expect(sim.control.sent({ cid: ev.message.cid }).at(-1)!.contentType).toBe(2)
  })
})
