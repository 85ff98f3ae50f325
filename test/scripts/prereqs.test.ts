import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findBrowser, installPlan, missingNeeds, type Probe } from '../../scripts/lib/prereqs'

function probe(o: { platform?: NodeJS.Platform; env?: Record<string, string>; files?: string[]; dirs?: Record<string, string[]>; cmds?: string[]; font?: boolean; os?: string[]; root?: boolean } = {}): Probe {
  const files = new Set(o.files ?? [])
  const cmds = new Set(o.cmds ?? [])
  return {
    platform: o.platform ?? 'linux',
    env: o.env ?? {},
    home: '/home/u',
    isRoot: o.root ?? false,
    exists: (p) => files.has(p),
    list: (d) => o.dirs?.[d] ?? [],
    has: (c) => cmds.has(c),
    cjkFont: () => o.font ?? false,
    osIds: () => o.os ?? []
  }
}

describe('npm test: finding a browser', () => {
  it('CHROMIUM_PATH wins, and a wrong one is an error, not a silent fallback', () => {
    expect(findBrowser(probe({ env: { CHROMIUM_PATH: '/opt/c/chrome' }, files: ['/opt/c/chrome', '/usr/bin/chromium'] }))).toEqual({ path: '/opt/c/chrome', from: 'CHROMIUM_PATH' })
    expect(findBrowser(probe({ env: { CHROMIUM_PATH: '/nope' }, files: ['/usr/bin/chromium'] }))).toEqual({ error: 'CHROMIUM_PATH=/nope does not exist' })
  })

  it('then Playwright’s cache, newest revision first', () => {
    const cache = '/home/u/.cache/ms-playwright'
    const p = probe({
      dirs: { [cache]: ['chromium-1100', 'chromium-1208', 'ffmpeg-1010', 'chromium_headless_shell-1208'] },
      files: [join(cache, 'chromium-1100/chrome-linux/chrome'), join(cache, 'chromium-1208/chrome-linux64/chrome'), '/usr/bin/chromium']
    })
    expect(findBrowser(p)).toEqual({ path: join(cache, 'chromium-1208/chrome-linux64/chrome'), from: 'playwright' })
    const custom = probe({ env: { PLAYWRIGHT_BROWSERS_PATH: '/pw' }, dirs: { '/pw': ['chromium-9'] }, files: ['/pw/chromium-9/chrome-linux/chrome'] })
    expect(findBrowser(custom)).toEqual({ path: '/pw/chromium-9/chrome-linux/chrome', from: 'playwright' })
  })

  it('then system Chromium / Chrome / Edge, per platform', () => {
    expect(findBrowser(probe({ files: ['/usr/bin/google-chrome-stable'] }))).toEqual({ path: '/usr/bin/google-chrome-stable', from: 'system' })
    expect(findBrowser(probe({ platform: 'darwin', files: ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'] }))).toEqual({ path: '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge', from: 'system' })
    const edge = join('C:\\Program Files (x86)', 'Microsoft', 'Edge', 'Application', 'msedge.exe')
    expect(findBrowser(probe({ platform: 'win32', env: { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }, files: [edge] }))).toEqual({ path: edge, from: 'system' })
    expect(findBrowser(probe())).toBeNull()
  })
})

describe('npm test: what is missing and how it gets installed', () => {
  const complete = { files: ['/usr/bin/chromium'], cmds: ['dbus-run-session', 'gnome-keyring-daemon', 'apt-get'], font: true, os: ['debian'] }

  it('a complete Linux machine needs nothing; macOS and Windows need only a browser', () => {
    expect(missingNeeds(probe(complete))).toEqual([])
    expect(missingNeeds(probe({ platform: 'darwin' }))).toEqual(['browser'])
    expect(missingNeeds(probe({ platform: 'win32', files: [] }))).toEqual(['browser'])
  })

  it('a fresh Debian machine as root installs the packages itself', () => {
    const fresh = probe({ cmds: ['apt-get', 'dbus-run-session'], os: ['debian'], root: true })
    const needs = missingNeeds(fresh)
    expect(needs).toEqual(['browser', 'keyring', 'cjk-font'])
    expect(installPlan(fresh, needs)).toEqual({ kind: 'apt', packages: ['chromium', 'gnome-keyring', 'dbus-daemon', 'fonts-noto-cjk'] })
    expect(installPlan(probe({ cmds: ['apt-get'], os: ['ubuntu', 'debian'], root: true }), ['cjk-font'])).toEqual({ kind: 'apt', packages: ['fonts-noto-cjk'] })
  })

  it('without root, or off Debian, it stops with the one command to run', () => {
    expect(installPlan(probe({ cmds: ['apt-get'], os: ['debian'] }), ['browser', 'keyring'])).toEqual({ kind: 'tell', command: 'sudo apt-get install -y chromium gnome-keyring dbus-daemon' })
    const fedora = installPlan(probe({ os: ['fedora'], root: true }), ['browser'])
    expect(fedora.kind).toBe('tell')
    expect(installPlan(probe({ platform: 'darwin' }), ['browser'])).toMatchObject({ kind: 'tell', command: expect.stringContaining('CHROMIUM_PATH') })
    expect(installPlan(probe(complete), [])).toEqual({ kind: 'none' })
  })
})
