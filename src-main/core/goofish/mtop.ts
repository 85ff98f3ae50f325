/**
 * mtop HTTP client (goofish-protocol.md §2): signs, reads the `ret` envelope, refreshes
 * `_m_h5_tk` on TOKEN_EMPTY/EXPIRED with a bounded number of jittered retries, and classifies
 * every other failure into a GoofishError. Every Set-Cookie is merged into the jar and reported
 * through `onCookies` so the caller can persist the jar.
 *
 * Never retries into a ban: risk control, session death and rate limits are thrown at once.
 */
import type { Clock, Logger } from '../ports'
import { backoffDelay, sleep, type BackoffPolicy } from './backoff'
import type { CookieJar } from './cookies'
import { GoofishError } from './errors'
import type { RandomFn } from './ids'
import { classifyRet, retList } from './mtopRet'
import { MTOP_APP_KEY, mtopSign } from './sign'
import type { FetchLike, JsonValue, ResponseLike } from './types'

export interface MtopClientOptions {
  readonly fetch: FetchLike
  readonly jar: CookieJar
  /** e.g. `https://h5api.m.goofish.com` (Endpoints.mtopBase). */
  readonly mtopBase: string
  /** The account's one desktop-Chrome UA (same for mtop, WS and slider). */
  readonly userAgent: string
  readonly clock: Clock
  readonly random?: RandomFn
  readonly logger?: Logger
  /** Called after any response that changed the jar. */
  readonly onCookies?: (jar: CookieJar) => void
  /** Token-refresh retries per call (default 3, as [X2]). */
  readonly maxTokenRetries?: number
  /** Network / 5xx retries per call (default 2). */
  readonly maxNetworkRetries?: number
  readonly retryBackoff?: BackoffPolicy
  /**
   * Tried once per call on SESSION_EXPIRED before giving up ([A] calls hasLogin.do, then
   * retries). Resolves true when the session was renewed.
   */
  readonly renewSession?: () => Promise<boolean>
}

export interface MtopCallOptions {
  readonly v?: string
  readonly method?: 'POST' | 'GET'
  readonly type?: string
  readonly extraQuery?: Readonly<Record<string, string>>
  readonly headers?: Readonly<Record<string, string>>
}

export interface MtopResponse<T = JsonValue> {
  readonly data: T
  readonly ret: ReadonlyArray<string>
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 300, maxMs: 4000, jitter: 0.6 }

/** Browser-like headers of §2.1, consistent with the account's UA. */
export function browserHeaders(userAgent: string): Record<string, string> {
  const major = /Chrome\/(\d+)/.exec(userAgent)?.[1] ?? '140'
  return {
    Accept: 'application/json',
    'Accept-Language': 'zh-CN,zh;q=0.9',
    Origin: 'https://www.goofish.com',
    Referer: 'https://www.goofish.com/',
    'User-Agent': userAgent,
    'sec-ch-ua': `"Chromium";v="${major}", "Not=A?Brand";v="24", "Google Chrome";v="${major}"`,
    'sec-ch-ua-mobile': '?0',
    'sec-ch-ua-platform': '"Windows"',
    'sec-fetch-dest': 'empty',
    'sec-fetch-mode': 'cors',
    'sec-fetch-site': 'same-site',
    priority: 'u=1, i'
  }
}

export class MtopClient {
  readonly #o: MtopClientOptions
  readonly #random: RandomFn

  constructor(o: MtopClientOptions) {
    this.#o = o
    this.#random = o.random ?? Math.random
  }

  get jar(): CookieJar {
    return this.#o.jar
  }

  /** Merge Set-Cookie of any response (mtop, passport, upload) and report a changed jar. */
  absorbCookies(res: ResponseLike): void {
    const changed = this.#o.jar.mergeSetCookie(res.headers)
    if (changed.length > 0) this.#o.onCookies?.(this.#o.jar)
  }

