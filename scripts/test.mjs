#!/usr/bin/env node
// `npm test`: builds the app (the e2e tests drive the built renderer), then runs every vitest
// project — unit and end-to-end — under a private D-Bus session with an unlocked gnome-keyring
// when one is installed (so the real OS-keychain tests run), and prints `N passed, N failed`.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) {
  console.error('build failed')
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const tmp = mkdtempSync(join(tmpdir(), 'xd-test-'))
const json = join(tmp, 'vitest.json')
const vitest = ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...args]
const quoted = vitest.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
const env = { ...process.env, TZ: 'UTC', XDG_DATA_HOME: join(tmp, 'data') }

let run
if (has('dbus-run-session') && has('gnome-keyring-daemon') && !process.env.XD_NO_KEYRING) {
  // a throwaway keyring, unlocked with a throwaway password (an existing login.keyring would refuse it)
  const script = `echo -n xd-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`
  run = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], { stdio: 'inherit', env })
} else {
  console.warn('note: dbus-run-session or gnome-keyring not installed; OS-keychain tests will be skipped')
  run = spawnSync(vitest[0], vitest.slice(1), { stdio: 'inherit', env })
}

let passed = 0
let failed = 1
let skipped = 0
if (existsSync(json)) {
  const r = JSON.parse(readFileSync(json, 'utf8'))
  passed = r.numPassedTests
  failed = r.numFailedTests
  // a suite that failed to load, or vitest exiting non-zero with no failing test, is a failure too
  if (failed === 0 && (r.numFailedTestSuites > 0 || run.status !== 0)) failed = Math.max(1, r.numFailedTestSuites)
  skipped = r.numPendingTests + (r.numTodoTests ?? 0)
}
rmSync(tmp, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 && run.status === 0 ? 0 : 1)
