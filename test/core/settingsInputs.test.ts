import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../helpers/core'

let t: TestCore
let accountId: string
const bin = mkdtempSync(join(tmpdir(), 'xd-bin-'))

beforeAll(async () => {
  t = makeCore()
  accountId = (await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })).id
})
afterAll(async () => {
  await t.dispose()
  rmSync(bin, { recursive: true, force: true })
})

describe('settings.update: tight inputs, bad input loses nothing', () => {
  it('refuses an unknown account-settings key, naming it, and saves nothing', async () => {
    const before = await t.core.api['settings.get']({ accountId })
    const err = await t.core.api['settings.update']({ accountId, account: { maxDiscountPercent: 5, maxDiscountPercnet: 1 } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('maxDiscountPercnet') })
    expect(await t.core.api['settings.get']({ accountId })).toEqual(before)
  })

  it('refuses an unknown global key, naming it', async () => {
    const err = await t.core.api['settings.update']({ global: { theme: 'dark', colour: 'red' } as never }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('colour') })
    expect((await t.core.api['settings.get']({})).global.theme).toBe('light')
  })

  it('refuses non-http(s) AI endpoints, naming the field', async () => {
    for (const baseUrl of ['javascript:alert(1)', 'file:///etc/passwd']) {
      const err = await t.core.api['settings.update']({ accountId, account: { baseUrl } }).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'BAD_INPUT', details: { issues: [{ path: 'baseUrl' }] } })
    }
    const backup = await t.core.api['settings.update']({ accountId, account: { backup: { provider: 'gemini', baseUrl: 'file:///x', model: 'm' } } }).catch((e: unknown) => e)
    expect(backup).toMatchObject({ code: 'BAD_INPUT', details: { issues: [{ path: 'backup.baseUrl' }] } })
  })

  it('saves plain http to another machine with a warning (returned and logged); none for https or loopback', async () => {
    const r = await t.core.api['settings.update']({ accountId, account: { baseUrl: 'http://192.168.1.20:8000/v1' } })
    expect(r.account?.baseUrl).toBe('http://192.168.1.20:8000/v1')
    expect(r.warnings).toEqual([{ path: 'baseUrl', message: expect.stringContaining('plain http') }])
    expect(t.logs.some((l) => l.level === 'warn' && l.msg === 'settings: risky value saved')).toBe(true)
    expect((await t.core.api['settings.update']({ accountId, account: { baseUrl: 'http://127.0.0.1:11434/v1' } })).warnings).toEqual([])
  })

  it('browserPath: a non-browser name is refused by the schema; a browser-named impostor by the --version probe; a missing one means "none"', async () => {
    await expect(t.core.api['settings.update']({ global: { browserPath: '/bin/sh' } })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    const fake = join(bin, 'chromium')
    writeFileSync(fake, '#!/bin/sh\necho "not a browser"\n')
    chmodSync(fake, 0o755)
    const err = await t.core.api['settings.update']({ global: { browserPath: fake } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'BAD_INPUT', details: { issues: [{ path: 'global.browserPath' }] } })
    expect((await t.core.api['settings.get']({})).global.browserPath).toBeNull()
    const missing = join(bin, 'nowhere', 'google-chrome')
    expect((await t.core.api['settings.update']({ global: { browserPath: missing } })).global.browserPath).toBe(missing)
  })
})
