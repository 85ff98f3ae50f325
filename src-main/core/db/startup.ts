import { statSync } from 'node:fs'
import { AppError } from '../errors'
import { applyStagedRestore, newestBackup } from './backups'
import { DbOpenError, preflight, probeStructure, quickCheck, writeMarker, type DbDamage } from './integrity'
import { migrate, openDb, type Db } from './open'
import { MIGRATIONS } from './migrations'

/**
 * Up to this size the full `PRAGMA quick_check` runs before the app serves. Measured on the
 * development machine (docs/benchmarks.md): ~120 ms at 60 MB, ~1.4 s at 1 GB — so 64 MB keeps the
 * start inside its ~200 ms budget. Larger databases get the bounded structural probe now (4 ms at
 * 1 GB) and the full check in a worker right after start.
 */
export const FULL_CHECK_AT_START_BYTES = 64 * 1024 * 1024

export interface AppDbOptions {
  readonly file: string
  readonly dataDir: string
  readonly nativeBinding?: string
  readonly now: number
  /** The host's restore step for a backup path (a command line, or the desktop app's button). */
  readonly restoreHint: (backup: string) => string
  readonly fullCheckBytes?: number
}

export interface AppDb {
  readonly db: Db
  /** False when only the bounded probe ran: the full quick_check is still owed (IntegrityService). */
  readonly fullyChecked: boolean
  readonly checkMs: number
  /** A restore staged by the running app was applied before opening. */
  readonly restored: { restored: string; movedAside: string | null } | null
}

/**
 * Opens the app's database only if it is sound: a staged restore is applied first; a missing or
 * 0-byte database that existed before (marker) is refused, never recreated; a file that is not
 * SQLite, truncated or damaged is refused with its path, the newest backup and the restore step.
 */
export function openAppDb(o: AppDbOptions): AppDb {
  const refuse = (damage: DbDamage, detail: string, cause?: unknown): DbOpenError =>
    new DbOpenError({ damage, file: o.file, newestBackup: newestBackup(o.dataDir)?.path ?? null, detail, restoreHint: o.restoreHint(newestBackup(o.dataDir)?.path ?? ''), cause })
  const restored = applyStagedRestore({ file: o.file, now: o.now, nativeBinding: o.nativeBinding })
  const early = preflight(o.file)
  if (early) throw refuse(early.damage, early.detail)
  let db: Db
  try {
    // checked before any migration writes to it
    db = openDb({ file: o.file, nativeBinding: o.nativeBinding, migrations: null })
  } catch (err) {
    // a newer app's database is not damage: its own message says what to do
    if (err instanceof AppError) throw err
    throw refuse(/malformed|corrupt/i.test((err as Error).message) ? 'corrupt' : 'unreadable', `SQLite: ${(err as Error).message}`, err)
  }
  const t0 = performance.now()
  let problems: string[]
  const fullyChecked = statSync(o.file).size <= (o.fullCheckBytes ?? FULL_CHECK_AT_START_BYTES)
  try {
    problems = fullyChecked ? quickCheck(db) : probeStructure(db)
  } catch (err) {
    problems = [(err as Error).message]
  }
  const checkMs = performance.now() - t0
  if (problems.length > 0) {
    db.close()
    throw refuse('corrupt', `quick_check: ${problems.slice(0, 3).join('; ')}`)
  }
  try {
    migrate(db, MIGRATIONS)
  } catch (err) {
    db.close()
    throw err
  }
  writeMarker(o.file, o.now)
  return { db, fullyChecked, checkMs, restored }
}
