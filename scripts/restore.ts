/**
 * npm run restore -- [--data-dir DIR] [BACKUP]   — put a backup in place of the database
 * npm run restore -- [--data-dir DIR] --list     — list the backups, newest first
 *
 * BACKUP is a path or a file name in DIR/backups/ (default: the newest). The backup is checked
 * (PRAGMA quick_check) first; the current database, with its -wal/-shm, is moved aside as
 * `xianyu-desk.db.before-restore-<time>`, never deleted. Stop the app before restoring.
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DB_FILE_NAME } from '../src-main/core/app'
import { backupDir, listBackups, newestBackup, restoreBackup } from '../src-main/core/db/backups'

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'data-dir': { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean' } } })
  if (values.help) return void process.stdout.write('usage: npm run restore -- [--data-dir DIR] [BACKUP | --list]\n')
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.xianyu-desk'))
  if (values.list) {
    for (const b of listBackups(dataDir)) process.stdout.write(`${new Date(b.createdAt).toISOString()}  ${(b.bytes / 1024 / 1024).toFixed(1).padStart(8)} MB  ${b.auto ? 'auto  ' : 'manual'}  ${b.path}\n`)
    return
  }
  const arg = positionals[0]
  const backup = arg === undefined ? newestBackup(dataDir)?.path : existsSync(arg) ? resolve(arg) : join(backupDir(dataDir), arg)
  if (!backup) throw new Error(`no backup in ${backupDir(dataDir)}`)
  const file = join(dataDir, DB_FILE_NAME)
  const done = restoreBackup({ file, backup, now: Date.now() })
  process.stdout.write(`restored ${backup}\n      -> ${file}\n${done.movedAside ? `the previous database is kept at ${done.movedAside}\n` : ''}`)
}

try {
  main()
} catch (err) {
  process.stderr.write(`restore: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}
