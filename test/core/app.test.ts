import Database from 'better-sqlite3'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/core/dispatch'
import { createLogger } from '../../src-main/core/log/logger'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../helpers/core'
import type { MemorySecretStore } from '../helpers/memorySecrets'
import { simPlatform } from '../helpers/platform'
import type { Simulator } from '../../src-main/simulator'

const silent = createLogger({ sinks: [] })
let t: TestCore
let sim: Simulator | undefined
afterEach(async () => {
  await t?.dispose()
  await sim?.close()
  sim = undefined
})

const call = (key: string, input: unknown) => dispatch(t.core.api, key, input, { logger: silent, checkOutput: true })

describe('accounts', () => {
  it('adds by cookie, lists, updates, and emits account.changed', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const seen: string[] = []
    t.core.events.on('account.changed', (e) => seen.push(`${e.id}:${e.removed}`))
    const added = await call('accounts.addByCookie', { cookie: SAMPLE_COOKIE, remark: '主号' })
    expect(added.ok).toBe(true)
    if (!added.ok) return
    const acc = added.value as { id: string; unb: string; nick: string; remark: string; hasCookies: boolean }
    expect(acc).toMatchObject({ unb: '2200000000001', nick: '小鱼卖家', remark: '主号', hasCookies: true })
    const list = await call('accounts.list', {})
    expect(list.ok && (list.value as unknown[]).length).toBe(1)
    const upd = await call('accounts.update', { id: acc.id, enabled: false, remark: '备用' })
    expect(upd.ok && upd.value).toMatchObject({ enabled: false, status: 'disabled', remark: '备用' })
    // added, then updated (connection state changes may add more): never a removal
    expect(seen.length).toBeGreaterThanOrEqual(2)
    expect(new Set(seen)).toEqual(new Set([`${acc.id}:false`]))
  })

  it('re-adding the same unb re-logs the same account in', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    const b = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE.replace('cookie2=1a2b', 'cookie2=9f9f') })
    expect(b.id).toBe(a.id)
    expect(await t.core.api['accounts.list']({})).toHaveLength(1)
    expect((await t.core.services.accounts.cookies(a.id)).get('cookie2')).toMatch(/^9f9f/)
  })

  it.each([
    ['', /Invalid input/],
    ['hello world', /Not a cookie string/],
    ['_m_h5_tk=abc_1; cookie2=x', /lacks unb/],
    ['unb=2200000000001; cookie2=x', /lacks _m_h5_tk/],
    ['unb=abc; _m_h5_tk=x_1', /must be numeric/]
  ])('rejects a bad cookie %j with a clear BAD_INPUT', async (cookie, message) => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const r = await call('accounts.addByCookie', { cookie })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('BAD_INPUT')
    expect(r.error.message).toMatch(message)
    expect(await t.core.api['accounts.list']({})).toHaveLength(0)
  })

  it('remove wipes the keychain entries; data only when asked', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    await t.core.api['secrets.setApiKey']({ accountId: a.id, apiKey: 'sk-abcdef0123456789' })
    t.core.services.chats.record({ accountId: a.id, cid: '51000000003', direction: 'in', senderId: '3300000000002', senderNick: '买家', contentType: 'text', text: '在吗', platformMessageId: 'm1', createdAt: 1000 })
    await t.core.api['accounts.remove']({ id: a.id, wipeData: false })
    expect(await t.core.api['accounts.list']({})).toHaveLength(0)
    expect([...(t.secrets as MemorySecretStore).items.keys()]).toEqual(['data-key:v1'])
    const row = t.core.services.db.prepare('SELECT cookie_envelope FROM accounts WHERE id = ?').get(a.id) as { cookie_envelope: string | null }
    expect(row.cookie_envelope).toBeNull()
    expect(t.core.services.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(1)
    // re-adding restores the history; removing with wipeData deletes it
    const again = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    expect(again.id).toBe(a.id)
    await t.core.api['accounts.remove']({ id: a.id, wipeData: true })
    expect(t.core.services.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0)
    expect(t.core.services.db.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0)
  })

  it('a dead cookie is refused with a clear message, not saved as a zombie account', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const cookie = sim.control.mintCookie({ unb: '2200000000077', nick: '过期号' })
    sim.control.expireSession({ unb: '2200000000077' })
    const r = await call('accounts.addByCookie', { cookie })
    expect(!r.ok && r.error.code).toBe('BAD_INPUT')
    expect(!r.ok && r.error.message).toMatch(/no longer logged in/)
    expect(await t.core.api['accounts.list']({})).toHaveLength(0)
  })

  it('an unreachable platform is UNAVAILABLE, and nothing is saved', async () => {
    t = makeCore()
    await t.core.api['settings.update']({ global: { platformEndpoints: { mtopBase: 'http://127.0.0.1:9', passportBase: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9/', uploadUrl: 'http://127.0.0.1:9/u', syncStart: 'ackDiffNow', webBase: 'http://127.0.0.1:9' } } })
    const r = await call('accounts.addByCookie', { cookie: SAMPLE_COOKIE })
    expect(!r.ok && r.error.code).toBe('UNAVAILABLE')
    expect(await t.core.api['accounts.list']({})).toHaveLength(0)
  })

  it('without a keychain, adding an account fails closed and stores nothing', async () => {
    t = makeCore({ secrets: null })
    sim = await simPlatform(t.core)
    const r = await call('accounts.addByCookie', { cookie: SAMPLE_COOKIE })
    expect(!r.ok && r.error.code).toBe('SECRETS_UNAVAILABLE')
    expect(t.core.services.db.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0)
    const s = await call('secrets.status', {})
    expect(s.ok && s.value).toEqual({ backend: 'unavailable', available: false, apiKeyConfigured: false, backupKeyConfigured: false })
  })
})

describe('settings', () => {
  it('per-account settings default to the seeds and keep 0 % / ¥0', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    const s = await t.core.api['settings.get']({ accountId: a.id })
    expect(s.account).toMatchObject({ model: 'qwen-plus', maxDiscountPercent: 10, maxDiscountAmount: 100, maxBargainRounds: 3 })
    const changed: Array<string | null> = []
    t.core.events.on('settings.changed', (e) => changed.push(e.accountId))
    const u = await t.core.api['settings.update']({ accountId: a.id, account: { maxDiscountPercent: 0, maxDiscountAmount: 0, customPrompts: { price: '只报价' } } })
    expect(u.account).toMatchObject({ maxDiscountPercent: 0, maxDiscountAmount: 0 })
    const again = await t.core.api['settings.get']({ accountId: a.id })
    expect(again.account).toMatchObject({ maxDiscountPercent: 0, maxDiscountAmount: 0, customPrompts: { price: '只报价' }, model: 'qwen-plus' })
    await t.core.api['settings.update']({ global: { pauseAllAi: true } })
    // the renderer refreshes what it shows from settings (limits, copilot) on this event
    expect(changed).toEqual([a.id, null])
  })

  it('an invalid update is refused whole, naming the field, and saves nothing', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    const r = await call('settings.update', { global: { theme: 'dark' }, accountId: a.id, account: { maxDiscountPercent: 80, model: 'qwen-max' } })
    expect(!r.ok && r.error.code).toBe('BAD_INPUT')
    expect(!r.ok && r.error.message).toMatch(/maxDiscountPercent/)
    const s = await t.core.api['settings.get']({ accountId: a.id })
    expect(s.global.theme).toBe('light')
    expect(s.account?.model).toBe('qwen-plus')
  })

  it('global settings persist across a restart', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    await t.core.api['settings.update']({ global: { language: 'en', theme: 'dark' } })
    const dir = t.dir
    await t.core.close()
    const { createCore } = await import('../../src-main/core/app')
    const again = createCore({ secrets: null, logger: silent, paths: { dataDir: dir }, host: 'headless', appVersion: 't' })
    expect((await again.api['settings.get']({})).global).toMatchObject({ language: 'en', theme: 'dark' })
    await again.close()
  })
})

