import { describe, expect, it } from 'vitest'
import type { Account } from '@contract'
import { createAccountsStore, upsert } from '../../src-renderer/src/features/accounts/store'
import { displayName, needsAttention, selectConnectionTone, selectOnlineCount } from '../../src-renderer/src/features/accounts/selectors'
import { FakeFailure, account, deferred, fakeBridge } from './fakeBridge'

const BAD_COOKIE = 'Cookie 缺少 _m_h5_tk，请在已登录闲鱼网页版（goofish.com）的浏览器中复制完整 Cookie / The cookie lacks _m_h5_tk; copy the whole cookie from a browser logged in to goofish.com'

describe('accounts store', () => {
  it('loads the list through accounts.list', async () => {
    const list = [account({ id: 'a', createdAt: 1 }), account({ id: 'b', createdAt: 2, status: 'online' })]
    const fake = fakeBridge({ 'accounts.list': async () => list })
    const store = createAccountsStore(fake.bridge)
    expect(store.getState().status).toBe('idle')
    const pending = store.getState().load()
    expect(store.getState().status).toBe('loading')
    await pending
    expect(store.getState().status).toBe('ready')
    expect(store.getState().accounts.map((a) => a.id)).toEqual(['a', 'b'])
    expect(selectOnlineCount(store.getState())).toBe(1)
    expect(fake.calls).toEqual([{ key: 'accounts.list', input: {} }])
  })

  it('shows a load failure, and keeps the cached list when a later refetch fails', async () => {
    let fail = true
    const fake = fakeBridge({
      'accounts.list': async () => {
        if (fail) throw new FakeFailure('UNAVAILABLE', '数据库不可用 / Database unavailable')
        return [account()]
      }
    })
    const store = createAccountsStore(fake.bridge)
    await store.getState().load()
    expect(store.getState().status).toBe('error')
    expect(store.getState().loadError).toEqual({ code: 'UNAVAILABLE', message: '数据库不可用 / Database unavailable' })

    fail = false
    await store.getState().load()
    expect(store.getState()).toMatchObject({ status: 'ready', loadError: null })

    fail = true
    await store.getState().load()
    expect(store.getState().status).toBe('ready')
    expect(store.getState().accounts).toHaveLength(1)
    expect(store.getState().loadError?.code).toBe('UNAVAILABLE')
  })

  it('adds an account by cookie: pending flag, trimmed input, list updated', async () => {
    const gate = deferred<Account>()
    const fake = fakeBridge({ 'accounts.list': async () => [], 'accounts.addByCookie': () => gate.promise })
    const store = createAccountsStore(fake.bridge)
    await store.getState().load()

    const adding = store.getState().addByCookie({ cookie: '  unb=2201234567; _m_h5_tk=abc_1 \n', remark: '  数码店 ' })
    expect(store.getState().adding).toBe(true)
    // a second submit while pending is ignored, not sent twice
    expect(await store.getState().addByCookie({ cookie: 'unb=1; _m_h5_tk=x' })).toBeNull()
    const added = account({ id: 'new', remark: '数码店' })
    gate.resolve(added)
    expect(await adding).toEqual(added)

    const s = store.getState()
    expect(s.adding).toBe(false)
    expect(s.addError).toBeNull()
    expect(s.accounts).toEqual([added])
    const sent = fake.calls.filter((c) => c.key === 'accounts.addByCookie')
    expect(sent).toEqual([{ key: 'accounts.addByCookie', input: { cookie: 'unb=2201234567; _m_h5_tk=abc_1', remark: '数码店' } }])
  })

  it('omits an empty remark', async () => {
    const fake = fakeBridge({ 'accounts.addByCookie': async () => account() })
    const store = createAccountsStore(fake.bridge)
    await store.getState().addByCookie({ cookie: 'unb=2201234567; _m_h5_tk=a', remark: '   ' })
    expect(fake.calls[0]?.input).toEqual({ cookie: 'unb=2201234567; _m_h5_tk=a' })
  })

  it('surfaces core\'s BAD_INPUT message and leaves the list alone', async () => {
    const fake = fakeBridge({
      'accounts.list': async () => [account({ id: 'old' })],
      'accounts.addByCookie': async () => {
        throw new FakeFailure('BAD_INPUT', BAD_COOKIE)
      }
    })
    const store = createAccountsStore(fake.bridge)
    await store.getState().load()
    const result = await store.getState().addByCookie({ cookie: 'unb=2201234567' })
    expect(result).toBeNull()
    const s = store.getState()
    expect(s.adding).toBe(false)
    expect(s.addError).toEqual({ code: 'BAD_INPUT', message: BAD_COOKIE })
    expect(s.accounts.map((a) => a.id)).toEqual(['old'])

    store.getState().clearAddError()
    expect(store.getState().addError).toBeNull()
  })

  it('applies account.changed: update in place, insert in creation order, remove', () => {
    const store = createAccountsStore(fakeBridge({}).bridge)
    const a = account({ id: 'a', createdAt: 10 })
    const c = account({ id: 'c', createdAt: 30 })
    store.setState({ accounts: [a, c], status: 'ready' })

    store.getState().applyChanged({ id: 'a', removed: false, account: { ...a, status: 'online', statusReason: '' } })
    expect(store.getState().accounts[0]?.status).toBe('online')

    const b = account({ id: 'b', createdAt: 20 })
    store.getState().applyChanged({ id: 'b', removed: false, account: b })
    expect(store.getState().accounts.map((x) => x.id)).toEqual(['a', 'b', 'c'])

    store.getState().applyChanged({ id: 'c', removed: true, account: null })
    expect(store.getState().accounts.map((x) => x.id)).toEqual(['a', 'b'])
  })

  it('does not duplicate an account that arrives both as the add result and as an event', async () => {
    const added = account({ id: 'n' })
    const fake = fakeBridge({ 'accounts.addByCookie': async () => added })
    const store = createAccountsStore(fake.bridge)
    store.getState().applyChanged({ id: 'n', removed: false, account: { ...added, status: 'online' } })
    await store.getState().addByCookie({ cookie: 'unb=2201234567; _m_h5_tk=a' })
    expect(store.getState().accounts).toHaveLength(1)
  })

  it('enables/disables through accounts.update and marks the row busy meanwhile', async () => {
    const gate = deferred<Account>()
    const fake = fakeBridge({ 'accounts.update': () => gate.promise })
    const store = createAccountsStore(fake.bridge)
    store.setState({ accounts: [account({ id: 'a' })], status: 'ready' })
    const p = store.getState().setEnabled('a', false)
    expect(store.getState().busyIds).toEqual(['a'])
    gate.resolve(account({ id: 'a', enabled: false, status: 'disabled' }))
    await p
    expect(store.getState().busyIds).toEqual([])
    expect(store.getState().accounts[0]).toMatchObject({ enabled: false, status: 'disabled' })
    expect(fake.calls[0]).toEqual({ key: 'accounts.update', input: { id: 'a', enabled: false } })
  })

  it('removes with the wipeData choice; a failure keeps the row and reports why', async () => {
    let fail = false
    const fake = fakeBridge({
      'accounts.remove': async () => {
        if (fail) throw new FakeFailure('SECRETS_UNAVAILABLE', '钥匙串不可用 / Keychain unavailable')
        return { removed: true as const }
      }
    })
    const store = createAccountsStore(fake.bridge)
    store.setState({ accounts: [account({ id: 'a' }), account({ id: 'b', createdAt: 2 })], status: 'ready' })

    expect(await store.getState().remove('a', true)).toBe(true)
    expect(fake.calls[0]).toEqual({ key: 'accounts.remove', input: { id: 'a', wipeData: true } })
    expect(store.getState().accounts.map((x) => x.id)).toEqual(['b'])

    fail = true
    expect(await store.getState().remove('b', false)).toBe(false)
    expect(store.getState().accounts.map((x) => x.id)).toEqual(['b'])
    expect(store.getState().actionError).toEqual({ code: 'SECRETS_UNAVAILABLE', message: '钥匙串不可用 / Keychain unavailable' })
    expect(store.getState().busyIds).toEqual([])
  })
})

