/**
 * The repos answer the hot per-message reads from memory. These tests hold the caches to the
 * database: after every kind of write, and after a rolled-back transaction, what a repo returns
 * is exactly what a fresh SQL read returns.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_SETTINGS, DEFAULT_GLOBAL_SETTINGS, type Conversation } from '../../../src-main/contract/schemas'
import { atomic, BoundedCache } from '../../../src-main/core/db/cache'
import { closeDb, openDb, type Db } from '../../../src-main/core/db/open'
import { AccountRepo } from '../../../src-main/core/db/repos/accountRepo'
import { ConversationRepo } from '../../../src-main/core/db/repos/conversationRepo'
import { ItemRepo } from '../../../src-main/core/db/repos/itemRepo'
import { MessageRepo } from '../../../src-main/core/db/repos/messageRepo'
import { RuleRepo } from '../../../src-main/core/db/repos/ruleRepo'
import { SettingsRepo } from '../../../src-main/core/db/repos/settingsRepo'

let db: Db
let accounts: AccountRepo
let items: ItemRepo
let conversations: ConversationRepo
let settings: SettingsRepo
let rules: RuleRepo
let messages: MessageRepo

const addAccount = (id: string, unb: string): void =>
  accounts.insert({ id, kind: 'xianyu', unb, nick: `卖家${unb}`, remark: '', deviceId: `dev-${id}`, userAgent: 'ua', cookieEnvelope: null, endpointsJson: null }, 1)

const item = (accountId: string, itemId: string, title: string, price: number) =>
  ({ accountId, itemId, title, price, description: '描述', skus: [], images: [], stock: 1, fetchedAt: 10 })

/** What SQL says right now (the list query joins accounts and items itself). */
const fromSql = (accountId: string, cid: string): Conversation | null =>
  conversations.list({ accountId, limit: 1000 }).find((c) => c.cid === cid) ?? null

beforeEach(() => {
  db = openDb({ file: ':memory:' })
  accounts = new AccountRepo(db)
  items = new ItemRepo(db, accounts)
  conversations = new ConversationRepo(db, { accounts, items })
  settings = new SettingsRepo(db, accounts)
  rules = new RuleRepo(db, accounts)
  messages = new MessageRepo(db)
  addAccount('a1', '2201')
  addAccount('a2', '2202')
})
afterEach(() => closeDb(db))

