import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import { SELLER, sleep, startWorld, until, type World } from './world'

/**
 * Issue 15.1 in process: a core closed with buyer messages unsettled (or a reply intent written
 * but not known to be sent) is started again on the same data folder; the backfill runs, then the
 * resume answers each message exactly once. The child-process SIGKILL version: test/core/recovery.
 */
let sim: Simulator | undefined
let w: World | undefined
let dir: string | undefined
afterEach(async () => {
  await w?.dispose()
  await sim?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  w = sim = dir = undefined
})

async function firstRun(debounceSeconds: number): Promise<World> {
  sim = await startSimulator({ scenario: 'quiet', sellerUnb: SELLER })
  const x = await startWorld({ sim, keyword: true, account: { debounceSeconds } })
  dir = x.t.dir
  return x
}

async function restart(prev: World): Promise<World> {
  await prev.dispose({ keepDir: true })
  const x = await startWorld({ sim, dir, secrets: prev.t.secrets })
  await x.t.core.api['settings.update']({ accountId: x.accountId, account: { debounceSeconds: 0 } })
  return x
}

const outcome = (x: World, messageText: string) =>
  x.t.core.services.db.prepare(`SELECT o.state, o.reason FROM message_outcomes o JOIN messages m ON m.id = o.message_id WHERE m.text = ?`).get(messageText)

describe('resume after a stop or crash', () => {
  it('a buyer message stored but not yet answered is answered once after the restart', async () => {
    const first = await firstRun(30)
    const m = first.say('在吗 resume-1')
    await until('stored', () => first.inboundCounts().get(m.text) === 1)
    expect(outcome(first, m.text)).toMatchObject({ state: 'pending' })
    w = await restart(first)
    const x = w
    await until('answered after restart', () => x.sim.control.sent({ cid: m.cid }).length === 1)
    await sleep(400)
    expect(x.sim.control.sent({ cid: m.cid })).toHaveLength(1)
    expect(outcome(x, m.text)).toMatchObject({ state: 'answered' })
  })

  it('a reply intent the platform already has is recognised by the backfill and not sent again; the chat is not paused', async () => {
    const first = await firstRun(30)
    const m = first.say('在吗 resume-2')
    await until('stored', () => first.inboundCounts().get(m.text) === 1)
    const row = first.t.core.services.db.prepare('SELECT id FROM messages WHERE text = ?').get(m.text) as { id: number }
    // the state a kill leaves: the intent committed, the send out, its record lost
    first.t.core.services.db.prepare(`INSERT INTO reply_intents (account_id, cid, message_id, idem_key, part_index, part_json, source, status, created_at, updated_at)
      VALUES (?, ?, ?, '-17000000000011', 0, ?, 'keyword', 'pending', ?, ?)`).run(first.accountId, m.cid, row.id, JSON.stringify({ kind: 'text', text: '在的，买家您好' }), Date.now(), Date.now())
    const platformCopy = first.sim.control.sellerSaysElsewhere({ cid: m.cid, text: '在的，买家您好' })
    w = await restart(first)
    const x = w
    await until('settled', () => (outcome(x, m.text) as { state: string } | undefined)?.state === 'answered')
    await sleep(400)
    expect(x.sim.control.sent({ cid: m.cid })).toHaveLength(0)
    expect(x.sim.control.messages({ cid: m.cid }).filter((s) => s.origin !== 'buyer').map((s) => s.serverId)).toEqual([platformCopy.serverId])
    const conv = (await x.t.core.api['conversations.list']({})).find((c) => c.cid === m.cid)
    expect(conv?.mode).toBe('auto')
    const mine = x.t.core.services.db.prepare("SELECT source, client_uuid AS uuid FROM messages WHERE direction = 'out' AND cid = ?").all(m.cid)
    expect(mine).toEqual([{ source: 'keyword', uuid: '-17000000000011' }])
  })

  it('a reply intent the platform does not have is sent once, with its own key', async () => {
    const first = await firstRun(30)
    const m = first.say('在吗 resume-3')
    await until('stored', () => first.inboundCounts().get(m.text) === 1)
    const row = first.t.core.services.db.prepare('SELECT id FROM messages WHERE text = ?').get(m.text) as { id: number }
    first.t.core.services.db.prepare(`INSERT INTO reply_intents (account_id, cid, message_id, idem_key, part_index, part_json, source, status, created_at, updated_at)
      VALUES (?, ?, ?, '-17000000000021', 0, ?, 'keyword', 'pending', ?, ?)`).run(first.accountId, m.cid, row.id, JSON.stringify({ kind: 'text', text: '在的，稍等' }), Date.now(), Date.now())
    w = await restart(first)
    const x = w
    await until('resent', () => x.sim.control.sent({ cid: m.cid }).length === 1)
    await sleep(400)
    expect(x.sim.control.sent({ cid: m.cid }).map((s) => [s.text, s.uuid])).toEqual([['在的，稍等', '-17000000000021']])
    expect(outcome(x, m.text)).toMatchObject({ state: 'answered' })
  })
})
