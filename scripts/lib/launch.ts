/**
 * How `npm start` launches the app: the Electron window where Electron can run, else the same app
 * served headless in the browser. The decision is pure (facts in, plan out) so it is tested in
 * Node without Electron; `scripts/start.ts` gathers the facts and carries the plan out.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Why the window could not be used; each has one plain sentence in both languages. */
export type HeadlessReason = 'asked' | 'no-display' | 'unsupported-platform' | 'download-failed' | 'native-failed' | 'window-failed'

export const REASONS: Record<HeadlessReason, { zh: string; en: string }> = {
  'asked': { zh: '按你的要求以浏览器模式启动。', en: 'Starting in browser mode as asked.' },
  'no-display': { zh: '这台机器没有图形界面（未设置 DISPLAY / WAYLAND_DISPLAY），无法打开窗口，改为以浏览器模式启动。', en: 'This machine has no display (DISPLAY / WAYLAND_DISPLAY are not set), so the window cannot open; starting in browser mode instead.' },
  'unsupported-platform': { zh: 'Electron 不支持这个系统，改为以浏览器模式启动。', en: 'Electron does not run on this system; starting in browser mode instead.' },
  'download-failed': { zh: '无法下载 Electron（可能没有网络，或需要设置 ELECTRON_MIRROR 镜像），改为以浏览器模式启动。', en: 'Electron could not be downloaded (no internet, or set ELECTRON_MIRROR to a mirror); starting in browser mode instead.' },
  'native-failed': { zh: '无法为 Electron 准备数据库模块（需要联网获取 Electron 头文件），改为以浏览器模式启动。', en: 'The database module could not be prepared for Electron (this needs internet for the Electron headers); starting in browser mode instead.' },
  'window-failed': { zh: 'Electron 无法打开窗口，改为以浏览器模式启动。', en: 'Electron could not open its window; starting in browser mode instead.' }
}

export function reasonLine(r: HeadlessReason): string {
  return `${REASONS[r].zh}\n${REASONS[r].en}`
}

export interface LaunchFacts {
  readonly platform: NodeJS.Platform
  readonly env: Readonly<Record<string, string | undefined>>
  readonly argv: readonly string[]
  /** The Electron binary for this platform is on disk (as Electron's own installer leaves it). */
  readonly electronInstalled: boolean
}

/** The next step of `npm start`. The runner calls `plan` again after each step with new facts. */
export type LaunchStep =
  | { readonly kind: 'headless'; readonly reason: HeadlessReason }
  | { readonly kind: 'install-electron' }
  | { readonly kind: 'window' }

export function planLaunch(f: LaunchFacts): LaunchStep {
  if (f.argv.includes('--headless') || f.env['XD_HEADLESS'] === '1') return { kind: 'headless', reason: 'asked' }
  if (!['linux', 'darwin', 'win32', 'freebsd', 'openbsd'].includes(f.platform)) return { kind: 'headless', reason: 'unsupported-platform' }
  // macOS and Windows always have a desktop session for a logged-in user; Linux/BSD need X or Wayland
  if (f.platform !== 'darwin' && f.platform !== 'win32' && !f.env['DISPLAY'] && !f.env['WAYLAND_DISPLAY']) return { kind: 'headless', reason: 'no-display' }
  if (!f.electronInstalled) return { kind: 'install-electron' }
  return { kind: 'window' }
}

/** What the runner does when a step fails. */
export function afterFailure(step: 'install-electron' | 'native' | 'window'): LaunchStep {
  switch (step) {
    case 'install-electron': return { kind: 'headless', reason: 'download-failed' }
    case 'native': return { kind: 'headless', reason: 'native-failed' }
    case 'window': return { kind: 'headless', reason: 'window-failed' }
  }
}

/** The executable's path inside `node_modules/electron/dist`, as Electron's installer names it. */
export function electronPlatformPath(platform: NodeJS.Platform): string | null {
  switch (platform) {
    case 'darwin': return 'Electron.app/Contents/MacOS/Electron'
    case 'linux': case 'freebsd': case 'openbsd': return 'electron'
    case 'win32': return 'electron.exe'
    default: return null
  }
}

/**
 * Electron 45's own test of "installed" (node_modules/electron/install.js `isInstalled`): dist/version
 * matches the package, path.txt names this platform's executable, and the executable exists.
 */
export function isElectronInstalled(electronDir: string, platform: NodeJS.Platform = process.platform): boolean {
  const platformPath = electronPlatformPath(platform)
  if (!platformPath) return false
  try {
    const version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version
    if (readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '') !== version) return false
    if (readFileSync(join(electronDir, 'path.txt'), 'utf8') !== platformPath) return false
  } catch {
    return false
  }
  return existsSync(join(electronDir, 'dist', platformPath))
}