describe('accounts selectors', () => {
  it('names an account by remark, then nick, then unb', () => {
    expect(displayName({ remark: ' 数码店 ', nick: 'tb', unb: '1' })).toBe('数码店')
    expect(displayName({ remark: '', nick: 'tb', unb: '1' })).toBe('tb')
    expect(displayName({ remark: ' ', nick: '', unb: '2201234567' })).toBe('2201234567')
  })

  it('flags the statuses that need the seller', () => {
    expect(['online', 'connecting', 'needs_login', 'needs_verification', 'disabled', 'error'].filter((s) => needsAttention(s as Account['status']))).toEqual([
      'needs_login',
      'needs_verification',
      'error'
    ])
  })

  it('upsert returns a new array and never mutates', () => {
    const list = [account({ id: 'a' })]
    const next = upsert(list, account({ id: 'a', nick: 'x' }))
    expect(next).not.toBe(list)
    expect(list[0]?.nick).toBe('tb_seller')
  })
})

describe('connection tone', () => {
  const tone = (accounts: Account[]) => selectConnectionTone({ accounts } as unknown as Parameters<typeof selectConnectionTone>[0])
  it('summarises the enabled accounts', () => {
    expect(tone([])).toBe('idle')
    expect(tone([account({ status: 'connecting' })])).toBe('idle')
    expect(tone([account({ status: 'online' }), account({ id: 'b', enabled: false, status: 'disabled' })])).toBe('ok')
    expect(tone([account({ status: 'online' }), account({ id: 'b', status: 'connecting' })])).toBe('partial')
    expect(tone([account({ status: 'online' }), account({ id: 'b', status: 'needs_login' })])).toBe('attention')
    expect(tone([account({ status: 'online' }), account({ id: 'b', enabled: false, status: 'error' })])).toBe('ok')
  })
})