describe('conversation cache', () => {
  it('matches SQL after every kind of write', () => {
    const touch = (text: string, at: number, unreadDelta = 1) => conversations.touch({ accountId: 'a1', cid: 'c1', buyerId: 'b1', buyerNick: '买家', itemId: 'i1', text, at, unreadDelta })
    conversations.ensure('a1', 'c1', 1)
    expect(conversations.get('a1', 'c1')).toEqual(fromSql('a1', 'c1'))
    touch('在吗', 2)
    expect(conversations.get('a1', 'c1')).toMatchObject({ lastMessageText: '在吗', unread: 1, itemTitle: null })
    const steps: Array<[string, () => void]> = [
      ['touch', () => touch('便宜点', 3)],
      ['touch out of order, no buyer fields', () => conversations.touch({ accountId: 'a1', cid: 'c1', buyerId: '', buyerNick: '', itemId: null, text: '更早的一条', at: 1, unreadDelta: 0 })],
      ['touch without optional fields', () => conversations.touch({ accountId: 'a1', cid: 'c1', text: '[图片]', at: 4, unreadDelta: 1 })],
      ['touch with a new nick', () => conversations.touch({ accountId: 'a1', cid: 'c1', buyerId: 'b1', buyerNick: '新昵称', itemId: 'i1', text: '还在吗', at: 4, unreadDelta: 1 })],
      ['item fetched', () => items.upsert(item('a1', 'i1', '九成新耳机', 199))],
      ['item renamed', () => items.upsert(item('a1', 'i1', '耳机（降价）', 189))],
      ['bargain bumped', () => conversations.bumpBargain('a1', 'c1')],
      ['bargain reset', () => conversations.resetBargain('a1', 'c1', 50)],
      ['paused', () => conversations.setMode('a1', 'c1', 'paused', 9_999, 60)],
      ['taken over', () => conversations.setMode('a1', 'c1', 'takeover', null, 61)],
      ['released', () => conversations.setMode('a1', 'c1', 'auto', null, 62)],
      ['order', () => conversations.setOrder('a1', 'c1', '4100', 'paid')],
      ['copilot on', () => conversations.setCopilot('a1', 'c1', true)],
      ['copilot inherit', () => conversations.setCopilot('a1', 'c1', null)],
      ['read', () => conversations.markRead('a1', 'c1')],
      ['ensure again', () => conversations.ensure('a1', 'c1', 70)]
    ]
    for (const [what, write] of steps) {
      conversations.get('a1', 'c1') // make sure a cached copy exists before the write
      write()
      expect(conversations.get('a1', 'c1'), what).toEqual(fromSql('a1', 'c1'))
    }
    expect(conversations.get('a1', 'c1')).toMatchObject({ itemTitle: '耳机（降价）', buyerNick: '新昵称', lastMessageText: '还在吗', mode: 'auto', orderState: 'paid', unread: 0, copilot: null })
    expect(conversations.bargainResetAt('a1', 'c1')).toBe(50)
  })

  it('an archived account hides its chats, a revived one shows them again', () => {
    conversations.ensure('a1', 'c1', 1)
    expect(conversations.get('a1', 'c1')).not.toBeNull()
    accounts.archive('a1', 5)
    expect(conversations.get('a1', 'c1')).toBeNull()
    expect(fromSql('a1', 'c1')).toBeNull()
    accounts.revive('a1', { cookieEnvelope: null, nick: '', remark: '' }, 6)
    expect(conversations.get('a1', 'c1')).toEqual(fromSql('a1', 'c1'))
  })

  it('removing an account forgets its chats, items, settings and rules everywhere', () => {
    conversations.ensure('a1', 'c1', 1)
    conversations.ensure('a2', 'c1', 1)
    items.upsert(item('a1', 'i1', '耳机', 100))
    settings.putAccount('a1', { ...DEFAULT_ACCOUNT_SETTINGS, maxDiscountPercent: 7 }, 2)
    rules.insert({ scope: 'account', accountId: 'a1', itemId: null, matchMode: 'contains', keywords: ['在吗'], replies: [{ kind: 'text', text: '在的' }], priority: 0, enabled: true, replyOnce: false }, 3)
    // warm every cache
    expect(conversations.get('a1', 'c1')).not.toBeNull()
    expect(items.get('a1', 'i1')?.title).toBe('耳机')
    expect(settings.getAccount('a1').maxDiscountPercent).toBe(7)
    expect(rules.list('a1')).toHaveLength(1)
    accounts.remove('a1')
    expect(accounts.get('a1')).toBeNull()
    expect(conversations.get('a1', 'c1')).toBeNull()
    expect(items.get('a1', 'i1')).toBeNull()
    expect(settings.getAccount('a1')).toEqual(DEFAULT_ACCOUNT_SETTINGS)
    expect(rules.list('a1')).toEqual([])
    // the other account is untouched
    expect(conversations.get('a2', 'c1')).toEqual(fromSql('a2', 'c1'))
    // an account re-added under the same id starts clean
    addAccount('a1', '2201')
    expect(conversations.get('a1', 'c1')).toBeNull()
    expect(settings.getAccount('a1')).toEqual(DEFAULT_ACCOUNT_SETTINGS)
  })

  it('a rolled-back transaction leaves nothing it read behind', () => {
    conversations.ensure('a1', 'c1', 1)
    const failing = atomic(db, () => {
      conversations.setMode('a1', 'c1', 'takeover', null, 2)
      expect(conversations.get('a1', 'c1')?.mode).toBe('takeover') // read (and cached) inside
      settings.putGlobal({ ...DEFAULT_GLOBAL_SETTINGS, pauseAllAi: true }, 2)
      expect(settings.getGlobal().pauseAllAi).toBe(true)
      throw new Error('disk on fire')
    })
    expect(() => failing()).toThrow('disk on fire')
    expect(conversations.get('a1', 'c1')?.mode).toBe('auto')
    expect(conversations.get('a1', 'c1')).toEqual(fromSql('a1', 'c1'))
    expect(settings.getGlobal().pauseAllAi).toBe(false)
  })
})

