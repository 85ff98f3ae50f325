import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeDb, openDb } from '../../src-main/core/db/open'
import { AccountRepo } from '../../src-main/core/db/repos/accountRepo'
import { ItemRepo } from '../../src-main/core/db/repos/itemRepo'
import { ConversationRepo } from '../../src-main/core/db/repos/conversationRepo'
import { MessageRepo } from '../../src-main/core/db/repos/messageRepo'
import { nowMs, summarize } from './stats'

/**
 * Bargain count + context query on a 1,000,000-message database: the two reads the pipeline makes
 * per answered message (price-intent count since the last reset, and the last 10 messages).
 */
export function benchDb(opts: { messages?: number; chats?: number; samples?: number } = {}): Record<string, unknown> {
  const total = opts.messages ?? 1_000_000
  const chats = opts.chats ?? 10_000
  const samples = opts.samples ?? 20_000
  const dir = mkdtempSync(join(tmpdir(), 'xd-bench-db-'))
  const db = openDb({ file: join(dir, 'bench.db') })
  const t0 = nowMs()
  db.prepare("INSERT INTO accounts (id, kind, unb, device_id, user_agent, created_at, updated_at) VALUES ('acc_b','xianyu','1','d','ua',0,0)").run()
  const conv = db.prepare("INSERT INTO conversations (account_id, cid, created_at, updated_at) VALUES ('acc_b', ?, 0, 0)")
  const msg = db.prepare(`INSERT INTO messages (account_id, cid, direction, sender_id, text, dedupe_key, intent, created_at)
    VALUES ('acc_b', ?, ?, 'u', ?, ?, ?, ?)`)
  db.transaction(() => {
    for (let c = 0; c < chats; c++) conv.run(`c${c}`)
  })()
  const batch = 50_000
  for (let start = 0; start < total; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(total, start + batch); i++) {
        const inbound = i % 2 === 0
        msg.run(`c${i % chats}`, inbound ? 'in' : 'out', inbound ? '能便宜点吗' : '可以的', `k${i}`, inbound && i % 5 === 0 ? 'price' : inbound ? 'default' : null, i)
      }
    })()
  }
  const seedMs = nowMs() - t0
  const accounts = new AccountRepo(db)
  const convs = new ConversationRepo(db, { accounts, items: new ItemRepo(db, accounts) })
  const messages = new MessageRepo(db)
  const lat: number[] = []
  for (let i = 0; i < samples; i++) {
    const cid = `c${(i * 7919) % chats}`
    const s = nowMs()
    messages.countPriceIntent('acc_b', cid, convs.bargainResetAt('acc_b', cid))
    messages.lastN('acc_b', cid, 10)
    lat.push(nowMs() - s)
  }
  closeDb(db)
  rmSync(dir, { recursive: true, force: true })
  return { messages: total, chats, seedSeconds: Math.round(seedMs / 100) / 10, bargainCountPlusContextMs: summarize(lat), goalP99Ms: 1 }
}
