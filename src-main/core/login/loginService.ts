import { randomBytes } from 'node:crypto'
import type { Account, GlobalSettings, PlatformEndpoints } from '@contract/schemas'
import type { EventPayload } from '@contract/events'
import { AppError } from '../errors'
import type { CookieJar} from '../goofish';
import { fetchImToken, generateDeviceId, isGoofishError, MtopClient, type FetchLike } from '../goofish'
import type { CoreEvents } from '../events'
import type { Clock, InteractiveBrowser, Logger } from '../ports'
import { parsePastedCookie, type AccountService } from '../services/accountService'
import { defaultUserAgent } from '../services/userAgent'
import { findBrowser, refreshInBrowser, solveSlider } from './automation'
import { hasLogin as browserHasLogin, harvestJar, mergeX5 } from './harvest'
import type { Incidents } from './incidents'
import { QrLogin } from './qr'

export const XIANYU_PLATFORM: PlatformEndpoints = {
  mtopBase: 'https://h5api.m.goofish.com',
  passportBase: 'https://passport.goofish.com',
  wsUrl: 'wss://wss-goofish.dingtalk.com/',
  uploadUrl: 'https://stream-upload.goofish.com/api/upload.api?floderId=0&appkey=xy_chat&_input_charset=utf-8',
  syncStart: 'ackDiffNow',
  webBase: 'https://www.goofish.com'
}

const QR_POLL_MS = 1500
const QR_MAX_REGENERATIONS = 5
const REFRESH_MIN_INTERVAL_MS = 30 * 60_000

export interface LoginDeps {
  readonly accounts: AccountService
  readonly events: CoreEvents
  readonly incidents: Incidents
  readonly clock: Clock
  readonly logger: Logger
  readonly fetch: FetchLike
  readonly browser: InteractiveBrowser | undefined
  readonly global: () => GlobalSettings
  /** Reconnects an account after its cookies changed. */
  readonly restart: (accountId: string) => Promise<void>
}

interface QrSession {
  readonly id: string
  flow: QrLogin
  timer: { cancel(): void } | null
  regenerations: number
  done: boolean
}

/** Logins (cookie check, QR, browser), and keeping them alive (browser refresh, slider checks). */
export class LoginService {
  readonly #d: LoginDeps
  readonly #qr = new Map<string, QrSession>()
  readonly #lastRefresh = new Map<string, number>()

  constructor(deps: LoginDeps) {
    this.#d = deps
  }

  platform(): PlatformEndpoints {
    return this.#d.global().platformEndpoints ?? XIANYU_PLATFORM
  }

