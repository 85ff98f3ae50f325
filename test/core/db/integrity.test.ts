import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DB_FILE_NAME, type CoreOptions } from '../../../src-main/core/app'
import { listBackups, restoreBackup } from '../../../src-main/core/db/backups'
import { DbOpenError, markerPath } from '../../../src-main/core/db/integrity'
import type { Db } from '../../../src-main/core/db/open'
import { makeCore, SAMPLE_COOKIE, type TestCore } from '../../helpers/core'

const dirs: string[] = []
const cores: TestCore[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.core.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function fill(db: Db, accountId: string, n: number): void {
  const conv = db.prepare("INSERT INTO conversations (account_id, cid, created_at, updated_at) VALUES (?, ?, 0, 0)")
  const msg = db.prepare("INSERT INTO messages (account_id, cid, direction, text, platform_message_id, dedupe_key, created_at) VALUES (?, ?, 'in', ?, ?, ?, ?)")
  db.transaction(() => {
    for (let c = 0; c < n / 100; c++) {
      conv.run(accountId, `c${c}`)
      for (let i = 0; i < 100; i++) msg.run(accountId, `c${c}`, `你好，还在吗？能便宜点吗？第 ${c}-${i} 条`.repeat(3), `p${c}-${i}`, `d${c}-${i}`, 1_700_000_000_000 + i)
    }
  })()
}

/** A data folder that has run before: one account, 4,000 messages, one manual backup; closed cleanly. */
async function usedDataDir(): Promise<{ dir: string; file: string; backup: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xd-integrity-'))
  dirs.push(dir)
  const t = makeCore({ dir, core: { autoBackup: false } })
  const acc = await t.core.services.accounts.addByCookie({ cookie: SAMPLE_COOKIE })
  fill(t.core.services.db, acc.id, 4000)
  const { path } = await t.core.api['app.backup']({})
  await t.core.close()
  return { dir, file: join(dir, DB_FILE_NAME), backup: path }
}

function openAgain(dir: string, core: CoreOptions = {}): TestCore {
  const t = makeCore({ dir, core: { autoBackup: false, ...core } })
  cores.push(t)
  return t
}

function refused(dir: string): DbOpenError {
  try {
    openAgain(dir)
  } catch (err) {
    expect(err).toBeInstanceOf(DbOpenError)
    return err as DbOpenError
  }
  throw new Error('the damaged database was opened')
}

function garble(file: string, at: number, bytes: number): void {
  const fd = openSync(file, 'r+')
  const junk = Buffer.alloc(bytes)
  for (let i = 0; i < bytes; i++) junk[i] = (i * 7919 + 13) & 0xff
  writeSync(fd, junk, 0, bytes, at)
  closeSync(fd)
}

describe('start-up integrity', () => {
  it('refuses 8 KB of garbage mid-file with the path, the newest backup and the restore command', async () => {
    const { dir, file, backup } = await usedDataDir()
    const before = statSync(file).size
    garble(file, Math.floor(before / 2 / 4096) * 4096, 8192)
    const err = refused(dir)
    expect(err.damage).toBe('corrupt')
    expect(err.message).toContain(file)
    expect(err.message).toContain(backup)
    expect(err.message).toContain(`npm run restore -- --data-dir "${dir}" "${backup}"`)
    expect(err.message).toMatch(/Nothing was created or changed/)
    // untouched: same size, nothing recreated
    expect(statSync(file).size).toBe(before)
  })

  it('a 0-byte database after a previous run is refused, not recreated empty', async () => {
    const { dir, file } = await usedDataDir()
    writeFileSync(file, '')
    expect(existsSync(markerPath(file))).toBe(true)
    const err = refused(dir)
    expect(err.damage).toBe('empty')
    expect(err.message).toContain(file)
    expect(statSync(file).size).toBe(0)
  })

  it('a missing database after a previous run is refused; a first run (no marker) creates one and marks it', async () => {
    const { dir, file } = await usedDataDir()
    rmSync(file)
    expect(refused(dir).damage).toBe('missing')
    expect(existsSync(file)).toBe(false)
    const fresh = mkdtempSync(join(tmpdir(), 'xd-first-'))
    dirs.push(fresh)
    openAgain(fresh)
    expect(existsSync(markerPath(join(fresh, DB_FILE_NAME)))).toBe(true)
  })

  it('refuses a truncated file and a file that is not SQLite', async () => {
    const { dir, file } = await usedDataDir()
    truncateSync(file, Math.floor(statSync(file).size / 2))
    const cut = refused(dir)
    expect(cut.damage).toBe('truncated')
    expect(cut.message).toContain(file)
    writeFileSync(file, JSON.stringify({ format: 'xianyu-desk.settings' }).repeat(20))
    const wrong = refused(dir)
    expect(wrong.damage).toBe('not_sqlite')
    expect(wrong.message).not.toMatch(/^SqliteError/)
  })

  it('restores the newest backup over a damaged database, keeping the damaged file aside', async () => {
    const { dir, file, backup } = await usedDataDir()
    garble(file, 8192, 8192)
    refused(dir)
    const done = restoreBackup({ file, backup, now: Date.now() })
    expect(done.movedAside).toMatch(/\.before-restore-/)
    expect(existsSync(done.movedAside ?? '')).toBe(true)
    const t = openAgain(dir)
    expect(await t.core.api['accounts.list']({})).toHaveLength(1)
    expect((t.core.services.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(4000)
  })

  it('one command restores it: npm run restore -- --data-dir DIR (newest backup by default)', async () => {
    const { dir, file } = await usedDataDir()
    writeFileSync(file, '')
    refused(dir)
    const r = spawnSync(resolve('node_modules/.bin/tsx'), ['--tsconfig', 'tsconfig.node.json', 'scripts/restore.ts', '--data-dir', dir], { encoding: 'utf8', timeout: 30_000 })
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/restored .*backups\/xianyu-desk-.*\.db/)
    expect(r.status).toBe(0)
    expect(await openAgain(dir).core.api['accounts.list']({})).toHaveLength(1)
  })

  it('refuses to restore a damaged backup', async () => {
    const { file, backup } = await usedDataDir()
    garble(backup, 8192, 8192)
    expect(() => restoreBackup({ file, backup, now: Date.now() })).toThrow(/backup is damaged too|cannot be read|cannot be opened/)
    expect(readdirSync(join(file, '..')).some((n) => n.includes('before-restore'))).toBe(false)
  })

  it('the UI restore call checks the backup, stages it, and the next start puts it in place', async () => {
    const { dir } = await usedDataDir()
    const t = openAgain(dir)
    const [acc] = await t.core.api['accounts.list']({})
    await t.core.api['accounts.update']({ id: acc?.id ?? '', remark: 'after the backup' })
    const [b] = await t.core.api['app.backups']({})
    const staged = await t.core.api['app.restore']({ name: b?.name ?? '' })
    expect(staged).toMatchObject({ restartRequired: true, backup: b?.path })
    await expect(t.core.api['app.restore']({ name: 'xianyu-desk-2000-01-01T00-00-00-000Z.db' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(t.core.api['app.restore']({ name: '../../etc/passwd' })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await t.core.close()
    const again = openAgain(dir)
    const [restored] = await again.core.api['accounts.list']({})
    expect(restored?.remark).toBe('')
    expect(readdirSync(dir).some((n) => n.includes('.before-restore-'))).toBe(true)
  })
})

describe('large databases: bounded check at start, full check in the background', () => {
  it('serves after the bounded probe, then reports the damage the full quick_check finds and stops daily backups', async () => {
    const { dir, file } = await usedDataDir()
    garble(file, Math.floor(statSync(file).size / 2 / 4096) * 4096, 8192)
    const t = openAgain(dir, { fullCheckBytes: 0 })
    expect((await t.core.api['app.integrity']({})).state).toBe('checking')
    const notices: string[] = []
    t.core.events.on('notice.raised', (n) => notices.push(n.kind))
    await t.core.services.integrity.start()
    const status = await t.core.api['app.integrity']({})
    expect(status.state).toBe('damaged')
    expect(status.problems.length).toBeGreaterThan(0)
    expect(status.dbPath).toBe(file)
    expect(status.newestBackup).toMatch(/backups\/xianyu-desk-/)
    expect(notices).toEqual(['db_damaged'])
    const backups = listBackups(dir).length
    expect(await t.core.services.integrity.backupIfDue()).toBeNull()
    expect(listBackups(dir)).toHaveLength(backups)
  })

  it('a sound database checked in the background ends up ok', async () => {
    const { dir } = await usedDataDir()
    const t = openAgain(dir, { fullCheckBytes: 0 })
    await t.core.services.integrity.start()
    expect((await t.core.api['app.integrity']({})).state).toBe('ok')
  })
})

describe('automatic backups', () => {
  it('one a day at most, the newest 7 automatic ones kept, manual ones never deleted', async () => {
    const { dir } = await usedDataDir()
    let now = Date.parse('2026-12-01T08:00:00Z')
    const t = makeCore({ dir, now: () => now, core: { autoBackup: false } })
    cores.push(t)
    const integrity = t.core.services.integrity
    expect(await integrity.backupIfDue()).not.toBeNull()
    now += 60 * 60_000
    expect(await integrity.backupIfDue()).toBeNull()
    for (let day = 1; day <= 10; day++) {
      now += 24 * 60 * 60_000
      expect(await integrity.backupIfDue()).not.toBeNull()
    }
    const all = listBackups(dir)
    const auto = all.filter((b) => b.auto)
    expect(auto).toHaveLength(7)
    expect(all.filter((b) => !b.auto)).toHaveLength(1)
    // the newest seven days survive
    expect(auto[0]?.createdAt).toBe(now)
    expect(auto[6]?.createdAt).toBe(now - 6 * 24 * 60 * 60_000)
    expect(readdirSync(join(dir, 'backups')).some((n) => n.endsWith('.part'))).toBe(false)
  })
})