describe('export, import and backup', () => {
  it('round-trips settings and global rules onto a fresh install, matching accounts by unb; never exports secrets', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    await t.core.api['secrets.setApiKey']({ accountId: a.id, apiKey: 'sk-NEVER-EXPORTED-123' })
    await t.core.api['settings.update']({ global: { theme: 'dark' }, accountId: a.id, account: { maxDiscountPercent: 0, defaultReply: '稍等' } })
    await t.core.api['rules.save']({ rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: '包邮' }], priority: 0, enabled: true, replyOnce: false } })
    const { json } = await t.core.api['settings.export']({})
    expect(json).not.toMatch(/sk-NEVER|_m_h5_tk|cookie2/)
    const other = makeCore()
    try {
      const b = await other.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
      const r = await other.core.api['settings.import']({ json })
      expect(r).toEqual({ accounts: 1, rules: 1 })
      const s = await other.core.api['settings.get']({ accountId: b.id })
      expect(s.global.theme).toBe('dark')
      expect(s.account).toMatchObject({ maxDiscountPercent: 0, defaultReply: '稍等' })
      await expect(other.core.api['settings.import']({ json: '{"format":"x"}' })).rejects.toThrow(/Invalid|format/)
    } finally {
      await other.dispose()
    }
  })

  it('backs the database up online into backups/', async () => {
    t = makeCore()
    const r = await t.core.api['app.backup']({})
    expect(r.path).toMatch(/backups\/xianyu-desk-.*\.db$/)
    expect(r.bytes).toBeGreaterThan(4096)
  })

  it('a backup taken while messages are being written includes them (the open write batch is committed first)', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    // a sent reply's record waits in the open write batch (committed with the next one, or 25 ms later)
    const stored = t.core.services.chats.record({ accountId: a.id, cid: '51000000009', direction: 'out', senderId: a.unb, senderNick: a.nick, contentType: 'text', text: '备份前的消息', platformMessageId: 'bk-1', createdAt: 1 }, {}, { sent: true })
    expect(stored).not.toBeNull()
    expect(t.core.services.db.inTransaction).toBe(true)
    const r = await t.core.api['app.backup']({})
    const copy = new Database(r.path, { readonly: true })
    try {
      expect(copy.prepare("SELECT text FROM messages WHERE platform_message_id = 'bk-1'").pluck().get()).toBe('备份前的消息')
    } finally {
      copy.close()
    }
  })
})

