/**
 * Alibaba Model Studio (百炼) application API: `POST {base}/api/v1/apps/{appId}/completion`.
 * As in seed 000, the user pastes the app's URL and the app id is parsed from it. The app's
 * own prompt and model live in the console; we pass our system prompt and history as
 * `input.messages` and the buyer's latest message as `input.prompt` (the API appends the
 * prompt as the last user turn).
 */
import { LlmError, type LlmProvider, type LlmRequest, type ProviderChunk, type ProviderConfig, type ProviderOutput } from '../types'
import { badResponse, classifyThrown, httpError, kindForStatus, normalizeFinish, parseRetryAfter } from './errors'

const NAME = 'dashscope-app'
const CN_BASE = 'https://dashscope.aliyuncs.com'
const INTL_BASE = 'https://dashscope-intl.aliyuncs.com'
const APP_ID = /^[A-Za-z0-9_-]{6,64}$/

export interface DashScopeAppTarget {
  /** Origin (plus any path prefix) in front of `/api/v1/apps/…`. */
  readonly apiBase: string
  readonly appId: string
}

function consoleApiBase(u: URL): string {
  return /intl|alibabacloud\.com/i.test(u.hostname) ? INTL_BASE : CN_BASE
}

/** An app id somewhere in a console URL: `appId=` / `app_id=` parameters, or a 32-hex token in the path or hash. */
function appIdInConsoleUrl(u: URL): string | undefined {
  const all = `${u.pathname}?${u.search}#${u.hash}`
  const param = /[?&#/](?:appId|app_id|appid)[=/]([A-Za-z0-9_-]{6,64})/.exec(all)
  if (param?.[1]) return param[1]
  return /(?:^|[^0-9a-f])([0-9a-f]{32})(?![0-9a-f])/i.exec(all)?.[1]
}

/**
 * Where to call: from `…/api/v1/apps/<APP_ID>[/completion]`, from a Bailian console URL
 * (the id in the path, hash or query), or from a bare DashScope origin plus `fallbackAppId`
 * (the settings' model field). Throws LlmError 'config' when no app id can be found.
 */
export function parseDashScopeAppUrl(raw: string, fallbackAppId?: string): DashScopeAppTarget {
  let u: URL
  try {
    u = new URL(raw.trim())
  } catch {
    throw new LlmError('config', `${NAME}: not a URL: ${raw.slice(0, 100)}`)
  }
  const m = /^(.*?)\/api\/v1\/apps\/([^/?#]+)/.exec(u.pathname)
  if (m?.[2] && APP_ID.test(decodeURIComponent(m[2])) && m[2] !== 'YOUR_APP_ID') {
    return { apiBase: u.origin + (m[1] ?? ''), appId: decodeURIComponent(m[2]) }
  }
  const isApiHost = /(^|\.)dashscope(-intl)?\.aliyuncs\.com$/i.test(u.hostname) || !/aliyun|alibabacloud/i.test(u.hostname)
  const apiBase = isApiHost ? u.origin : consoleApiBase(u)
  const fromConsole = isApiHost ? undefined : appIdInConsoleUrl(u)
  if (fromConsole) return { apiBase, appId: fromConsole }
  if (fallbackAppId && APP_ID.test(fallbackAppId) && fallbackAppId !== 'app') return { apiBase, appId: fallbackAppId }
  throw new LlmError('config', `${NAME}: no app id in ${u.origin}${u.pathname} (paste the app's API URL …/api/v1/apps/<APP_ID>/completion)`)
}

function buildBody(req: LlmRequest, stream: boolean): Record<string, unknown> {
  const history = [...req.messages]
  const last = history.at(-1)
  const prompt = last?.role === 'user' ? (history.pop(), last.content) : undefined
  const messages = [...(req.system.trim() ? [{ role: 'system', content: req.system }] : []), ...history]
  const input: Record<string, unknown> = {}
  if (prompt !== undefined) input['prompt'] = prompt
  if (messages.length > 0) input['messages'] = messages
  const parameters: Record<string, unknown> = {}
  if (req.maxTokens !== undefined) parameters['max_tokens'] = req.maxTokens
  if (req.temperature !== undefined) parameters['temperature'] = req.temperature
  if (stream) parameters['incremental_output'] = true
  return { input, parameters, debug: {} }
}

interface AppUsage { tokensIn: number | null; tokensOut: number | null; model: string | null }

/** `usage.models[]` (one entry per model the app called) or flat `usage.input_tokens`; both seen in the wild. */
export function readAppUsage(body: unknown): AppUsage {
  const usage = (body as { usage?: unknown } | null)?.usage as Record<string, unknown> | undefined
  if (!usage || typeof usage !== 'object') return { tokensIn: null, tokensOut: null, model: null }
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  const models = Array.isArray(usage['models']) ? (usage['models'] as Array<Record<string, unknown>>) : []
  if (models.length > 0) {
    let tin = 0
    let tout = 0
    for (const m of models) {
      tin += num(m?.['input_tokens']) ?? 0
      tout += num(m?.['output_tokens']) ?? 0
    }
    const model = models[0]?.['model_id']
    return { tokensIn: tin, tokensOut: tout, model: typeof model === 'string' ? model : null }
  }
  return { tokensIn: num(usage['input_tokens']), tokensOut: num(usage['output_tokens']), model: null }
}

function readOutput(body: unknown): { text: string; finish: string | null } {
  const output = (body as { output?: unknown } | null)?.output as Record<string, unknown> | undefined
  if (!output || typeof output !== 'object') throw badResponse(NAME, 'no output in the response')
  const text = output['text']
  if (text !== undefined && text !== null && typeof text !== 'string') throw badResponse(NAME, 'output.text is not text')
  const finish = output['finish_reason']
  return { text: text ?? '', finish: typeof finish === 'string' && finish !== 'null' ? finish : null }
}

/** DashScope error codes also arrive with HTTP 200 inside SSE `event:error` frames. */
function errorFromCode(code: string, message: string, status?: number): LlmError {
  const s = status && status >= 400 ? status
    : /InvalidApiKey|AccessDenied|Unauthorized/i.test(code) ? 401
      : /Throttl|RateQuota|LimitRequests/i.test(code) ? 429
        : /Internal|ServiceUnavailable|Timeout/i.test(code) ? 500 : 400
  return new LlmError(kindForStatus(s, `${code} ${message}`), `${NAME}: ${code}: ${message}`.slice(0, 400), { status: s })
}

async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncIterable<{ event: string; data: string }> {
  const decoder = new TextDecoder()
  let buf = ''
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(bytes, { stream: true }).replace(/\r\n?/g, '\n')
    let i: number
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i)
      buf = buf.slice(i + 2)
      let event = 'message'
      const data: string[] = []
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      if (data.length > 0) yield { event, data: data.join('\n') }
    }
  }
}

