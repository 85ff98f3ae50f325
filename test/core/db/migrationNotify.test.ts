import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { m0001Initial } from '../../../src-main/core/db/migrations/0001-initial'
import { m0002Notify } from '../../../src-main/core/db/migrations/0002-notify'
import { migrate, schemaVersion } from '../../../src-main/core/db/open'

describe('migration 0002-notify', () => {
  it('adds the channel and delivery tables to a v1 database with data, leaving that data alone', () => {
    const db = new Database(':memory:')
    migrate(db, [m0001Initial])
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('global', '{\"language\":\"en\"}', 1)").run()
    migrate(db, [m0001Initial, m0002Notify])
    expect(schemaVersion(db)).toBe(m0002Notify.version)
    expect(db.prepare("SELECT value_json FROM settings WHERE key = 'global'").pluck().get()).toBe('{"language":"en"}')
    db.prepare("INSERT INTO notify_channels (name, kind, created_at, updated_at) VALUES ('钉钉', 'dingtalk', 1, 1)").run()
    db.prepare("INSERT INTO notify_deliveries (channel_id, channel_name, event, title, body, status, created_at, updated_at) VALUES ('c1', '钉钉', 'order_paid', 't', 'b', 'held', 1, 1)").run()
    expect(() => db.prepare("INSERT INTO notify_deliveries (channel_id, channel_name, event, title, body, status, created_at, updated_at) VALUES ('c1', 'x', 'e', 't', 'b', 'lost', 1, 1)").run()).toThrow(/CHECK/)
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM notify_deliveries WHERE channel_id = 'c1' AND status = 'held' ORDER BY id").all() as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX notify_deliveries_by_channel/)
    db.close()
  })
})
