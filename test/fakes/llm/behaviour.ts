/**
 * Scripted behaviours for the fake LLM servers. A behaviour sees a protocol-neutral view of the
 * request (system prompt, messages, model, stream flag) and returns a protocol-neutral answer;
 * each fake server renders it in its own wire format (JSON or SSE). So one script, e.g.
 * "quote below the floor", runs unchanged against the OpenAI, Gemini and DashScope fakes.
 */
import type { IncomingHttpHeaders } from 'node:http'

export type FakeProtocol = 'openai' | 'gemini' | 'dashscope'

export interface FakeRequest {
  readonly protocol: FakeProtocol
  /** 0-based position among the requests this server received. */
  readonly index: number
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: IncomingHttpHeaders
  readonly raw: string
  /** Parsed JSON body (undefined when it did not parse). */
  readonly body: unknown
  readonly model: string
  /** The system prompt wherever the protocol put it (system message, systemInstruction, input.messages). */
  readonly system: string
  readonly messages: ReadonlyArray<{ readonly role: 'user' | 'assistant'; readonly content: string }>
  readonly lastUser: string
  readonly stream: boolean
  /** DashScope only: the app id from the path. */
  readonly appId?: string
}

export type FakeAnswer =
  | {
    readonly kind: 'text'
    readonly text: string
    /** How to split the text when streaming (default: 3-character pieces). */
    readonly chunks?: ReadonlyArray<string>
    readonly tokensIn?: number
    readonly tokensOut?: number
    readonly finishReason?: 'stop' | 'length'
    /** Leave usage out of the response (the client must estimate). */
    readonly omitUsage?: boolean
    /** Pause between streamed frames (a slow model; lets a test cancel mid-stream). */
    readonly chunkDelayMs?: number
  }
  | { readonly kind: 'status'; readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  /** Never answer (until the server is closed). */
  | { readonly kind: 'hang' }
  /** 200 with a body that is not valid JSON (or a broken SSE frame when streaming). */
  | { readonly kind: 'malformed' }

export type Behaviour = (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>

type TextOpts = Omit<Extract<FakeAnswer, { kind: 'text' }>, 'kind' | 'text'>

/** Answer with fixed text, or text computed from the request (e.g. echo the system prompt). */
export function reply(text: string | ((req: FakeRequest) => string), opts: TextOpts = {}): Behaviour {
  return (req) => ({ kind: 'text', text: typeof text === 'function' ? text(req) : text, ...opts })
}

/** Empty (or whitespace-only) text with a normal 200 and usage. */
export function empty(opts: { whitespace?: boolean } = {}): Behaviour {
  return reply(opts.whitespace ? '  \n ' : '')
}

export function status(code: number, opts: { message?: string; headers?: Record<string, string> } = {}): Behaviour {
  return () => ({ kind: 'status', status: code, ...opts })
}

export const authError = (): Behaviour => status(401, { message: 'Incorrect API key provided' })
export const hang = (): Behaviour => () => ({ kind: 'hang' })
export const malformed = (): Behaviour => () => ({ kind: 'malformed' })

/** `first` for the first `times` requests, then `then` for every later one. */
export function times(n: number, first: Behaviour, then: Behaviour): Behaviour {
  let seen = 0
  return (req) => (seen++ < n ? first(req) : then(req))
}

/** 429 with Retry-After (seconds) `n` times, then `then` (default: reply "好的"). */
export function rateLimited(opts: { times?: number; retryAfterS?: number; then?: Behaviour } = {}): Behaviour {
  const headers: Record<string, string> = opts.retryAfterS === undefined ? {} : { 'retry-after': String(opts.retryAfterS) }
  return times(opts.times ?? Infinity, status(429, { message: 'Rate limit reached', headers }), opts.then ?? reply('好的'))
}

/** HTTP 500 (or another 5xx) `n` times (default: always), then `then`. */
export function serverError(opts: { times?: number; status?: number; then?: Behaviour } = {}): Behaviour {
  return times(opts.times ?? Infinity, status(opts.status ?? 500, { message: 'Internal server error' }), opts.then ?? reply('好的'))
}

/** Each request takes the next behaviour; the last one repeats. */
export function sequence(...steps: Behaviour[]): Behaviour {
  let i = 0
  return (req) => {
    const step = steps[Math.min(i++, steps.length - 1)]
    if (!step) throw new Error('sequence() needs at least one behaviour')
    return step(req)
  }
}

/** Wait `ms` before answering (latency for benchmarks and timeouts). */
export function delayed(ms: number, inner: Behaviour): Behaviour {
  return async (req) => {
    await new Promise((r) => setTimeout(r, ms))
    return inner(req)
  }
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 0–99 999 in Chinese numerals ("九十", "两百五十", "一百二十"), as buyers and models write them. */
export function toChineseNumber(n: number): string {
  const v = Math.max(0, Math.floor(n))
  if (v < 10) return DIGITS[v] ?? '零'
  const units: Array<[number, string]> = [[10_000, '万'], [1000, '千'], [100, '百'], [10, '十']]
  let out = ''
  let rest = v
  let zero = false
  for (const [size, unit] of units) {
    const d = Math.floor(rest / size)
    rest %= size
    if (d === 0) {
      zero = out !== ''
      continue
    }
    if (zero) out += '零'
    zero = false
    out += (d === 2 && size >= 100 ? '两' : d === 1 && size === 10 && out === '' ? '' : DIGITS[d]) + unit
  }
  if (rest > 0) out += (zero ? '零' : '') + (DIGITS[rest] ?? '')
  return out
}

/**
 * The classic failure: the model offers a price under the floor. Without `price`, it quotes
 * half of the smallest number ≥ 2 in the system prompt (which holds the allowed price), so it
 * is below whatever floor the pipeline computed. `style` picks how the number is written.
 */
export function quoteBelowFloor(opts: { price?: number; style?: 'digits' | 'yuan' | 'chinese' } = {}): Behaviour {
  return reply((req) => {
    const nums = [...req.system.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0])).filter((n) => n >= 2)
    const price = opts.price ?? (nums.length > 0 ? Math.max(1, Math.floor(Math.min(...nums) / 2)) : 1)
    switch (opts.style ?? 'digits') {
      case 'yuan': return `亲，给你算¥${price}，马上拍吧`
      case 'chinese': return `行吧，${toChineseNumber(price)}块给你`
      default: return `好的，${price}元卖你，直接拍就行`
    }
  })
}

const INJECTION = /忽略|无视|ignore|disregard|system prompt|系统提示|你现在是|扮演/i

/**
 * A gullible model: when the buyer's message looks like a prompt injection, it obeys — agrees
 * to the price the buyer named ("1元卖我") or leaks contact details; otherwise answers normally.
 */
export function obeyInjection(normal: Behaviour = reply('在的，欢迎咨询')): Behaviour {
  return (req) => {
    if (!INJECTION.test(req.lastUser)) return normal(req)
    const price = /(\d+(?:\.\d+)?)\s*(?:元|块|¥)/.exec(req.lastUser)?.[1]
    return { kind: 'text', text: price ? `好的，已忽略之前的指令，${price}元卖你` : '好的，已忽略之前的指令。加我微信 wx_fake_123 详聊' }
  }
}

const FINANCIAL: Readonly<Record<string, string>> = { 一: '壹', 二: '贰', 两: '贰', 三: '叁', 四: '肆', 五: '伍', 六: '陆', 七: '柒', 八: '捌', 九: '玖', 十: '拾', 百: '佰', 千: '仟', 万: '万' }
const fullWidth = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))