  /** A pasted cookie must be alive on the platform (an IM-token call) before it is saved. */
  async checkCookie(jar: CookieJar, userAgent: string): Promise<void> {
    const p = this.platform()
    const mtop = new MtopClient({ fetch: this.#d.fetch, jar, mtopBase: p.mtopBase, userAgent, clock: this.#d.clock })
    try {
      await fetchImToken(mtop, generateDeviceId(jar.get('unb') ?? '0'), this.#d.clock.now())
    } catch (err) {
      if (isGoofishError(err, 'needs_login')) throw new AppError('BAD_INPUT', '这个 Cookie 已失效（闲鱼返回登录已过期），请重新登录网页版后复制 / This cookie is no longer logged in; log in on goofish.com again and copy a fresh one', { cause: err })
      if (isGoofishError(err, 'needs_verification')) return // alive, but the platform wants a slider first: saved, then verified
      throw new AppError('UNAVAILABLE', `无法连接闲鱼验证 Cookie，请检查网络后重试 / Could not reach Xianyu to check the cookie: ${(err as Error).message}`, { cause: err })
    }
  }

  /** Validates, checks against the platform, then saves (or re-logs in) the account. */
  async addByCookie(input: { cookie: string; remark?: string | undefined }): Promise<Account> {
    const jar = parsePastedCookie(input.cookie)
    await this.checkCookie(jar, defaultUserAgent())
    return this.#save(jar, input.remark)
  }

  async #save(jar: CookieJar, remark?: string): Promise<Account> {
    const p = this.platform()
    const custom = this.#d.global().platformEndpoints ? JSON.stringify(p) : null
    const account = await this.#d.accounts.addByCookie({ cookie: jar.toHeader(), remark }, { endpointsJson: custom })
    this.#d.incidents.resolve('needs_login', account.id)
    if (account.enabled) await this.#d.restart(account.id)
    return this.#d.accounts.get(account.id)
  }

  // ---- QR login -------------------------------------------------------------------------

  async qrStart(): Promise<{ sessionId: string; qrContent: string; expiresAt: number }> {
    const p = this.platform()
    const s: QrSession = { id: `qr_${randomBytes(6).toString('hex')}`, flow: this.#newFlow(p), timer: null, regenerations: 0, done: false }
    const code = await s.flow.generate()
    this.#qr.set(s.id, s)
    this.#emitQr(s, 'NEW', { qrContent: code.codeContent, message: '请用闲鱼 App 扫码 / Scan with the Xianyu app' })
    this.#schedule(s)
    return { sessionId: s.id, qrContent: code.codeContent, expiresAt: this.#d.clock.now() + 120_000 }
  }

  qrCancel(sessionId: string): boolean {
    const s = this.#qr.get(sessionId)
    if (!s) return false
    this.#finish(s, 'CANCELED', { message: '已取消 / Cancelled' })
    return true
  }

  #newFlow(p: PlatformEndpoints): QrLogin {
    return new QrLogin({ fetch: this.#d.fetch, mtopBase: p.mtopBase, passportBase: p.passportBase, userAgent: defaultUserAgent(), clock: this.#d.clock })
  }

  #schedule(s: QrSession): void {
    if (s.done) return
    s.timer = this.#d.clock.setTimeout(() => void this.#poll(s), QR_POLL_MS)
  }

  async #poll(s: QrSession): Promise<void> {
    if (s.done) return
    try {
      const r = await s.flow.poll()
      if (s.done) return
      if (r.state === 'NEW') return this.#schedule(s)
      if (r.state === 'SCANED') {
        this.#emitQr(s, 'SCANED', { message: '已扫码，请在手机上确认 / Scanned; confirm on your phone' })
        return this.#schedule(s)
      }
      if (r.state === 'EXPIRED') return await this.#regenerate(s)
      if (r.state === 'CONFIRMED') return await this.#confirmed(s)
      if (r.state === 'VERIFY') return this.#finish(s, 'VERIFY', { verifyUrl: r.verifyUrl, message: '闲鱼要求手机/人脸验证，请改用浏览器登录 / Xianyu asks for a phone or face check; use the browser login instead' })
      this.#finish(s, r.state, { message: r.state === 'CANCELED' ? '已在手机上取消 / Cancelled on the phone' : '扫码登录出错，请重试 / QR login failed; try again' })
    } catch (err) {
      this.#d.logger.warn('qr poll failed', { err })
      this.#finish(s, 'ERROR', { message: err instanceof AppError ? err.message : '扫码登录出错，请重试 / QR login failed; try again' })
    }
  }

  async #regenerate(s: QrSession): Promise<void> {
    if (s.regenerations >= QR_MAX_REGENERATIONS) return this.#finish(s, 'EXPIRED', { message: '二维码已过期 / The QR code expired' })
    s.regenerations += 1
    s.flow = this.#newFlow(this.platform())
    const code = await s.flow.generate()
    this.#emitQr(s, 'NEW', { qrContent: code.codeContent, message: '二维码已刷新，请重新扫码 / A new code; scan again' })
    this.#schedule(s)
  }

  async #confirmed(s: QrSession): Promise<void> {
    const jar = s.flow.jar
    if (!jar.get('unb')) return this.#finish(s, 'ERROR', { message: '登录确认了但没有拿到账号 Cookie / Confirmed, but no login cookies arrived' })
    // one more mtop call gives the post-login signing token (§3.6 step 6)
    await fetchImToken(s.flow.mtop, generateDeviceId(jar.get('unb') ?? '0'), this.#d.clock.now()).catch(() => {})
    const account = await this.#save(jar)
    this.#finish(s, 'CONFIRMED', { account, message: '登录成功 / Logged in' })
  }

  #finish(s: QrSession, state: EventPayload<'login.qr'>['state'], extra: Partial<EventPayload<'login.qr'>>): void {
    s.done = true
    s.timer?.cancel()
    this.#qr.delete(s.id)
    this.#emitQr(s, state, extra)
  }

  #emitQr(s: QrSession, state: EventPayload<'login.qr'>['state'], extra: Partial<EventPayload<'login.qr'>>): void {
    this.#d.events.emit('login.qr', { sessionId: s.id, state, qrContent: null, message: '', account: null, verifyUrl: null, ...extra })
  }

  // ---- browser login and verification -----------------------------------------------------

  async loginInBrowser(): Promise<Account> {
    const browser = this.#requireBrowser('浏览器登录')
    const p = this.platform()
    const profile = `login-${randomBytes(4).toString('hex')}`
    const cookies = await browser.open({ profile, url: `${p.webBase}/im`, userAgent: defaultUserAgent(), title: '登录闲鱼 / Log in to Xianyu', cookies: [], done: browserHasLogin, timeoutMs: 15 * 60_000 })
    if (!cookies) throw new AppError('BAD_INPUT', '登录窗口已关闭，没有完成登录 / The login window was closed before the login finished')
    return this.#save(harvestJar(cookies, new URL(p.webBase).hostname))
  }

