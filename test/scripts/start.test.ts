import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REASONS } from '../../scripts/lib/launch'

describe('npm start without a display', () => {
  it('says why in one sentence each in Chinese and English, then serves the same app headless', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xd-start-'))
    const env: NodeJS.ProcessEnv = { ...process.env, XIANYU_DESK_PASSPHRASE: 'start-test-only' }
    delete env['DISPLAY']
    delete env['WAYLAND_DISPLAY']
    delete env['XD_HEADLESS']
    const child = spawn(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.node.json', 'scripts/start.ts', '--port', '0', '--data-dir', dataDir, '--quiet'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    try {
      const ready = await new Promise<{ url: string }>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no ready line in 50 s:\n${out}\n${err}`)), 50_000)
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString()
          const line = out.split('\n').find((l) => l.startsWith('{"ready":true'))
          if (line) {
            clearTimeout(t)
            res(JSON.parse(line) as { url: string })
          }
        })
        child.on('exit', (code) => rej(new Error(`exited ${code}:\n${out}\n${err}`)))
      })
      expect(out).toContain(REASONS['no-display'].zh)
      expect(out).toContain(REASONS['no-display'].en)
      expect(err).not.toMatch(/\n\s+at /) // no stack trace
      // the printed link trades its token for a session cookie, then the UI loads with it
      const link = await fetch(ready.url, { redirect: 'manual' })
      const cookie = link.headers.get('set-cookie')?.split(';')[0]
      expect(link.status).toBe(303)
      expect(cookie).toMatch(/^xd_token_\d+=/)
      const page = await fetch(new URL('/', ready.url), { headers: { cookie: cookie ?? '' } })
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
