import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../../src-main/contract/events'
import type { DecisionRecord } from '../../../src-main/contract/reply'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../../helpers/core'
import { FakeClock } from '../../helpers/fakeClock'

let t: TestCore
let clock: FakeClock
let accountId: string
let notices: Array<EventPayload<'notice.raised'>>

beforeEach(async () => {
  clock = new FakeClock(Date.parse('2026-12-04T20:00:00Z'))
  t = makeCore({ clock })
  accountId = (await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })).id
  notices = []
  t.core.events.on('notice.raised', (n) => notices.push(n))
})
afterEach(async () => { await t.dispose() })

const decision = (over: Partial<DecisionRecord>): DecisionRecord => ({
  id: 1, accountId, cid: '51000000301', messageId: 1, replyMessageId: null, createdAt: clock.now(), source: 'none', intent: 'default', reply: null,
  allowedPrice: null, floorPrice: null, round: null, reason: 'x', why: null, sentText: null, ruleId: null, provider: null, model: null, tokensIn: null, tokensOut: null, latencyMs: null, checks: [], ...over
})

describe('notices from what core already records', () => {
  it('an AI reply blocked by outbound safety is a reply_held notice with the reason; a copilot draft too', () => {
    t.core.events.emit('decision.added', { decision: decision({ checks: [{ kind: 'safety.contact', ok: false, detail: 'AI reply: removed a WeChat id' }, { kind: 'ai', ok: false, detail: 'AI reply blocked by outbound safety' }] }) })
    t.core.events.emit('decision.added', { decision: decision({ source: 'ai', reply: '可以的', reason: 'AI (other) (draft: copilot mode)' }) })
    t.core.events.emit('decision.added', { decision: decision({ source: 'ai', reply: '好的', reason: 'AI (other)' }) })
    // a record with codes (issue 18): what safety found, in Chinese, once per kind
    const coded = (action: string): DecisionRecord['checks'][number] => ({ kind: `safety.${action}`, ok: false, detail: `AI reply: ${action}: 加我微信`, code: 'safety_action', params: { what: 'ai_reply', action, detail: '加我微信' } })
    t.core.events.emit('decision.added', { decision: decision({ cid: '51000000302', checks: [coded('contact'), coded('contact'), coded('blocked'), { kind: 'ai', ok: false, detail: 'AI reply blocked by outbound safety' }] }) })
    expect(notices.map((n) => [n.kind, n.body])).toEqual([
      ['reply_held', 'AI 回复被安全检查拦下，没有发送。AI reply: removed a WeChat id\n买家：'],
      ['reply_held', '副驾驶草稿等你确认后发送。\n买家：'],
      ['reply_held', 'AI 回复被安全检查拦下，没有发送：引导到站外联系（微信、QQ 等）。\n买家：']
    ])
  })

  it('the daily budget: once per account per day, again the next day', async () => {
    const over = decision({ checks: [{ kind: 'ai', ok: false, detail: 'daily AI budget of ¥5 reached: keyword rules only until tomorrow' }] })
    for (let i = 0; i < 5; i++) t.core.events.emit('decision.added', { decision: over })
    expect(notices.map((n) => n.title)).toEqual(['小鱼卖家：今日 AI 预算已用完'])
    expect(notices[0]?.body).toBe('已达到每日预算 ¥5，今天只用关键词规则回复。')
    await clock.advance(12 * 3600_000)
    t.core.events.emit('decision.added', { decision: over })
    expect(notices).toHaveLength(2)
  })

  it('the daily summary goes out at the configured time when enabled', async () => {
    const r = await t.core.api['notify.getRouting']({})
    await t.core.api['notify.setRouting']({ routing: { ...r, dailySummaryAt: '21:30', events: { ...r.events, daily_summary: { ...r.events.daily_summary, enabled: true } } } })
    await clock.advance(90 * 60_000 - 1)
    expect(notices).toEqual([])
    await clock.advance(1)
    expect(notices.map((n) => [n.kind, n.title])).toEqual([['daily_summary', '2026-12-04 日报']])
    expect(notices[0]?.body).toMatch(/^收到消息 0 条，发出 0 条，有订单进展的会话 0 个，AI 花费约 ¥0\.00。$/)
  })
})

describe('account offline', () => {
  const change = (state: 'RECONNECTING' | 'CONNECTED' | 'CLOSED') => ({ state, previous: 'CONNECTED' as const, reason: 'socket closed', at: clock.now() })

  it('raised once after the configured minutes offline; a reconnect in time raises nothing; a stop is not an outage', async () => {
    const n = t.core.services.notify
    n.onState(accountId, change('RECONNECTING'))
    await clock.advance(10 * 60_000)
    n.onState(accountId, change('CONNECTED'))
    await clock.advance(30 * 60_000)
    expect(notices).toEqual([])
    n.onState(accountId, change('RECONNECTING'))
    n.onState(accountId, change('RECONNECTING'))
    await clock.advance(15 * 60_000)
    expect(notices.map((x) => [x.kind, x.title])).toEqual([['account_offline', '小鱼卖家：已离线 15 分钟']])
    await clock.advance(60 * 60_000)
    expect(notices).toHaveLength(1)
    n.onState(accountId, change('CLOSED'))
    n.onState(accountId, change('RECONNECTING'))
    n.onState(accountId, change('CLOSED'))
    await clock.advance(60 * 60_000)
    expect(notices).toHaveLength(1)
  })
})
