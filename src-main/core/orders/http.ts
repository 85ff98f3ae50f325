/**
 * The seller's HTTP code source (卡密接口): one request per unit, with a timeout and retries; the
 * code is the whole body or the value at a dotted JSON path. Errors never carry the body (it may
 * hold a code).
 */
import type { HttpSource } from '@contract/orders'
import { jsonPathValue, renderText, type TextVars } from './text'

export type HttpFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>

export interface HttpSourceOptions {
  readonly fetch: HttpFetch
  /** Wait between attempts (tests shorten it). */
  readonly retryDelayMs: number
  readonly sleep: (ms: number) => Promise<void>
}

export class HttpSourceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'HttpSourceError'
  }
}

async function once(src: HttpSource, vars: TextVars, o: HttpSourceOptions): Promise<string> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(), src.timeoutMs)
  try {
    const res = src.method === 'POST'
      ? await o.fetch(src.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: renderText(src.body, vars, '', (v) => JSON.stringify(v).slice(1, -1)), signal: ctrl.signal })
      : await o.fetch(src.url, { method: 'GET', headers: {}, signal: ctrl.signal })
    const body = await res.text()
    if (res.status < 200 || res.status >= 300) throw new HttpSourceError(`HTTP ${res.status}`)
    const code = jsonPathValue(body, src.jsonPath)
    if (!code) throw new HttpSourceError(src.jsonPath ? `答复里没有 ${src.jsonPath} / no value at ${src.jsonPath}` : '答复为空 / empty answer')
    return code
  } catch (err) {
    if (ctrl.signal.aborted) throw new HttpSourceError(`超时 ${src.timeoutMs} ms / timed out after ${src.timeoutMs} ms`)
    if (err instanceof HttpSourceError) throw err
    throw new HttpSourceError(`请求失败 / request failed: ${err instanceof Error ? err.message.slice(0, 200) : 'error'}`)
  } finally {
    clearTimeout(timer)
  }
}

/** One code from the source, trying 1 + `retries` times; the last error's words when all fail. */
export async function fetchCode(src: HttpSource, vars: TextVars, o: HttpSourceOptions): Promise<string> {
  let last: HttpSourceError | null = null
  for (let attempt = 0; attempt <= src.retries; attempt++) {
    if (attempt > 0) await o.sleep(o.retryDelayMs * attempt)
    try {
      return await once(src, vars, o)
    } catch (err) {
      last = err instanceof HttpSourceError ? err : new HttpSourceError('error')
    }
  }
  throw new HttpSourceError(`${last?.message ?? 'error'}（共 ${src.retries + 1} 次 / after ${src.retries + 1} attempts）`)
}
