/**
 * Start-up integrity and backup timings on a large database (default 1 GB; XD_BENCH_DB_MB to
 * change): the start-up open + bounded probe, the full quick_check (worker and this thread), an
 * online backup and a restore. Opt-in (`npm run bench -- --only integrity`): it writes ~3 GB to /tmp.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeDb, openDb } from '../../src-main/core/db/open'
import { openAppDb } from '../../src-main/core/db/startup'
import { quickCheck, quickCheckInWorker } from '../../src-main/core/db/integrity'
import { restoreBackup } from '../../src-main/core/db/backups'

const ms = (t0: number): number => Math.round(performance.now() - t0)

function build(file: string, bytes: number): number {
  const db = openDb({ file })
  db.prepare("INSERT INTO accounts (id, kind, unb, device_id, user_agent, created_at, updated_at) VALUES ('a1','xianyu','1','d','ua',0,0)").run()
  const conv = db.prepare("INSERT INTO conversations (account_id, cid, created_at, updated_at) VALUES ('a1', ?, 0, 0)")
  const msg = db.prepare("INSERT INTO messages (account_id, cid, direction, sender_id, sender_nick, text, platform_message_id, dedupe_key, created_at) VALUES ('a1', ?, 'in', 'b', 'buyer', ?, ?, ?, ?)")
  const text = '你好，这个还在吗？能便宜点吗？我想要两个，包邮吗？'.repeat(4)
  let n = 0
  for (let c = 0; statSync(file).size < bytes; c++) {
    db.transaction(() => {
      conv.run(`cid${c}`)
      for (let i = 0; i < 2000; i++) msg.run(`cid${c}`, text + ++n, `pm${n}`, `dk${n}`, 1_700_000_000_000 + n)
    })()
    if (c % 25 === 0) db.pragma('wal_checkpoint(TRUNCATE)')
  }
  closeDb(db)
  return n
}

export async function benchIntegrity(): Promise<Record<string, unknown>> {
  const mb = Number(process.env.XD_BENCH_DB_MB ?? 1024)
  const dir = mkdtempSync(join(tmpdir(), 'xd-bench-integrity-'))
  const file = join(dir, 'xianyu-desk.db')
  try {
    let t0 = performance.now()
    const rows = build(file, mb * 1024 * 1024)
    const buildMs = ms(t0)
    t0 = performance.now()
    const opened = openAppDb({ file, dataDir: dir, now: Date.now(), restoreHint: (b) => b })
    const startMs = ms(t0)
    t0 = performance.now()
    const worker = await quickCheckInWorker(file, { fallback: () => ['worker unavailable'] })
    const workerMs = ms(t0)
    t0 = performance.now()
    const inline = quickCheck(opened.db)
    const inlineMs = ms(t0)
    t0 = performance.now()
    await opened.db.backup(join(dir, 'backup.db'))
    const backupMs = ms(t0)
    closeDb(opened.db)
    t0 = performance.now()
    restoreBackup({ file, backup: join(dir, 'backup.db'), now: Date.now() })
    const restoreMs = ms(t0)
    return {
      dbMb: Math.round(statSync(file).size / 1024 / 1024), rows, buildMs,
      startup: { totalMs: startMs, checkMs: Math.round(opened.checkMs), fullyChecked: opened.fullyChecked },
      quickCheck: { workerMs, thisThreadMs: inlineMs, ok: worker.length === 0 && inline.length === 0 },
      onlineBackupMs: backupMs,
      restoreMs,
      measures: 'start = preflight + open + bounded probe (+ full quick_check up to 64 MB); restore = quick_check of the backup + move aside + copy'
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
