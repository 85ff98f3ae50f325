import { execFile } from 'node:child_process'
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { isBrowserExecutablePath } from '@contract/inputs'

export type ProbeResult = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly reason: string }

/** Chrome / Chromium / Edge answer `--version` with their name and a dotted version. */
const VERSION = /(chromium|chrome|edge)\D*?(\d+(?:\.\d+){1,3})/i

const cache = new Map<string, { key: string; result: ProbeResult }>()

/**
 * Is this path a Chromium-family browser Playwright may launch? Name check (contract), a regular
 * executable file, then `--version` must name Chrome, Chromium or Edge. On Windows `chrome.exe
 * --version` prints nothing (it would open a window), so there the file must be a PE executable.
 * Cached per path, size and mtime: a probe is one short process, run before each use otherwise.
 */
export async function probeBrowser(path: string, opts: { platform?: NodeJS.Platform; timeoutMs?: number } = {}): Promise<ProbeResult> {
  const platform = opts.platform ?? process.platform
  if (!isBrowserExecutablePath(path)) return { ok: false, reason: `不是 Chrome/Chromium/Edge 的可执行文件名 / not a Chrome, Chromium or Edge executable name: ${path}` }
  if (!existsSync(path)) return { ok: false, reason: `文件不存在 / no such file: ${path}` }
  const st = statSync(path)
  if (!st.isFile()) return { ok: false, reason: `不是文件 / not a file: ${path}` }
  const key = `${st.size}:${st.mtimeMs}`
  const hit = cache.get(path)
  if (hit?.key === key) return hit.result
  const result = platform === 'win32' ? peHeader(path) : (st.mode & 0o111) === 0 ? { ok: false as const, reason: `不可执行 / not executable: ${path}` } : await versionOf(path, opts.timeoutMs ?? 5000)
  cache.set(path, { key, result })
  return result
}

function versionOf(path: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: timeoutMs, maxBuffer: 64 * 1024, windowsHide: true }, (err, stdout) => {
      const m = VERSION.exec(String(stdout))
      if (m) return resolve({ ok: true, version: `${m[1]} ${m[2]}` })
      resolve({ ok: false, reason: `${path} --version 没有报告 Chrome/Chromium/Edge 版本 / did not report a Chrome, Chromium or Edge version${err ? ` (${err.message.slice(0, 120)})` : ''}` })
    })
  })
}

function peHeader(path: string): ProbeResult {
  const b = Buffer.alloc(2)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, b, 0, 2, 0)
  } finally {
    closeSync(fd)
  }
  return b.toString('latin1') === 'MZ' ? { ok: true, version: 'unknown (Windows)' } : { ok: false, reason: `不是 Windows 可执行文件 / not a Windows executable: ${path}` }
}