  /** On risk control: one bounded automatic attempt; true when it passed and the client resumed. */
  async autoVerify(accountId: string): Promise<boolean> {
    const row = this.#d.accounts.row(accountId)
    if (!row.verifyUrl) return false
    const jar = await this.#d.accounts.cookies(accountId)
    if (!(await this.#autoSolve(accountId, jar, row.verifyUrl, row.userAgent))) return false
    await this.#passed(accountId, jar)
    return true
  }

  async #passed(accountId: string, jar: CookieJar): Promise<void> {
    await this.#d.accounts.saveCookies(accountId, jar)
    this.#d.accounts.setStatus(accountId, 'connecting', '', null)
    this.#d.incidents.resolve('needs_verification', accountId)
    await this.#d.restart(accountId)
  }

  /** The "验证" button: automatically first (bounded), then the human in a window; x5* merged, client restarted. */
  async verify(accountId: string): Promise<Account> {
    const row = this.#d.accounts.row(accountId)
    const url = row.verifyUrl
    if (!url) return this.#d.accounts.get(accountId)
    const jar = await this.#d.accounts.cookies(accountId)
    const auto = await this.#autoSolve(accountId, jar, url, row.userAgent)
    if (!auto) {
      const browser = this.#requireBrowser('安全验证')
      const cookies = await browser.open({
        profile: accountId, url, userAgent: row.userAgent, title: '闲鱼安全验证 / Xianyu security check',
        cookies: [...jar.entries()].map(([name, value]) => ({ name, value, url: new URL(url).origin })),
        done: (c) => c.some((x) => x.name === 'x5sec' && x.value !== ''), timeoutMs: 10 * 60_000
      })
      if (!cookies || mergeX5(jar, cookies).length === 0) throw new AppError('NEEDS_VERIFICATION', '验证没有完成 / The check was not completed')
    }
    await this.#passed(accountId, jar)
    return this.#d.accounts.get(accountId)
  }

  async #autoSolve(accountId: string, jar: CookieJar, url: string, userAgent: string): Promise<boolean> {
    const exe = await findBrowser(this.#d.global().browserPath, this.#d.logger)
    if (!exe) return false
    try {
      const names = await solveSlider({ executablePath: exe, userAgent, logger: this.#d.logger, noSandbox: process.getuid?.() === 0 }, jar, url)
      return names !== null
    } catch (err) {
      this.#d.logger.warn('automatic slider failed', { accountId, err })
      return false
    }
  }

  /** Renews a dying session in a browser; true when the account has fresh cookies. */
  async refresh(accountId: string, opts: { force?: boolean } = {}): Promise<boolean> {
    const last = this.#lastRefresh.get(accountId) ?? 0
    // refreshing too often looks like a bot and triggers risk control
    if (!opts.force && this.#d.clock.now() - last < REFRESH_MIN_INTERVAL_MS) return false
    this.#lastRefresh.set(accountId, this.#d.clock.now())
    const exe = await findBrowser(this.#d.global().browserPath, this.#d.logger)
    if (!exe) return false
    const row = this.#d.accounts.row(accountId)
    const webBase = this.#endpointsWeb(row.endpointsJson)
    try {
      const fresh = await refreshInBrowser({ executablePath: exe, userAgent: row.userAgent, logger: this.#d.logger, noSandbox: process.getuid?.() === 0 }, await this.#d.accounts.cookies(accountId), `${webBase}/im`)
      if (!fresh) return false
      await this.#d.accounts.saveCookies(accountId, fresh)
      this.#d.incidents.resolve('needs_login', accountId)
      await this.#d.restart(accountId)
      return true
    } catch (err) {
      this.#d.logger.warn('browser cookie refresh failed', { accountId, err })
      return false
    }
  }

  #endpointsWeb(json: string | null): string {
    try {
      const v = json ? (JSON.parse(json) as { webBase?: unknown }) : null
      return typeof v?.webBase === 'string' ? v.webBase : XIANYU_PLATFORM.webBase
    } catch {
      return XIANYU_PLATFORM.webBase
    }
  }

  #requireBrowser(what: string): InteractiveBrowser {
    if (!this.#d.browser) {
      throw new AppError('UNAVAILABLE', `${what}需要一个可见的浏览器窗口：请在桌面版中使用，或在有显示器的机器上运行，或改用扫码/粘贴 Cookie / ${what === '浏览器登录' ? 'Browser login' : 'This check'} needs a visible browser window: use the desktop app, run where a display exists, or use QR / cookie paste instead`)
    }
    return this.#d.browser
  }

  close(): void {
    for (const s of this.#qr.values()) {
      s.done = true
      s.timer?.cancel()
    }
    this.#qr.clear()
  }
}
