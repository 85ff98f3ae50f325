import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src-main/core/db/migrations'
import { m0001Initial } from '../../../src-main/core/db/migrations/0001-initial'
import { m0002Notify } from '../../../src-main/core/db/migrations/0002-notify'
import { m0003MessageOutcomes } from '../../../src-main/core/db/migrations/0003-message-outcomes'
import { closeDb, migrate, openDb, schemaVersion } from '../../../src-main/core/db/open'
import { AppError } from '../../../src-main/core/errors'

const dirs: string[] = []
const tempFile = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'xd-db-'))
  dirs.push(d)
  return join(d, 'test.db')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('migrations', () => {
  it('are strictly increasing and end at the current schema version', () => {
    const versions = MIGRATIONS.map((m) => m.version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
    expect(new Set(versions).size).toBe(versions.length)
    const db = openDb({ file: ':memory:' })
    expect(schemaVersion(db)).toBe(versions.at(-1))
    closeDb(db)
  })

  it('0001 creates the whole domain and its constraints hold', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, [m0001Initial])
    expect(schemaVersion(db)).toBe(1)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'conversations', 'messages', 'items', 'ai_settings', 'settings', 'keyword_rules', 'rule_hits', 'usage_log', 'decision_log', 'drafts']))
    db.prepare("INSERT INTO accounts (id, kind, unb, device_id, user_agent, created_at, updated_at) VALUES ('a1','xianyu','1','d','ua',1,1)").run()
    db.prepare("INSERT INTO ai_settings (account_id, updated_at) VALUES ('a1', 1)").run()
    const ai = db.prepare("SELECT * FROM ai_settings WHERE account_id = 'a1'").get() as Record<string, unknown>
    expect(ai).toMatchObject({ model: 'qwen-plus', base_url: 'https://dashscope.aliyuncs.com/compatible-mode/v1', max_discount_percent: 10, max_discount_amount: 100, max_bargain_rounds: 3 })
    expect(() => db.prepare("UPDATE ai_settings SET max_discount_percent = 60 WHERE account_id = 'a1'").run()).toThrow(/CHECK/)
    // a message needs its conversation; the platform id is unique per account
    expect(() => db.prepare("INSERT INTO messages (account_id, cid, direction, dedupe_key, created_at) VALUES ('a1','c1','in','k',1)").run()).toThrow(/FOREIGN KEY/)
    db.prepare("INSERT INTO conversations (account_id, cid, created_at, updated_at) VALUES ('a1','c1',1,1)").run()
    const ins = db.prepare("INSERT INTO messages (account_id, cid, direction, platform_message_id, dedupe_key, created_at) VALUES ('a1','c1','in',?,?,1)")
    ins.run('m1', 'k1')
    expect(() => ins.run('m1', 'k2')).toThrow(/UNIQUE/)
    // deleting the account removes its chats and messages
    db.prepare("DELETE FROM accounts WHERE id = 'a1'").run()
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0)
    db.close()
  })

  it('0003 gives every stored buyer message an outcome from the decision log, dealt with (no 需处理 flood)', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, [m0001Initial])
    db.prepare("INSERT INTO accounts (id, kind, unb, device_id, user_agent, created_at, updated_at) VALUES ('a1','xianyu','1','d','ua',1,1)").run()
    db.prepare("INSERT INTO conversations (account_id, cid, created_at, updated_at) VALUES ('a1','c1',1,1)").run()
    const msg = db.prepare("INSERT INTO messages (account_id, cid, direction, content_type, dedupe_key, created_at) VALUES ('a1','c1',?,?,?,?)")
    const answered = Number(msg.run('in', 'text', 'k1', 10).lastInsertRowid)
    const reply = Number(msg.run('out', 'text', 'k2', 11).lastInsertRowid)
    const unanswered = Number(msg.run('in', 'image', 'k3', 12).lastInsertRowid)
    msg.run('in', 'card', 'k4', 13)
    const dec = db.prepare("INSERT INTO decision_log (account_id, cid, message_id, reply_message_id, source, reason, created_at) VALUES ('a1','c1',?,?,?,?,1)")
    dec.run(answered, reply, 'ai', 'AI (default)')
    dec.run(unanswered, null, 'none', 'AI replies are turned off for this account')
    migrate(db, [m0001Initial, m0002Notify, m0003MessageOutcomes])
    expect(schemaVersion(db)).toBe(3)
    const rows = db.prepare('SELECT message_id, state, reason, detail, resolved_at FROM message_outcomes ORDER BY message_id').all()
    expect(rows).toEqual([
      { message_id: answered, state: 'answered', reason: null, detail: 'AI (default)', resolved_at: 10 },
      { message_id: unanswered, state: 'needs_you', reason: 'no_answer', detail: 'AI replies are turned off for this account', resolved_at: 12 }
    ])
    // the outcome goes with its message; an intent key is unique
    db.prepare('DELETE FROM messages WHERE id = ?').run(unanswered)
    expect(db.prepare('SELECT count(*) FROM message_outcomes').pluck().get()).toBe(1)
    const intent = db.prepare("INSERT INTO reply_intents (account_id, cid, message_id, idem_key, part_json, source, status, created_at, updated_at) VALUES ('a1','c1',1,'-17000000000001','{}','ai','pending',1,1)")
    intent.run()
    expect(() => intent.run()).toThrow(/UNIQUE/)
    db.close()
  })

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = tempFile()
    const db = openDb({ file })
    db.pragma('user_version = 99')
    closeDb(db)
    let caught: unknown
    try {
      openDb({ file })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('CONFLICT')
    expect((caught as AppError).message).toMatch(/newer/)
    const raw = new Database(file)
    expect(raw.pragma('user_version', { simple: true })).toBe(99)
    raw.close()
  })

  it('rolls a failing migration back completely', () => {
    const db = new Database(':memory:')
    const bad = { version: 2, name: 'bad', up: (d: Database.Database) => { d.exec('CREATE TABLE x (a)'); throw new Error('boom') } }
    expect(() => migrate(db, [m0001Initial, bad])).toThrow('boom')
    expect(schemaVersion(db)).toBe(0)
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('accounts','x')").pluck().get()).toBe(0)
    db.close()
  })

  it('rejects migrations out of order', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [m0001Initial, { ...m0001Initial, version: 1 }])).toThrow(/out of order/)
    db.close()
  })

  it('opens files in WAL mode with foreign keys, a busy timeout and 0600 permissions', () => {
    const file = tempFile()
    const db = openDb({ file })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    closeDb(db)
  })
})