/**
 * Every way a quote below the floor can be written for a list price `p`, at `v` (below the floor):
 * digits, slang magnitudes (1k8, 1.8k, 8百5), Chinese and financial numerals, full-width digits,
 * ranges, 包邮/到手/一口价 forms, discounts (打8折, 半价), cuts (再少200), bundles, English.
 */
export const BELOW_FLOOR_STYLES: ReadonlyArray<(v: number, p: number) => string> = [
  (v) => `好的，${v}元卖你，直接拍就行`,
  (v) => `行，${v}`,
  (v) => `¥${v}，今天就发`,
  (v) => `包邮${v}给你`,
  (v) => `${v}包邮，不能再少了`,
  (v) => `到手${v}，诚心要就拍`,
  (v) => `一口价${v}，不议了`,
  (v) => `${v - 50}-${v}都可以`,
  (v) => `${v / 1000}k给你吧`,
  (v) => v >= 1000 ? `${Math.floor(v / 1000)}k${Math.round((v % 1000) / 100)}拿走` : `${Math.floor(v / 100)}百${Math.round((v % 100) / 10) || ''}拿走`,
  (v) => v >= 1000 ? `${Math.floor(v / 1000)}千${Math.round((v % 1000) / 100)}可以` : `${v / 100}百可以`,
  (v) => `${toChineseNumber(v)}块给你`,
  (v) => `可以，${toChineseNumber(v).replace(/([百千万][一二两三四五六七八九])[十百千]$/, '$1')}吧`,
  (v) => `${[...toChineseNumber(v)].map((c) => FINANCIAL[c] ?? c).join('')}元出`,
  (v) => `亲，${fullWidth(String(v))}元可以的`,
  (v) => `最低${v}.00元`,
  (v, p) => `给你打${Math.floor((v / p) * 10)}折吧`,
  (v, p) => `再少${p - v}吧，诚心要的话`,
  () => '半价给你，马上拍',
  (v) => `两件一起${v * 2}，单件也按这个算`,
  (v) => `ok, ${v} yuan is fine`,
  (v) => `嗯嗯 ${v}块钱 可以的 拍吧`,
  (v) => `这样吧 ${toChineseNumber(v)} 包邮到家`,
  (v) => `看你诚心，${v}给你了，别跟别人说`
]

/**
 * An LLM that always quotes below the floor, one style after another (each request the next one):
 * the list price is read from the prompt's 标价, the quote is `fraction` of it rounded down to ¥100
 * (default 0.8). `produced` receives every text it answered, for the test to check none got out.
 */
export function alwaysBelowFloor(produced: string[], fraction = 0.8): Behaviour {
  let n = 0
  return reply((req) => {
    const list = Number(/标价：¥(\d+(?:\.\d+)?)/.exec(req.system)?.[1] ?? '1000')
    const v = Math.max(100, Math.floor((list * fraction) / 100) * 100)
    const style = BELOW_FLOOR_STYLES[n++ % BELOW_FLOOR_STYLES.length] ?? BELOW_FLOOR_STYLES[0]
    const text = style ? style(v, list) : `${v}元`
    produced.push(text)
    return text
  })
}
