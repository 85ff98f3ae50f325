/**
 * Classification of an mtop response envelope (goofish-protocol.md §2.3–2.5).
 */
import { at, str } from './extract'
import type { JsonValue } from './types'

export type RetClass =
  | { readonly kind: 'success' }
  | { readonly kind: 'token' }
  | { readonly kind: 'session' }
  | { readonly kind: 'risk'; readonly url: string | undefined }
  | { readonly kind: 'rate_limited' }
  | { readonly kind: 'business'; readonly code: string; readonly message: string }

const TOKEN_MARKS = ['FAIL_SYS_TOKEN_EMPTY', 'FAIL_SYS_TOKEN_EXOIRED', 'FAIL_SYS_TOKEN_EXPIRED', '令牌过期', '令牌为空']
const SESSION_MARKS = ['FAIL_SYS_SESSION_EXPIRED', 'Session过期']
/** Risk codes that are never anything else ([X]/[X2]). */
const RISK_CODES = ['FAIL_SYS_USER_VALIDATE', 'RGV587_ERROR', 'RRXVv_ERROR', 'FAIL_SYS_ILLEGAL_ACCESS', 'FAIL_BIZ_WUA_IS_MACHINE']
/** Softer risk keywords, checked after rate limiting. */
const RISK_WORDS = ['哎哟喂,被挤爆啦', '哎哟喂，被挤爆啦', '挤爆了', 'punish?x5secdata', 'captcha']
const RATE_MARKS = ['FAIL_SYS_TRAFFIC_LIMIT', 'FAIL_SYS_FLOWLIMIT', 'FLOW_LIMIT', '被限流']

/** `ret` as a string array (tolerates a bare string or a missing field). */
export function retList(body: JsonValue | undefined): string[] {
  const ret = at(body, 'ret')
  if (Array.isArray(ret)) return ret.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
  return typeof ret === 'string' ? [ret] : []
}

export function isSuccessRet(ret: ReadonlyArray<string>): boolean {
  return ret.some((r) => r.trim() === 'SUCCESS' || r.trim().startsWith('SUCCESS::'))
}

function punishUrl(body: JsonValue | undefined): string | undefined {
  const url = str(at(body, 'data', 'url'))
  return url && /punish|captcha|validate/i.test(url) ? url : undefined
}

export function classifyRet(body: JsonValue | undefined): RetClass {
  const ret = retList(body)
  const joined = ret.join(' | ')
  const has = (marks: ReadonlyArray<string>): boolean => marks.some((m) => joined.includes(m))
  const url = punishUrl(body)
  if (isSuccessRet(ret)) return { kind: 'success' }
  if (has(SESSION_MARKS)) return { kind: 'session' }
  if (has(RISK_CODES) || url) return { kind: 'risk', url }
  if (has(TOKEN_MARKS)) return { kind: 'token' }
  if (has(RATE_MARKS)) return { kind: 'rate_limited' }
  if (has(RISK_WORDS)) return { kind: 'risk', url }
  const first = (ret[0] ?? 'NO_RET').trim()
  const sep = first.indexOf('::')
  return { kind: 'business', code: sep < 0 ? first : first.slice(0, sep), message: sep < 0 ? '' : first.slice(sep + 2) }
}
