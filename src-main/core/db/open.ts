import Database from 'better-sqlite3'
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../errors'
import { clearCaches } from './cache'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

export interface OpenDbOptions {
  /** A file path, or ':memory:'. */
  readonly file: string
  /** Electron loads better-sqlite3's Electron-ABI binary through this (see scripts/native.mjs). */
  readonly nativeBinding?: string
  /** null: open without migrating (the start-up check runs first, see startup.ts). */
  readonly migrations?: ReadonlyArray<Migration> | null
}

/**
 * Opens the database with the pragmas the app relies on and brings the schema up to date.
 * WAL + synchronous=NORMAL: a committed transaction survives a process crash (only an OS crash or
 * power loss can roll back the last commits), and readers never block the writer.
 */
export function openDb(opts: OpenDbOptions): Db {
  const memory = opts.file === ':memory:'
  if (!memory) mkdirSync(dirname(opts.file), { recursive: true })
  const db = new Database(opts.file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  try {
    if (!memory) {
      db.pragma('journal_mode = WAL')
      chmodSync(opts.file, 0o600)
    }
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    if (opts.migrations !== null) migrate(db, opts.migrations ?? MIGRATIONS)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Runs pending migrations in one transaction; refuses a database written by a newer app. */
export function migrate(db: Db, migrations: ReadonlyArray<Migration>): void {
  migrations.forEach((m, i) => {
    const prev = migrations[i - 1]
    if (prev && m.version <= prev.version) throw new Error(`migrations out of order at ${m.name}`)
  })
  const latest = migrations.at(-1)?.version ?? 0
  const current = schemaVersion(db)
  if (current > latest) {
    throw new AppError('CONFLICT', `数据库来自更新版本的闲鱼客服台（版本 ${current} > ${latest}），请升级应用 / The database was written by a newer Xianyu Desk (schema ${current} > ${latest}); please update the app`)
  }
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const m of pending) {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }
  })()
}

interface Batch {
  /** Set when a write needs this turn's commit (inbound messages: before anything reacts to them). */
  immediate: NodeJS.Immediate | null
  /** Set when only lazy writes joined: committed at the latest after a short delay. */
  timer: NodeJS.Timeout | null
}

const batches = new WeakMap<Db, Batch>()

/** The open write batch, opened now if needed; null inside someone's explicit transaction (it commits). */
function openBatch(db: Db): Batch | null {
  const open = batches.get(db)
  if (open) return open
  if (db.inTransaction || !db.open) return null
  db.exec('BEGIN')
  const b: Batch = { immediate: null, timer: null }
  batches.set(db, b)
  return b
}

/**
 * Joins the current event-loop turn's write batch: the first call in a turn opens a transaction,
 * committed by setImmediate once the turn's I/O callbacks have run. Every write in between (a whole
 * burst of pushes across all accounts; nested `db.transaction()` calls become savepoints) shares one
 * commit instead of one per message. Durability is unchanged in kind (WAL + synchronous=NORMAL):
 * the batch is committed before anything queued after it in this turn (debounce-0 replies) and
 * before any timer of the next turn (debounced replies) runs.
 */
export function joinTickBatch(db: Db): void {
  const b = openBatch(db)
  if (b) b.immediate ??= setImmediate(() => flushWrites(db))
}

/**
 * Joins the open batch without asking for this turn's commit: for records of what already happened
 * (a reply that went out, its decision) that nothing waits on. They are committed with the next
 * inbound batch, or after `maxDelayMs` at the latest — one commit instead of one more per reply.
 */
export function joinLazyBatch(db: Db, maxDelayMs = 25): void {
  const b = openBatch(db)
  if (b && !b.immediate && !b.timer) {
    b.timer = setTimeout(() => flushWrites(db), maxDelayMs)
    b.timer.unref?.()
  }
}

/** Commits the open write batch now (also before something that cannot run inside a transaction, e.g. a backup). */
export function flushWrites(db: Db): void {
  const b = batches.get(db)
  if (!b) return
  batches.delete(db)
  if (b.immediate) clearImmediate(b.immediate)
  if (b.timer) clearTimeout(b.timer)
  if (!db.open || !db.inTransaction) return
  try {
    db.exec('COMMIT')
  } catch (err) {
    // the batch is gone (disk full, I/O error): so is anything the repos cached from it
    if (db.inTransaction) db.exec('ROLLBACK')
    clearCaches(db)
    throw err
  }
}

export function closeDb(db: Db): void {
  if (!db.open) return
  flushWrites(db)
  try {
    db.pragma('optimize')
  } catch {
    // best effort: optimize is advisory
  }
  db.close()
}

/** Deletes a database file with its WAL and shared-memory companions. */
export function deleteDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f)
}
