import { describe, expect, it } from 'vitest'
import type { KeywordRule, NewKeywordRule } from '@contract'
import { createRulesStore, sortRules } from '../../src-renderer/src/features/rules/store'
import { visibleRules } from '../../src-renderer/src/features/rules/selectors'
import { emptyForm, formOf, formProblems, insertVariable, toRule } from '../../src-renderer/src/features/rules/form'
import { FakeFailure, fakeBridge } from './fakeBridge'

const body = (over: Partial<NewKeywordRule> = {}): NewKeywordRule => ({
  scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: '包邮的' }], priority: 0, enabled: true, replyOnce: false, ...over
})

function rulesApi() {
  let rules: KeywordRule[] = []
  let next = 1
  const fake = fakeBridge({
    'rules.list': async () => rules,
    'rules.save': async ({ id, rule }) => {
      if (rule.replies.some((r) => r.kind === 'text' && r.text.includes('{oops}'))) throw new FakeFailure('BAD_INPUT', '未知变量 / Unknown variable: {oops}')
      const saved: KeywordRule = { ...(rule as NewKeywordRule), id: id ?? next++, createdAt: 1, updatedAt: 2 }
      rules = [...rules.filter((r) => r.id !== saved.id), saved]
      return saved
    },
    'rules.remove': async ({ id }) => {
      rules = rules.filter((r) => r.id !== id)
      return { removed: true }
    },
    'rules.test': async ({ text }) => {
      const rule = rules.find((r) => r.keywords.some((k) => text.includes(k))) ?? null
      return { rule, replies: rule ? rule.replies : [], usedDefault: false }
    },
    'rules.export': async () => ({ json: JSON.stringify({ format: 'xianyu-desk.rules', version: 1, rules }) }),
    'rules.import': async ({ json }) => {
      const parsed = JSON.parse(json) as { format?: string; rules?: NewKeywordRule[] }
      if (parsed.format !== 'xianyu-desk.rules') throw new FakeFailure('BAD_INPUT', '设置无效 / Invalid settings — format: Invalid literal')
      for (const r of parsed.rules ?? []) rules.push({ ...r, id: next++, createdAt: 1, updatedAt: 1 })
      return { imported: parsed.rules?.length ?? 0 }
    }
  })
  return { fake, all: () => rules }
}

describe('rules store', () => {
  it('creates, edits, toggles and deletes rules, in match order', async () => {
    const { fake, all } = rulesApi()
    const store = createRulesStore(fake.bridge)
    await store.getState().load()
    expect(store.getState().status).toBe('ready')
    expect(await store.getState().save(null, body())).toBe(true)
    expect(await store.getState().save(null, body({ scope: 'item', accountId: 'acc1', itemId: '42', keywords: ['电池'] }))).toBe(true)
    expect(await store.getState().save(null, body({ scope: 'account', accountId: 'acc1', priority: 5, keywords: ['发货'] }))).toBe(true)
    expect(store.getState().rules.map((r) => r.scope)).toEqual(['item', 'account', 'global'])

    const global = store.getState().rules.find((r) => r.scope === 'global') as KeywordRule
    await store.getState().setEnabled(global, false)
    expect(fake.calls.at(-1)?.input).toMatchObject({ id: global.id, rule: { enabled: false, keywords: ['包邮'] } })
    expect(fake.calls.at(-1)?.input).not.toHaveProperty('rule.createdAt')
    expect(store.getState().rules.find((r) => r.id === global.id)?.enabled).toBe(false)

    expect(await store.getState().remove(global.id)).toBe(true)
    expect(all().map((r) => r.id)).not.toContain(global.id)
    expect(store.getState().rules).toHaveLength(2)
    expect(store.getState().busyIds).toEqual([])
  })

  it('keeps a refused save in the dialog', async () => {
    const { fake } = rulesApi()
    const store = createRulesStore(fake.bridge)
    expect(await store.getState().save(null, body({ replies: [{ kind: 'text', text: '{oops}' }] }))).toBe(false)
    expect(store.getState().saveError).toMatchObject({ code: 'BAD_INPUT', message: '未知变量 / Unknown variable: {oops}' })
    expect(store.getState().rules).toEqual([])
    store.getState().clearSaveError()
    expect(store.getState().saveError).toBeNull()
  })

  it('tests a message against the rules', async () => {
    const { fake } = rulesApi()
    const store = createRulesStore(fake.bridge)
    await store.getState().save(null, body())
    await store.getState().runTest({ accountId: 'acc1', text: '包邮吗', itemId: ' ' })
    expect(fake.calls.at(-1)).toEqual({ key: 'rules.test', input: { accountId: 'acc1', text: '包邮吗' } })
    expect(store.getState().test).toMatchObject({ status: 'done', result: { rule: { keywords: ['包邮'] } } })
  })

  it('exports, imports (reloading the list) and reports a bad file', async () => {
    const { fake } = rulesApi()
    const store = createRulesStore(fake.bridge)
    await store.getState().save(null, body())
    const json = await store.getState().exportJson()
    expect(JSON.parse(json ?? '')).toMatchObject({ format: 'xianyu-desk.rules' })
    expect(await store.getState().importJson(json ?? '', 'acc9')).toBe(1)
    expect(fake.calls.find((c) => c.key === 'rules.import')?.input).toMatchObject({ mode: 'merge', targetAccountId: 'acc9' })
    expect(store.getState().rules).toHaveLength(2)
    expect(store.getState().notice).toEqual({ kind: 'imported', count: 1 })

    expect(await store.getState().importJson('{"format":"other"}')).toBeNull()
    expect(store.getState().actionError).toMatchObject({ code: 'BAD_INPUT' })
    expect(store.getState().rules).toHaveLength(2)
  })

  it('sorts item > account > global, then priority, and filters by account', () => {
    const r = (id: number, over: Partial<KeywordRule>): KeywordRule => ({ ...body(), id, createdAt: 0, updatedAt: 0, ...over })
    const rules = [r(1, {}), r(2, { priority: 9 }), r(3, { scope: 'account', accountId: 'a' }), r(4, { scope: 'item', accountId: 'b', itemId: '1' })]
    expect(sortRules(rules).map((x) => x.id)).toEqual([4, 3, 2, 1])
    expect(visibleRules(rules, 'a').map((x) => x.id)).toEqual([1, 2, 3])
    expect(visibleRules(rules, null)).toHaveLength(4)
  })
})

