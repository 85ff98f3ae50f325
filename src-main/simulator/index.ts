/**
 * A faithful Xianyu (Goofish) simulator: WS gateway + mtop + passport + upload + control API on
 * one loopback port. Pure Node (no electron): used by tests, `npm run simulator` and the app's
 * demo mode. See README.md in this folder.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EventEmitter } from 'node:events'
import { AuthState } from './auth'
import { ScenarioRunner } from './buyers'
import { createContext, type GatewayOptions, type SimContext, type SimEvents } from './context'
import { createControl, handleControl, type SimulatorControl } from './control'
import { Gateway } from './gateway'
import { LoginState } from './loginState'
import { handleMtop } from './mtop'
import type { Route } from './httpUtil'
import { PASSPORT_ROUTES } from './passport'
import { QR_ROUTES } from './qrRoutes'
import { LOGIN_PAGE_ROUTES } from './loginPages'
import { SLIDER_ROUTES } from './sliderPage'
import { loadScenario, type ScenarioInput } from './scenario'
import { UPLOAD_ROUTES } from './upload'
import { World } from './world'

export type { SimulatorControl } from './control'
export type { ScenarioInput } from './scenario'
export { scenarioNames } from './scenario'

export interface SimulatorOptions {
  /** 0 (default) = a free port. Always bound to 127.0.0.1. */
  readonly port?: number
  /** Builtin name (`demo`, `bargain`, `paid`, `quiet`), a JSON file path, or an object. Default: none. */
  readonly scenario?: string | ScenarioInput | null
  /** Scenario time divisor: 10 = ten times faster. Default 1. */
  readonly speed?: number
  /** Seller the scenario's buyers write to (default: scenario.seller, else the first to register). */
  readonly sellerUnb?: string
  readonly gateway?: Partial<Omit<GatewayOptions, 'blockedPatterns'>> & { readonly blockedPatterns?: ReadonlyArray<string | RegExp> }
  /** `_m_h5_tk` lifetime, default 2 h. */
  readonly mh5TtlMs?: number
  /** IM token lifetime, default 24 h (reported as accessTokenExpiredTime). */
  readonly imTokenTtlMs?: number
  /** Accept well-formed cookies the simulator did not mint (default true). */
  readonly acceptUnknownSessions?: boolean
  readonly cookieDomain?: string
  /** Pre-configured logins (e.g. a cookie captured elsewhere): `cookie2` value → seller. */
  readonly accounts?: ReadonlyArray<{ readonly unb: string; readonly nick: string; readonly cookie2: string }>
  /** QR code lifetime (generate.do → EXPIRED), default 120 s. */
  readonly qrTtlMs?: number
  readonly now?: () => number
}

export interface SimulatorUrls {
  /** Origin of every HTTP service. */
  readonly http: string
  /** WebSocket gateway (`wss://wss-goofish.dingtalk.com/` in production). */
  readonly ws: string
  /** Same as `ws`, named like the contract's `Endpoints.wsUrl`. */
  readonly wsUrl: string
  /** mtop origin: the client appends `/h5/<api>/<v>/` (production: `https://h5api.m.goofish.com`). */
  readonly mtopBase: string
  /** passport origin: `/newlogin/hasLogin.do` … (production: `https://passport.goofish.com`). */
  readonly passportBase: string
  /** Full upload URL incl. the query of §3.5. */
  readonly uploadUrl: string
  /** Form login page (stand-in for goofish.com's login). */
  readonly loginUrl: string
  /** IM page (stand-in for `https://www.goofish.com/im`): opening it rotates the session cookies. */
  readonly imUrl: string
  /** Control API root: `/__control/<method>`. */
  readonly control: string
}

export interface Simulator {
  readonly urls: SimulatorUrls
  readonly control: SimulatorControl
  readonly events: EventEmitter<SimEvents>
  /**
   * Sends in a scenario's buyers now (the demo's "start" and "restart"): its items are added, the
   * previous scenario's buyers stop, and each new buyer starts once its seller is online.
   */
  play(scenario: string | ScenarioInput, opts?: { readonly speed?: number; readonly sellerUnb?: string }): void
  close(): Promise<void>
}

const DEFAULT_GATEWAY: GatewayOptions = {
  badTokenMode: '401', badTokenCloseMs: 1500, bindDeviceId: true, requireGetState: false, echoOwnSends: 'off',
  batchWindowMs: 25, listCooldownMs: 0, heartbeatTimeoutMs: 0, kickoutOnDuplicateReg: false, repushUnackedMs: 0,
  requireOrigin: undefined, blockedPatterns: []
}

