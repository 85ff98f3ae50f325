/**
 * Core + simulator end to end, shared by the scenario tests (test/core/scenarios/*.test.ts) and
 * the `recovery` benchmark (scripts/bench/recovery.ts). No vitest import here: checks throw.
 */
import type { ConnectionState, Endpoints, AccountSettings, Account } from '../../../src-main/contract/schemas'
import type { GoofishClientConfig } from '../../../src-main/core/goofish'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src-main/simulator'
import type { SimMessage } from '../../../src-main/simulator/world'
import { makeCore, type TestCore } from '../../helpers/core'
import type { SecretStore } from '../../../src-main/core/ports'
import type { CoreOptions } from '../../../src-main/core/app'

export const SELLER = '2200000000001'
/** Item of the builtin 'quiet' scenario: ¥1650 → floor 1550 with the default 10 % / ¥100 caps. */
export const ITEM_ID = '800000000101'

/**
 * Short client timers so faults are detected in well under a second or two (defaults: heartbeat
 * 15 s, zombie 3 × 15 s, probe 120 s, backoff from 1 s). Loose enough for a loaded 2-core machine.
 * The probe interval stays above zombieHeartbeats × heartbeatMs: its responses are frames too, and
 * a probe more frequent than the silence limit would mask stalled heartbeats.
 */
export const FAST_CLIENT: Partial<GoofishClientConfig> = {
  heartbeatMs: 400, zombieHeartbeats: 4, healthySyncTimeoutMs: 5_000, requestTimeoutMs: 4_000, openTimeoutMs: 4_000,
  syncDelayMs: 30, shortSessionMs: 1_500, reconnect: { baseMs: 100, maxMs: 1_000, jitter: 0.2 }, backfillDelayMs: 100,
  probeIntervalMs: 2_500, probeGraceMs: 400, sendResponseTimeoutMs: 4_000, rateLimitCooldownMs: 2_000
}

export interface WorldOptions {
  readonly clientConfig?: Partial<GoofishClientConfig>
  readonly account?: Partial<AccountSettings>
  /** Keyword rule "在吗" → "在的，{buyer}您好" (global). */
  readonly keyword?: boolean
  readonly sim?: Simulator
  readonly simOptions?: SimulatorOptions
  /** Reuse a data folder and keychain (restart scenarios). */
  readonly dir?: string
  readonly secrets?: SecretStore | null
  readonly core?: CoreOptions
  /** The sync start the account's endpoints name (default ackDiffNow). */
  readonly syncStart?: Endpoints['syncStart']
}

export interface StateMark { readonly state: ConnectionState; readonly at: number; readonly reason: string }

export interface World {
  readonly sim: Simulator
  readonly t: TestCore
  readonly accountId: string
  /** Every connection state change of the account's client, with Date.now() stamps. */
  readonly states: StateMark[]
  /** A new buyer (own chat) writes `text`; returns the simulator's message. */
  say(text: string, over?: { cid?: string; buyerId?: string }): SimMessage
  account(): Promise<Account>
  /** Inbound buyer rows per text (exactly-once checks). */
  inboundCounts(): Map<string, number>
  stateAfter(t0: number, state: ConnectionState): StateMark | undefined
  /** Closes the core (and the simulator unless it was passed in); keeps the folder when `keepDir`. */
  dispose(o?: { keepDir?: boolean }): Promise<void>
}

