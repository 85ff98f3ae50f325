import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Switch } from '../../../lib/ui/controls'
import { Card, Field, NumberInput, TagInput, ToggleRow } from './form'
import { useAiForm } from './useAiForm'

export function BehaviourCard(): JSX.Element {
  const { t } = useTranslation()
  const { draft, edit, errorOf } = useAiForm()
  const budgetOn = draft.dailyBudgetYuan !== null
  return (
    <Card title={t('ai.behaviour.title')} testId="ai-behaviour">
      <div className="form-grid">
        <ToggleRow label={t('ai.behaviour.copilot')} hint={t('ai.behaviour.copilotHint')}>
          <Switch checked={draft.copilot} label={t('ai.behaviour.copilot')} testId="ai-copilot" onChange={(v) => edit({ copilot: v })} />
        </ToggleRow>
        <Field label={t('ai.behaviour.replyMaxChars')} field="replyMaxChars" error={errorOf('replyMaxChars')}>
          {(id) => <NumberInput id={id} value={draft.replyMaxChars} min={10} max={500} unit={t('ai.units.chars')} invalid={Boolean(errorOf('replyMaxChars'))} testId="ai-reply-max" onChange={(n) => edit({ replyMaxChars: n })} />}
        </Field>
        <Field label={t('ai.behaviour.contextMessages')} hint={t('ai.behaviour.contextHint')} field="contextMessages" error={errorOf('contextMessages')}>
          {(id) => <NumberInput id={id} value={draft.contextMessages} min={1} max={50} unit={t('ai.units.messages')} invalid={Boolean(errorOf('contextMessages'))} testId="ai-context" onChange={(n) => edit({ contextMessages: n })} />}
        </Field>
        <Field label={t('ai.behaviour.debounce')} hint={t('ai.behaviour.debounceHint')} field="debounceSeconds" error={errorOf('debounceSeconds')}>
          {(id) => <NumberInput id={id} value={draft.debounceSeconds} min={0} max={60} unit={t('ai.units.seconds')} invalid={Boolean(errorOf('debounceSeconds'))} testId="ai-debounce" onChange={(n) => edit({ debounceSeconds: n })} />}
        </Field>
        <Field label={t('ai.behaviour.pause')} hint={t('ai.behaviour.pauseHint')} field="pauseMinutes" error={errorOf('pauseMinutes')}>
          {(id) => <NumberInput id={id} value={draft.pauseMinutes} min={1} max={1440} unit={t('ai.units.minutes')} invalid={Boolean(errorOf('pauseMinutes'))} testId="ai-pause" onChange={(n) => edit({ pauseMinutes: n })} />}
        </Field>
        <Field label={t('ai.behaviour.offline')} hint={t('ai.behaviour.offlineHint')} field="offlineReplyMinutes" error={errorOf('offlineReplyMinutes')}>
          {(id) => <NumberInput id={id} value={draft.offlineReplyMinutes} min={1} max={1440} unit={t('ai.units.minutes')} invalid={Boolean(errorOf('offlineReplyMinutes'))} testId="ai-offline-window" onChange={(n) => edit({ offlineReplyMinutes: n })} />}
        </Field>
        <Field label={t('ai.behaviour.budget')} hint={t('ai.behaviour.budgetHint')} field="dailyBudgetYuan" error={errorOf('dailyBudgetYuan')} wide>
          {(id) => (
            <div className="budget-row">
              <Switch checked={budgetOn} label={t('ai.behaviour.budget')} testId="ai-budget-enabled" onChange={(on) => edit({ dailyBudgetYuan: on ? 10 : null })} />
              {budgetOn ? (
                <NumberInput id={id} value={draft.dailyBudgetYuan ?? Number.NaN} min={0} step={1} unit={t('ai.units.yuan')} invalid={Boolean(errorOf('dailyBudgetYuan'))} testId="ai-budget" onChange={(n) => edit({ dailyBudgetYuan: n })} />
              ) : (
                <span id={id} className="muted">{t('ai.behaviour.budgetUnlimited')}</span>
              )}
            </div>
          )}
        </Field>
        <Field label={t('ai.behaviour.defaultReply')} hint={t('ai.behaviour.defaultReplyHint')} field="defaultReply" error={errorOf('defaultReply')} wide>
          {(id) => <textarea id={id} className="textarea textarea-sm" rows={2} maxLength={500} value={draft.defaultReply} data-testid="ai-default-reply" onChange={(e) => edit({ defaultReply: e.target.value })} />}
        </Field>
        <Field label={t('ai.behaviour.riskyWords')} hint={t('ai.behaviour.riskyWordsHint')} field="riskyWords" error={errorOf('riskyWords')} wide>
          {(id) => (
            <TagInput id={id} values={draft.riskyWords} placeholder={t('ai.behaviour.riskyPlaceholder')} testId="ai-risky-words"
              removeLabel={(w) => t('ai.behaviour.removeWord', { word: w })} onChange={(v) => edit({ riskyWords: [...v] })} />
          )}
        </Field>
      </div>
    </Card>
  )
}
