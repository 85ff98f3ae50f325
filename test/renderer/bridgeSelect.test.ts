import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('bridge transport choice', () => {
  it('uses the preload\'s window.api when it exists, and unwraps its Result', async () => {
    const call = vi.fn(async () => ({ ok: true, value: [] }))
    const on = vi.fn(() => () => {})
    const fetchSpy = vi.fn()
    vi.stubGlobal('window', { api: { call, on }, fetch: fetchSpy, location: { origin: 'http://127.0.0.1:1' } })
    const { bridge } = await import('../../src-renderer/src/bridge/index')
    await expect(bridge.call('accounts.list', {})).resolves.toEqual([])
    expect(call).toHaveBeenCalledWith('accounts.list', {})
    bridge.on('account.changed', () => {})
    expect(on).toHaveBeenCalledWith('account.changed', expect.any(Function))
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('falls back to HTTP on the page\'s own origin without window.api', async () => {
    const fetchSpy = vi.fn(async () => new Response(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: 'no such account' } })))
    vi.stubGlobal('window', { fetch: fetchSpy, location: { origin: 'http://127.0.0.1:4321' } })
    const { bridge, BridgeError } = await import('../../src-renderer/src/bridge/index')
    const err = await bridge.call('accounts.update', { id: 'zz', enabled: false }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BridgeError)
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'no such account' })
    expect(fetchSpy).toHaveBeenCalledWith('http://127.0.0.1:4321/api/accounts.update', expect.objectContaining({ method: 'POST', credentials: 'same-origin' }))
  })
})