export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000, every = 20): Promise<number> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await ok()) return Date.now()
    await new Promise((r) => setTimeout(r, every))
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`)
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

let buyerSeq = 0
const nextBuyer = (): string => `33${String(Date.now() % 1e8).padStart(8, '0')}${String(++buyerSeq % 1000).padStart(3, '0')}`

export function endpointsOf(sim: Simulator): Endpoints {
  return { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' }
}

async function setupAccount(t: TestCore, sim: Simulator, o: WorldOptions): Promise<string> {
  const existing = (await t.core.api['accounts.list']({}))[0]
  if (existing) return existing.id
  const cookie = sim.control.mintCookie({ unb: SELLER, nick: '测试卖家' })
  const account = await t.core.services.accounts.addByCookie({ cookie }, { endpointsJson: JSON.stringify({ ...endpointsOf(sim), syncStart: o.syncStart ?? 'ackDiffNow' }) })
  // no browser: a dead login or a slider check must reach the human, not a local Chromium
  await t.core.api['settings.update']({ global: { browserPath: '/nonexistent/xd-test/chromium' } })
  await t.core.api['settings.update']({ accountId: account.id, account: { debounceSeconds: 0, ...o.account } })
  if (o.keyword) {
    await t.core.api['rules.save']({ rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['在吗'], replies: [{ kind: 'text', text: '在的，{buyer}您好' }], priority: 0, enabled: true, replyOnce: false } })
  }
  return account.id
}

/** A simulator ('quiet' scenario), a real core with one account bound to it, started and online. */
export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const sim = o.sim ?? await startSimulator({ scenario: 'quiet', sellerUnb: SELLER, ...o.simOptions })
  const t = makeCore({ ...(o.dir ? { dir: o.dir } : {}), ...(o.secrets !== undefined ? { secrets: o.secrets } : {}), core: { clientConfig: { ...FAST_CLIENT, ...o.clientConfig }, ...o.core } })
  const accountId = await setupAccount(t, sim, o)
  const states: StateMark[] = []
  await t.core.start()
  const client = t.core.services.manager.client(accountId)
  client?.on('state', (c) => states.push({ state: c.state, at: Date.now(), reason: c.reason }))
  await until('account online', () => t.core.services.manager.client(accountId)?.state === 'CONNECTED')
  const w: World = {
    sim, t, accountId, states,
    say: (text, over = {}) => sim.control.buyerSays(over.cid ? { cid: over.cid, text } : { buyerId: over.buyerId ?? nextBuyer(), nick: '买家', text, sellerId: SELLER, itemId: ITEM_ID }),
    account: async () => t.core.api['accounts.list']({}).then((l) => l.find((a) => a.id === accountId) as Account),
    inboundCounts: () => {
      const rows = t.core.services.db.prepare("SELECT text, count(*) AS n FROM messages WHERE account_id = ? AND direction = 'in' GROUP BY text").all(accountId) as Array<{ text: string; n: number }>
      return new Map(rows.map((r) => [r.text, r.n]))
    },
    stateAfter: (t0, state) => states.find((s) => s.at >= t0 && s.state === state),
    async dispose(d = {}) {
      if (d.keepDir) await t.core.close()
      else await t.dispose()
      if (!o.sim) await sim.close()
    }
  }
  return w
}

/** Every text inbound exactly once (and nothing else unexpected among `texts`). */
export function assertExactlyOnce(w: World, texts: ReadonlyArray<string>): void {
  const counts = w.inboundCounts()
  const wrong = texts.filter((x) => counts.get(x) !== 1).map((x) => `${x}: ${counts.get(x) ?? 0}`)
  if (wrong.length > 0) throw new Error(`not delivered exactly once: ${wrong.join(', ')}`)
}

/** Each chat answered exactly once by the bot (simulator side). */
export function assertSentOncePerChat(w: World, msgs: ReadonlyArray<SimMessage>): void {
  const sent = w.sim.control.sent()
  const per = new Map<string, number>()
  for (const s of sent) per.set(s.cid, (per.get(s.cid) ?? 0) + 1)
  const bad = msgs.filter((m) => per.get(m.cid) !== 1).map((m) => `${m.cid}: ${per.get(m.cid) ?? 0}`)
  if (bad.length > 0 || sent.length !== msgs.length) throw new Error(`replies not exactly once per chat (${sent.length} sent for ${msgs.length}): ${bad.join(', ')}`)
}

export function allDelivered(w: World, texts: ReadonlyArray<string>): boolean {
  const counts = w.inboundCounts()
  return texts.every((x) => (counts.get(x) ?? 0) >= 1)
}
