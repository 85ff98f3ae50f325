import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src-main/core/db/migrations'
import { m0001Initial } from '../../../src-main/core/db/migrations/0001-initial'
import { m0002Notify } from '../../../src-main/core/db/migrations/0002-notify'
import { m0003MessageOutcomes } from '../../../src-main/core/db/migrations/0003-message-outcomes'
import { migrate } from '../../../src-main/core/db/open'
import { DecisionRepo } from '../../../src-main/core/db/repos/decisionRepo'
import type { DecisionRecord } from '../../../src-main/contract/reply'
import { alwaysBelowFloor, reply, serverError, times } from '../../fakes/llm'
import { harness, type Harness } from './harness'

let h: Harness
afterEach(async () => h?.dispose())

const CID = '51000000003'
const last = async (): Promise<DecisionRecord | undefined> => (await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })).at(-1)
const saveRule = (keywords: string[], text: string): Promise<unknown> => h.t.core.api['rules.save']({
  rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords, replies: [{ kind: 'text', text }], priority: 0, enabled: true, replyOnce: false }
})

describe('decision records carry a language-free reason (issue 18)', () => {
  it('a keyword rule: its id and first keywords, and the safety check as a code', async () => {
    h = await harness(reply('AI 不该被调用'))
    await saveRule(['包邮', '运费'], '全国包邮')
    h.buyer('包邮吗')
    await h.settle()
    const d = await last()
    expect(d?.why).toEqual({ code: 'keyword_rule', params: { ruleId: d?.ruleId, ruleName: '包邮 / 运费' } })
    expect(d?.reason).toBe(`keyword rule #${d?.ruleId}`)
    expect(d?.checks).toContainEqual(expect.objectContaining({ kind: 'safety', ok: true, code: 'safety_passed', params: { what: 'keyword_reply' } }))
  })

  it('an AI answer within the round: code ai with the intent, the bargaining round as a check with its prices', async () => {
    h = await harness(reply((r) => `最多${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1]}哦`))
    h.buyer('800出吗')
    await h.settle()
    const d = await last()
    expect(d?.why).toEqual({ code: 'ai', params: { intent: 'price' } })
    const round = d?.checks.find((c) => c.code === 'bargain_round')
    expect(round?.params).toMatchObject({ round: 1, max: 3, allowed: d?.allowedPrice, floor: d?.floorPrice, list: 1000 })
    expect(d?.checks).toContainEqual(expect.objectContaining({ code: 'safety_passed', params: { what: 'ai_reply' } }))
  })

  it('a postage question has price terms but is no bargaining round (the record matches the chat counter)', async () => {
    h = await harness(reply('全国包邮哦'))
    h.buyer('包邮吗')
    await h.settle()
    const d = await last()
    expect(d?.intent).toBe('price')
    expect(d?.round).toBeNull()
    expect(d?.allowedPrice).not.toBeNull()
    expect(d?.checks.some((c) => c.code === 'bargain_round')).toBe(false)
    const detail = await h.t.core.api['conversations.detail']({ accountId: h.accountId, cid: CID })
    expect(detail.pricing?.round ?? 0).toBe(0)
  })

  it('below the floor once: corrected (ai_corrected, price_correction check); twice: the templated counter-offer (ai_template)', async () => {
    const produced: string[] = []
    h = await harness(times(1, alwaysBelowFloor(produced), reply((r) => `${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1]}元可以`)))
    h.buyer('800出吗')
    await h.settle()
    const d1 = await last()
    expect(d1?.why?.code).toBe('ai_corrected')
    expect(d1?.checks).toContainEqual(expect.objectContaining({ kind: 'price', ok: false, code: 'price_correction', params: { allowed: d1?.allowedPrice } }))
    await h.dispose()

    h = await harness(alwaysBelowFloor(produced))
    h.buyer('800出吗')
    await h.settle()
    const d2 = await last()
    expect(d2?.why).toEqual({ code: 'ai_template', params: { allowed: d2?.allowedPrice } })
    const whats = new Set(d2?.checks.filter((c) => c.code === 'safety_action').map((c) => c.params?.['what']))
    expect([...whats].sort()).toEqual(['ai_regeneration', 'ai_reply'])
  })

  it('rounds used up: rounds_used_up and the bargain_exhausted check', async () => {
    h = await harness(reply((r) => `${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1]}元可以`), { maxBargainRounds: 1 })
    h.buyer('800出吗')
    await h.settle()
    h.buyer('850行不行')
    await h.settle()
    const d = await last()
    expect(d?.why).toEqual({ code: 'rounds_used_up', params: { round: 2, max: 1 } })
    expect(d?.checks).toContainEqual(expect.objectContaining({ code: 'bargain_exhausted', params: { round: 2, max: 1 } }))
  })

  it('the LLM failing on a bargain: ai_unavailable_template, the error as ai_error with its kind', async () => {
    h = await harness(serverError({ times: 100 }))
    h.buyer('800出吗')
    await h.settle()
    const d = await last()
    expect(d?.why?.code).toBe('ai_unavailable_template')
    expect(d?.checks.some((c) => c.code === 'ai_error' && typeof c.params?.['kind'] === 'string')).toBe(true)
  })

  it('AI off with a default reply: default_reply and ai_unavailable (ai_off); without one: unanswered with the outcome', async () => {
    h = await harness(reply('x'), { aiEnabled: false, defaultReply: '您好，稍后回复您' })
    h.buyer('你好')
    await h.settle()
    const d = await last()
    expect(d?.why).toEqual({ code: 'default_reply', params: {} })
    expect(d?.checks).toContainEqual(expect.objectContaining({ code: 'ai_unavailable', params: { why: 'ai_off' } }))
    await h.t.core.api['settings.update']({ accountId: h.accountId, account: { defaultReply: '' } })
    h.buyer('还在吗')
    await h.settle()
    expect((await last())?.why).toEqual({ code: 'unanswered', params: { outcome: 'ai_off', decided: 'no_answer' } })
  })
})

