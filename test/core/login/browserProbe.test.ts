import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { probeBrowser } from '../../../src-main/core/login/browserProbe'
import { findBrowser } from '../../../src-main/core/login/automation'

const dir = mkdtempSync(join(tmpdir(), 'xd-probe-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function script(sub: string, name: string, body: string, mode = 0o755): string {
  mkdirSync(join(dir, sub), { recursive: true })
  const p = join(dir, sub, name)
  writeFileSync(p, `#!/bin/sh\n${body}\n`)
  chmodSync(p, mode)
  return p
}

describe('browser probe before use', () => {
  it('accepts an executable named like a browser that reports a Chromium-family version', async () => {
    const p = script('ok', 'chromium', 'echo "Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)"')
    expect(await probeBrowser(p)).toEqual({ ok: true, version: 'Chromium 156.0.8078.114' })
    expect(await findBrowser(p)).toBe(p)
  })

  it('refuses a browser-named file that is something else, not executable, or missing', async () => {
    const liar = script('liar', 'google-chrome', 'echo "hello"; touch "$0.ran-with-$1"')
    const r = await probeBrowser(liar)
    expect(r).toMatchObject({ ok: false })
    expect(r.ok ? '' : r.reason).toMatch(/did not report a Chrome, Chromium or Edge version/)
    // it was only asked for --version, nothing else
    expect(existsSync(`${liar}.ran-with---version`)).toBe(true)
    expect(await findBrowser(liar)).toBeNull()
    const plain = script('plain', 'chromium', 'echo "Chromium 1.2.3"', 0o644)
    expect(await probeBrowser(plain)).toMatchObject({ ok: false, reason: expect.stringMatching(/not executable/) })
    expect(await probeBrowser(join(dir, 'missing', 'chromium'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no such file/) })
  })

  it('refuses any executable whose name is not a browser\'s, without running it', async () => {
    const sh = script('sh', 'sh-helper', 'touch "$0.ran"')
    expect(await probeBrowser(sh)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a Chrome, Chromium or Edge executable name/) })
    expect(existsSync(`${sh}.ran`)).toBe(false)
  })

  it('on Windows, checks for a PE executable instead of running --version', async () => {
    mkdirSync(join(dir, 'win'), { recursive: true })
    writeFileSync(join(dir, 'win', 'chrome.exe'), Buffer.from('MZ\x90\x00', 'latin1'))
    writeFileSync(join(dir, 'win2.txt'), 'x')
    expect(await probeBrowser(join(dir, 'win', 'chrome.exe'), { platform: 'win32' })).toMatchObject({ ok: true })
    mkdirSync(join(dir, 'win2'), { recursive: true })
    writeFileSync(join(dir, 'win2', 'msedge.exe'), '@echo off')
    expect(await probeBrowser(join(dir, 'win2', 'msedge.exe'), { platform: 'win32' })).toMatchObject({ ok: false })
  })
})
