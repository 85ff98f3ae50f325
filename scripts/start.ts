/**
 * `npm start`: the desktop window where Electron can run, else the same app in the browser.
 *
 * 1. No display (a server, SSH, CI) → say so and serve headless.
 * 2. Electron's binary missing → Electron 45's own installer (node_modules/electron/install.js,
 *    with its progress bar); a failed download → say so and serve headless.
 * 3. The Electron-ABI SQLite binding (scripts/native.mjs); failure → say so and serve headless.
 * 4. Build if a source changed, launch Electron; if it exits with an error before its window was
 *    ready → say so and serve headless.
 * Expected conditions print one sentence in Chinese and English, never a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { ensureBuilt } from './lib/build'
import { afterFailure, electronPlatformPath, isElectronInstalled, planLaunch, reasonLine, type HeadlessReason, type LaunchStep } from './lib/launch'

const root = resolve(__dirname, '..')
const electronDir = join(root, 'node_modules', 'electron')
const passArgs = process.argv.slice(2).filter((a) => a !== '--headless')

function facts(): Parameters<typeof planLaunch>[0] {
  return { platform: process.platform, env: process.env, argv: process.argv.slice(2), electronInstalled: isElectronInstalled(electronDir) }
}

function headless(reason: HeadlessReason): void {
  console.log(`\n${reasonLine(reason)}\n`)
  // the headless entry prints the URL to open; its flags (--port, --data-dir, …) pass through
  const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--tsconfig', join(root, 'tsconfig.node.json'), join(root, 'scripts', 'headless.ts'), ...passArgs], { cwd: root, stdio: 'inherit' })
  const forward = (sig: NodeJS.Signals): void => void child.kill(sig)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code) => process.exit(code ?? 0))
}

function installElectron(): boolean {
  console.log('下载 Electron（首次启动需要）… Downloading Electron (first start only)…')
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
  if (r.status === 0 && isElectronInstalled(electronDir)) return true
  const last = (r.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => /error|fail/i.test(l))
  if (last) console.log(`  (${last.slice(0, 200)})`)
  return false
}

function buildNative(): boolean {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'native.mjs'), 'electron'], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
  return r.status === 0
}

function window(): void {
  try {
    ensureBuilt(root)
  } catch (err) {
    console.error(`start: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
  const exe = join(electronDir, 'dist', electronPlatformPath(process.platform) ?? 'electron')
  const env = { ...process.env }
  delete env['ELECTRON_RUN_AS_NODE']
  const child = spawn(exe, [root, ...passArgs], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let ready = false
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => {
    const s = b.toString()
    if (s.includes('[xianyu-desk] window-ready')) ready = true
    process.stdout.write(s)
  })
  child.stderr.on('data', (b: Buffer) => {
    if (!ready) stderr = (stderr + b.toString()).slice(-4000)
    else process.stderr.write(b)
  })
  const forward = (sig: NodeJS.Signals): void => void child.kill(sig)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  // 'error' (could not start) and 'exit' may both come: fall back once
  let settled = false
  child.on('error', () => {
    if (settled) return
    settled = true
    run(afterFailure('window'))
  })
  child.on('exit', (code, signal) => {
    process.off('SIGINT', forward)
    process.off('SIGTERM', forward)
    if (settled) return
    settled = true
    if (!ready && code !== 0 && signal !== 'SIGINT' && signal !== 'SIGTERM') {
      const line = stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop()
      if (line) console.log(`  (${line.slice(0, 200)})`)
      return run(afterFailure('window'))
    }
    process.exit(code ?? 0)
  })
}

function run(step: LaunchStep): void {
  switch (step.kind) {
    case 'headless':
      return headless(step.reason)
    case 'install-electron':
      return run(installElectron() ? planLaunch(facts()) : afterFailure('install-electron'))
    case 'window':
      return buildNative() ? window() : run(afterFailure('native'))
  }
}

run(planLaunch(facts()))
