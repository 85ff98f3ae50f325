import { describe, expect, it } from 'vitest'
import type { Account, EventPayload } from '@contract'
import { startSubscriptions } from '../../src-renderer/src/bridge/subscriptions'
import { createLoginStore, isQrActive } from '../../src-renderer/src/features/accounts/loginStore'
import { createAccountsStore } from '../../src-renderer/src/features/accounts/store'
import { FakeFailure, account, deferred, fakeBridge } from './fakeBridge'

type QrEvent = EventPayload<'login.qr'>
const ev = (over: Partial<QrEvent> & Pick<QrEvent, 'state'>): QrEvent => ({ sessionId: 's1', qrContent: null, message: '', account: null, verifyUrl: null, ...over })

function setup(opts: { emitNewBeforeReturn?: boolean } = {}) {
  let n = 0
  const added: Account[] = []
  const fake = fakeBridge({
    'login.qrStart': async () => {
      n += 1
      const sessionId = `s${n}`
      // core emits NEW before its call returns: the store must not lose it
      if (opts.emitNewBeforeReturn) fake.emit('login.qr', ev({ sessionId, state: 'NEW', qrContent: `code-${n}`, message: '请用闲鱼 App 扫码 / Scan with the Xianyu app' }))
      return { sessionId, qrContent: `code-${n}`, expiresAt: 1 }
    },
    'login.qrCancel': async () => ({ cancelled: true }),
    'login.browser': async () => account({ id: 'b1' })
  })
  const accounts = createAccountsStore(fake.bridge)
  const login = createLoginStore(fake.bridge, (a) => {
    added.push(a)
    accounts.getState().applyChanged({ account: a, id: a.id, removed: false })
  })
  startSubscriptions(fake.bridge, { accounts, login })
  return { fake, login, accounts, added }
}

describe('QR login store', () => {
  it('follows NEW → SCANED → CONFIRMED and hands the account to the list', async () => {
    const { fake, login, accounts, added } = setup({ emitNewBeforeReturn: true })
    await login.getState().startQr()
    expect(login.getState()).toMatchObject({ phase: 'waiting', sessionId: 's1', qrContent: 'code-1' })

    fake.emit('login.qr', ev({ state: 'SCANED', message: '已扫码，请在手机上确认 / Scanned; confirm on your phone' }))
    expect(login.getState().phase).toBe('scanned')
    expect(login.getState().qrContent).toBe('code-1')

    const confirmed = account({ id: 'qr1', nick: '扫码卖家', status: 'connecting' })
    fake.emit('login.qr', ev({ state: 'CONFIRMED', account: confirmed, message: '登录成功 / Logged in' }))
    expect(login.getState()).toMatchObject({ phase: 'confirmed', account: confirmed })
    expect(isQrActive(login.getState().phase)).toBe(false)
    expect(added).toEqual([confirmed])
    expect(accounts.getState().accounts.map((a) => a.nick)).toEqual(['扫码卖家'])
    // nothing to cancel once it is done
    await login.getState().cancelQr()
    expect(fake.calls.filter((c) => c.key === 'login.qrCancel')).toEqual([])
  })

  it('ignores events for another session and events after the end', async () => {
    const { fake, login } = setup()
    await login.getState().startQr()
    fake.emit('login.qr', ev({ sessionId: 'other', state: 'SCANED' }))
    fake.emit('login.qr', ev({ sessionId: 'other', state: 'CONFIRMED', account: account() }))
    expect(login.getState()).toMatchObject({ phase: 'waiting', account: null })
    fake.emit('login.qr', ev({ state: 'ERROR', message: '扫码登录出错，请重试 / QR login failed; try again' }))
    expect(login.getState().phase).toBe('error')
    fake.emit('login.qr', ev({ state: 'SCANED' }))
    expect(login.getState().phase).toBe('error')
  })

  it('shows a regenerated code, then the final EXPIRED with a manual restart', async () => {
    const { fake, login } = setup()
    await login.getState().startQr()
    fake.emit('login.qr', ev({ state: 'NEW', qrContent: 'code-1b', message: '二维码已刷新，请重新扫码 / A new code; scan again' }))
    expect(login.getState()).toMatchObject({ phase: 'waiting', qrContent: 'code-1b' })
    fake.emit('login.qr', ev({ state: 'EXPIRED', message: '二维码已过期 / The QR code expired' }))
    expect(login.getState().phase).toBe('expired')

    await login.getState().startQr()
    expect(login.getState()).toMatchObject({ phase: 'waiting', sessionId: 's2', qrContent: 'code-2' })
    // the finished session is not cancelled again
    expect(fake.calls.filter((c) => c.key === 'login.qrCancel')).toEqual([])
  })

  it('keeps the verification URL on VERIFY', async () => {
    const { fake, login } = setup()
    await login.getState().startQr()
    fake.emit('login.qr', ev({ state: 'VERIFY', verifyUrl: 'https://passport.goofish.com/iv', message: '闲鱼要求手机/人脸验证 / Xianyu asks for a check' }))
    expect(login.getState()).toMatchObject({ phase: 'verify', verifyUrl: 'https://passport.goofish.com/iv' })
  })

  it('cancels the running session when the dialog closes', async () => {
    const { fake, login } = setup()
    await login.getState().startQr()
    await login.getState().cancelQr()
    expect(fake.calls.filter((c) => c.key === 'login.qrCancel')).toEqual([{ key: 'login.qrCancel', input: { sessionId: 's1' } }])
    expect(login.getState()).toMatchObject({ phase: 'idle', sessionId: null, qrContent: null })
    // its CANCELED echo changes nothing
    fake.emit('login.qr', ev({ state: 'CANCELED' }))
    expect(login.getState().phase).toBe('idle')
  })

  it('cancels a session whose start answers after the dialog closed', async () => {
    const gate = deferred<{ sessionId: string; qrContent: string; expiresAt: number }>()
    const fake = fakeBridge({ 'login.qrStart': () => gate.promise, 'login.qrCancel': async () => ({ cancelled: true }) })
    const login = createLoginStore(fake.bridge)
    const starting = login.getState().startQr()
    expect(login.getState().phase).toBe('starting')
    await login.getState().cancelQr()
    expect(login.getState().phase).toBe('idle')
    gate.resolve({ sessionId: 'late', qrContent: 'x', expiresAt: 1 })
    await starting
    expect(login.getState().phase).toBe('idle')
    expect(fake.calls.filter((c) => c.key === 'login.qrCancel')).toEqual([{ key: 'login.qrCancel', input: { sessionId: 'late' } }])
  })

  it('shows a failed start as an error', async () => {
    const fake = fakeBridge({ 'login.qrStart': async () => { throw new FakeFailure('UNAVAILABLE', '扫码登录：没有拿到二维码 / QR login: no code was generated') } })
    const login = createLoginStore(fake.bridge)
    await login.getState().startQr()
    expect(login.getState()).toMatchObject({ phase: 'error', startError: { code: 'UNAVAILABLE' } })
  })

  it('browser login: busy flag, account handed over, errors kept', async () => {
    const { login, added } = setup()
    const pending = login.getState().loginInBrowser()
    expect(login.getState().browserBusy).toBe(true)
    expect((await pending)?.id).toBe('b1')
    expect(added.map((a) => a.id)).toEqual(['b1'])

    const fake = fakeBridge({ 'login.browser': async () => { throw new FakeFailure('UNAVAILABLE', '浏览器登录需要一个可见的浏览器窗口 / Browser login needs a visible browser window') } })
    const failing = createLoginStore(fake.bridge)
    expect(await failing.getState().loginInBrowser()).toBeNull()
    expect(failing.getState()).toMatchObject({ browserBusy: false, browserError: { code: 'UNAVAILABLE' } })
  })
})

