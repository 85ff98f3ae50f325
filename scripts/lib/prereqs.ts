/**
 * What `npm test` needs from the machine besides node_modules: a Chromium-family browser (the e2e
 * and login tests drive one), on Linux a Secret Service (gnome-keyring under a private D-Bus, for the
 * real OS-keychain tests) and a CJK font (screenshots show Chinese). Found the usual ways; where
 * missing and the machine can install them (Debian/Ubuntu as root) they are installed, else the one
 * command to run is printed. Pure functions take a `Probe` so they are tested without the machine.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface Probe {
  readonly platform: NodeJS.Platform
  readonly env: Readonly<Record<string, string | undefined>>
  readonly home: string
  readonly isRoot: boolean
  exists(path: string): boolean
  list(dir: string): string[]
  /** A command on PATH. */
  has(cmd: string): boolean
  /** CJK fonts known to fontconfig (Linux). */
  cjkFont(): boolean
  /** /etc/os-release's ID and ID_LIKE words. */
  osIds(): string[]
}

export type Need = 'browser' | 'keyring' | 'cjk-font'

/** Debian packages for each need. */
export const DEBIAN_PACKAGES: Record<Need, readonly string[]> = {
  'browser': ['chromium'],
  'keyring': ['gnome-keyring', 'dbus-daemon'],
  'cjk-font': ['fonts-noto-cjk']
}

function playwrightCache(p: Probe): string {
  if (p.env['PLAYWRIGHT_BROWSERS_PATH'] && p.env['PLAYWRIGHT_BROWSERS_PATH'] !== '0') return p.env['PLAYWRIGHT_BROWSERS_PATH']
  if (p.platform === 'darwin') return join(p.home, 'Library', 'Caches', 'ms-playwright')
  if (p.platform === 'win32') return join(p.env['LOCALAPPDATA'] ?? join(p.home, 'AppData', 'Local'), 'ms-playwright')
  return join(p.env['XDG_CACHE_HOME'] ?? join(p.home, '.cache'), 'ms-playwright')
}

/** Executables inside one Playwright `chromium-NNNN` folder, per platform. */
function playwrightExecutables(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') {
    return ['chrome-mac/Chromium.app/Contents/MacOS/Chromium', 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing']
  }
  if (platform === 'win32') return ['chrome-win/chrome.exe', 'chrome-win64/chrome.exe']
  return ['chrome-linux/chrome', 'chrome-linux64/chrome']
}

function systemBrowsers(p: Probe): string[] {
  if (p.platform === 'darwin') {
    return ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge']
      .flatMap((a) => [join('/Applications', a), join(p.home, 'Applications', a)])
  }
  if (p.platform === 'win32') {
    const roots = [p.env['PROGRAMFILES'], p.env['PROGRAMFILES(X86)'], p.env['LOCALAPPDATA']].filter((r): r is string => Boolean(r))
    return roots.flatMap((r) => [join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(r, 'Chromium', 'Application', 'chrome.exe'), join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')])
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/opt/google/chrome/chrome', '/snap/bin/chromium']
}

export type BrowserFound = { readonly path: string; readonly from: 'CHROMIUM_PATH' | 'playwright' | 'system' } | { readonly error: string } | null

/** CHROMIUM_PATH, then Playwright's browser cache (newest revision), then system Chrome/Chromium/Edge. */
export function findBrowser(p: Probe): BrowserFound {
  const pinned = p.env['CHROMIUM_PATH']
  if (pinned) return p.exists(pinned) ? { path: pinned, from: 'CHROMIUM_PATH' } : { error: `CHROMIUM_PATH=${pinned} does not exist` }
  const cache = playwrightCache(p)
  const revisions = p.list(cache)
    .map((d) => /^chromium-(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
  for (const m of revisions) {
    for (const exe of playwrightExecutables(p.platform)) {
      const path = join(cache, m[0], exe)
      if (p.exists(path)) return { path, from: 'playwright' }
    }
  }
  for (const path of systemBrowsers(p)) if (p.exists(path)) return { path, from: 'system' }
  return null
}

/** What is missing. The keychain and fonts are Linux needs: macOS and Windows have their own. */
export function missingNeeds(p: Probe): Need[] {
  const out: Need[] = []
  const b = findBrowser(p)
  if (b === null) out.push('browser')
  if (p.platform === 'linux') {
    if (!p.has('dbus-run-session') || !p.has('gnome-keyring-daemon')) out.push('keyring')
    if (!p.cjkFont()) out.push('cjk-font')
  }
  return out
}

export type InstallPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'apt'; readonly packages: readonly string[] }
  | { readonly kind: 'tell'; readonly command: string }

/** apt-get as root on Debian/Ubuntu; elsewhere the one command the developer should run. */
export function installPlan(p: Probe, needs: readonly Need[]): InstallPlan {
  if (needs.length === 0) return { kind: 'none' }
  const debianLike = p.platform === 'linux' && p.osIds().some((id) => id === 'debian' || id === 'ubuntu') && p.has('apt-get')
  const packages = needs.flatMap((n) => DEBIAN_PACKAGES[n])
  if (debianLike && p.isRoot) return { kind: 'apt', packages }
  if (debianLike) return { kind: 'tell', command: `sudo apt-get install -y ${packages.join(' ')}` }
  if (p.platform === 'linux') return { kind: 'tell', command: `install ${needs.map((n) => ({ 'browser': 'Chromium or Google Chrome', 'keyring': 'gnome-keyring and dbus (dbus-run-session)', 'cjk-font': 'a CJK font such as Noto Sans CJK' })[n]).join(', ')} with your package manager, or set CHROMIUM_PATH` }
  if (p.platform === 'darwin') return { kind: 'tell', command: 'brew install --cask google-chrome   (or set CHROMIUM_PATH to a Chrome/Chromium/Edge executable)' }
  return { kind: 'tell', command: 'winget install Google.Chrome   (or set CHROMIUM_PATH to a Chrome/Chromium/Edge executable)' }
}

/** The real machine. */
export function machineProbe(): Probe {
  const has = (cmd: string): boolean =>
    process.platform === 'win32'
      ? spawnSync('where', [cmd], { stdio: 'ignore' }).status === 0
      : spawnSync('sh', ['-c', `command -v '${cmd.replace(/'/g, '')}'`], { stdio: 'ignore' }).status === 0
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    isRoot: process.getuid?.() === 0,
    exists: existsSync,
    list: (dir) => {
      try {
        return readdirSync(dir)
      } catch {
        return []
      }
    },
    has,
    cjkFont: () => {
      if (!has('fc-list')) return false
      const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
      return r.status === 0 && r.stdout.trim().length > 0
    },
    osIds: () => {
      try {
        const text = readFileSync('/etc/os-release', 'utf8')
        const field = (k: string): string => new RegExp(`^${k}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1] ?? ''
        return `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/).filter(Boolean)
      } catch {
        return []
      }
    }
  }
}
