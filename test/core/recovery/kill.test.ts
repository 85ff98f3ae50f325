import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { killHost, startChildHost, type ChildHost } from '../../helpers/childHost'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import type { ScenarioInput } from '../../../src-main/simulator/scenario'
import type { SimMessage } from '../../../src-main/simulator/world'
import { delayed, reply, startFakeOpenAI, type FakeLlmServer } from '../../fakes/llm'
import { ITEM_ID, SELLER, sleep, until } from '../scenarios/world'

/**
 * Issue 15.6: a headless host in a child process, scripted buyers in the simulator and a slow fake
 * LLM; the host is SIGKILLed twice during traffic and started again on its data folder each time.
 * Messages are also pushed in the first milliseconds after each kill (into the dead socket) and
 * while the host is down. Counted on the simulator's side — what the buyers received — and in the
 * host's database: 0 lost, 0 unanswered, 0 duplicates. Prints the recovery times (host ready →
 * every message written before it answered) for docs/benchmarks.md.
 */
const DIGITS = '甲乙丙丁戊己庚辛壬癸'
/** A tag without digits: a number would be read as a price offer. */
const tag = (n: number): string => [...String(n).padStart(3, '0')].map((d) => DIGITS[Number(d)]).join('')
const TAG_RE = new RegExp(`问题[${DIGITS}]{3}`, 'g')
const BUYERS = 8

function scenario(): ScenarioInput {
  let n = 0
  const q = (): { say: string } => ({ say: `问题${tag(n++)}` })
  const wait = { waitReply: { timeoutMs: 60_000 } }
  return {
    name: 'kill-traffic', seller: { unb: SELLER, nick: '卖家' },
    items: [{ itemId: ITEM_ID, title: '测试商品', price: '1650.00' }],
    buyers: Array.from({ length: BUYERS }, (_, b) => ({
      buyerId: `33000007${String(b).padStart(5, '0')}`, nick: `买家${b}`, itemId: ITEM_ID, startMs: b * 150,
      steps: [q(), wait, q(), { ...q(), delayMs: 100 }, wait, { ...q(), delayMs: 200 }, wait]
    }))
  }
}

type Host = ChildHost

let sim: Simulator | undefined
let llm: FakeLlmServer | undefined
let host: ChildProcess | undefined
const dir = mkdtempSync(join(tmpdir(), 'xd-kill-'))
afterAll(async () => {
  host?.kill('SIGKILL')
  await sim?.close()
  await llm?.close()
  rmSync(dir, { recursive: true, force: true })
})

const startHost = (env: Record<string, string>): Promise<Host> => startChildHost(join('test', 'core', 'recovery', 'hostChild.ts'), env, (child) => { host = child })
const kill = killHost

describe('kill -9 during traffic', () => {
  it('two SIGKILLs: every buyer message stored once and answered once (simulator side and database)', { timeout: 90_000 }, async () => {
    const s = (sim = await startSimulator({ scenario: scenario(), sellerUnb: SELLER }))
    llm = await startFakeOpenAI({ behaviour: delayed(600, reply((r) => `好的，${(r.lastUser.match(TAG_RE) ?? []).join('、')} 已收到`)) })
    const renderer = join(dir, 'renderer')
    mkdirSync(renderer)
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>kill test</title>')
    const u = s.urls
    const env = {
      XD_DATA: join(dir, 'data'), XD_RENDERER: renderer, XD_LLM: llm.url, XD_COOKIE: s.control.mintCookie({ unb: SELLER, nick: '卖家' }),
      XD_ENDPOINTS: JSON.stringify({ mtopBase: u.mtopBase, passportBase: u.passportBase, wsUrl: u.wsUrl, uploadUrl: u.uploadUrl, syncStart: 'ackDiffNow' })
    }
    const buyerMsgs = (): SimMessage[] => s.control.conversations({ unb: SELLER }).flatMap((c) => s.control.messages({ cid: c.cid })).filter((m) => m.origin === 'buyer')
    const replies = (): string[] => s.control.sent().map((m) => m.text)
    const answeredTags = (): Map<string, number> => {
      const n = new Map<string, number>()
      for (const r of replies()) for (const t of r.match(TAG_RE) ?? []) n.set(t, (n.get(t) ?? 0) + 1)
      return n
    }
    const allAnswered = (msgs: ReadonlyArray<SimMessage>): boolean => {
      const a = answeredTags()
      return msgs.every((m) => (a.get(m.text) ?? 0) >= 1)
    }
    let extra = 900
    const inject = (b: number): void => {
      const cid = s.control.conversations({ unb: SELLER }).map((c) => c.cid).sort()[b]
      if (cid) s.control.buyerSays({ cid, text: `问题${tag(extra++)}` })
    }
    const recovery: number[] = []
    let h = await startHost(env)
    for (const round of [0, 1]) {
      await sleep(round === 0 ? 2_200 : 1_500)
      await kill(h)
      // into the dead socket (the gateway has not seen the close yet), then with no socket at all
      for (const b of [0, 1, 2, 3]) inject(round * 4 + b)
      await sleep(60)
      for (const b of [0, 1, 2, 3]) inject(round * 4 + b)
      await sleep(400)
      h = await startHost(env)
      const before = buyerMsgs().filter((m) => m.createAt <= h.readyAt)
      await until('everything written before the restart answered', () => allAnswered(before), 30_000, 10)
      recovery.push(Date.now() - h.readyAt)
    }
    await until('scripted buyers done', () => s.control.buyers().every((b) => b.state === 'done'), 40_000)
    await until('all answered', () => allAnswered(buyerMsgs()), 20_000)
    await sleep(800) // a duplicate would show up here
    const msgs = buyerMsgs()
    const answered = answeredTags()
    const lost = msgs.length, unanswered = msgs.filter((m) => !answered.has(m.text)).map((m) => m.text)
    const duplicates = [...answered].filter(([, n]) => n > 1).map(([t]) => t)
    const stray = replies().filter((r) => (r.match(TAG_RE) ?? []).length === 0)
    if (duplicates.length > 0) console.log(JSON.stringify({ dup: duplicates.map((t) => s.control.conversations({ unb: SELLER }).map((c) => s.control.messages({ cid: c.cid })).filter((ms) => ms.some((m) => m.text.includes(t))).flat().map((m) => `${m.origin}@${m.createAt % 100000}:${m.text}`)) }, null, 1))
    await kill(h)
    host = undefined
    const db = new Database(join(dir, 'data', 'xianyu-desk.db'), { readonly: true })
    const stored = new Map((db.prepare("SELECT text, count(*) AS n FROM messages WHERE direction = 'in' GROUP BY text").all() as Array<{ text: string; n: number }>).map((r) => [r.text, r.n]))
    const states = db.prepare("SELECT o.state, count(*) AS n FROM message_outcomes o GROUP BY o.state").all()
    db.close()
    console.log(JSON.stringify({ kill: { messages: lost, replies: replies().length, recoveryMs: recovery } }))
    expect(msgs.length).toBeGreaterThanOrEqual(BUYERS * 4 + 16)
    expect(msgs.filter((m) => stored.get(m.text) !== 1).map((m) => `${m.text}×${stored.get(m.text) ?? 0}`)).toEqual([])
    expect(unanswered).toEqual([])
    expect(duplicates).toEqual([])
    expect(stray).toEqual([])
    expect(states).toEqual([{ state: 'answered', n: msgs.length }])
  })
})