describe('accounts store: demo, verify, renew', () => {
  it('adds the demo account and reports failures in the banner', async () => {
    const demo = account({ id: 'demo', kind: 'demo', nick: '演示卖家' })
    let fail = false
    const fake = fakeBridge({
      'accounts.addDemo': async () => {
        if (fail) throw new FakeFailure('UNAVAILABLE', '演示模拟器没有启动 / The demo simulator did not start')
        return demo
      }
    })
    const store = createAccountsStore(fake.bridge)
    const adding = store.getState().addDemo()
    expect(store.getState().addingDemo).toBe(true)
    await adding
    expect(store.getState()).toMatchObject({ addingDemo: false, accounts: [demo] })
    fail = true
    expect(await store.getState().addDemo()).toBeNull()
    expect(store.getState().actionError?.code).toBe('UNAVAILABLE')
  })

  it('verify and refreshLogin mark the row busy and update it', async () => {
    const gate = deferred<Account>()
    const fake = fakeBridge({
      'accounts.list': async () => [account({ id: 'a', status: 'needs_verification' })],
      'accounts.verify': () => gate.promise,
      'accounts.refreshLogin': async () => { throw new FakeFailure('NEEDS_LOGIN', '续期没有成功 / Could not renew the login') }
    })
    const store = createAccountsStore(fake.bridge)
    await store.getState().load()
    const verifying = store.getState().verify('a')
    expect(store.getState().busyIds).toEqual(['a'])
    gate.resolve(account({ id: 'a', status: 'connecting' }))
    expect(await verifying).toBe(true)
    expect(store.getState()).toMatchObject({ busyIds: [], accounts: [{ id: 'a', status: 'connecting' }] })

    expect(await store.getState().refreshLogin('a')).toBe(false)
    expect(store.getState().actionError).toEqual({ code: 'NEEDS_LOGIN', message: '续期没有成功 / Could not renew the login' })
    expect(fake.calls.map((c) => c.key)).toEqual(['accounts.list', 'accounts.verify', 'accounts.refreshLogin'])
  })
})
