import { describe, expect, it, vi } from 'vitest'
import { createBridge } from '../../src-renderer/src/bridge/client'
import { httpTransport, type SocketHandlers } from '../../src-renderer/src/bridge/http'
import { BridgeError } from '../../src-renderer/src/bridge/types'
import { account } from './fakeBridge'

const ORIGIN = 'http://127.0.0.1:8765'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function setup(fetchImpl: (url: string, init: RequestInit) => Promise<Response>) {
  const fetchMock = vi.fn(fetchImpl)
  const sockets: Array<{ url: string; h: SocketHandlers; closed: boolean }> = []
  const timers: Array<{ fn: () => void; ms: number }> = []
  const transport = httpTransport({
    origin: ORIGIN,
    fetch: fetchMock as unknown as typeof fetch,
    openSocket: (url, h) => {
      const s = { url, h, closed: false }
      sockets.push(s)
      return { close: () => void (s.closed = true) }
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    minDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 1
  })
  return { bridge: createBridge(transport), fetchMock, sockets, timers }
}

describe('http bridge: calls', () => {
  it('POSTs the input as JSON to /api/<key> with the same-origin cookie, and returns the value', async () => {
    const list = [account()]
    const { bridge, fetchMock } = setup(async () => jsonResponse({ ok: true, value: list }))
    await expect(bridge.call('accounts.list', {})).resolves.toEqual(list)
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe(`${ORIGIN}/api/accounts.list`)
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{}' })
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json')
  })

  it('sends the input body', async () => {
    const { bridge, fetchMock } = setup(async () => jsonResponse({ ok: true, value: account() }))
    await bridge.call('accounts.addByCookie', { cookie: 'unb=1; _m_h5_tk=a', remark: '店' })
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1].body))).toEqual({ cookie: 'unb=1; _m_h5_tk=a', remark: '店' })
  })

  it('throws BridgeError with the envelope\'s code and message', async () => {
    const { bridge } = setup(async () => jsonResponse({ ok: false, error: { code: 'BAD_INPUT', message: 'Cookie 缺少 unb / The cookie lacks unb', details: { missing: ['unb'] } } }))
    const err = await bridge.call('accounts.addByCookie', { cookie: 'x=1' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BridgeError)
    expect(err).toMatchObject({ code: 'BAD_INPUT', message: 'Cookie 缺少 unb / The cookie lacks unb', details: { missing: ['unb'] } })
  })

  it('passes the host\'s 401 envelope through as FORBIDDEN', async () => {
    const { bridge } = setup(async () => jsonResponse({ ok: false, error: { code: 'FORBIDDEN', message: '需要访问令牌 / A token is required' } }, 401))
    await expect(bridge.call('app.info', {})).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('turns a network failure into UNAVAILABLE', async () => {
    const { bridge } = setup(async () => {
      throw new TypeError('Failed to fetch')
    })
    await expect(bridge.call('accounts.list', {})).rejects.toMatchObject({ name: 'BridgeError', code: 'UNAVAILABLE' })
  })

  it('rejects a non-JSON body and a JSON body that is not a Result', async () => {
    const html = setup(async () => new Response('<html>bad gateway</html>', { status: 502 }))
    await expect(html.bridge.call('accounts.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HTTP 502') })
    const odd = setup(async () => jsonResponse({ hello: 'world' }))
    await expect(odd.bridge.call('accounts.list', {})).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})

describe('http bridge: events', () => {
  it('opens one socket at ws://<origin>/events and routes frames by event name', () => {
    const { bridge, sockets } = setup(async () => jsonResponse({}))
    const got: unknown[] = []
    const other: unknown[] = []
    bridge.on('account.changed', (p) => got.push(p))
    bridge.on('message.added', (p) => other.push(p))
    expect(sockets).toHaveLength(1)
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:8765/events')
    const payload = { id: 'acc1', removed: false, account: account() }
    sockets[0]?.h.onOpen()
    sockets[0]?.h.onMessage(JSON.stringify({ event: 'account.changed', payload }))
    sockets[0]?.h.onMessage('not json')
    sockets[0]?.h.onMessage(JSON.stringify({ nope: 1 }))
    expect(got).toEqual([payload])
    expect(other).toEqual([])
  })

  it('closes the socket when the last listener unsubscribes', () => {
    const { bridge, sockets } = setup(async () => jsonResponse({}))
    const offA = bridge.on('account.changed', () => {})
    const offB = bridge.on('message.added', () => {})
    offA()
    expect(sockets[0]?.closed).toBe(false)
    offB()
    expect(sockets[0]?.closed).toBe(true)
  })

  it('reconnects with growing, capped backoff and reports reconnects (not the first open)', () => {
    const { bridge, sockets, timers } = setup(async () => jsonResponse({}))
    const reconnected = vi.fn()
    bridge.onReconnect(reconnected)
    const got: unknown[] = []
    bridge.on('account.changed', (p) => got.push(p))
    sockets[0]?.h.onOpen()
    expect(reconnected).not.toHaveBeenCalled()

    // the host goes away: each failed attempt waits longer, up to the cap
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      sockets.at(-1)?.h.onClose()
      const t = timers.at(-1)
      if (!t) throw new Error('no retry scheduled')
      delays.push(t.ms)
      t.fn()
    }
    expect(sockets).toHaveLength(7)
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000])

    const last = sockets.at(-1)
    last?.h.onOpen()
    expect(reconnected).toHaveBeenCalledTimes(1)
    last?.h.onMessage(JSON.stringify({ event: 'account.changed', payload: { id: 'x' } }))
    expect(got).toEqual([{ id: 'x' }])

    // after a successful open the backoff starts small again
    last?.h.onClose()
    expect(timers.at(-1)?.ms).toBe(100)
  })

  it('ignores callbacks from a socket it already replaced', () => {
    const { bridge, sockets, timers } = setup(async () => jsonResponse({}))
    const got: unknown[] = []
    bridge.on('account.changed', (p) => got.push(p))
    const first = sockets[0]
    first?.h.onClose()
    timers.at(-1)?.fn()
    first?.h.onMessage(JSON.stringify({ event: 'account.changed', payload: 1 }))
    first?.h.onClose()
    expect(got).toEqual([])
    expect(timers).toHaveLength(1)
  })
})

describe('http bridge: the link state for the disconnect banner', () => {
  it('reports up on open, down on the first close (once), and up again after a reconnect', () => {
    const { bridge, sockets, timers } = setup(async () => jsonResponse({}))
    const states: boolean[] = []
    bridge.onConnection((up) => states.push(up))
    bridge.on('account.changed', () => {})
    expect(states).toEqual([])
    sockets[0]?.h.onOpen()
    sockets[0]?.h.onClose()
    timers.at(-1)?.fn()
    sockets.at(-1)?.h.onClose() // still down: not reported twice
    timers.at(-1)?.fn()
    sockets.at(-1)?.h.onOpen()
    expect(states).toEqual([true, false, true])
    // a late subscriber hears the current state at once
    const late: boolean[] = []
    bridge.onConnection((up) => late.push(up))
    expect(late).toEqual([true])
  })

  it('a host that is down from the start is reported down', () => {
    const { bridge, sockets } = setup(async () => jsonResponse({}))
    const states: boolean[] = []
    bridge.onConnection((up) => states.push(up))
    bridge.on('account.changed', () => {})
    sockets[0]?.h.onClose()
    expect(states).toEqual([false])
  })
})
