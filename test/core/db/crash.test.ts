import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDb, closeDb } from '../../../src-main/core/db/open'

describe('durability', () => {
  it('a committed row survives the process being killed right after the commit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xd-crash-'))
    const file = join(dir, 'crash.db')
    closeDb(openDb({ file }))
    // a child commits through the same WAL settings, then dies without closing anything
    const child = `
      const D = require(${JSON.stringify(resolve('node_modules/better-sqlite3'))});
      const db = new D(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
      db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('crash', '\\"kept\\"', 1)").run();
      process.kill(process.pid, 'SIGKILL');`
    const r = spawnSync(process.execPath, ['-e', child])
    expect(r.signal).toBe('SIGKILL')
    const db = openDb({ file })
    expect(db.prepare("SELECT value_json FROM settings WHERE key = 'crash'").pluck().get()).toBe('"kept"')
    closeDb(db)
    rmSync(dir, { recursive: true, force: true })
  })
})
