import { describe, expect, it } from 'vitest'
import { chatOf, parseHash } from '../../src-renderer/src/app/routes'
import {
  awaitsShipment, botSourceOf, chatBadges, countConversations, decisionForMessage, formatCountdown, needsAttention, pauseRemaining, senderOf, visibleConversations
} from '../../src-renderer/src/features/inbox/selectors'
import { addPhrase, readPhrases } from '../../src-renderer/src/features/inbox/quickPhrases'
import { conversation, decision } from './inboxFixtures'

const NOW = 1_700_000_000_000
const noDrafts = {}

describe('inbox selectors', () => {
  it('needs attention: taken over, paused (until it ends), a draft waiting, paid and not shipped', () => {
    expect(needsAttention(conversation(), noDrafts, NOW)).toBe(false)
    expect(needsAttention(conversation({ mode: 'takeover' }), noDrafts, NOW)).toBe(true)
    expect(needsAttention(conversation({ mode: 'paused', pausedUntil: NOW + 1000 }), noDrafts, NOW)).toBe(true)
    expect(needsAttention(conversation({ mode: 'paused', pausedUntil: NOW - 1 }), noDrafts, NOW)).toBe(false)
    expect(needsAttention(conversation(), { 'acc1\u000051000000001': [4] }, NOW)).toBe(true)
    expect(needsAttention(conversation({ orderState: 'paid' }), noDrafts, NOW)).toBe(true)
    expect(needsAttention(conversation({ orderState: '待发货' }), noDrafts, NOW)).toBe(true)
    expect(awaitsShipment('shipped')).toBe(false)
    expect(awaitsShipment(null)).toBe(false)
  })

  it('filters by account, unread and attention, over search results while searching', () => {
    const list = [conversation({ cid: 'a', unread: 2 }), conversation({ cid: 'b', accountId: 'acc2', mode: 'takeover' }), conversation({ cid: 'c' })]
    const base = { conversations: list, searchResults: null, drafts: noDrafts, filter: { accountId: null, unread: false, attention: false } }
    expect(visibleConversations(base, NOW)).toBe(list)
    expect(visibleConversations({ ...base, filter: { ...base.filter, unread: true } }, NOW).map((c) => c.cid)).toEqual(['a'])
    expect(visibleConversations({ ...base, filter: { ...base.filter, attention: true } }, NOW).map((c) => c.cid)).toEqual(['b'])
    expect(visibleConversations({ ...base, filter: { ...base.filter, accountId: 'acc1' } }, NOW).map((c) => c.cid)).toEqual(['a', 'c'])
    expect(visibleConversations({ ...base, searchResults: [list[2]!] }, NOW).map((c) => c.cid)).toEqual(['c'])
    expect(countConversations(list, noDrafts, NOW)).toEqual({ unread: 1, attention: 1 })
  })

  it('counts a pause down to pausedUntil', () => {
    const c = conversation({ mode: 'paused', pausedUntil: NOW + 9 * 60_000 + 5_000 })
    expect(pauseRemaining(c, NOW)).toBe(545_000)
    expect(formatCountdown(545_000)).toBe('9:05')
    expect(formatCountdown(3_723_000)).toBe('1:02:03')
    expect(formatCountdown(400)).toBe('0:01')
    expect(pauseRemaining(c, NOW + 600_000)).toBeNull()
    expect(pauseRemaining(conversation(), NOW)).toBeNull()
  })

  it('gives each row its state badges', () => {
    const on = { ai: 'on', keywordRules: false } as const
    expect(chatBadges(conversation(), noDrafts, NOW, false, on)).toEqual(['auto'])
    // copilot: the chat's own setting wins, null follows the account
    expect(chatBadges(conversation(), noDrafts, NOW, true)).toEqual(['copilot'])
    expect(chatBadges(conversation({ copilot: false }), noDrafts, NOW, true, on)).toEqual(['auto'])
    expect(chatBadges(conversation({ copilot: true }), noDrafts, NOW, false)).toEqual(['copilot'])
    expect(chatBadges(conversation({ mode: 'paused', pausedUntil: NOW + 1 }), noDrafts, NOW)).toEqual(['paused'])
    expect(chatBadges(conversation({ mode: 'takeover', orderState: 'paid' }), { 'acc1\u000051000000001': [1] }, NOW)).toEqual(['draft', 'takeover', 'paid'])
  })

  it('says AI 自动 only when the AI really answers; held messages put the chat under 需处理', () => {
    // not known yet: no AI label rather than a wrong one
    expect(chatBadges(conversation(), noDrafts, NOW)).toEqual([])
    expect(chatBadges(conversation(), noDrafts, NOW, false, { ai: 'off', keywordRules: true })).toEqual(['keywords'])
    expect(chatBadges(conversation(), noDrafts, NOW, false, { ai: 'no_key', keywordRules: false })).toEqual(['aiOff'])
    expect(chatBadges(conversation(), noDrafts, NOW, false, { ai: 'budget', keywordRules: true })).toEqual(['keywords'])
    expect(chatBadges(conversation(), noDrafts, NOW, true, { ai: 'paused_all', keywordRules: true })).toEqual(['aiOff'])
    expect(chatBadges(conversation({ mode: 'takeover' }), noDrafts, NOW, false, { ai: 'on', keywordRules: true })).toEqual(['takeover'])
    const held = conversation({ attention: 2 })
    expect(chatBadges(held, noDrafts, NOW, false, { ai: 'off', keywordRules: false })).toEqual(['attention', 'aiOff'])
    expect(needsAttention(held, noDrafts, NOW)).toBe(true)
    expect(countConversations([held, conversation({ cid: 'x' })], noDrafts, NOW).attention).toBe(1)
  })

  it('labels who sent a message', () => {
    expect(senderOf({ direction: 'in', source: null, contentType: 'text' })).toBe('buyer')
    expect(senderOf({ direction: 'out', source: 'manual', contentType: 'text' })).toBe('manual')
    expect(senderOf({ direction: 'out', source: 'other_device', contentType: 'text' })).toBe('other_device')
    expect(senderOf({ direction: 'out', source: 'refusal', contentType: 'text' })).toBe('bot')
    expect(senderOf({ direction: 'in', source: null, contentType: 'system' })).toBe('notice')
    expect(botSourceOf({ source: 'fallback' })).toBe('fallback')
    expect(botSourceOf({ source: 'manual' })).toBeNull()
    expect(botSourceOf({ source: 'delivery' })).toBe('delivery')
  })

  it('matches a bot message to its decision by replyMessageId', () => {
    const list = [decision({ id: 1, replyMessageId: null }), decision({ id: 2, replyMessageId: 42 })]
    expect(decisionForMessage(list, 42)?.id).toBe(2)
    expect(decisionForMessage(list, 41)).toBeNull()
    expect(decisionForMessage(list, null)).toBeNull()
  })

  it('routes #/inbox/<account>/<cid> to a chat', () => {
    expect(chatOf(parseHash('#/inbox/acc1/510%2F1'))).toEqual({ accountId: 'acc1', cid: '510/1' })
    expect(chatOf(parseHash('#/inbox'))).toBeNull()
    expect(chatOf(parseHash('#/accounts/acc1/5'))).toBeNull()
  })

  it('keeps quick phrases unique, newest first, and survives bad storage', () => {
    expect(addPhrase(['a', 'b'], ' b ')).toEqual(['b', 'a'])
    expect(addPhrase(['a'], '  ')).toEqual(['a'])
    expect(readPhrases({ getItem: () => '{bad json' })).toBeNull()
    expect(readPhrases({ getItem: () => JSON.stringify(['x', 3, '']) })).toEqual(['x'])
    expect(readPhrases(null)).toBeNull()
  })
})
