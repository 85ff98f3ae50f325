/** Shared classification of provider failures into LlmError kinds. */
import { LlmError, type FinishReason, type LlmErrorKind } from '../types'

/** Vendors' wording when their content filter rejected the prompt (DashScope DataInspectionFailed, Azure/OpenAI content_filter, …). */
const CONTENT_FILTER = /inspection|content[_ ]?filter|sensitive|safety|moderation/i

export function kindForStatus(status: number, body = ''): LlmErrorKind {
  if (status === 401 || status === 403) return 'auth'
  if (status === 429) return 'rate_limited'
  if (status === 408) return 'timeout'
  if (status >= 500) return 'server'
  // A filtered prompt is not a settings problem: the buyer's text tripped the vendor's filter.
  if (CONTENT_FILTER.test(body)) return 'bad_response'
  // 400/404/422: unknown model, bad parameters, wrong base URL — the user has to fix settings.
  return 'config'
}

/** Retry-After as seconds or an HTTP date, or `retry-after-ms`; undefined when absent or unparsable. */
export function parseRetryAfter(get: (name: string) => string | null | undefined, now: number = Date.now()): number | undefined {
  const ms = get('retry-after-ms')
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms))
  const v = get('retry-after')?.trim()
  if (!v) return undefined
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** Gemini puts the wait in the error body: `"retryDelay": "13s"`. */
export function parseRetryDelayInBody(body: string): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body)
  return m?.[1] ? Math.round(Number(m[1]) * 1000) : undefined
}

export function httpError(provider: string, status: number, body: string, retryAfterMs?: number): LlmError {
  const kind = kindForStatus(status, body)
  const snippet = body.replace(/\s+/g, ' ').slice(0, 300)
  return new LlmError(kind, `${provider}: HTTP ${status}${snippet ? `: ${snippet}` : ''}`, {
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs })
  })
}

/**
 * Classify anything thrown below the HTTP status level. When our own signal fired, its reason
 * (an LlmError 'timeout' or 'aborted' set by the client) wins over whatever the SDK threw.
 */
export function classifyThrown(provider: string, err: unknown, signal: AbortSignal): LlmError {
  if (err instanceof LlmError) return err
  if (signal.aborted) {
    const reason: unknown = signal.reason
    return reason instanceof LlmError ? reason : new LlmError('aborted', `${provider}: aborted`, { cause: err })
  }
  const msg = err instanceof Error ? err.message : String(err)
  if (err instanceof SyntaxError) return new LlmError('bad_response', `${provider}: malformed response: ${msg}`, { cause: err })
  return new LlmError('network', `${provider}: ${msg}`, { cause: err })
}

export function badResponse(provider: string, what: string): LlmError {
  return new LlmError('bad_response', `${provider}: ${what}`)
}

/** Map vendor finish reasons (OpenAI, Gemini, DashScope spellings) to ours. */
export function normalizeFinish(raw: string | null | undefined): FinishReason {
  const r = (raw ?? '').toLowerCase()
  if (r === 'stop' || r === 'end_turn' || r === 'finish_reason_unspecified' || r === '') return 'stop'
  if (r === 'length' || r === 'max_tokens') return 'length'
  if (/safety|content_filter|recitation|blocklist|prohibited|spii|sensitive/.test(r)) return 'content_filter'
  return 'other'
}

/** Hosts where a local model server runs without a key (Ollama, LM Studio, vLLM on the LAN). */
export function isLocalHost(baseUrl: string): boolean {
  let host: string
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '')
  } catch {
    return false
  }
  return host === 'localhost' || host === '::1' || /^127\./.test(host) || /^10\./.test(host) ||
    /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host)
}