describe('secrets never leak', () => {
  it('no API key, cookie or notification-channel secret reaches the database file, the logs, or any contract output', async () => {
    t = makeCore()
    sim = await simPlatform(t.core)
    const outputs: unknown[] = []
    t.core.events.onAny((k, p) => outputs.push([k, p]))
    const a = await t.core.api['accounts.addByCookie']({ cookie: SAMPLE_COOKIE })
    outputs.push(a)
    outputs.push(await t.core.api['secrets.setApiKey']({ accountId: a.id, apiKey: 'sk-SUPERSECRETKEY0042' }))
    outputs.push(await t.core.api['secrets.status']({ accountId: a.id }))
    outputs.push(await t.core.api['accounts.list']({}))
    outputs.push(await t.core.api['settings.get']({ accountId: a.id }))
    outputs.push(await t.core.api['app.info']({}))
    // channel secrets: saved, listed, tested against an unreachable server (its error is logged and returned)
    const channels = [
      { name: '钉钉', kind: 'dingtalk', secrets: { token: 'https://oapi.dingtalk.com/robot/send?access_token=DTTOKENSECRET0042', secret: 'SECDINGSIGN0042' } },
      { name: 'TG', kind: 'telegram', config: { chatId: '1' }, secrets: { botToken: '4242:TGBOTSECRET0042' } },
      { name: '邮件', kind: 'email', config: { smtpHost: '127.0.0.1', smtpPort: 9, smtpSecurity: 'starttls', smtpUser: 'u', to: 'me@163.com' }, secrets: { password: 'SMTPPASS0042' } },
      { name: 'Hook', kind: 'webhook', secrets: { url: 'http://127.0.0.1:9/hook?key=HOOKURLSECRET0042', hmacSecret: 'HMACSECRET0042' } }
    ] as const
    for (const c of channels) {
      const saved = await t.core.api['notify.saveChannel']({ enabled: true, accountIds: null, config: { baseUrl: 'http://127.0.0.1:9/x', ...('config' in c ? c.config : {}) }, name: c.name, kind: c.kind, secrets: c.secrets })
      const tested = await t.core.api['notify.testChannel']({ id: saved.id })
      expect(tested).toMatchObject({ ok: false, error: expect.any(String) })
      outputs.push(saved, tested)
    }
    outputs.push(await t.core.api['notify.listChannels']({}), await t.core.api['notify.listDeliveries']({}))
    t.core.services.db.pragma('wal_checkpoint(TRUNCATE)')
    const files = readdirSync(t.dir).filter((f) => f.startsWith('xianyu-desk.db')).map((f) => readFileSync(join(t.dir, f)).toString('latin1'))
    const haystacks = [JSON.stringify(outputs), JSON.stringify(t.logs), ...files]
    for (const secret of ['SUPERSECRETKEY0042', '0123456789abcdef0123456789abcdef', '1a2b3c4d5e6f7a8b9c0d', 'E100secretsgcookievalue', 'fedcba9876543210',
      'DTTOKENSECRET0042', 'SECDINGSIGN0042', 'TGBOTSECRET0042', 'SMTPPASS0042', 'HOOKURLSECRET0042', 'HMACSECRET0042']) {
      for (const h of haystacks) expect(h.includes(secret), secret).toBe(false)
    }
    expect(outputs).toContainEqual({ configured: true })
  })
})
