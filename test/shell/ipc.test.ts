import { afterEach, describe, expect, it } from 'vitest'
import { handlers } from '../stubs/electron'
import { bindIpc, isTrustedSender } from '../../src-main/shell/ipc'
import { CALL_KEYS } from '../../src-main/contract/channels'
import { createLogger } from '../../src-main/core/log/logger'
import type { LogRecord } from '../../src-main/core/ports'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../helpers/core'
import { simPlatform } from '../helpers/platform'

const frame = (url: string, parent: unknown = null) => ({ url, parent })
const event = (url: string, opts: { parent?: unknown; type?: string } = {}) => ({
  senderFrame: frame(url, opts.parent ?? null),
  sender: { getType: () => opts.type ?? 'window' }
})

let t: TestCore
let dispose: (() => void) | undefined
afterEach(async () => {
  dispose?.()
  await t?.dispose()
})

describe('isTrustedSender', () => {
  it('accepts only the top frame of an app window showing app://renderer', () => {
    expect(isTrustedSender(event('app://renderer/index.html') as never)).toBe(true)
    expect(isTrustedSender(event('https://evil.example/') as never)).toBe(false)
    expect(isTrustedSender(event('app://renderer/index.html', { parent: {} }) as never)).toBe(false)
    expect(isTrustedSender(event('app://renderer/index.html', { type: 'webview' }) as never)).toBe(false)
    expect(isTrustedSender({ senderFrame: null, sender: { getType: () => 'window' } } as never)).toBe(false)
    expect(isTrustedSender(event('file:///etc/passwd') as never)).toBe(false)
  })
})

describe('bindIpc', () => {
  it('registers one handler per contract call and removes them all', () => {
    t = makeCore()
    dispose = bindIpc(t.core, createLogger({ sinks: [] }), { checkOutput: true })
    expect([...handlers.keys()].sort()).toEqual(CALL_KEYS.map((k) => `app:${k}`).sort())
    dispose()
    dispose = undefined
    expect(handlers.size).toBe(0)
  })

  it('bad input → BAD_INPUT; untrusted sender → rejected before core runs', async () => {
    t = makeCore()
    const logs: LogRecord[] = []
    dispose = bindIpc(t.core, createLogger({ sinks: [(r) => logs.push(r)] }), { checkOutput: true })
    const add = handlers.get('app:accounts.addByCookie')
    expect(add).toBeDefined()
    const bad = await add?.(event('app://renderer/index.html'), { cookie: 12 })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    const evil = await add?.(event('https://evil.example/'), { cookie: SAMPLE_COOKIE })
    expect(evil).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } })
    expect(await t.core.api['accounts.list']({})).toHaveLength(0)
    expect(logs.some((l) => l.msg.includes('untrusted sender'))).toBe(true)
    const sim = await simPlatform(t.core)
    const good = await add?.(event('app://renderer/index.html'), { cookie: SAMPLE_COOKIE })
    expect(good).toMatchObject({ ok: true, value: { unb: '2200000000001' } })
    await sim.close()
  })
})