describe('account, item, settings and rule caches', () => {
  it('accounts: every write is visible; the per-message last-message touch keeps the row current', () => {
    expect(accounts.get('a1')?.status).toBe('connecting')
    accounts.setStatus('a1', 'online', '', null, 2)
    expect(accounts.get('a1')?.status).toBe('online')
    accounts.update('a1', { remark: '主号', enabled: false }, 3)
    expect(accounts.get('a1')).toMatchObject({ remark: '主号', enabled: false })
    accounts.setCookies('a1', 'envelope-v1', 4)
    expect(accounts.get('a1')?.cookieEnvelope).toBe('envelope-v1')
    accounts.touchLastMessage('a1', 500)
    accounts.touchLastMessage('a1', 400) // older: max() keeps 500, in SQL and in memory
    expect(accounts.get('a1')?.lastMessageAt).toBe(500)
    expect(accounts.list().find((a) => a.id === 'a1')).toEqual(accounts.get('a1'))
  })

  it('items: a floor set by the seller and a re-fetch are both visible, the floor survives the re-fetch', () => {
    expect(items.get('a1', 'i1')).toBeNull()
    items.upsert(item('a1', 'i1', '耳机', 100))
    expect(items.get('a1', 'i1')).toMatchObject({ title: '耳机', price: 100, floorPrice: null })
    expect(items.setFloor('a1', 'i1', 88)).toBe(true)
    expect(items.get('a1', 'i1')?.floorPrice).toBe(88)
    items.upsert(item('a1', 'i1', '耳机', 120))
    expect(items.get('a1', 'i1')).toMatchObject({ price: 120, floorPrice: 88 })
    expect(items.get('a2', 'i1')).toBeNull()
  })

  it('settings: saved account and global settings are what the next read returns', () => {
    expect(settings.getAccount('a1')).toEqual(DEFAULT_ACCOUNT_SETTINGS)
    settings.putAccount('a1', { ...DEFAULT_ACCOUNT_SETTINGS, maxDiscountPercent: 0, maxDiscountAmount: 0, debounceSeconds: 3 }, 2)
    expect(settings.getAccount('a1')).toMatchObject({ maxDiscountPercent: 0, maxDiscountAmount: 0, debounceSeconds: 3 })
    expect(settings.getAccount('a2')).toEqual(DEFAULT_ACCOUNT_SETTINGS)
    expect(settings.getGlobal().pauseAllAi).toBe(false)
    settings.putGlobal({ ...settings.getGlobal(), pauseAllAi: true }, 3)
    expect(settings.getGlobal().pauseAllAi).toBe(true)
    settings.putKv('global', { ...DEFAULT_GLOBAL_SETTINGS, pauseAllAi: false }, 4)
    expect(settings.getGlobal().pauseAllAi).toBe(false)
  })

  it('rules: inserts, edits and removals show at once; callers get their own array', () => {
    const rule = { scope: 'global' as const, accountId: null, itemId: null, matchMode: 'contains' as const, keywords: ['包邮'], replies: [{ kind: 'text' as const, text: '包邮的' }], priority: 0, enabled: true, replyOnce: false }
    expect(rules.list('a1')).toEqual([])
    const id = rules.insert(rule, 1)
    expect(rules.list('a1').map((r) => r.keywords)).toEqual([['包邮']])
    const mine = rules.list('a1')
    mine.pop()
    expect(rules.list('a1')).toHaveLength(1)
    rules.update(id, { ...rule, keywords: ['包邮吗', '邮费'] }, 2)
    expect(rules.list('a1')[0]?.keywords).toEqual(['包邮吗', '邮费'])
    expect(rules.list()[0]?.keywords).toEqual(['包邮吗', '邮费'])
    rules.remove(id)
    expect(rules.list('a1')).toEqual([])
    expect(rules.list()).toEqual([])
  })

  it('messages still dedupe with the caches around them', () => {
    conversations.ensure('a1', 'c1', 1)
    const m = { accountId: 'a1', cid: 'c1', direction: 'in' as const, senderId: 'b1', senderNick: '买家', contentType: 'text' as const, text: '在吗', platformMessageId: 'p1', createdAt: 5 }
    expect(messages.insert(m).inserted).toBe(true)
    expect(messages.insert(m).inserted).toBe(false)
  })
})

describe('BoundedCache', () => {
  it('keeps at most its size, dropping the oldest entries first', () => {
    const c = new BoundedCache<string, number>(3)
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) c.set(k, v)
    expect(c.size).toBe(3)
    expect(c.get('a')).toBeUndefined()
    expect([c.get('b'), c.get('c'), c.get('d')]).toEqual([2, 3, 4])
    c.set('b', 20) // re-set: becomes the newest
    c.set('e', 5)
    expect(c.get('c')).toBeUndefined()
    expect(c.get('b')).toBe(20)
    c.deleteWhere((k) => k === 'b' || k === 'e')
    expect([c.get('b'), c.get('e'), c.get('d')]).toEqual([undefined, undefined, 4])
  })
})