interface Target {
  readonly url: string
  readonly apiKey: string
  readonly fallbackModel: string
  readonly fetch: typeof fetch
}

async function post(t: Target, req: LlmRequest, signal: AbortSignal, stream: boolean): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' }
  if (stream) Object.assign(headers, { 'x-dashscope-sse': 'enable', accept: 'text/event-stream' })
  const res = await t.fetch(t.url, { method: 'POST', headers, body: JSON.stringify(buildBody(req, stream)), signal })
  if (res.ok) return res
  const text = await res.text().catch(() => '')
  throw httpError(NAME, res.status, text, parseRetryAfter((n) => res.headers.get(n)))
}

async function complete(t: Target, req: LlmRequest, signal: AbortSignal): Promise<ProviderOutput> {
  let body: unknown
  try {
    body = await (await post(t, req, signal, false)).json()
  } catch (err) {
    throw classifyThrown(NAME, err, signal)
  }
  const { text, finish } = readOutput(body)
  const usage = readAppUsage(body)
  return { text, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, model: usage.model ?? t.fallbackModel, finishReason: normalizeFinish(finish) }
}

async function* stream(t: Target, req: LlmRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
  let text = ''
  let finish: string | null = null
  let usage: AppUsage = { tokensIn: null, tokensOut: null, model: null }
  try {
    const res = await post(t, req, signal, true)
    if (!res.body) throw badResponse(NAME, 'empty stream body')
    for await (const ev of sseEvents(res.body)) {
      const data = JSON.parse(ev.data) as Record<string, unknown>
      if (ev.event === 'error' || (typeof data['code'] === 'string' && data['output'] === undefined)) {
        throw errorFromCode(String(data['code'] ?? 'error'), String(data['message'] ?? ''))
      }
      const out = readOutput(data)
      finish = out.finish ?? finish
      const u = readAppUsage(data)
      if (u.tokensIn !== null || u.tokensOut !== null) usage = u
      if (out.text) {
        text += out.text
        yield { type: 'delta', text: out.text }
      }
    }
  } catch (err) {
    throw classifyThrown(NAME, err, signal)
  }
  yield { type: 'done', output: { text, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, model: usage.model ?? t.fallbackModel, finishReason: normalizeFinish(finish) } }
}

export function createDashScopeAppProvider(cfg: ProviderConfig, deps: { fetch?: typeof fetch } = {}): LlmProvider {
  if (!cfg.apiKey) throw new LlmError('config', `${NAME}: API key missing`)
  const { apiBase, appId } = parseDashScopeAppUrl(cfg.baseUrl, cfg.model)
  const t: Target = {
    url: `${apiBase}/api/v1/apps/${encodeURIComponent(appId)}/completion`,
    apiKey: cfg.apiKey,
    fallbackModel: `app:${appId}`,
    fetch: deps.fetch ?? fetch
  }
  return { kind: 'dashscope-app', model: t.fallbackModel, complete: (req, signal) => complete(t, req, signal), stream: (req, signal) => stream(t, req, signal) }
}
