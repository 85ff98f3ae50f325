/**
 * Secret redaction for everything that reaches a log line. Keys that name secrets are masked
 * whole; strings are scrubbed of cookie pairs, bearer tokens, API keys and URL credentials.
 */
const SECRET_KEY = /(cookie|token|secret|password|passwd|api[-_]?key|authorization|sign$|^sign|x5sec|_m_h5_tk|cookie2|sgcookie|hsiz|credential|envelope|ciphertext)/i

const COOKIE_PAIR = /\b(unb|_m_h5_tk(?:_enc)?|cookie2|sgcookie|csg|t|_tb_token_|x5sec|x5[\w-]*|tfstk|isg|cna|XSRF-TOKEN|_uab_collina|tracknick|uc[134]|havana_lgc2_77|sdkSilent|_samesite_flag_|mtop_partitioned_detect)=([^;\s]+)/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi
const API_KEY = /\b(sk-[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,}|[A-Za-z0-9]{32,})\b/g
const URL_CRED = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi
const QUERY_SECRET = /([?&](?:token|access_token|key|api_key|sign|accessToken)=)[^&\s#]+/gi

export function redactString(s: string): string {
  return s
    .replace(URL_CRED, '$1***:***@')
    .replace(QUERY_SECRET, '$1***')
    .replace(BEARER, '$1 ***')
    .replace(COOKIE_PAIR, '$1=***')
    .replace(API_KEY, '***')
}

/** Binary payload dumps (base64 of a push that failed to decode): kept verbatim for diagnosis. */
const PAYLOAD_KEY = /^payloadB64$/

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]'
  if (typeof value === 'string') return redactString(value)
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Error) return { name: value.name, message: redactString(value.message), code: (value as { code?: unknown }).code }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) ? '***' : PAYLOAD_KEY.test(k) && typeof v === 'string' ? v : redact(v, depth + 1)
  }
  return out
}
