import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { Db } from './open'

/** Why a database was refused at start. */
export type DbDamage = 'missing' | 'empty' | 'not_sqlite' | 'truncated' | 'corrupt' | 'unreadable'

/**
 * A database the app will not open or serve. The message names the file, the newest backup and the
 * command that restores it — never a bare SQLite message (that goes to `cause`).
 */
export class DbOpenError extends Error {
  readonly damage: DbDamage
  readonly file: string
  readonly newestBackup: string | null
  constructor(o: { damage: DbDamage; file: string; newestBackup: string | null; detail: string; restoreHint: string; cause?: unknown }) {
    super(dbOpenMessage(o), o.cause === undefined ? undefined : { cause: o.cause })
    this.name = 'DbOpenError'
    this.damage = o.damage
    this.file = o.file
    this.newestBackup = o.newestBackup
  }
}

function dbOpenMessage(o: { damage: DbDamage; file: string; newestBackup: string | null; detail: string; restoreHint: string }): string {
  const what: Record<DbDamage, string> = {
    missing: '数据库文件不见了，但这台电脑上运行过闲鱼客服台 / The database file is gone, but Xianyu Desk has run here before',
    empty: '数据库文件是空的（0 字节），但这台电脑上运行过闲鱼客服台 / The database file is empty (0 bytes), but Xianyu Desk has run here before',
    not_sqlite: '数据库文件不是 SQLite 数据库 / The database file is not an SQLite database',
    truncated: '数据库文件被截断了（比它记录的长度短）/ The database file is truncated (shorter than it says it is)',
    corrupt: '数据库文件已损坏 / The database file is damaged',
    unreadable: '无法打开数据库 / The database cannot be opened'
  }
  return [
    `${what[o.damage]}: ${o.file}`,
    `  ${o.detail}`,
    '  为了不丢数据，应用没有新建或修改它。/ Nothing was created or changed, so nothing more is lost.',
    o.newestBackup
      ? `  最新备份 / Newest backup: ${o.newestBackup}\n  恢复 / To restore it: ${o.restoreHint}`
      : '  没有找到备份（数据文件夹下的 backups/）/ No backup found (backups/ in the data folder).'
  ].join('\n')
}

/** Written after the first successful open: from then on a missing or empty database is damage, not a first run. */
export const markerPath = (file: string): string => `${file}.marker`

export function writeMarker(file: string, now: number): void {
  if (!existsSync(markerPath(file))) writeFileSync(markerPath(file), JSON.stringify({ createdAt: now }) + '\n', { mode: 0o600 })
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

/** What the file itself says before SQLite touches it: null when it may be opened (or created, on a first run). */
export function preflight(file: string): { damage: DbDamage; detail: string } | null {
  const marked = existsSync(markerPath(file))
  if (!existsSync(file)) return marked ? { damage: 'missing', detail: `标记文件 / marker: ${markerPath(file)}` } : null
  const size = statSync(file).size
  const walSize = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0
  if (size === 0) return marked && walSize === 0 ? { damage: 'empty', detail: `标记文件 / marker: ${markerPath(file)}` } : null
  const header = Buffer.alloc(100)
  const fd = openSync(file, 'r')
  let read: number
  try {
    read = readSync(fd, header, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (read < 100 || !header.subarray(0, 16).equals(MAGIC)) return { damage: 'not_sqlite', detail: `文件头 / file header: ${JSON.stringify(header.subarray(0, 16).toString('latin1'))}` }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return { damage: 'corrupt', detail: `页大小无效 / invalid page size ${rawPageSize}` }
  // the in-header page count is valid when the change counter matches "version-valid-for" (SQLite file format §1.3.7).
  // With a non-empty WAL a checkpoint may have been cut short (page 1 is written first): SQLite redoes it from
  // the WAL on open, so the size is only judged on a file at rest; quick_check still runs after.
  const pages = header.readUInt32BE(28)
  const valid = header.readUInt32BE(24) === header.readUInt32BE(92)
  if (valid && walSize === 0 && pages > 0 && size < pages * pageSize) {
    return { damage: 'truncated', detail: `${size} 字节，应为 ${pages * pageSize} / ${size} bytes, expected ${pages * pageSize}` }
  }
  return null
}

/**
 * Bounded structural check for start-up: the schema parses, and every table and index can be entered
 * at both ends (root page → first and last leaf). Cheap at any size; the full quick_check follows.
 */
export function probeStructure(db: Db): string[] {
  const problems: string[] = []
  const objects = db.prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
    "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%'"
  ).all()
  for (const o of objects) {
    const table = quoteId(o.tbl_name)
    try {
      if (o.type === 'index') db.prepare(`SELECT 1 FROM ${table} INDEXED BY ${quoteId(o.name)} LIMIT 1`).get()
      else {
        db.prepare(`SELECT * FROM ${table} LIMIT 1`).get()
        if (!/WITHOUT\s+ROWID/i.test(o.sql ?? '')) db.prepare(`SELECT * FROM ${table} ORDER BY rowid DESC LIMIT 1`).get()
      }
    } catch (err) {
      // a partial index can't be forced without its WHERE: that is not damage
      if (!/no query solution/i.test((err as Error).message)) problems.push(`${o.name}: ${(err as Error).message}`)
    }
  }
  return problems
}

const quoteId = (s: string): string => `"${s.replace(/"/g, '""')}"`

/** `PRAGMA quick_check` on this connection: [] when the database is sound. */
export function quickCheck(db: Db): string[] {
  const rows = db.pragma('quick_check(20)') as Array<{ quick_check: string }>
  return rows.map((r) => r.quick_check).filter((r) => r !== 'ok')
}

/**
 * The full quick_check on a read-only connection in a worker thread, so a large database (~1.3 s
 * per GB here) never blocks the event loop. Falls back to `fallback` (this thread) when the worker
 * cannot load better-sqlite3.
 */
export function quickCheckInWorker(file: string, opts: { nativeBinding?: string; fallback: () => string[] }): Promise<string[]> {
  let entry: string
  try {
    entry = require.resolve('better-sqlite3')
  } catch {
    return Promise.resolve(opts.fallback())
  }
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const Database = require(workerData.entry)
    const db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) })
    try {
      parentPort.postMessage(db.pragma('quick_check(20)').map((r) => r.quick_check).filter((r) => r !== 'ok'))
    } catch (err) {
      parentPort.postMessage([String(err && err.message || err)])
    } finally {
      db.close()
    }`
  return new Promise((resolve) => {
    let settled = false
    const done = (r: string[]): void => {
      if (!settled) resolve(r)
      settled = true
    }
    const onThisThread = (): void => {
      if (settled) return
      try {
        done(opts.fallback())
      } catch (err) {
        done([`quick_check: ${(err as Error).message}`])
      }
    }
    const w = new Worker(code, { eval: true, workerData: { entry, file, nativeBinding: opts.nativeBinding } })
    w.unref()
    w.on('message', (m: string[]) => done(m))
    w.on('error', onThisThread)
    w.on('exit', onThisThread)
  })
}
