/**
 * `npm test`: checks the machine has what the tests need (a browser; on Linux a keyring and a CJK
 * font) and installs it where it can (Debian/Ubuntu as root) or stops with the one command to run;
 * builds the app if a source changed (the e2e tests drive the built renderer); then runs every
 * vitest project, on Linux under a private D-Bus session with an unlocked throwaway gnome-keyring
 * (so the real OS-keychain tests run), and prints `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ensureBuilt } from './lib/build'
import { findBrowser, installPlan, machineProbe, missingNeeds, type Need } from './lib/prereqs'

const root = resolve(__dirname, '..')
const args = process.argv.slice(2)

function stop(lines: string[]): never {
  for (const l of lines) console.error(l)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const WHY: Record<Need, string> = {
  'browser': 'a Chromium-family browser for the end-to-end tests / 端到端测试需要 Chromium 浏览器',
  'keyring': 'gnome-keyring + D-Bus for the OS-keychain tests / 钥匙串测试需要 gnome-keyring',
  'cjk-font': 'a CJK font for the screenshots / 截图需要中文字体'
}

let probe = machineProbe()
const pinned = findBrowser(probe)
if (pinned && 'error' in pinned) stop([`npm test: ${pinned.error}`])
let needs = missingNeeds(probe)
if (needs.length) {
  const plan = installPlan(probe, needs)
  for (const n of needs) console.log(`npm test: missing ${WHY[n]}`)
  if (plan.kind === 'apt') {
    console.log(`npm test: installing ${plan.packages.join(' ')} with apt-get (once per machine)…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages], { stdio: ['ignore', 'ignore', 'inherit'], env }) : update
    if (install.status !== 0) stop([`npm test: apt-get could not install ${plan.packages.join(' ')}; install them, then run npm test again.`])
    probe = machineProbe()
    needs = missingNeeds(probe)
    if (needs.length) stop([`npm test: still missing after the install: ${needs.join(', ')}`])
  } else if (plan.kind === 'tell') {
    stop(['npm test cannot install these itself here. Run this once, then npm test again:', `  ${plan.command}`])
  }
}
const browser = findBrowser(probe)
if (!browser || 'error' in browser) stop(['npm test: no browser found'])

try {
  ensureBuilt(root)
} catch (err) {
  stop([`npm test: ${err instanceof Error ? err.message : String(err)}`])
}

const tmp = mkdtempSync(join(tmpdir(), 'xd-test-'))
const json = join(tmp, 'vitest.json')
const vitest = [process.execPath, join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...args]
const env = { ...process.env, TZ: 'UTC', XDG_DATA_HOME: join(tmp, 'data'), CHROMIUM_PATH: browser.path }

let run
if (probe.platform === 'linux') {
  // a throwaway keyring, unlocked with a throwaway password (an existing login.keyring would refuse it)
  const quoted = vitest.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  const script = `echo -n xd-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`
  run = spawnSync('dbus-run-session', ['--', 'sh', '-c', script], { stdio: 'inherit', env, cwd: root })
} else {
  run = spawnSync(vitest[0]!, vitest.slice(1), { stdio: 'inherit', env, cwd: root })
}

let passed = 0
let failed = 1
let skipped = 0
if (existsSync(json)) {
  const r = JSON.parse(readFileSync(json, 'utf8')) as { numPassedTests: number; numFailedTests: number; numFailedTestSuites: number; numPendingTests: number; numTodoTests?: number }
  passed = r.numPassedTests
  failed = r.numFailedTests
  // a suite that failed to load, or vitest exiting non-zero with no failing test, is a failure too
  if (failed === 0 && (r.numFailedTestSuites > 0 || run.status !== 0)) failed = Math.max(1, r.numFailedTestSuites)
  skipped = r.numPendingTests + (r.numTodoTests ?? 0)
}
rmSync(tmp, { recursive: true, force: true })
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 && run.status === 0 ? 0 : 1)
