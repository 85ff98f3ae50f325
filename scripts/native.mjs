#!/usr/bin/env node
// better-sqlite3 is a native module built for one ABI. `npm install` builds it for Node (the
// tests and the headless host use that one). Electron needs a build for its own ABI; this script
// makes one in .native/electron/ — apart from node_modules, so both work from one checkout — and
// core loads it through better-sqlite3's `nativeBinding` option (src-main/shell/main.ts).
// Run by `npm start` (prestart). It needs internet (Electron headers or a prebuilt binary).
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const target = process.argv[2] ?? 'electron'
if (target !== 'electron') {
  console.error('usage: node scripts/native.mjs electron')
  process.exit(2)
}
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version
const outDir = join(root, '.native', 'electron')
const stampFile = join(outDir, 'stamp.json')
const stamp = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch })

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(outDir, 'better_sqlite3.node'))) {
  process.exit(0)
}

// build in a scratch copy so node_modules keeps its Node-ABI binary for `npm test`
const work = join(root, '.native', 'build', 'better-sqlite3')
rmSync(work, { recursive: true, force: true })
mkdirSync(join(root, '.native', 'build'), { recursive: true })
cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) })
const env = { ...process.env }
delete env.npm_config_nodedir // Electron headers, not the local Node's
const run = (cmd, args) => spawnSync(cmd, args, { cwd: work, stdio: 'inherit', env, shell: process.platform === 'win32' })

console.log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} …`)
let r = run('npx', ['--yes', 'prebuild-install', '--runtime=electron', `--target=${electronVersion}`, '--verbose'])
if (r.status !== 0) {
  r = run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'])
}
const built = join(work, 'build', 'Release', 'better_sqlite3.node')
if (r.status !== 0 || !existsSync(built)) {
  console.error('could not build better-sqlite3 for Electron (this needs internet access for the Electron headers)')
  process.exit(1)
}
mkdirSync(outDir, { recursive: true })
copyFileSync(built, join(outDir, 'better_sqlite3.node'))
writeFileSync(stampFile, stamp)
console.log(`ok: ${join(outDir, 'better_sqlite3.node')}`)