  /** One mtop call. `data` is serialised once; that exact string is signed and sent. */
  async call<T = JsonValue>(api: string, data: unknown, opts: MtopCallOptions = {}): Promise<MtopResponse<T>> {
    const dataStr = typeof data === 'string' ? data : JSON.stringify(data)
    const maxToken = this.#o.maxTokenRetries ?? 3
    let renewed = false
    for (let tokenAttempt = 0; ; tokenAttempt++) {
      const body = await this.#sendWithNetworkRetries(api, dataStr, opts)
      const cls = classifyRet(body)
      const ret = retList(body)
      switch (cls.kind) {
        case 'success':
          return { data: ((body as { data?: unknown }).data ?? {}) as T, ret }
        case 'token':
          if (tokenAttempt >= maxToken) throw new GoofishError('token', `${api}: token still rejected after ${maxToken} refreshes`, { ret, api })
          this.#o.logger?.info('mtop: token refresh', { api, attempt: tokenAttempt + 1 })
          await sleep(this.#o.clock, backoffDelay(tokenAttempt, this.#o.retryBackoff ?? DEFAULT_BACKOFF, this.#random))
          continue
        case 'session':
          if (!renewed && (await this.#tryRenew(api))) {
            renewed = true
            continue
          }
          throw new GoofishError('needs_login', `${api}: session expired`, { ret, api })
        case 'risk':
          throw new GoofishError('needs_verification', `${api}: risk control`, { ret, api, verifyUrl: cls.url })
        case 'rate_limited':
          throw new GoofishError('rate_limited', `${api}: rate limited`, { ret, api })
        case 'business':
          throw new GoofishError('business', `${api}: ${cls.code}${cls.message ? ` ${cls.message}` : ''}`, { ret, api })
      }
    }
  }

  async #tryRenew(api: string): Promise<boolean> {
    if (!this.#o.renewSession) return false
    try {
      const ok = await this.#o.renewSession()
      this.#o.logger?.info('mtop: session renewal', { api, ok })
      return ok
    } catch (err) {
      this.#o.logger?.warn('mtop: session renewal failed', { api, error: err instanceof Error ? err.message : String(err) })
      return false
    }
  }

  async #sendWithNetworkRetries(api: string, dataStr: string, opts: MtopCallOptions): Promise<JsonValue> {
    const max = this.#o.maxNetworkRetries ?? 2
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#sendOnce(api, dataStr, opts)
      } catch (err) {
        const retryable = err instanceof GoofishError && (err.kind === 'network' || err.kind === 'bad_response')
        if (!retryable || attempt >= max) throw err
        this.#o.logger?.warn('mtop: retrying after transport error', { api, attempt: attempt + 1, error: err.message })
        await sleep(this.#o.clock, backoffDelay(attempt + 1, this.#o.retryBackoff ?? DEFAULT_BACKOFF, this.#random))
      }
    }
  }

  #url(api: string, query: Record<string, string>): string {
    const base = this.#o.mtopBase.replace(/\/+$/, '')
    return `${base}/h5/${api}/${query['v'] ?? '1.0'}/?${new URLSearchParams(query).toString()}`
  }

  async #sendOnce(api: string, dataStr: string, opts: MtopCallOptions): Promise<JsonValue> {
    const t = String(Math.floor(this.#o.clock.now()))
    const query: Record<string, string> = {
      jsv: '2.7.2', appKey: MTOP_APP_KEY, t, sign: mtopSign(this.#o.jar.signingToken, t, MTOP_APP_KEY, dataStr),
      v: opts.v ?? '1.0', type: opts.type ?? 'originaljson', accountSite: 'xianyu', dataType: 'json', timeout: '20000',
      api, sessionOption: 'AutoLoginOnly', spm_cnt: 'a21ybx.im.0.0', ...opts.extraQuery
    }
    const method = opts.method ?? 'POST'
    if (method === 'GET') query['data'] = dataStr
    const headers: Record<string, string> = { ...browserHeaders(this.#o.userAgent), Cookie: this.#o.jar.toHeader(), ...opts.headers }
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded'
    const body = method === 'POST' ? new URLSearchParams({ data: dataStr }).toString() : undefined
    const res = await this.#fetch(this.#url(api, query), { method, headers, ...(body === undefined ? {} : { body }) })
    return readJson(res, api)
  }

  async #fetch(url: string, init: Parameters<FetchLike>[1]): Promise<ResponseLike> {
    let res: ResponseLike
    try {
      res = await this.#o.fetch(url, init)
    } catch (err) {
      throw new GoofishError('network', `fetch failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
    this.absorbCookies(res)
    if (res.status === 429) throw new GoofishError('rate_limited', `HTTP 429 from ${new URL(url).host}`)
    if (res.status >= 500) throw new GoofishError('network', `HTTP ${res.status} from ${new URL(url).host}`)
    return res
  }

  /** Raw request through the same cookie/UA handling (passport, upload). */
  async request(url: string, init: { method: string; headers?: Record<string, string>; body?: string | FormData }): Promise<ResponseLike> {
    const headers = { ...browserHeaders(this.#o.userAgent), Cookie: this.#o.jar.toHeader(), ...init.headers }
    return this.#fetch(url, { method: init.method, headers, ...(init.body === undefined ? {} : { body: init.body }) })
  }
}

async function readJson(res: ResponseLike, api: string): Promise<JsonValue> {
  const text = await res.text()
  try {
    return JSON.parse(text) as JsonValue
  } catch {
    throw new GoofishError('bad_response', `${api}: HTTP ${res.status}, not JSON (${text.slice(0, 80)})`, { api })
  }
}
