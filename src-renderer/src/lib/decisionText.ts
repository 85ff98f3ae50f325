import type { DecisionCheck, DecisionRecord } from '@contract'
import { useTranslation } from 'react-i18next'

/**
 * The translate function with string keys: these keys are built from codes in the record, and an
 * unknown code (a newer version's record) falls back to the raw value.
 */
export type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string

/** The typed `t` for keys built from a record's codes (an unknown code falls back to the raw value). */
export function useTranslate(): Translate {
  const { t } = useTranslation()
  return (key, params) => String(t(key as never, params as never))
}

type Params = Readonly<Record<string, string | number>> | undefined

const str = (p: Params, k: string): string => String(p?.[k] ?? '')

/** A rule as the seller knows it: 规则「包邮」 (its first keywords), else its number. */
export function ruleLabel(t: Translate, name: string | null | undefined, id: number | string | null | undefined): string {
  if (name) return t('inbox.decision.ruleName', { name })
  return id !== null && id !== undefined && id !== '' ? t('inbox.decision.ruleId', { id }) : ''
}

/** Looks a key up under a group, falling back to the raw value (a code from a newer version). */
function label(t: Translate, group: 'what' | 'action' | 'aiError', value: string): string {
  const key = `inbox.decision.${group}.${value}`
  const out = t(key)
  return out === key ? value : out
}

function outcomeLabel(t: Translate, code: string): string {
  const key = `inbox.outcome.reason.${code}`
  const out = t(key)
  return out === key ? code : out
}

function sourceLabel(t: Translate, source: string): string {
  const key = `inbox.decision.source.${source}`
  const out = t(key)
  return out === key ? source : out
}

/**
 * Why the bot answered (or not), in the UI language (issue 18.5). Records from before the codes
 * (or with a code this version does not know) show their stored English reason.
 */
export function reasonText(t: Translate, d: Pick<DecisionRecord, 'why' | 'reason' | 'ruleId'>, ruleName?: (id: number) => string | null): string {
  const w = d.why
  if (!w) return d.reason
  const p = w.params
  switch (w.code) {
    case 'keyword_rule': {
      const id = typeof p['ruleId'] === 'number' ? p['ruleId'] : d.ruleId
      const name = str(p, 'ruleName') || (id !== null && ruleName ? ruleName(id) : null)
      return t('inbox.decision.why.keyword_rule', { rule: ruleLabel(t, name, id) })
    }
    case 'ai':
      return t('inbox.decision.why.ai', { intent: t(`inbox.decision.intent.${str(p, 'intent') || 'default'}`) })
    case 'price_blocked':
      return t('inbox.decision.why.price_blocked', { source: sourceLabel(t, str(p, 'source')) })
    case 'unanswered':
      return t('inbox.decision.why.unanswered', { outcome: outcomeLabel(t, str(p, 'outcome')) })
    default:
      return t(`inbox.decision.why.${w.code}`, p)
  }
}

/** One check in the UI language; an uncoded (older) check shows its English detail. */
export function checkText(t: Translate, c: DecisionCheck): string {
  const p = c.params
  switch (c.code) {
    case undefined:
      return c.detail
    case 'safety_passed':
      return t('inbox.decision.check.safety_passed', { what: label(t, 'what', str(p, 'what')) })
    case 'safety_action':
      return t('inbox.decision.check.safety_action', { what: label(t, 'what', str(p, 'what')), action: label(t, 'action', str(p, 'action')) })
    case 'ai_unavailable':
      return t('inbox.decision.check.ai_unavailable', { why: outcomeLabel(t, str(p, 'why')) })
    case 'ai_error':
      return t('inbox.decision.check.ai_error', { kind: label(t, 'aiError', str(p, 'kind')) })
    case 'price_blocked':
      return t('inbox.decision.check.price_blocked', { source: sourceLabel(t, str(p, 'source')) })
    default:
      return t(`inbox.decision.check.${c.code}`, p ?? {})
  }
}
