/**
 * The last gate before sending: outbound safety, then the price check on the text that will
 * actually go out. Dropping a clause or cutting a long reply changes the context numbers are read
 * in, so the floor is checked again after safety: whatever the rewrite did, nothing below this
 * round's allowed price leaves the app.
 */
import { checkReply } from './bargain'
import type { PriceViolation, ReplyCheckContext } from './bargain'
import { checkOutbound } from './safety'
import type { SafetyOptions, SafetyResult } from './safety'

export interface GuardOptions {
  readonly safety?: SafetyOptions
  /** Present for replies in a chat with a known item price (every AI reply). */
  readonly price?: ReplyCheckContext
}

export interface GuardResult extends SafetyResult {
  readonly violations: readonly PriceViolation[]
}

export function guardOutbound(text: string, options: GuardOptions = {}): GuardResult {
  const safe = checkOutbound(text, options.safety)
  if (safe.blocked || options.price === undefined) return { ...safe, violations: [] }
  const check = checkReply(safe.text, options.price)
  if (check.ok) return { ...safe, violations: [] }
  const actions = [
    ...safe.actions,
    ...check.violations.map((v) => ({ kind: 'price' as const, detail: v.detail })),
    { kind: 'blocked' as const, detail: 'price below the allowed price for this round' }
  ]
  return { text: '', blocked: true, actions, violations: check.violations }
}
