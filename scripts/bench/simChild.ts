/**
 * Bench plumbing: the simulator in a child process (simWorker.ts) and a real core with N accounts
 * bound to it, each its own seller unb + minted cookie + its own GoofishClient (AccountManager).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountSettings, Endpoints } from '../../src-main/contract/schemas'
import { createCore, type Core } from '../../src-main/core/app'
import { WebSocket } from 'ws'
import { CookieJar, generateDeviceId, GoofishClient, type GoofishClientConfig, type WsConstructor } from '../../src-main/core/goofish'
import { defaultUserAgent } from '../../src-main/core/services/userAgent'
import { createLogger } from '../../src-main/core/log/logger'
import type { SecretStore } from '../../src-main/core/ports'
import type { SimulatorUrls } from '../../src-main/simulator'
import type { DeliveryLoadResult, LoadResult, WorkerRequest } from './simWorker'

type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export interface SimChild {
  readonly urls: SimulatorUrls
  readonly pid: number | undefined
  mint(unbs: ReadonlyArray<string>): Promise<string[]>
  load(r: Omit<Extract<Req, { type: 'load' }>, 'type'>): Promise<LoadResult>
  deliveryLoad(r: Omit<Extract<Req, { type: 'deliveryLoad' }>, 'type'>): Promise<DeliveryLoadResult>
  counters(): Promise<Record<string, number>>
  close(): Promise<void>
}

export async function startSimChild(): Promise<SimChild> {
  const child: ChildProcess = fork(join(process.cwd(), 'scripts', 'bench', 'simWorker.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.XD_SIM_ARGS ? process.env.XD_SIM_ARGS.split(' ') : []), ...(process.env.XD_SIM_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.XD_SIM_PROF}`] : [])], env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  let next = 1
  child.on('message', (raw) => {
    const m = raw as { id: number; result?: unknown; error?: string }
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error !== undefined) w?.reject(new Error(m.error))
    else w?.resolve(m.result)
  })
  const call = <T>(r: Req): Promise<T> => new Promise<T>((resolve, reject) => {
    const id = next++
    waiting.set(id, { resolve: (v) => resolve(v as T), reject })
    child.send({ ...r, id })
  })
  const urls = await new Promise<SimulatorUrls>((resolve, reject) => {
    waiting.set(0, { resolve: (v) => resolve(v as SimulatorUrls), reject })
    child.once('exit', (code) => reject(new Error(`simulator worker exited (${code})`)))
  })
  return {
    urls, pid: child.pid,
    mint: (unbs) => call<string[]>({ type: 'mint', unbs }),
    load: (r) => call<LoadResult>({ type: 'load', ...r }),
    deliveryLoad: (r) => call<DeliveryLoadResult>({ type: 'deliveryLoad', ...r }),
    counters: () => call<Record<string, number>>({ type: 'counters' }),
    close: async () => {
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      await call({ type: 'close' }).catch(() => undefined)
      await exited
    }
  }
}

class MemorySecrets implements SecretStore {
  readonly backend = 'memory' as const
  readonly #m = new Map<string, string>()
  async get(k: string): Promise<string | null> { return this.#m.get(k) ?? null }
  async set(k: string, v: string): Promise<void> { this.#m.set(k, v) }
  async delete(k: string): Promise<boolean> { return this.#m.delete(k) }
}

export interface BenchCore {
  readonly core: Core
  readonly sellers: string[]
  readonly accountIds: string[]
  dispose(): Promise<void>
}

export const sellerUnb = (i: number): string => `22000${String(10_000_000 + i)}`

/** A core on a temp folder with `n` accounts bound to the simulator (not started yet). */
export async function benchCore(sim: SimChild, n: number, o: { account?: Partial<AccountSettings>; clientConfig?: Partial<GoofishClientConfig> } = {}): Promise<BenchCore> {
  const dir = mkdtempSync(join(tmpdir(), 'xd-bench-'))
  const core = createCore({ secrets: new MemorySecrets(), logger: createLogger({ sinks: [], level: 'warn' }), paths: { dataDir: dir }, host: 'headless', appVersion: 'bench' },
    o.clientConfig ? { clientConfig: o.clientConfig } : {})
  const endpoints: Endpoints = { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' }
  const sellers = Array.from({ length: n }, (_, i) => sellerUnb(i))
  const cookies = await sim.mint(sellers)
  const accountIds: string[] = []
  for (const cookie of cookies) {
    const a = await core.services.accounts.addByCookie({ cookie }, { endpointsJson: JSON.stringify(endpoints) })
    await core.api['settings.update']({ accountId: a.id, account: { debounceSeconds: 0, ...o.account } })
    accountIds.push(a.id)
  }
  return {
    core, sellers, accountIds,
    async dispose() {
      await core.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Start every account and wait until all are CONNECTED; returns the ms it took. */
export async function connectAll(b: BenchCore, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now()
  await b.core.start()
  const all = (): boolean => b.accountIds.every((id) => b.core.services.manager.client(id)?.state === 'CONNECTED')
  while (!all()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('accounts did not all connect')
    await new Promise((r) => setTimeout(r, 25))
  }
  return Date.now() - t0
}

/** A bare protocol client (no core) for seller `unb`, bound to the simulator. */
export function bareClient(sim: SimChild, unb: string, cookie: string, o: { WebSocket?: WsConstructor; config?: Partial<GoofishClientConfig> } = {}): GoofishClient {
  return new GoofishClient({
    unb, deviceId: generateDeviceId(unb), jar: new CookieJar(cookie), userAgent: defaultUserAgent(),
    endpoints: { mtopBase: sim.urls.mtopBase, passportBase: sim.urls.passportBase, wsUrl: sim.urls.wsUrl, uploadUrl: sim.urls.uploadUrl, syncStart: 'ackDiffNow' },
    WebSocket: o.WebSocket ?? (WebSocket as unknown as WsConstructor), fetch: globalThis.fetch.bind(globalThis) as never,
    ...(o.config ? { config: o.config } : {})
  })
}

export function countInbound(core: Core): number {
  return core.services.db.prepare("SELECT count(*) FROM messages WHERE direction = 'in'").pluck().get() as number
}
