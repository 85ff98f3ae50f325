import { afterEach, describe, expect, it } from 'vitest'
import type { NewKeywordRule } from '../../../src-main/contract/rules'
import { dispatch } from '../../../src-main/core/dispatch'
import { createLogger } from '../../../src-main/core/log/logger'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../../helpers/core'

let t: TestCore
afterEach(async () => t?.dispose())
const silent = createLogger({ sinks: [] })
const base: NewKeywordRule = { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: '{buyer}您好，全国包邮哦' }], priority: 0, enabled: true, replyOnce: false }

describe('rules service', () => {
  it('saves, lists, answers with variables, and falls back to the default reply', async () => {
    t = makeCore()
    const a = await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
    await t.core.api['rules.save']({ rule: base })
    await t.core.api['rules.save']({ rule: { ...base, scope: 'account', accountId: a.id, keywords: ['发货'], replies: [{ kind: 'text', text: '当天发货' }, { kind: 'image', url: 'https://img.example/ship.png' }] } })
    expect(await t.core.api['rules.list']({ accountId: a.id })).toHaveLength(2)
    const r1 = await t.core.api['rules.test']({ accountId: a.id, text: '包邮吗', buyerNick: '小王' })
    expect(r1.replies).toEqual([{ kind: 'text', text: '小王您好，全国包邮哦' }])
    const r2 = await t.core.api['rules.test']({ accountId: a.id, text: '什么时候发货' })
    expect(r2.replies).toHaveLength(2)
    const none = await t.core.api['rules.test']({ accountId: a.id, text: '你好' })
    expect(none).toEqual({ rule: null, replies: [], usedDefault: false })
    await t.core.api['settings.update']({ accountId: a.id, account: { defaultReply: '{buyer}稍等，马上回复' } })
    t.core.services.items.upsert({ accountId: a.id, itemId: '800000000004', title: 'iPhone 13', price: 1000, description: '', skus: [], images: [], stock: 1, fetchedAt: 0 })
    await t.core.api['rules.save']({ rule: { ...base, scope: 'item', accountId: a.id, itemId: '800000000004', keywords: ['最低'], replies: [{ kind: 'text', text: '{item_title}标价{price}，最低{floor_price}' }] } })
    const floor = await t.core.api['rules.test']({ accountId: a.id, itemId: '800000000004', text: '最低多少' })
    expect(floor.replies).toEqual([{ kind: 'text', text: 'iPhone 13标价1000，最低900' }])
    const dflt = await t.core.api['rules.test']({ accountId: a.id, text: '你好', buyerNick: '小李' })
    expect(dflt).toMatchObject({ rule: null, usedDefault: true, replies: [{ kind: 'text', text: '小李稍等，马上回复' }] })
  })

  it.each([
    [{ ...base, scope: 'account' as const }, /scope mismatch/],
    [{ ...base, matchMode: 'regex' as const, keywords: ['(a+)+'] }, /nested/],
    [{ ...base, replies: [{ kind: 'text' as const, text: '{byuer}' }] }, /Unknown variable/],
    [{ ...base, keywords: [] }, /keywords/],
    [{ ...base, scope: 'account' as const, accountId: 'acc_nobody' }, /unknown account/]
  ])('refuses an invalid rule with a clear BAD_INPUT (%#)', async (rule, msg) => {
    t = makeCore()
    const r = await dispatch(t.core.api, 'rules.save', { rule }, { logger: silent })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT')
      expect(r.error.message).toMatch(msg)
    }
    expect(await t.core.api['rules.list']({})).toHaveLength(0)
  })

  it('exports and re-imports, re-homing account rules to a target account', async () => {
    t = makeCore()
    const a = await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
    await t.core.api['rules.save']({ rule: base })
    await t.core.api['rules.save']({ rule: { ...base, scope: 'item', accountId: a.id, itemId: '800000000004', keywords: ['成色'] } })
    const { json } = await t.core.api['rules.export']({})
    const b = await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE.replace('unb=2200000000001', 'unb=2200000000009') })
    const r = await t.core.api['rules.import']({ json, targetAccountId: b.id, mode: 'merge' })
    expect(r.imported).toBe(2)
    const forB = (await t.core.api['rules.list']({ accountId: b.id })).filter((x) => x.accountId === b.id)
    expect(forB).toHaveLength(1)
    expect(forB[0]).toMatchObject({ scope: 'item', itemId: '800000000004' })
    const bad = await dispatch(t.core.api, 'rules.import', { json: '{"format":"other"}', mode: 'merge' }, { logger: silent })
    expect(!bad.ok && bad.error.code).toBe('BAD_INPUT')
    const notJson = await dispatch(t.core.api, 'rules.import', { json: '{', mode: 'merge' }, { logger: silent })
    expect(!notJson.ok && notJson.error.message).toMatch(/JSON/)
  })

  it('reply-once rules answer once per chat', async () => {
    t = makeCore()
    const a = await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
    const saved = await t.core.api['rules.save']({ rule: { ...base, replyOnce: true } })
    const svc = t.core.services.rules
    const ask = () => svc.answer({ accountId: a.id, cid: 'c1', itemId: null, text: '包邮吗', vars: {}, defaultReply: '' })
    expect(ask().rule?.id).toBe(saved.id)
    svc.recordHit(saved, a.id, 'c1')
    expect(ask().rule).toBeNull()
    expect(svc.answer({ accountId: a.id, cid: 'c2', itemId: null, text: '包邮吗', vars: {}, defaultReply: '' }).rule?.id).toBe(saved.id)
  })
})
