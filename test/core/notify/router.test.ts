import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../src-main/contract/events'
import type { NotifyRouting } from '../../../src-main/contract/notify'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../../helpers/core'
import { FakeClock } from '../../helpers/fakeClock'
import { startReceiver, type Receiver } from './receiver'

const DT = { token: 'dt-night-token-0001', secret: 'SECnight-dingtalk-secret-0001' }
const MIN = 60_000

let rx: Receiver
let t: TestCore
let clock: FakeClock
let accountId: string
let notices: Array<EventPayload<'notice.raised'>>

async function setup(startIso: string): Promise<void> {
  rx = await startReceiver({ dingtalk: DT })
  clock = new FakeClock(Date.parse(startIso))
  t = makeCore({ clock, core: { notify: { retry: { attempts: 4, baseMs: 1000 } } } })
  accountId = (await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })).id
  notices = []
  t.core.events.on('notice.raised', (n) => notices.push(n))
}
afterEach(async () => {
  await t?.dispose()
  await rx?.close()
})

async function dingtalk(name = '钉钉群'): Promise<string> {
  const c = await t.core.api['notify.saveChannel']({ name, kind: 'dingtalk', enabled: true, accountIds: null, config: { baseUrl: `${rx.url}/robot/send` }, secrets: DT })
  return c.id
}

async function route(change: (r: NotifyRouting) => void): Promise<void> {
  const r = structuredClone(await t.core.api['notify.getRouting']({}))
  change(r)
  await t.core.api['notify.setRouting']({ routing: r })
}

/** Waits until no send is in flight: HTTP is real even when the clock is not. */
const settle = (): Promise<void> => t.core.services.notify.router.idle()

let msgSeq = 0
function buyer(cid: string, text: string): void {
  msgSeq += 1
  t.core.services.ingest.ingest({
    accountId, cid, direction: 'in', senderId: `33000000${cid}`, senderNick: `买家${cid}`, buyerId: `33000000${cid}`, buyerNick: `买家${cid}`,
    itemId: null, contentType: 'text', text, platformMessageId: `night-${msgSeq}`, createdAt: clock.now()
  })
}

describe('a simulated night: a cookie failing for an hour, 50 buyer messages in taken-over chats during quiet hours', () => {
  beforeEach(() => setup('2026-12-04T22:30:00Z'))

  it('exactly one needs-login notice per channel, one digest after quiet hours, every notice in the delivery log', async () => {
    const c1 = await dingtalk()
    await route((r) => {
      r.quietHours = { enabled: true, start: '23:00', end: '07:00' }
      r.events.takeover_message.channelIds = ['desktop', c1]
      r.events.needs_login.channelIds = ['desktop', c1]
    })
    const chats = ['51000000101', '51000000102', '51000000103', '51000000104', '51000000105']
    for (const cid of chats) {
      buyer(cid, '在吗')
      await t.core.api['conversations.takeover']({ accountId, cid })
    }
    await clock.advance(35 * MIN) // 23:05, quiet
    await settle()
    const before = rx.received.length
    notices.length = 0

    // 23:05 → 07:30, minute by minute
    for (let minute = 0; minute < 8 * 60 + 25; minute++) {
      const at = new Date(clock.now())
      const hhmm = at.getUTCHours() * 60 + at.getUTCMinutes()
      // 50 buyer messages between 23:10 and 03:20, ten per chat
      if (minute >= 5 && minute < 255 && minute % 5 === 0) buyer(chats[(minute / 5) % 5] as string, `第 ${minute / 5} 条：还在吗？`)
      // 01:00–02:00: the connection fails with needs_login every minute and every renewal fails; core
      // reports the state and raises on each failure, as app.ts's recover() does
      if (hhmm >= 60 && hhmm < 120) {
        t.core.services.notify.onState(accountId, { state: 'FAILED', previous: 'CONNECTING', reason: 'session expired', at: clock.now() })
        t.core.services.notify.router.raise({ kind: 'needs_login', accountId, vars: { reason: '' } })
      }
      if (hhmm === 120) {
        // the seller's phone was not needed after all: the cookie works again (recover() resolves on CONNECTED)
        t.core.services.notify.onState(accountId, { state: 'CONNECTED', previous: 'CONNECTING', reason: '', at: clock.now() })
        t.core.services.notify.router.resolve('needs_login', accountId)
      }
      await clock.advance(MIN)
      await settle()
    }
    const got = rx.received.slice(before)
    expect(got.map((r) => r.signatureOk)).toEqual([true, true])
    expect(got[0]?.text).toMatch(/^小鱼卖家：需要重新登录/)
    expect(got[1]?.text).toMatch(/^免打扰期间的 50 条通知/)
    expect(got[1]?.text).toContain('· 买家51000000101：新消息（人工接管中） ×10')
    expect(notices.map((n) => [n.kind, new Date(n.createdAt).toISOString().slice(11, 16)])).toEqual([['needs_login', '01:00'], ['digest', '07:00']])

    const log = await t.core.api['notify.listDeliveries']({ limit: 1000 })
    for (const channelId of ['desktop', c1]) {
      const mine = log.filter((d) => d.channelId === channelId && d.createdAt >= Date.parse('2026-12-04T23:05:00Z'))
      const digest = mine.filter((d) => d.event === 'digest')
      expect(digest).toHaveLength(1)
      expect(digest[0]).toMatchObject({ status: 'sent', attempts: 1 })
      expect(mine.filter((d) => d.event === 'needs_login').map((d) => d.status)).toEqual(['sent'])
      const held = mine.filter((d) => d.event === 'takeover_message')
      expect(held).toHaveLength(50)
      expect(held.every((d) => d.status === 'digested' && d.digestId === digest[0]?.id)).toBe(true)
    }
    expect(log.some((d) => d.status === 'held' || d.status === 'pending' || d.status === 'failed')).toBe(false)
  })
})

