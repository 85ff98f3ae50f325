/**
 * `electron-vite build` only when its inputs changed. The stamp in out/ is a hash of every source,
 * config and lock file the build reads; a checkout that changed nothing starts without building.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const INPUT_DIRS = ['src-main', 'src-preload', 'src-renderer', 'resources']
const INPUT_FILES = ['package.json', 'package-lock.json', 'electron.vite.config.ts', 'tsconfig.json', 'tsconfig.node.json', 'tsconfig.web.json']
const OUTPUTS = ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html']
const STAMP = 'out/.build-stamp'

function walk(dir: string, acc: string[]): void {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, acc)
    else if (e.isFile()) acc.push(p)
  }
}

/** A hash over the paths and contents of every build input under `root`. */
export function buildInputsHash(root: string): string {
  const files: string[] = []
  for (const d of INPUT_DIRS) walk(join(root, d), files)
  for (const f of INPUT_FILES) if (existsSync(join(root, f))) files.push(join(root, f))
  files.sort()
  const h = createHash('sha256')
  for (const f of files) {
    h.update(relative(root, f).split('\\').join('/'))
    h.update('\0')
    h.update(readFileSync(f))
    h.update('\0')
  }
  return h.digest('hex')
}

/** True when out/ holds a complete build of exactly these inputs. */
export function buildIsFresh(root: string, hash = buildInputsHash(root)): boolean {
  if (!OUTPUTS.every((o) => existsSync(join(root, o)))) return false
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim() === hash
  } catch {
    return false
  }
}

/** Builds when stale. Returns 'fresh' (nothing to do), 'built', or throws with the build's exit. */
export function ensureBuilt(root: string, o: { quiet?: boolean } = {}): 'fresh' | 'built' {
  const hash = buildInputsHash(root)
  if (buildIsFresh(root, hash)) return 'fresh'
  if (!o.quiet) console.log('构建界面… Building the app…')
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
  const r = spawnSync(bin, ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' })
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status ?? r.signal})`)
  writeFileSync(join(root, STAMP), hash + '\n')
  return 'built'
}
