import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../src-main/simulator'
import { makeCore, type TestCore } from '../helpers/core'
import { AppError } from '../../src-main/core/errors'
import { MEMORY_ENVELOPE } from '../../src-main/core/services/accountService'
import type { Endpoints } from '../../src-main/contract/schemas'

/**
 * The whole inbound → reply path over the real protocol client against the simulator:
 * buyer message pushed → persisted → keyword rule → sent through the gateway → the buyer gets it.
 */
let sim: Simulator
let t: TestCore
afterEach(async () => {
  await t?.dispose()
  await sim?.close()
})

const SELLER = '2200000000001'
const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await ok()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function connected(): Promise<{ accountId: string; itemId: string }> {
  sim = await startSimulator({ scenario: 'quiet', sellerUnb: SELLER })
  t = makeCore()
  const endpoints: Endpoints = { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' }
  const cookie = sim.control.mintCookie({ unb: SELLER, nick: '测试卖家' })
  const account = await t.core.services.accounts.addByCookie({ cookie }, { endpointsJson: JSON.stringify(endpoints) })
  await t.core.api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0 } })
  await t.core.api['rules.save']({ rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['在吗'], replies: [{ kind: 'text', text: '在的，{buyer}您好' }], priority: 0, enabled: true, replyOnce: false } })
  await t.core.start()
  await until('online', async () => (await t.core.api['accounts.list']({}))[0]?.status === 'online')
  const itemId = sim.control.buyers()[0]?.itemId ?? (await import('../../src-main/simulator/scenarios')).BUILTIN_SCENARIOS.quiet?.items?.[0]?.itemId ?? ''
  return { accountId: account.id, itemId }
}

describe('account manager against the simulator', () => {
  it('connects, persists the buyer message, answers once through the gateway, and caches the item', async () => {
    const { accountId } = await connected()
    const m = sim.control.buyerSays({ buyerId: '3300000000002', nick: '小王', text: '在吗' })
    await until('reply sent', () => sim.control.sent().length === 1)
    expect(sim.control.sent()[0]?.text).toBe('在的，小王您好')
    const cid = m.cid.replace(/@goofish$/, '')
    // the gateway has the reply; the app stores it once the send is acknowledged
    await until('reply stored', async () => (await t.core.api['messages.list']({ accountId, cid })).length === 2)
    const msgs = await t.core.api['messages.list']({ accountId, cid })
    expect(msgs.map((x) => [x.direction, x.text])).toEqual([['in', '在吗'], ['out', '在的，小王您好']])
    await until('item cached', () => t.core.services.items.get(accountId, m.itemId) !== null)
    expect(t.core.services.items.get(accountId, m.itemId)?.price).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 300))
    expect(sim.control.sent()).toHaveLength(1)
  })

  it('duplicate pushes and a dropped socket: every message delivered once, nothing sent twice', async () => {
    const { accountId } = await connected()
    sim.control.duplicatePushes({ count: 2 })
    sim.control.buyerSays({ buyerId: '3300000000003', nick: '小李', text: '在吗' })
    await until('first reply', () => sim.control.sent().length === 1)
    sim.control.dropSocket({})
    await until('dropped', async () => (await t.core.api['accounts.list']({}))[0]?.connection !== 'CONNECTED')
    // a buyer writes while we are offline: the backfill after the reconnect must bring it in
    sim.control.buyerSays({ buyerId: '3300000000004', nick: '小张', text: '在吗' })
    await until('reconnected', async () => (await t.core.api['accounts.list']({}))[0]?.connection === 'CONNECTED')
    await until('second reply', () => sim.control.sent().length === 2)
    await new Promise((r) => setTimeout(r, 500))
    expect(sim.control.sent()).toHaveLength(2)
    const inbound = t.core.services.db.prepare("SELECT count(*) FROM messages WHERE account_id = ? AND direction = 'in'").pluck().get(accountId)
    expect(inbound).toBe(2)
  })

  it('the seller replying from the phone pauses the bot in that chat', async () => {
    const { accountId } = await connected()
    const m = sim.control.buyerSays({ buyerId: '3300000000005', nick: '小赵', text: '你好' })
    const cid = m.cid.replace(/@goofish$/, '')
    await until('buyer message stored', async () => (await t.core.api['messages.list']({ accountId, cid })).length === 1)
    sim.control.sellerSaysElsewhere({ cid: m.cid, text: '在的，稍等' })
    await until('paused', async () => (await t.core.api['conversations.list']({}))[0]?.mode === 'paused')
    sim.control.buyerSays({ cid: m.cid, text: '在吗' })
    await until('second buyer message stored', async () => (await t.core.api['messages.list']({ accountId, cid })).filter((x) => x.direction === 'in').length === 2)
    await new Promise((r) => setTimeout(r, 300))
    expect(sim.control.sent()).toHaveLength(0)
  })
})

