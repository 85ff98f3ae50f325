import type { JSX } from 'react'
import { DEFAULT_PROMPTS, type Intent } from '@contract'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { Card, Field } from './form'
import { useAiForm } from './useAiForm'

const INTENTS: ReadonlyArray<Intent> = ['price', 'tech', 'default']

/** One prompt per intent. An intent without a custom prompt uses core's default (shown as the text). */
export function PromptsCard(): JSX.Element {
  const { t } = useTranslation()
  const { draft, edit, errorOf } = useAiForm()
  const set = (intent: Intent, text: string | null): void => {
    const { [intent]: _old, ...rest } = draft.customPrompts
    edit({ customPrompts: text === null || text === DEFAULT_PROMPTS[intent] ? rest : { ...rest, [intent]: text } })
  }
  return (
    <Card title={t('ai.prompts.title')} testId="ai-prompts">
      <p className="card-lead">{t('ai.prompts.hint')}</p>
      <div className="form-grid">
        {INTENTS.map((intent) => {
          const custom = draft.customPrompts[intent]
          return (
            <Field
              key={intent}
              wide
              field={`customPrompts.${intent}`}
              error={errorOf(`customPrompts.${intent}`)}
              label={
                <span className="prompt-label">
                  {t(`ai.prompts.intents.${intent}`)}
                  <span className={`mini-badge ${custom !== undefined ? 'mini-badge-accent' : ''}`}>{custom !== undefined ? t('ai.prompts.custom') : t('ai.prompts.default')}</span>
                  {custom !== undefined && (
                    <button type="button" className="link prompt-reset" data-testid={`ai-prompt-${intent}-reset`} onClick={() => set(intent, null)}>
                      <Icon name="undo" size={12} />
                      {t('ai.prompts.reset')}
                    </button>
                  )}
                </span>
              }
            >
              {(id) => (
                <textarea id={id} className="textarea textarea-sm" rows={3} maxLength={4000} value={custom ?? DEFAULT_PROMPTS[intent]} data-testid={`ai-prompt-${intent}`} onChange={(e) => set(intent, e.target.value)} />
              )}
            </Field>
          )
        })}
      </div>
    </Card>
  )
}
