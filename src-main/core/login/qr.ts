import { CookieJar, MtopClient, type FetchLike } from '../goofish'
import type { ResponseLike } from '../goofish/types'
import { AppError } from '../errors'
import type { Clock } from '../ports'

/** Passport QR states (§3.6; `SCANED` is the platform's spelling). VERIFY: phone/face check demanded. */
export type QrState = 'NEW' | 'SCANED' | 'CONFIRMED' | 'EXPIRED' | 'CANCELED' | 'VERIFY' | 'ERROR'

export interface QrCode {
  readonly t: string
  readonly ck: string
  /** What the QR image encodes (a URL with lgToken). */
  readonly codeContent: string
}

export interface QrPoll {
  readonly state: QrState
  /** With VERIFY: the page where the phone/face check happens. */
  readonly verifyUrl: string | null
}

const BIZ = { appName: 'xianyu', fromSite: '77' }

function common(jar: CookieJar, form: Record<string, string>): Record<string, string> {
  return {
    ...form, appName: 'xianyu', appEntrance: 'web', _csrf_token: form._csrf_token ?? jar.get('XSRF-TOKEN') ?? jar.get('_tb_token_') ?? '',
    umidToken: form.umidToken ?? '', hsiz: jar.get('cookie2') ?? form.hsiz ?? '', bizParams: form.bizParams ?? '', mainPage: 'false', isMobile: 'false',
    lang: 'zh_CN', returnUrl: '', umidTag: 'SERVER'
  }
}

function json(text: string, what: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text)
    if (v && typeof v === 'object') return v as Record<string, unknown>
  } catch {
    // fall through
  }
  throw new AppError('UNAVAILABLE', `扫码登录：${what} 返回了无法识别的内容 / QR login: unexpected ${what} response`)
}

const dataOf = (o: Record<string, unknown>): Record<string, unknown> => {
  const content = o.content as Record<string, unknown> | undefined
  return (content?.data as Record<string, unknown> | undefined) ?? {}
}

/**
 * The passport QR flow of goofish-protocol.md §3.6: bootstrap cookies, read the login form data,
 * generate a code, poll its state. On CONFIRMED the response's Set-Cookie holds the login.
 */
export class QrLogin {
  readonly jar = new CookieJar()
  readonly #fetch: FetchLike
  readonly #passport: string
  readonly #mtop: MtopClient
  readonly #userAgent: string
  #form: Record<string, string> = {}
  #code: QrCode | null = null

  constructor(o: { fetch: FetchLike; mtopBase: string; passportBase: string; userAgent: string; clock: Clock }) {
    this.#fetch = o.fetch
    this.#passport = o.passportBase.replace(/\/$/, '')
    this.#userAgent = o.userAgent
    this.#mtop = new MtopClient({ fetch: o.fetch, jar: this.jar, mtopBase: o.mtopBase, userAgent: o.userAgent, clock: o.clock })
  }

  get mtop(): MtopClient {
    return this.#mtop
  }

  /** The passport call; a network failure (offline, DNS, refused, TLS) is said plainly, not as an internal error. */
  async #send(url: string, init: Parameters<FetchLike>[1]): Promise<ResponseLike> {
    try {
      return await this.#fetch(url, init)
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      const detail = cause?.code ?? cause?.message ?? (err as Error).message
      throw new AppError('UNAVAILABLE', `无法连接闲鱼登录服务（${detail}），请检查网络后重试 / Could not reach the Xianyu login service (${detail}); check the network and try again`, { cause: err })
    }
  }

  async #get(path: string, params: Record<string, string>): Promise<string> {
    const res = await this.#send(`${this.#passport}${path}?${new URLSearchParams(params)}`, { method: 'GET', headers: this.#headers() })
    this.#mtop.absorbCookies(res)
    return res.text()
  }

  async #post(path: string, form: Record<string, string>): Promise<string> {
    const res = await this.#send(`${this.#passport}${path}?${new URLSearchParams(BIZ)}`, {
      method: 'POST', headers: { ...this.#headers(), 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString()
    })
    this.#mtop.absorbCookies(res)
    return res.text()
  }

  #headers(): Record<string, string> {
    return { Cookie: this.jar.toHeader(), 'User-Agent': this.#userAgent, Referer: 'https://www.goofish.com/', Origin: 'https://passport.goofish.com', Accept: 'application/json, text/plain, */*' }
  }

  /** Steps 1–3: cookies, form data, a fresh code. */
  async generate(): Promise<QrCode> {
    // step 1: any mtop call without a token answers TOKEN_EMPTY and sets _m_h5_tk / cookie2
    await this.#mtop.call('mtop.gaia.nodejs.gaia.idle.data.gw.v2.index.get', JSON.stringify({ bizScene: 'home' })).catch(() => {})
    const html = await this.#get('/mini_login.htm', { lang: 'zh_cn', appName: 'xianyu', appEntrance: 'web', styleType: 'vertical', bizParams: '', notLoadSsoView: 'false', notKeepLogin: 'false', isMobile: 'false', qrCodeFirst: 'false', stie: '77', rnd: Math.random().toString() })
    this.#form = parseViewData(html)
    const g = dataOf(json(await this.#get('/newlogin/qrcode/generate.do', { ...common(this.jar, this.#form), ...BIZ }), 'generate.do'))
    const t = g.t
    const ck = g.ck
    const codeContent = g.codeContent
    if ((typeof t !== 'number' && typeof t !== 'string') || typeof ck !== 'string' || typeof codeContent !== 'string') {
      throw new AppError('UNAVAILABLE', '扫码登录：没有拿到二维码 / QR login: no code was generated')
    }
    this.#code = { t: String(t), ck, codeContent }
    return this.#code
  }

  /** Step 4: one poll. CONFIRMED means the jar now holds the login cookies. */
  async poll(): Promise<QrPoll> {
    if (!this.#code) throw new AppError('CONFLICT', 'generate() first')
    const body = json(await this.#post('/newlogin/qrcode/query.do', { ...common(this.jar, this.#form), ...BIZ, t: this.#code.t, ck: this.#code.ck, isIframe: 'true', documentReferer: 'https://www.goofish.com/', defaultView: 'qrcode', deviceId: this.jar.get('cna') ?? '' }), 'query.do')
    const d = dataOf(body)
    const status = String(d.qrCodeStatus ?? 'ERROR').toUpperCase()
    if (status === 'CONFIRMED' && d.iframeRedirect === true) return { state: 'VERIFY', verifyUrl: typeof d.iframeRedirectUrl === 'string' ? d.iframeRedirectUrl : null }
    if (status === 'SCANNED') return { state: 'SCANED', verifyUrl: null }
    const known: ReadonlyArray<QrState> = ['NEW', 'SCANED', 'CONFIRMED', 'EXPIRED', 'CANCELED']
    return { state: known.includes(status as QrState) ? (status as QrState) : 'ERROR', verifyUrl: null }
  }
}

/** `window.viewData = {…};` → its `loginFormData` (plain strings only). */
export function parseViewData(html: string): Record<string, string> {
  const m = /window\.viewData\s*=\s*(\{[\s\S]*?\})\s*;\s*(?:<\/script>|\n|window\.)/.exec(html)
  if (!m?.[1]) return {}
  try {
    const v = JSON.parse(m[1]) as { loginFormData?: Record<string, unknown> }
    const out: Record<string, string> = {}
    for (const [k, val] of Object.entries(v.loginFormData ?? {})) if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val)
    return out
  } catch {
    return {}
  }
}
