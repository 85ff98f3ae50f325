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
}

export type FormProblem = 'needKeyword' | 'needReply' | 'needAccount' | 'needItem'

export function emptyForm(accountId: string | null): RuleForm {
  return { scope: 'global', accountId: accountId ?? '', itemId: '', matchMode: 'contains', keywords: [], replies: [{ kind: 'text', text: '' }], priority: 0, enabled: true, replyOnce: false }
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
    replyOnce: rule.replyOnce
  }
}

/** What keeps the form from saving, checked before core sees it; null when it can be sent. */
export function formProblem(f: RuleForm): FormProblem | null {
  if (f.keywords.length === 0) return 'needKeyword'
  if (f.replies.length === 0 || f.replies.some((r) => (r.kind === 'text' ? !r.text.trim() : !r.url.trim()))) return 'needReply'
  if (f.scope !== 'global' && !f.accountId) return 'needAccount'
  if (f.scope === 'item' && !/^\d{1,30}$/.test(f.itemId.trim())) return 'needItem'
  return null
}

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
