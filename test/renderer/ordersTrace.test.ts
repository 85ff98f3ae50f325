import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { OrderEventCode, ReadinessProblem, ReviewReason, type DeliveryRule, type OrderEvent } from '@contract'
import { compareOrders, dayBounds, matchingRules, orderActions, orderMatches, traceLine, TRACE_TONE, type Translate } from '../../src-renderer/src/features/orders/trace'
import { reviewActions } from '../../src-renderer/src/features/orders/reviewsStore'
import { en } from '../../src-renderer/src/i18n/en'
import { order } from './orderFixtures'
import { zhCN } from '../../src-renderer/src/i18n/zh-CN'

function translator(lng: 'zh-CN' | 'en'): Translate {
  const i = i18next.createInstance()
  void i.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng, fallbackLng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false })
  return (key, params) => String(i.t(key as never, params as never))
}
const zh = translator('zh-CN')
const english = translator('en')
const ctxZh = { language: 'zh-CN' as const, formatTime: (ts: number) => `T${ts}` }
const ctxEn = { language: 'en' as const, formatTime: (ts: number) => `T${ts}` }
const CJK = /[\u4e00-\u9fff]/

const event = (code: OrderEvent['code'], params: OrderEvent['params'] = {}, text = 'fallback'): OrderEvent => ({ id: 1, accountId: 'a1', orderId: '3000000001', at: 1, code, params, text })

const rule = (over: Partial<DeliveryRule> = {}): DeliveryRule => ({
  id: 1, accountId: 'a1', itemId: '800000000103', spec: '', name: '', enabled: true, source: { kind: 'pool', poolId: 1 },
  messages: [{ kind: 'text', text: '{code}' }], delaySeconds: 0, shipMode: 'after_ack', createdAt: 1, updatedAt: 1, ...over
})

describe('the trace in the seller’s language', () => {
  it('every OrderEventCode has its own zh-CN and English sentence and a tone', () => {
    for (const code of OrderEventCode.options) {
      const z = traceLine(event(code), zh, ctxZh)
      const e = traceLine(event(code), english, ctxEn)
      expect(z.text, code).not.toContain('orders.trace')
      expect(e.text, code).not.toContain('orders.trace')
      expect(z.text, code).toMatch(CJK)
      expect(e.text, code).not.toMatch(CJK)
      expect(z.text).not.toBe('fallback')
      expect(TRACE_TONE[code]).toMatch(/^(ok|bad|warn|info)$/)
    }
    // the sentences differ per code (no copy-paste)
    expect(new Set(OrderEventCode.options.map((c) => traceLine(event(c), zh, ctxZh).text)).size).toBeGreaterThan(OrderEventCode.options.length - 4)
  })

  it('a state change names the new state and lists where it came from', () => {
    const z = traceLine(event('state_changed', { from: 'placed', to: 'paid', source: 'card' }), zh, ctxZh)
    expect(z.text).toBe('订单状态变为「待发货」')
    expect(z.details).toEqual(['原状态: 待付款', '来源: 聊天卡片'])
    const e = traceLine(event('state_changed', { from: 'paid', to: 'shipped', source: 'sold' }), english, ctxEn)
    expect(e.text).toBe('Order is now "Shipped"')
    expect(e.details).toEqual(['From: To ship', 'Source: sold list'])
    expect(traceLine(event('state_changed', { from: null, to: 'placed', source: 'card' }), zh, ctxZh).details).toEqual(['来源: 聊天卡片'])
  })

  it('params are localized: reasons, delivery states, modes, delays, times, 1-based units, booleans', () => {
    expect(traceLine(event('review_opened', { reason: 'pool_empty', detail: '需要 2 张，剩余 0 张 / 2 needed, 0 left' }), zh, ctxZh).details)
      .toEqual(['原因: 卡密库没有可用卡密，没有发货', '说明: 需要 2 张，剩余 0 张'])
    expect(traceLine(event('review_opened', { reason: 'pool_empty', detail: '需要 2 张，剩余 0 张 / 2 needed, 0 left' }), english, ctxEn).details)
      .toEqual(['Reason: No codes left in the card pool: nothing was sent', 'Detail: 2 needed, 0 left'])
    expect(traceLine(event('delivery_scheduled', { dueAt: 5000, delaySeconds: 30 }), zh, ctxZh).details).toEqual(['预计发送: T5000', '延迟: 30 秒'])
    expect(traceLine(event('already_delivered', { delivery: 'delivered' }), english, ctxEn).details).toEqual(['Delivery: Delivered'])
    expect(traceLine(event('message_acked', { unit: 0, part: 1 }), zh, ctxZh).details).toEqual(['第几份: 1', '第几条: 2'])
    expect(traceLine(event('ship_skipped', { shipMode: 'off' }), zh, ctxZh).details).toEqual(['确认发货方式: 不确认发货'])
    expect(traceLine(event('delivery_started', { manual: true }), english, ctxEn).details).toEqual(['By hand: yes'])
    expect(traceLine(event('delivery_started', { manual: false }), english, ctxEn).details).toEqual([])
    expect(traceLine(event('note', { ruleId: 7 }), zh, ctxZh).details).toEqual(['规则: #7'])
    expect(traceLine(event('send_failed', { error: 'no answer from the platform', unconfirmed: true, transient: true }), zh, ctxZh).details)
      .toEqual(['错误: no answer from the platform', '平台未确认: 是', '临时错误: 是'])
  })

  it('codes never show in clear: masked params stay, anything else is masked here', () => {
    expect(traceLine(event('code_reserved', { codes: 'AB****9Z, CD****0X', units: 2, source: 'pool' }), zh, ctxZh).details)
      .toEqual(['卡密: AB****9Z, CD****0X', '份数: 2', '来源: 卡密库'])
    expect(traceLine(event('code_reserved', { units: 2, source: 'pool', code: 'AB****9Z, CD****0X' }), english, ctxEn).details)
      .toEqual(['Units: 2', 'Source: card pool', 'Code: AB****9Z, CD****0X'])
    const leaked = traceLine(event('code_reserved', { code: 'STEAM-KEY-12345, STEAM-KEY-67890' }), zh, ctxZh).details.join(' ')
    expect(leaked).not.toContain('STEAM-KEY-67890')
    expect(leaked).not.toContain('STEAM-KEY-12345')
    expect(leaked).toContain('ST')
  })

  it('an unknown param keeps its key as label; an unknown code falls back to the event text', () => {
    expect(traceLine(event('note', { somethingNew: 'x' }), zh, ctxZh).details).toEqual(['somethingNew: x'])
    expect(traceLine({ code: 'from_the_future' as OrderEvent['code'], params: {}, text: '新版本的事件 / a newer event' }, zh, ctxZh)).toEqual({ text: '新版本的事件 / a newer event', details: [], tone: 'info' })
  })

  it('every review reason and readiness problem reads in both languages', () => {
    for (const r of ReviewReason.options) {
      expect(zh(`orders.review.reason.${r}`)).toMatch(CJK)
      expect(english(`orders.review.reason.${r}`)).not.toMatch(CJK)
    }
    for (const p of ReadinessProblem.options) {
      expect(zh(`delivery.item.problem.${p}`)).toMatch(CJK)
      expect(english(`delivery.item.fix.${p}`)).not.toMatch(CJK)
    }
  })
})

