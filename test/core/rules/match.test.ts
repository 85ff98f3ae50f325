import { describe, expect, it } from 'vitest'
import type { KeywordRule } from '../../../src-main/contract/rules'
import { matches, selectRule, validatePattern } from '../../../src-main/core/rules/match'
import { renderTemplate, unknownVariables } from '../../../src-main/core/rules/template'

const rule = (over: Partial<KeywordRule>): KeywordRule => ({
  id: 1, scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: 'x' }],
  priority: 0, enabled: true, replyOnce: false, createdAt: 0, updatedAt: 0, ...over
})

describe('match modes', () => {
  it('contains / exact / all / regex, case- and width-insensitive', () => {
    expect(matches('contains', ['包邮'], '这个包邮吗？')).toBe(true)
    expect(matches('contains', ['iphone'], '你好 ＩＰｈｏｎｅ 还在吗')).toBe(true)
    expect(matches('exact', ['在吗'], ' 在吗 ')).toBe(true)
    expect(matches('exact', ['在吗'], '在吗？')).toBe(false)
    expect(matches('all', ['电池', '健康'], '电池健康多少')).toBe(true)
    expect(matches('all', ['电池', '健康'], '电池多少')).toBe(false)
    expect(matches('regex', ['^\\d+出吗$'], '100出吗')).toBe(true)
    expect(matches('regex', ['(unclosed'], '100出吗')).toBe(false)
  })

  it('refuses catastrophic and invalid patterns at save time', () => {
    expect(validatePattern('(a+)+$')).toMatch(/nested/)
    expect(validatePattern('(\\w*)*')).toMatch(/nested/)
    expect(validatePattern('([')).toMatch(/invalid/)
    expect(validatePattern('^(发货|邮费)\\d*$')).toBeNull()
  })
})

describe('rule precedence', () => {
  const rules = [
    rule({ id: 1, scope: 'global', keywords: ['包邮'], priority: 100 }),
    rule({ id: 2, scope: 'account', accountId: 'a', keywords: ['包邮'] }),
    rule({ id: 3, scope: 'item', accountId: 'a', itemId: '9', keywords: ['包邮'] }),
    rule({ id: 4, scope: 'account', accountId: 'b', keywords: ['包邮'] }),
    rule({ id: 5, scope: 'account', accountId: 'a', keywords: ['包邮'], priority: 5 }),
    rule({ id: 6, scope: 'account', accountId: 'a', keywords: ['发货'], enabled: false })
  ]
  const pick = (accountId: string, itemId: string | null, text: string, hit: number[] = []) =>
    selectRule(rules, { accountId, itemId, text, alreadyHit: (id) => hit.includes(id) })?.id ?? null

  it('item > account > global, then priority, then age', () => {
    expect(pick('a', '9', '包邮吗')).toBe(3)
    expect(pick('a', '8', '包邮吗')).toBe(5)
    expect(pick('c', null, '包邮吗')).toBe(1)
    expect(pick('b', null, '包邮吗')).toBe(4)
  })

  it('skips disabled rules and spent reply-once rules', () => {
    expect(pick('a', null, '什么时候发货')).toBeNull()
    const once = [rule({ id: 7, replyOnce: true }), rule({ id: 8, priority: -1 })]
    expect(selectRule(once, { accountId: 'a', itemId: null, text: '包邮', alreadyHit: (id) => id === 7 })?.id).toBe(8)
  })
})

describe('templates', () => {
  it('fills known variables and reports unknown ones', () => {
    expect(renderTemplate('{buyer}你好，{item_title}现价{price}元', { buyer: '小王', item_title: 'iPhone 13', price: '2999' })).toBe('小王你好，iPhone 13现价2999元')
    expect(renderTemplate('{buyer} 你好', {})).toBe('你好')
    expect(unknownVariables('{buyer} {byuer} {price}')).toEqual(['byuer'])
  })
})
