import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { afterFailure, isElectronInstalled, planLaunch, REASONS, reasonLine, type LaunchFacts } from '../../scripts/lib/launch'

const linux = (over: Partial<LaunchFacts> = {}): LaunchFacts => ({ platform: 'linux', env: { DISPLAY: ':0' }, argv: [], electronInstalled: true, ...over })

describe('npm start: which way the app starts', () => {
  it('binary present and a display → the window', () => {
    expect(planLaunch(linux())).toEqual({ kind: 'window' })
    expect(planLaunch(linux({ env: { WAYLAND_DISPLAY: 'wayland-0' } }))).toEqual({ kind: 'window' })
    expect(planLaunch({ platform: 'darwin', env: {}, argv: [], electronInstalled: true })).toEqual({ kind: 'window' })
    expect(planLaunch({ platform: 'win32', env: {}, argv: [], electronInstalled: true })).toEqual({ kind: 'window' })
  })

  it('binary missing → Electron’s own installer first, then the window', () => {
    expect(planLaunch(linux({ electronInstalled: false }))).toEqual({ kind: 'install-electron' })
    expect(planLaunch({ platform: 'darwin', env: {}, argv: [], electronInstalled: false })).toEqual({ kind: 'install-electron' })
  })

  it('download fails → headless with the reason', () => {
    expect(afterFailure('install-electron')).toEqual({ kind: 'headless', reason: 'download-failed' })
    expect(afterFailure('native')).toEqual({ kind: 'headless', reason: 'native-failed' })
    expect(afterFailure('window')).toEqual({ kind: 'headless', reason: 'window-failed' })
  })

  it('no display → headless without trying to download anything', () => {
    expect(planLaunch(linux({ env: {}, electronInstalled: false }))).toEqual({ kind: 'headless', reason: 'no-display' })
    expect(planLaunch(linux({ env: { DISPLAY: '' } }))).toEqual({ kind: 'headless', reason: 'no-display' })
    expect(planLaunch({ platform: 'freebsd', env: {}, argv: [], electronInstalled: true })).toEqual({ kind: 'headless', reason: 'no-display' })
  })

  it('asked for headless, or an unsupported system → headless', () => {
    expect(planLaunch(linux({ argv: ['--headless'] }))).toEqual({ kind: 'headless', reason: 'asked' })
    expect(planLaunch(linux({ env: { DISPLAY: ':0', XD_HEADLESS: '1' } }))).toEqual({ kind: 'headless', reason: 'asked' })
    expect(planLaunch({ platform: 'aix', env: { DISPLAY: ':0' }, argv: [], electronInstalled: true })).toEqual({ kind: 'headless', reason: 'unsupported-platform' })
  })

  it('every reason is one sentence in Chinese and one in English', () => {
    for (const [k, r] of Object.entries(REASONS)) {
      expect(r.zh, k).toMatch(/[\u4e00-\u9fff]/)
      expect(r.zh.match(/。/g)?.length, k).toBe(1)
      expect(r.en, k).toMatch(/^[A-Z][^\u4e00-\u9fff]*\.$/)
      expect(reasonLine(k as keyof typeof REASONS)).toBe(`${r.zh}\n${r.en}`)
    }
  })
})

describe('isElectronInstalled: Electron 45’s own test', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const lay = (o: { version?: string; pathTxt?: string; exe?: boolean }): string => {
    dir = mkdtempSync(join(tmpdir(), 'xd-electron-'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }))
    mkdirSync(join(dir, 'dist'))
    if (o.version !== undefined) writeFileSync(join(dir, 'dist', 'version'), o.version)
    if (o.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), o.pathTxt)
    if (o.exe) writeFileSync(join(dir, 'dist', 'electron'), '')
    return dir
  }

  it('needs the matching version, path.txt and the executable', () => {
    expect(isElectronInstalled(lay({ version: 'v45.4.1', pathTxt: 'electron', exe: true }), 'linux')).toBe(true)
    expect(isElectronInstalled(lay({ version: '45.4.1', pathTxt: 'electron', exe: true }), 'linux')).toBe(true)
  })
  it('a fresh npm install (no dist) is not installed', () => {
    expect(isElectronInstalled(lay({}), 'linux')).toBe(false)
  })
  it('an older binary, another platform’s path or a missing executable are not installed', () => {
    expect(isElectronInstalled(lay({ version: 'v44.0.0', pathTxt: 'electron', exe: true }), 'linux')).toBe(false)
    expect(isElectronInstalled(lay({ version: 'v45.4.1', pathTxt: 'electron.exe', exe: true }), 'linux')).toBe(false)
    expect(isElectronInstalled(lay({ version: 'v45.4.1', pathTxt: 'electron', exe: false }), 'linux')).toBe(false)
  })
})