describe('records from before issue 18', () => {
  it('a row written by the 0003 schema migrates and reads: no code, its English reason and checks', () => {
    const old = new Database(':memory:')
    migrate(old, [m0001Initial, m0002Notify, m0003MessageOutcomes])
    old.prepare("INSERT INTO decision_log (account_id, cid, source, reason, rule_id, checks_json, created_at) VALUES ('a1','c1','keyword','keyword rule #1',1,?,1)")
      .run(JSON.stringify([{ kind: 'safety', ok: true, detail: 'keyword reply: passed' }]))
    migrate(old, MIGRATIONS)
    const [d] = new DecisionRepo(old).listChat('a1', 'c1', 10)
    expect(d).toMatchObject({ reason: 'keyword rule #1', why: null, sentText: null, ruleId: 1, checks: [{ kind: 'safety', ok: true, detail: 'keyword reply: passed' }] })
    old.close()
  })
})

describe('an edited draft (issue 18)', () => {
  it('records the text the seller sent, the AI original kept as the reply', async () => {
    h = await harness(reply('可以的，今天发货'), { copilot: true })
    h.buyer('今天能发货吗')
    await h.settle()
    const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
    await h.t.core.api['drafts.approve']({ id: draft?.id ?? -1, text: '可以的，下午发货' })
    expect(h.sender.texts()).toEqual(['可以的，下午发货'])
    const d = await last()
    expect(d).toMatchObject({ reply: '可以的，今天发货', sentText: '可以的，下午发货', why: { code: 'ai', params: { intent: 'default' } } })
    expect(d?.replyMessageId).not.toBeNull()
  })

  it('a draft approved as written has no sentText', async () => {
    h = await harness(reply('可以的，今天发货'), { copilot: true })
    h.buyer('今天能发货吗')
    await h.settle()
    const [draft] = await h.t.core.api['drafts.list']({ accountId: h.accountId })
    await h.t.core.api['drafts.approve']({ id: draft?.id ?? -1 })
    expect((await last())?.sentText).toBeNull()
  })
})
