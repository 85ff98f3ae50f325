import type { KeywordRule, MatchMode, NewKeywordRule } from '@contract'

export type Scope = KeywordRule['scope']
export type ReplyDraft = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'image'; readonly url: string }

/** The edit dialog's state: strings where the seller types, converted by `toRule` on save. */
export interface RuleForm {
  readonly scope: Scope
  readonly accountId: string
  readonly itemId: string
  readonly matchMode: MatchMode
  readonly keywords: ReadonlyArray<string>
  readonly replies: ReadonlyArray<ReplyDraft>
  readonly priority: number
  readonly enabled: boolean
  readonly replyOnce: boolean
  /** The seller confirmed that a reply may tell buyers the floor price ({floor_price}). */
  readonly revealFloor: boolean
}

export type FormProblem = 'needKeyword' | 'needReply' | 'needAccount' | 'needItem' | 'revealsFloor'
/** The form field each problem is shown next to. */
export type ProblemField = 'keywords' | 'replies' | 'accountId' | 'itemId'

/** Template variables a buyer-visible reply may use freely; {floor_price} needs the seller's confirmation. */
export const SELLER_ONLY_VARIABLES: ReadonlySet<string> = new Set(['floor_price'])
const revealsFloor = (f: RuleForm): boolean => f.replies.some((r) => r.kind === 'text' && /\{floor_price\}/.test(r.text))

export function emptyForm(accountId: string | null): RuleForm {
  return { scope: 'global', accountId: accountId ?? '', itemId: '', matchMode: 'contains', keywords: [], replies: [{ kind: 'text', text: '' }], priority: 0, enabled: true, replyOnce: false, revealFloor: false }
}

export function formOf(rule: KeywordRule): RuleForm {
  return {
    scope: rule.scope,
    accountId: rule.accountId ?? '',
    itemId: rule.itemId ?? '',
    matchMode: rule.matchMode,
    keywords: rule.keywords,
    replies: rule.replies,
    priority: rule.priority,
    enabled: rule.enabled,
    replyOnce: rule.replyOnce,
    // a saved rule that already quotes the floor was confirmed when it was saved
    revealFloor: rule.replies.some((r) => r.kind === 'text' && r.text.includes('{floor_price}'))
  }
}

/** Everything that keeps the form from saving, each with its field, checked before core sees it; empty when it can be sent. */
export function formProblems(f: RuleForm): Partial<Record<ProblemField, FormProblem>> {
  const out: Partial<Record<ProblemField, FormProblem>> = {}
  if (f.keywords.length === 0) out.keywords = 'needKeyword'
  if (f.replies.length === 0 || f.replies.some((r) => (r.kind === 'text' ? !r.text.trim() : !r.url.trim()))) out.replies = 'needReply'
  else if (revealsFloor(f) && !f.revealFloor) out.replies = 'revealsFloor'
  if (f.scope !== 'global' && !f.accountId) out.accountId = 'needAccount'
  if (f.scope === 'item' && !/^\d{1,30}$/.test(f.itemId.trim())) out.itemId = 'needItem'
  return out
}

/** True when the replies use {floor_price}, so the dialog asks the seller to confirm. */
export const formRevealsFloor = revealsFloor

/** The contract's rule: global has no account or item, account has no item. */
export function toRule(f: RuleForm): NewKeywordRule {
  return {
    scope: f.scope,
    accountId: f.scope === 'global' ? null : f.accountId,
    itemId: f.scope === 'item' ? f.itemId.trim() : null,
    matchMode: f.matchMode,
    keywords: [...f.keywords],
    replies: f.replies.map((r) => (r.kind === 'text' ? { kind: 'text', text: r.text.trim() } : { kind: 'image', url: r.url.trim() })),
    priority: Number.isFinite(f.priority) ? Math.round(f.priority) : 0,
    enabled: f.enabled,
    replyOnce: f.replyOnce
  }
}

/** Inserts `{name}` at the caret (or replaces the selection); returns the text and the new caret. */
export function insertVariable(text: string, name: string, start: number, end: number): { text: string; caret: number } {
  const token = `{${name}}`
  const s = Math.max(0, Math.min(start, text.length))
  const e = Math.max(s, Math.min(end, text.length))
  return { text: text.slice(0, s) + token + text.slice(e), caret: s + token.length }
}
