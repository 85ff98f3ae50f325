import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CSP, isAppUrl, secureWebPreferences } from '../../src-main/shell/security'
import { resolveInside } from '../../src-main/shell/protocol'

describe('window hardening', () => {
  it('every window gets the full STYLE §6.1 checklist', () => {
    expect(secureWebPreferences('/p.js')).toMatchObject({
      preload: '/p.js', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, enableWebSQL: false
    })
  })

  it('the CSP allows only the app itself', () => {
    expect(CSP).toContain("default-src 'none'")
    expect(CSP).toContain("script-src 'self'")
    expect(CSP).toContain("object-src 'none'")
    expect(CSP).not.toMatch(/unsafe-eval|\*/)
  })

  it('only app://renderer counts as the app', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true)
    expect(isAppUrl('app://other/index.html')).toBe(false)
    expect(isAppUrl('https://www.goofish.com/')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })
})

describe('app:// path check', () => {
  it('serves files inside out/renderer only, symlinks included', () => {
    const root = mkdtempSync(join(tmpdir(), 'xd-proto-'))
    mkdirSync(join(root, 'renderer/assets'), { recursive: true })
    writeFileSync(join(root, 'renderer/index.html'), '<html>')
    writeFileSync(join(root, 'renderer/assets/a.js'), '1')
    writeFileSync(join(root, 'secret.txt'), 'x')
    symlinkSync(join(root, 'secret.txt'), join(root, 'renderer/link.txt'))
    const r = join(root, 'renderer')
    expect(resolveInside(r, '/')).toMatch(/index\.html$/)
    expect(resolveInside(r, '/assets/a.js')).toMatch(/a\.js$/)
    expect(resolveInside(r, '/../secret.txt')).toBeNull()
    expect(resolveInside(r, '/%2e%2e/secret.txt')).toBeNull()
    expect(resolveInside(r, '/link.txt')).toBeNull()
    expect(resolveInside(r, '/missing.js')).toBeNull()
    expect(resolveInside(r, '/%E0%A4%A')).toBeNull()
    rmSync(root, { recursive: true, force: true })
  })
})