describe('notify router', () => {
  beforeEach(() => setup('2026-12-04T12:00:00Z'))

  it('an incident is raised once until its cause clears, then again', async () => {
    const r = t.core.services.notify.router
    expect(r.raise({ kind: 'needs_login', accountId })).toBe(true)
    expect(r.raise({ kind: 'needs_login', accountId })).toBe(false)
    r.resolve('needs_login', accountId)
    expect(r.raise({ kind: 'needs_login', accountId })).toBe(true)
    expect(notices.map((n) => n.kind)).toEqual(['needs_login', 'needs_login'])
  })

  it('retries a failing channel with backoff, then logs the channel\'s own error', async () => {
    const c1 = await dingtalk()
    await route((r) => { r.events.order_paid.channelIds = [c1] })
    rx.failNext(2, 502)
    t.core.services.notify.router.once({ kind: 'order_paid', accountId, cid: '51000000201', orderId: '3000001', vars: { buyer: '小周', item: '耳机', orderId: '3000001' } })
    await settle()
    await clock.advance(1000)
    await settle()
    await clock.advance(2000)
    await settle()
    const [ok] = await t.core.api['notify.listDeliveries']({ limit: 1 })
    expect(ok).toMatchObject({ status: 'sent', attempts: 3, title: '小周 已付款，请发货', body: '耳机 · 订单 3000001' })

    rx.failNext(10, 500)
    t.core.services.notify.router.once({ kind: 'order_paid', accountId, vars: { buyer: '小李' } })
    for (const ms of [0, 1000, 2000, 4000]) {
      await clock.advance(ms)
      await settle()
    }
    const [failed] = await t.core.api['notify.listDeliveries']({ limit: 1 })
    expect(failed).toMatchObject({ status: 'failed', attempts: 4, error: 'HTTP 500: upstream busy' })
  })

  it('rate limit: the overflow becomes one digest when the window reopens', async () => {
    const c1 = await dingtalk()
    await route((r) => {
      r.rateLimit = { max: 3, windowMinutes: 10 }
      r.events.takeover_message.channelIds = [c1]
    })
    for (let i = 0; i < 8; i++) t.core.services.notify.router.once({ kind: 'takeover_message', accountId, cid: 'c', vars: { buyer: '小王', mode: '人工接管中', item: '', text: `${i}` } })
    await settle()
    expect(rx.received).toHaveLength(3)
    await clock.advance(10 * MIN)
    await settle()
    expect(rx.received).toHaveLength(4)
    expect(rx.received[3]?.text).toMatch(/^5 条通知被合并发送\n· 小王：新消息（人工接管中） ×5$/)
  })

  it('routes per event and per account; a disabled event goes nowhere', async () => {
    const c1 = await dingtalk()
    await route((r) => {
      r.events.order_paid.channelIds = ['desktop', c1]
      r.events.order_paid.accountIds = ['someone-else']
      r.events.ai_failing.enabled = false
    })
    t.core.services.notify.router.once({ kind: 'order_paid', accountId })
    t.core.services.notify.router.raise({ kind: 'ai_failing', accountId })
    await settle()
    expect(notices).toEqual([])
    expect(await t.core.api['notify.listDeliveries']({ limit: 10 })).toEqual([])
  })

  it('the test button reports the channel\'s error, and success', async () => {
    const c1 = await dingtalk()
    const good = await t.core.api['notify.testChannel']({ id: c1 })
    expect(good).toMatchObject({ ok: true, error: null, delivery: { event: 'test', status: 'sent' } })
    await t.core.api['notify.saveChannel']({ id: c1, name: '钉钉群', kind: 'dingtalk', enabled: true, accountIds: null, config: { baseUrl: `${rx.url}/robot/send` }, secrets: { secret: 'wrong' } })
    const bad = await t.core.api['notify.testChannel']({ id: c1 })
    expect(bad).toMatchObject({ ok: false, error: 'DingTalk errcode 310000: sign not match', delivery: { status: 'failed', attempts: 1 } })
    const list = await t.core.api['notify.listChannels']({})
    expect(list.map((c) => [c.id, c.kind, c.secrets])).toEqual([['desktop', 'desktop', {}], [c1, 'dingtalk', { token: true, secret: true }]])
  })

  it('removing a channel drops it from every route and deletes its keychain item', async () => {
    const c1 = await dingtalk()
    await route((r) => { r.events.order_paid.channelIds = ['desktop', c1] })
    expect(await t.core.api['notify.removeChannel']({ id: c1 })).toEqual({ removed: true })
    expect((await t.core.api['notify.getRouting']({})).events.order_paid.channelIds).toEqual(['desktop'])
    expect(await t.secrets?.get(`notify:${c1}`)).toBeNull()
    await expect(t.core.api['notify.setRouting']({ routing: { ...(await t.core.api['notify.getRouting']({})), events: { ...(await t.core.api['notify.getRouting']({})).events, order_paid: { ...(await t.core.api['notify.getRouting']({})).events.order_paid, channelIds: [c1] } } } })).rejects.toThrow(/no such channel/)
  })
})

