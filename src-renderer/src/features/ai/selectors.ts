import type { Decision, DecisionCheck } from '@contract'
import type { AiState } from './store'

export const selectDraft = (s: AiState) => s.draft
export const selectAccountId = (s: AiState) => s.accountId
export const selectStatus = (s: AiState) => s.status
export const selectLoadError = (s: AiState) => s.loadError
export const selectSaving = (s: AiState) => s.saving
export const selectSaveError = (s: AiState) => s.saveError
export const selectFieldErrors = (s: AiState) => s.fieldErrors
export const selectSavedAt = (s: AiState) => s.savedAt
export const selectSecrets = (s: AiState) => s.secrets
export const selectKeyBusy = (s: AiState) => s.keyBusy
export const selectKeyError = (s: AiState) => s.keyError
export const selectPreview = (s: AiState) => s.preview
/** Reference inequality is enough: `edit` always makes a new draft, `save` and `discard` reset it. */
export const selectIsDirty = (s: AiState): boolean => s.draft !== s.saved

/** The decision as the test box shows it: labelled facts, numbers as text, checks with their outcome. */
export interface DecisionView {
  readonly source: Decision['source']
  readonly intent: Decision['intent']
  readonly reply: string | null
  readonly reason: string
  readonly facts: ReadonlyArray<{ readonly id: 'allowedPrice' | 'floorPrice' | 'round' | 'model' | 'tokens' | 'latency' | 'ruleId'; readonly value: string }>
  readonly checks: ReadonlyArray<DecisionCheck>
  readonly failedChecks: number
}

const yuan = (n: number): string => `¥${Number.isInteger(n) ? n : n.toFixed(2)}`

export function decisionView(d: Decision): DecisionView {
  const facts: Array<DecisionView['facts'][number]> = []
  if (d.allowedPrice !== null) facts.push({ id: 'allowedPrice', value: yuan(d.allowedPrice) })
  if (d.floorPrice !== null) facts.push({ id: 'floorPrice', value: yuan(d.floorPrice) })
  if (d.round !== null) facts.push({ id: 'round', value: String(d.round) })
  if (d.ruleId !== null) facts.push({ id: 'ruleId', value: `#${d.ruleId}` })
  if (d.model !== null) facts.push({ id: 'model', value: d.provider ? `${d.model} · ${d.provider}` : d.model })
  if (d.tokensIn !== null || d.tokensOut !== null) facts.push({ id: 'tokens', value: `${d.tokensIn ?? 0} / ${d.tokensOut ?? 0}` })
  if (d.latencyMs !== null) facts.push({ id: 'latency', value: `${d.latencyMs} ms` })
  return { source: d.source, intent: d.intent, reply: d.reply, reason: d.reason, facts, checks: d.checks, failedChecks: d.checks.filter((c) => !c.ok).length }
}