describe('rule form', () => {
  it('turns the dialog state into a contract rule per scope', () => {
    const f = { ...emptyForm('acc1'), keywords: ['包邮'], replies: [{ kind: 'text' as const, text: ' 包邮 ' }] }
    expect(toRule(f)).toMatchObject({ scope: 'global', accountId: null, itemId: null, replies: [{ kind: 'text', text: '包邮' }] })
    expect(toRule({ ...f, scope: 'account', itemId: '99' })).toMatchObject({ accountId: 'acc1', itemId: null })
    expect(toRule({ ...f, scope: 'item', itemId: '99' })).toMatchObject({ accountId: 'acc1', itemId: '99' })
    const saved: KeywordRule = { ...toRule({ ...f, scope: 'item', itemId: '99' }), id: 3, createdAt: 0, updatedAt: 0 }
    expect(toRule(formOf(saved))).toEqual(toRule({ ...f, scope: 'item', itemId: '99' }))
  })

  it('names everything that is missing at once, each with its field', () => {
    const f = emptyForm(null)
    expect(formProblems(f)).toEqual({ keywords: 'needKeyword', replies: 'needReply' })
    expect(formProblems({ ...f, scope: 'item', itemId: 'abc' })).toEqual({ keywords: 'needKeyword', replies: 'needReply', accountId: 'needAccount', itemId: 'needItem' })
    expect(formProblems({ ...f, keywords: ['a'] })).toEqual({ replies: 'needReply' })
    const ok = { ...f, keywords: ['a'], replies: [{ kind: 'text' as const, text: 'b' }] }
    expect(formProblems(ok)).toEqual({})
    expect(formProblems({ ...ok, scope: 'account' })).toEqual({ accountId: 'needAccount' })
    expect(formProblems({ ...ok, scope: 'item', accountId: 'x', itemId: 'abc' })).toEqual({ itemId: 'needItem' })
  })

  it('a buyer-visible reply with {floor_price} needs the seller to confirm; a saved one was confirmed', () => {
    const f = { ...emptyForm(null), keywords: ['最低'], replies: [{ kind: 'text' as const, text: '最低 {floor_price} 元' }] }
    expect(formProblems(f)).toEqual({ replies: 'revealsFloor' })
    expect(formProblems({ ...f, revealFloor: true })).toEqual({})
    const saved: KeywordRule = { ...toRule({ ...f, revealFloor: true }), id: 4, createdAt: 0, updatedAt: 0 }
    expect(formProblems(formOf(saved))).toEqual({})
    expect(formProblems({ ...f, replies: [{ kind: 'text', text: '一口价 {price}' }] })).toEqual({})
  })

  it('inserts a variable at the caret', () => {
    expect(insertVariable('你好，包邮', 'buyer', 2, 2)).toEqual({ text: '你好{buyer}，包邮', caret: 9 })
    expect(insertVariable('abc', 'price', 1, 2)).toEqual({ text: 'a{price}c', caret: 8 })
  })
})
