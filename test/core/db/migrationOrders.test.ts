import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src-main/core/db/migrations'
import { m0005Orders } from '../../../src-main/core/db/migrations/0005-orders'
import { migrate, schemaVersion } from '../../../src-main/core/db/open'

describe('migration 0005-orders', () => {
  it('adds the order and delivery tables to a v4 database with data, leaving that data alone; pool counts follow the codes', () => {
    const db = new Database(':memory:')
    const before = MIGRATIONS.filter((m) => m.version < m0005Orders.version)
    migrate(db, before)
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('global', '{\"language\":\"en\"}', 1)").run()
    migrate(db, MIGRATIONS.filter((m) => m.version <= m0005Orders.version))
    expect(schemaVersion(db)).toBe(5)
    expect(db.prepare("SELECT value_json FROM settings WHERE key = 'global'").pluck().get()).toBe('{"language":"en"}')
    db.prepare("INSERT INTO orders (account_id, order_id, state, created_at, updated_at) VALUES ('a', '41', 'paid', 1, 1)").run()
    expect(() => db.prepare("INSERT INTO orders (account_id, order_id, state, created_at, updated_at) VALUES ('a', '42', 'lost', 1, 1)").run()).toThrow(/CHECK/)
    expect(() => db.prepare("INSERT INTO orders (account_id, order_id, state, created_at, updated_at) VALUES ('a', '41', 'paid', 1, 1)").run()).toThrow(/UNIQUE/)
    const pool = Number(db.prepare("INSERT INTO card_pools (account_id, name, created_at) VALUES ('a', '月卡', 1)").run().lastInsertRowid)
    const add = db.prepare("INSERT INTO pool_codes (pool_id, account_id, code, created_at) VALUES (?, 'a', ?, 1)")
    for (const c of ['C1', 'C2', 'C3']) add.run(pool, c)
    expect(() => add.run(pool, 'C1')).toThrow(/UNIQUE/)
    db.prepare("UPDATE pool_codes SET state = 'reserved' WHERE code IN ('C1', 'C2')").run()
    db.prepare("UPDATE pool_codes SET state = 'used' WHERE code = 'C1'").run()
    db.prepare("DELETE FROM pool_codes WHERE code = 'C3'").run()
    expect(db.prepare('SELECT n_available, n_reserved, n_used FROM card_pools WHERE id = ?').get(pool)).toEqual({ n_available: 0, n_reserved: 1, n_used: 1 })
    db.prepare("INSERT INTO delivery_messages (account_id, order_id, cid, unit, part, kind, body, masked, uuid, created_at) VALUES ('a', '41', 'c', 0, 0, 'text', 'x', 'x', '-17600000000001', 1)").run()
    expect(() => db.prepare("INSERT INTO delivery_messages (account_id, order_id, cid, unit, part, kind, body, masked, uuid, created_at) VALUES ('a', '41', 'c', 1, 0, 'text', 'y', 'y', '-17600000000001', 1)").run()).toThrow(/UNIQUE/)
    db.close()
  })
})
