import type { AccountSettings, ErrorInfo } from '@contract'

/** An i18n key under `ai.errors` plus its values; the form shows it under the field. */
export interface ClientError {
  readonly key: 'percent' | 'amount' | 'rounds' | 'range' | 'required' | 'url' | 'budget' | 'delay'
  readonly values?: { readonly min: number; readonly max: number }
}

export type ClientErrors = Readonly<Partial<Record<string, ClientError>>>

const isNum = (n: number): boolean => typeof n === 'number' && Number.isFinite(n)
const intIn = (n: number, min: number, max: number): boolean => isNum(n) && Number.isInteger(n) && n >= min && n <= max

function isUrl(s: string): boolean {
  try {
    return Boolean(new URL(s).protocol)
  } catch {
    return false
  }
}

/** The ranges the contract enforces, checked while typing so most mistakes never reach core. */
export function validateDraft(d: AccountSettings): ClientErrors {
  const e: Record<string, ClientError> = {}
  if (!isNum(d.maxDiscountPercent) || d.maxDiscountPercent < 0 || d.maxDiscountPercent > 50) e.maxDiscountPercent = { key: 'percent' }
  if (!isNum(d.maxDiscountAmount) || d.maxDiscountAmount < 0) e.maxDiscountAmount = { key: 'amount' }
  if (!intIn(d.maxBargainRounds, 1, 10)) e.maxBargainRounds = { key: 'rounds' }
  if (!intIn(d.contextMessages, 1, 50)) e.contextMessages = { key: 'range', values: { min: 1, max: 50 } }
  if (!isNum(d.debounceSeconds) || d.debounceSeconds < 0 || d.debounceSeconds > 60) e.debounceSeconds = { key: 'range', values: { min: 0, max: 60 } }
  if (!intIn(d.pauseMinutes, 1, 1440)) e.pauseMinutes = { key: 'range', values: { min: 1, max: 1440 } }
  if (!intIn(d.offlineReplyMinutes, 1, 1440)) e.offlineReplyMinutes = { key: 'range', values: { min: 1, max: 1440 } }
  if (!intIn(d.replyMaxChars, 10, 500)) e.replyMaxChars = { key: 'range', values: { min: 10, max: 500 } }
  if (!intIn(d.sendRatePerMinute, 1, 120)) e.sendRatePerMinute = { key: 'range', values: { min: 1, max: 120 } }
  if (d.dailyBudgetYuan !== null && (!isNum(d.dailyBudgetYuan) || d.dailyBudgetYuan < 0)) e.dailyBudgetYuan = { key: 'budget' }
  if (!d.model.trim()) e.model = { key: 'required' }
  if (!isUrl(d.baseUrl)) e.baseUrl = { key: 'url' }
  if (!d.refusalReply.trim()) e.refusalReply = { key: 'required' }
  if (d.backup) {
    if (!d.backup.model.trim()) e['backup.model'] = { key: 'required' }
    if (!isUrl(d.backup.baseUrl)) e['backup.baseUrl'] = { key: 'url' }
  }
  return e
}

type Issue = { readonly path: string; readonly message: string }

function issuesOf(details: unknown): ReadonlyArray<Issue> | null {
  if (typeof details !== 'object' || details === null || !('issues' in details)) return null
  const issues = (details as { issues: unknown }).issues
  if (!Array.isArray(issues)) return null
  return issues.filter((i): i is Issue => typeof i?.path === 'string' && typeof i?.message === 'string')
}

/** "设置无效 / Invalid settings — a.b: msg; c: msg" → the issues (for a transport that dropped details). */
function issuesFromMessage(message: string): ReadonlyArray<Issue> {
  const at = message.lastIndexOf(' — ')
  if (at < 0) return []
  return message.slice(at + 3).split('; ').flatMap((part) => {
    const m = /^([A-Za-z][\w.]*): (.+)$/.exec(part.trim())
    return m?.[1] && m[2] ? [{ path: m[1], message: m[2] }] : []
  })
}

/**
 * core's BAD_INPUT names each bad field (`details.issues[].path`, also in the message).
 * Returns them by path (`maxDiscountPercent`, `backup.baseUrl`); empty when none is named.
 */
export function fieldErrorsOf(err: ErrorInfo): Readonly<Record<string, string>> {
  if (err.code !== 'BAD_INPUT') return {}
  const issues = issuesOf(err.details) ?? issuesFromMessage(err.message)
  const out: Record<string, string> = {}
  for (const i of issues) if (i.path && !(i.path in out)) out[i.path] = i.message
  return out
}

/** The error for a field: its own path, or one below it (`humanDelayMs` shows `humanDelayMs.max`). */
export function errorFor<T>(errors: Readonly<Partial<Record<string, T>>>, field: string): T | undefined {
  if (errors[field] !== undefined) return errors[field]
  const key = Object.keys(errors).find((k) => k.startsWith(`${field}.`))
  return key === undefined ? undefined : errors[key]
}