function buildContext(o: SimulatorOptions): SimContext {
  const now = o.now ?? Date.now
  const { blockedPatterns, ...gwRest } = o.gateway ?? {}
  const gw: GatewayOptions = {
    ...DEFAULT_GATEWAY,
    ...gwRest,
    blockedPatterns: (blockedPatterns ?? []).map((p) => (typeof p === 'string' ? new RegExp(p) : p))
  }
  const auth = new AuthState({
    now, mh5TtlMs: o.mh5TtlMs ?? 2 * 3600_000, imTokenTtlMs: o.imTokenTtlMs ?? 86_400_000, acceptUnknownSessions: o.acceptUnknownSessions ?? true
  })
  const world = new World(now)
  for (const a of o.accounts ?? []) {
    auth.newSession(a.unb, a.nick, a.cookie2)
    world.setNick(a.unb, a.nick)
  }
  return createContext({ world, auth, login: new LoginState(now, o.qrTtlMs ?? 120_000), gw, now, cookieDomain: o.cookieDomain })
}

const ROUTES: ReadonlyArray<Route> = [...PASSPORT_ROUTES, ...QR_ROUTES, ...LOGIN_PAGE_ROUTES, ...SLIDER_ROUTES, ...UPLOAD_ROUTES]

async function route(ctx: SimContext, control: SimulatorControl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // `//h5/...` (the punish URL has a double slash) must stay a path, not a protocol-relative host.
  const url = new URL(`http://127.0.0.1${req.url ?? '/'}`)
  const path = url.pathname
  if (path.startsWith('/__control')) return handleControl(control, req, res, url)
  const r = ROUTES.find((x) => (x.method === '*' || x.method === req.method) && x.path.test(path))
  if (r) return r.handle(ctx, req, res, url)
  if (/^\/+h5\//.test(path)) return handleMtop(ctx, req, res, url)
  if (path === '/') {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ simulator: 'xianyu-desk', ok: true }))
    return
  }
  res.statusCode = 404
  res.end()
}

function urlsFor(port: number): SimulatorUrls {
  const http = `http://127.0.0.1:${port}`
  return {
    http, ws: `ws://127.0.0.1:${port}/`, wsUrl: `ws://127.0.0.1:${port}/`, mtopBase: http, passportBase: http,
    uploadUrl: `${http}/api/upload.api?floderId=0&appkey=xy_chat&_input_charset=utf-8`, loginUrl: `${http}/login`, imUrl: `${http}/im`,
    control: `${http}/__control`
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const ctx = buildContext(options)
  const gw = new Gateway(ctx)
  const scenario = options.scenario ? loadScenario(options.scenario) : null
  const sellerUnb = options.sellerUnb ?? scenario?.seller?.unb
  let runner = scenario ? new ScenarioRunner(ctx, scenario, { speed: options.speed ?? 1, ...(sellerUnb ? { sellerUnb } : {}) }) : null
  const control = createControl(ctx, gw, () => runner, () => sellerUnb)
  ctx.deliver = (msg) => {
    const conv = ctx.world.conversation(msg.cid)
    if (conv) gw.pushMessage(conv.sellerId, msg)
    ctx.events.emit('message', msg)
  }
  ctx.deliverTyping = (conv) => gw.pushTyping(conv.sellerId, conv.buyerId, conv.cid)
  ctx.onlineSellers = () => gw.onlineSellers()
  const server = createServer((req, res) => {
    route(ctx, control, req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy()
      res.statusCode = 500
      res.end(e instanceof Error ? e.message : 'error')
    })
  })
  server.on('upgrade', (req, socket, head) => gw.handleUpgrade(req, socket, head))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const urls = urlsFor((server.address() as AddressInfo).port)
  ctx.baseUrl = urls.http
  runner?.start()
  return {
    urls, control, events: ctx.events,
    play(ref, opts = {}) {
      runner?.close()
      const seller = opts.sellerUnb ?? sellerUnb
      runner = new ScenarioRunner(ctx, loadScenario(ref), { speed: opts.speed ?? options.speed ?? 1, ...(seller ? { sellerUnb: seller } : {}) })
      runner.start()
    },
    async close() {
      runner?.close()
      ctx.timers.clearAll()
      await gw.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      ctx.events.removeAllListeners()
    }
  }
}