describe('across a restart', () => {
  beforeEach(() => setup('2026-12-04T23:30:00Z'))

  it('held notices still go out as a digest; a send cut off by the shutdown is logged as failed, not pending forever', async () => {
    const c1 = await dingtalk()
    await route((r) => {
      r.quietHours = { enabled: true, start: '23:00', end: '07:00' }
      r.events.order_paid.channelIds = [c1]
    })
    for (const buyer of ['小王', '小李']) t.core.services.notify.router.once({ kind: 'order_paid', accountId, vars: { buyer, item: '耳机', orderId: '1' } })
    // a send in flight at shutdown (the row exists, the answer never came)
    t.core.services.db.prepare("INSERT INTO notify_deliveries (channel_id, channel_name, event, title, body, status, created_at, updated_at) VALUES (?, '钉钉群', 'order_paid', '半路', '', 'pending', 1, 1)").run(c1)
    await t.core.close()
    t = makeCore({ clock, dir: t.dir, secrets: t.secrets, core: { notify: { retry: { attempts: 1, baseMs: 1 } } } })
    await clock.advance(8 * 60 * MIN)
    await t.core.services.notify.router.idle()
    const log = await t.core.api['notify.listDeliveries']({ limit: 10 })
    expect(log.map((d) => [d.event, d.status])).toEqual([['digest', 'sent'], ['order_paid', 'failed'], ['order_paid', 'digested'], ['order_paid', 'digested']])
    expect(log[1]?.error).toMatch(/the app stopped before it was sent/)
    expect(rx.received.at(-1)?.text).toBe('免打扰期间的 2 条通知\n· 小王 已付款，请发货\n· 小李 已付款，请发货')
  })
})

describe('a database that refuses the log', () => {
  beforeEach(() => setup('2026-12-04T12:00:00Z'))

  it('core still starts, and the notice (a damaged database, say) still reaches the desktop', async () => {
    // every write to the log fails the way a damaged file does
    t.core.services.db.prepare("INSERT INTO notify_deliveries (channel_id, channel_name, event, title, body, status, created_at, updated_at) VALUES ('desktop', 'd', 'test', 't', '', 'pending', 1, 1)").run()
    t.core.services.db.exec(`
      CREATE TRIGGER broken_insert BEFORE INSERT ON notify_deliveries BEGIN SELECT RAISE(ABORT, 'database disk image is malformed'); END;
      CREATE TRIGGER broken_update BEFORE UPDATE ON notify_deliveries BEGIN SELECT RAISE(ABORT, 'database disk image is malformed'); END;`)
    await t.core.close()
    t = makeCore({ clock, dir: t.dir, secrets: t.secrets })
    t.core.events.on('notice.raised', (n) => notices.push(n))
    expect(t.core.services.notify.router.raise({ kind: 'db_damaged', accountId: null, vars: { file: '/data/xianyu-desk.db', backup: '没有备份 / No backup' } })).toBe(true)
    await settle()
    expect(notices.map((n) => [n.kind, n.title, n.body])).toEqual([['db_damaged', '数据库已损坏 / The database is damaged', '/data/xianyu-desk.db\n没有备份 / No backup']])
    expect(t.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['delivery log unreadable', 'delivery not logged']))
  })
})
