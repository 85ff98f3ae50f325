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

  it('answered rounds, the durable per-chat cap and the outcome lists use their indexes', () => {
    const rounds = plan(`SELECT count(*) FROM messages m JOIN message_outcomes o ON o.message_id = m.id AND o.state IN ('answered','pending')
      WHERE m.account_id = ? AND m.cid = ? AND m.direction = 'in' AND m.intent = 'price' AND m.created_at > ?`, 'a', 'c', 0)
    expect(rounds).toMatch(/idx_messages_price/)
    expect(rounds).not.toMatch(/SCAN message_outcomes/)
    expect(plan(`SELECT count(*) FROM messages WHERE account_id = ? AND cid = ? AND direction = 'out' AND source IN ('keyword','ai','fallback','refusal') AND created_at > ?`, 'a', 'c', 0)).toMatch(/idx_messages_bot_out/)
    expect(plan(`SELECT count(*) FROM message_outcomes o WHERE o.account_id = ? AND o.cid = ? AND o.state IN ('held','needs_you') AND o.resolved_at IS NULL`, 'a', 'c')).toMatch(/idx_outcomes_open/)
    expect(plan(`SELECT message_id FROM message_outcomes WHERE account_id = ? AND state = 'pending' ORDER BY message_id`, 'a')).toMatch(/idx_outcomes_pending/)
    expect(plan(`SELECT * FROM reply_intents WHERE account_id = ? AND status = 'pending' AND cid = ? ORDER BY id`, 'a', 'c')).toMatch(/idx_intents_pending/)
  })

  it('delivery: the next codes of a pool, an order, its messages, a chat’s unsettled delivery messages, the open reviews', () => {
    const take = plan("SELECT id, code FROM pool_codes WHERE pool_id = ? AND state = 'available' ORDER BY id LIMIT ?", 1, 3)
    expect(take).toMatch(/pool_codes_by_pool/)
    expect(take).not.toMatch(/TEMP B-TREE/)
    expect(plan('SELECT * FROM orders WHERE account_id = ? AND order_id = ?', 'a', 'o')).toMatch(/sqlite_autoindex_orders_1|PRIMARY KEY/)
    expect(plan('SELECT * FROM orders WHERE delivery = ? AND account_id = ? ORDER BY created_at', 'sending', 'a')).toMatch(/orders_by_delivery/)
    expect(plan('SELECT * FROM delivery_messages WHERE account_id = ? AND order_id = ? ORDER BY round, unit, part, id', 'a', 'o')).toMatch(/delivery_messages_by_order/)
    expect(plan("SELECT uuid FROM delivery_messages WHERE account_id = ? AND cid = ? AND state IN ('pending','sent') ORDER BY id", 'a', 'c')).toMatch(/delivery_messages_unsettled/)
    expect(plan('SELECT state FROM pool_codes WHERE account_id = ? AND code = ?', 'a', 'c')).toMatch(/pool_codes_unique/)
    expect(plan('SELECT * FROM order_events WHERE account_id = ? AND order_id = ? ORDER BY id', 'a', 'o')).toMatch(/order_events_by_order/)
  })

  it('closes', () => {
    closeDb(db)
    expect(db.open).toBe(false)
  })
})
