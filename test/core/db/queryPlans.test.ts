import { describe, expect, it } from 'vitest'
import { closeDb, openDb } from '../../../src-main/core/db/open'

/** The hot queries must be index lookups, never table scans. */
describe('query plans', () => {
  const db = openDb({ file: ':memory:' })
  const plan = (sql: string, ...params: unknown[]): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ')

  it('last N messages of a chat uses idx_messages_chat', () => {
    const p = plan("SELECT * FROM messages WHERE account_id = ? AND cid = ? ORDER BY id DESC LIMIT 10", 'a', 'c')
    expect(p).toMatch(/USING INDEX idx_messages_chat/)
    expect(p).not.toMatch(/SCAN messages(?! USING)/)
    expect(p).not.toMatch(/TEMP B-TREE/)
  })

  it('price-intent buyer messages of a chat use the partial index idx_messages_price', () => {
    const p = plan("SELECT count(*) FROM messages WHERE account_id = ? AND cid = ? AND direction = 'in' AND intent = 'price' AND created_at > ?", 'a', 'c', 0)
    expect(p).toMatch(/USING (COVERING )?INDEX idx_messages_price/)
  })

  it('dedupe lookups use the unique indexes', () => {
    expect(plan('SELECT id FROM messages WHERE account_id = ? AND dedupe_key = ?', 'a', 'k')).toMatch(/ux_messages_dedupe/)
    expect(plan('SELECT id FROM messages WHERE account_id = ? AND client_uuid = ?', 'a', 'u')).toMatch(/ux_messages_client_uuid/)
  })

  it('closes', () => {
    closeDb(db)
    expect(db.open).toBe(false)
  })
})
