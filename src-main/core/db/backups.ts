import Database from 'better-sqlite3'
import { chmodSync, copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS } from './migrations'
import { writeMarker } from './integrity'

/** Backups live in `<dataDir>/backups/`: `xianyu-desk-<time>.db` by hand, `xianyu-desk-auto-<time>.db` daily. */
export const backupDir = (dataDir: string): string => join(dataDir, 'backups')
const NAME = /^xianyu-desk-(auto-)?[0-9TZ-]+\.db$/
export const AUTO_KEEP = 7

export interface BackupFile {
  readonly name: string
  readonly path: string
  readonly bytes: number
  readonly createdAt: number
  readonly auto: boolean
}

export const stampOf = (now: number): string => new Date(now).toISOString().replace(/[:.]/g, '-')

/** The time in a backup's name (the app's clock when it was made), or null for a renamed file. */
function stampTime(name: string): number | null {
  const m = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(name)
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null
}

/** Every backup of this data folder, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupDir(dataDir)
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((n) => NAME.test(n)).map((name) => {
    const path = join(dir, name)
    const st = statSync(path)
    return { name, path, bytes: st.size, createdAt: stampTime(name) ?? Math.round(st.mtimeMs), auto: name.startsWith('xianyu-desk-auto-') }
  }).sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name))
}

export const newestBackup = (dataDir: string): BackupFile | null => listBackups(dataDir)[0] ?? null

/** Deletes automatic backups beyond the newest `keep`; backups made by hand are the seller's and stay. Returns the removed names. */
export function rotateAutoBackups(dataDir: string, keep = AUTO_KEEP): string[] {
  const old = listBackups(dataDir).filter((b) => b.auto).slice(keep)
  for (const b of old) rmSync(b.path, { force: true })
  return old.map((b) => b.name)
}

/** A backup is only restored when SQLite itself finds it sound and this app can read its schema. */
export function checkBackup(path: string, nativeBinding?: string): void {
  if (!existsSync(path)) throw new Error(`备份不存在 / No such backup: ${path}`)
  let db: Database.Database
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
  } catch (err) {
    throw new Error(`备份无法打开 / The backup cannot be opened: ${path} (${(err as Error).message})`, { cause: err })
  }
  try {
    const problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok')
    if (problems.length > 0) throw new Error(`备份也已损坏 / The backup is damaged too: ${path} (${problems.join('; ')})`)
    const version = db.pragma('user_version', { simple: true }) as number
    const latest = MIGRATIONS.at(-1)?.version ?? 0
    if (version > latest) throw new Error(`备份来自更新版本的应用（版本 ${version}）/ The backup was written by a newer app (schema ${version})`)
  } catch (err) {
    if (err instanceof Error && /^备份/.test(err.message)) throw err
    throw new Error(`备份无法读取 / The backup cannot be read: ${path} (${(err as Error).message})`, { cause: err })
  } finally {
    db.close()
  }
}

/**
 * Puts a checked backup in place of the database. The current file (with its -wal/-shm, which may
 * hold committed rows) is moved aside as `<db>.before-restore-<time>`, never deleted.
 * The app must not have the database open.
 */
export function restoreBackup(o: { file: string; backup: string; now: number; nativeBinding?: string }): { restored: string; movedAside: string | null } {
  checkBackup(o.backup, o.nativeBinding)
  let movedAside: string | null = null
  if (existsSync(o.file)) {
    movedAside = `${o.file}.before-restore-${stampOf(o.now)}`
    renameSync(o.file, movedAside)
    for (const s of ['-wal', '-shm']) if (existsSync(o.file + s)) renameSync(o.file + s, movedAside + s)
  }
  copyFileSync(o.backup, o.file)
  chmodSync(o.file, 0o600)
  writeMarker(o.file, o.now)
  return { restored: o.backup, movedAside }
}

/** Where the running app leaves a restore for its next start (it cannot swap the file it has open). */
export const stagedRestorePath = (file: string): string => `${file}.restore`

/** Checks the backup now and stages a copy; the next start puts it in place. */
export function stageRestore(o: { file: string; backup: string; nativeBinding?: string }): string {
  checkBackup(o.backup, o.nativeBinding)
  const staged = stagedRestorePath(o.file)
  copyFileSync(o.backup, staged)
  chmodSync(staged, 0o600)
  return staged
}

/** At start, before the database is opened: applies a staged restore. Returns what was done, or null. */
export function applyStagedRestore(o: { file: string; now: number; nativeBinding?: string }): { restored: string; movedAside: string | null } | null {
  const staged = stagedRestorePath(o.file)
  if (!existsSync(staged)) return null
  const done = restoreBackup({ file: o.file, backup: staged, now: o.now, nativeBinding: o.nativeBinding })
  rmSync(staged, { force: true })
  return done
}
