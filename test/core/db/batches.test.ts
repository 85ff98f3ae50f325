/**
 * Write batching: inbound writes are committed in the same event-loop turn, before anything queued
 * after them runs (a debounce-0 reply); records of sent replies ride along with the next commit or
 * are committed after a short delay. A second connection shows what is really on disk.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDb, joinLazyBatch, joinTickBatch, openDb, type Db } from '../../../src-main/core/db/open'

let dir: string
let db: Db
let reader: Database.Database
const put = (k: string): void => void db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, 0)').run(k, '1')
const onDisk = (): string[] => (reader.prepare('SELECT key FROM settings ORDER BY key').pluck().all() as string[])
const turn = (): Promise<void> => new Promise((r) => setImmediate(r))

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xd-batch-'))
  db = openDb({ file: join(dir, 'app.db') })
  reader = new Database(join(dir, 'app.db'), { readonly: true })
})
afterEach(() => {
  reader.close()
  closeDb(db)
  rmSync(dir, { recursive: true, force: true })
})

describe('write batches', () => {
  it('a turn’s inbound writes share one commit that lands before anything queued after them', async () => {
    joinTickBatch(db)
    put('in-1')
    joinTickBatch(db)
    put('in-2')
    expect(onDisk()).toEqual([])
    const seenByReply = new Promise<string[]>((resolve) => setImmediate(() => resolve(onDisk())))
    expect(await seenByReply).toEqual(['in-1', 'in-2'])
  })

  it('sent-reply records wait for the next inbound commit, and are never left uncommitted', async () => {
    joinLazyBatch(db, 40)
    put('out-1')
    await turn()
    await turn()
    expect(onDisk()).toEqual([]) // nothing asked for a commit yet
    joinTickBatch(db) // an inbound message arrives: one commit for both
    put('in-1')
    await turn()
    expect(onDisk()).toEqual(['in-1', 'out-1'])
    joinLazyBatch(db, 40)
    put('out-2')
    await new Promise((r) => setTimeout(r, 80))
    expect(onDisk()).toEqual(['in-1', 'out-1', 'out-2'])
  })

  it('closing the database commits an open batch', () => {
    joinLazyBatch(db, 10_000)
    put('out-1')
    closeDb(db)
    expect(onDisk()).toEqual(['out-1'])
  })
})