describe('sending a picture by hand', () => {
  it('uploads through the account session, sends it, stores it as a manual image and pauses the bot', async () => {
    const { accountId } = await connected()
    const m = sim.control.buyerSays({ buyerId: '3300000000009', nick: '小吴', text: '有实物图吗' })
    const cid = m.cid.replace(/@goofish$/, '')
    await until('stored', async () => (await t.core.api['messages.list']({ accountId, cid })).length > 0)
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='
    const sent = await t.core.api['messages.sendImage']({ accountId, cid, mime: 'image/png', filename: 'photo.png', dataBase64: png })
    expect(sent).toMatchObject({ direction: 'out', contentType: 'image', source: 'manual' })
    expect(sent.imageUrl).toMatch(/^https?:/)
    await until('gateway got the image', () => sim.control.sent().some((x) => x.contentType === 2))
    expect((await t.core.api['conversations.detail']({ accountId, cid })).conversation.mode).toBe('paused')
  })
})

describe('demo mode', () => {
  it('the demo account connects to the bundled simulator, scripted buyers write, starter rules answer', async () => {
    t = makeCore()
    const demo = await t.core.api['accounts.addDemo']({})
    expect(demo).toMatchObject({ kind: 'demo', nick: '演示卖家' })
    await t.core.start()
    await until('online', async () => (await t.core.api['accounts.list']({}))[0]?.status === 'online', 30_000)
    await t.core.api['demo.start']({})
    const answered = (): number => t.core.services.db.prepare("SELECT count(*) FROM messages WHERE direction = 'out' AND source = 'keyword'").pluck().get() as number
    await until('a keyword reply to a scripted buyer', () => answered() > 0, 40_000)
    const chats = await t.core.api['conversations.list']({})
    expect(chats.length).toBeGreaterThan(0)
    expect(chats.some((c) => c.itemTitle)).toBe(true)

    // the last demo account removed: its simulator stops listening
    expect(t.core.services.demo.running).toBe(true)
    await t.core.api['accounts.remove']({ id: demo.id, wipeData: true })
    expect(t.core.services.demo.running).toBe(false)
  })

  it('the demo needs no keychain: its login stays in memory, is minted again after a restart, and nothing is stored', async () => {
    t = makeCore({ secrets: null })
    const dir = t.dir
    const demo = await t.core.api['accounts.addDemo']({})
    expect(demo.hasCookies).toBe(true)
    await t.core.start()
    await until('online', async () => (await t.core.api['accounts.list']({}))[0]?.status === 'online', 30_000)
    const stored = t.core.services.db.prepare('SELECT cookie_envelope FROM accounts WHERE id = ?').pluck().get(demo.id)
    expect(stored).toBe(MEMORY_ENVELOPE)
    await t.core.close()

    // a restart: the old simulator is gone, a fresh login comes from the new one
    t = makeCore({ secrets: null, dir })
    await t.core.start()
    await until('online after a restart', async () => (await t.core.api['accounts.list']({}))[0]?.status === 'online', 30_000)
    await t.core.api['accounts.remove']({ id: demo.id, wipeData: true })
    expect(t.core.services.demo.running).toBe(false)
  })

  it('adding the demo fails → the bundled simulator does not keep running', async () => {
    t = makeCore()
    t.core.services.accounts.addByCookie = async () => {
      throw new AppError('INTERNAL', '模拟失败 / simulated failure')
    }
    await expect(t.core.api['accounts.addDemo']({})).rejects.toMatchObject({ code: 'INTERNAL' })
    expect(t.core.services.demo.running).toBe(false)
  })
})

describe('notices from live chats', () => {
  it('a buyer writing in a taken-over chat, and a paid order, each raise one notice', async () => {
    const { accountId } = await connected()
    const notices: Array<{ kind: string; cid: string | null }> = []
    t.core.events.on('notice.raised', (n) => notices.push({ kind: n.kind, cid: n.cid }))
    const m = sim.control.buyerSays({ buyerId: '3300000000008', nick: '小周', text: '你好' })
    const cid = m.cid.replace(/@goofish$/, '')
    await until('stored', async () => (await t.core.api['messages.list']({ accountId, cid })).length > 0)
    await t.core.api['conversations.takeover']({ accountId, cid })
    sim.control.buyerSays({ cid: m.cid, text: '还在吗' })
    await until('takeover notice', () => notices.some((n) => n.kind === 'takeover_message'))
    sim.control.orderEvent({ cid: m.cid, event: 'order' })
    sim.control.orderEvent({ cid: m.cid, event: 'pay' })
    await until('paid notice', () => notices.some((n) => n.kind === 'order_paid'))
    expect(notices.filter((n) => n.kind === 'order_paid')).toEqual([{ kind: 'order_paid', cid }])
    expect((await t.core.api['conversations.detail']({ accountId, cid })).conversation.orderState).toBe('paid')
    expect(sim.control.sent()).toHaveLength(0)
  })
})