describe('order logic', () => {
  it('offers the actions that make sense for the state', () => {
    expect(orderActions(order({ delivery: 'review' }))).toEqual({ deliverNow: true, resend: false, ship: true })
    expect(orderActions(order({ state: 'shipped', delivery: 'delivered', ship: 'shipped' }))).toEqual({ deliverNow: false, resend: true, ship: false })
    expect(orderActions(order({ state: 'refunding', delivery: 'skipped' }))).toEqual({ deliverNow: false, resend: false, ship: false })
    expect(orderActions(order({ state: 'placed', delivery: 'none' }))).toEqual({ deliverNow: false, resend: false, ship: false })
    // shipped by hand without its code: 立即发货 still sends it
    expect(orderActions(order({ state: 'shipped', delivery: 'none', ship: 'shipped' }))).toEqual({ deliverNow: true, resend: false, ship: false })
    expect(orderActions(order({ state: 'closed', delivery: 'skipped' }))).toEqual({ deliverNow: false, resend: false, ship: false })
  })

  it('the rule choice lists the enabled rules of the item whose spec the order contains', () => {
    const rules = [rule({ id: 1 }), rule({ id: 2, spec: '豪华版' }), rule({ id: 3, spec: '标准版' }), rule({ id: 4, enabled: false }), rule({ id: 5, itemId: '9' })]
    expect(matchingRules(rules, order()).map((r) => r.id)).toEqual([1, 2])
  })

  it('a live order joins the list only when it matches the filter', () => {
    const o = order()
    expect(orderMatches(o, {})).toBe(true)
    expect(orderMatches(o, { states: ['paid', 'shipped'] })).toBe(true)
    expect(orderMatches(o, { states: ['closed'] })).toBe(false)
    expect(orderMatches(o, { accountId: 'a2' })).toBe(false)
    expect(orderMatches(o, { itemId: '800000000103', search: 'steam' })).toBe(true)
    expect(orderMatches(o, { search: '玩家' })).toBe(true)
    expect(orderMatches(o, { search: '3000000001' })).toBe(true)
    expect(orderMatches(o, { search: 'nothing' })).toBe(false)
    expect(orderMatches(o, { from: 2_000 })).toBe(false)
    expect(orderMatches(o, { to: 999 })).toBe(false)
    expect([order({ orderId: '1', createdAt: 1 }), order({ orderId: '2', createdAt: 3 })].sort(compareOrders).map((x) => x.orderId)).toEqual(['2', '1'])
  })

  it('a day filter covers the whole local day (TZ=UTC in tests)', () => {
    expect(dayBounds('2025-01-31')).toEqual({ start: Date.UTC(2025, 0, 31), end: Date.UTC(2025, 1, 1) - 1 })
    expect(dayBounds('31/01/2025')).toBeNull()
  })

  it('a review offers the quick actions its reason allows', () => {
    expect(reviewActions({ reason: 'pool_empty' })).toEqual(['deliverNow', 'markHandled'])
    expect(reviewActions({ reason: 'send_failed' })).toEqual(['deliverNow', 'resend', 'markHandled'])
    expect(reviewActions({ reason: 'ship_failed' })).toEqual(['ship', 'markHandled'])
    expect(reviewActions({ reason: 'rules_ambiguous' })).toEqual(['markHandled'])
    for (const r of ReviewReason.options) expect(reviewActions({ reason: r })).toContain('markHandled')
  })
})
