import { useId, type JSX } from 'react'
import { plainHttpWarning, type AccountSettings, type ProviderKind } from '@contract'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useTranslation } from 'react-i18next'
import { Switch } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { CUSTOM_PRESET, PROVIDER_KINDS, applyPreset, findPreset, modelsFor, presetsOfKind } from '../presets'
import { ApiKeyField } from './ApiKeyField'
import { Card, Field, ToggleRow } from './form'
import { useAiForm } from './useAiForm'

type Endpoint = Pick<AccountSettings, 'provider' | 'baseUrl' | 'model'> & { preset: string }

/** Provider kind, preset, base URL and model: shared by the primary and the backup service. */
function EndpointFields(props: { value: Endpoint; onChange: (p: Partial<Endpoint>) => void; prefix: '' | 'backup.'; testIds: boolean }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const { errorOf } = useAiForm()
  const listId = useId()
  const { value, onChange, prefix } = props
  const tid = (id: string): string | undefined => (props.testIds ? id : undefined)
  const presets = presetsOfKind(value.provider)
  const presetValue = findPreset(value.preset)?.kind === value.provider ? value.preset : CUSTOM_PRESET
  const models = modelsFor(presetValue)

  const pickKind = (kind: ProviderKind): void => {
    const first = presetsOfKind(kind)[0]
    const filled = first ? applyPreset(first.id) : null
    onChange(filled ?? { provider: kind, preset: CUSTOM_PRESET })
  }
  const pickPreset = (id: string): void => onChange(applyPreset(id) ?? { preset: CUSTOM_PRESET })

  return (
    <>
      <Field label={t('ai.model.provider')} field={`${prefix}provider`}>
        {(id) => (
          <select id={id} className="input select" value={value.provider} data-testid={tid('ai-provider')} onChange={(e) => pickKind(e.target.value as ProviderKind)}>
            {PROVIDER_KINDS.map((k) => <option key={k} value={k}>{t(`ai.model.providers.${k}`)}</option>)}
          </select>
        )}
      </Field>
      {value.provider === 'demo' ? (
        <p className="card-lead field-wide" data-testid={tid('ai-demo-note')}>{t('ai.model.demoNote')}</p>
      ) : (
        <>
      <Field label={t('ai.model.preset')} field={`${prefix}preset`} hint={props.testIds ? t('ai.model.presetHint') : undefined}>
        {(id) => (
          <select id={id} className="input select" value={presetValue} data-testid={tid('ai-preset')} onChange={(e) => pickPreset(e.target.value)}>
            {presets.map((p) => <option key={p.id} value={p.id}>{language === 'en' ? p.name.en : p.name.zh}</option>)}
            <option value={CUSTOM_PRESET}>{t('ai.model.custom')}</option>
          </select>
        )}
      </Field>
      <Field label={t('ai.model.baseUrl')} field={`${prefix}baseUrl`} error={errorOf(`${prefix}baseUrl`)} hint={httpWarning(value.baseUrl, language, tid('ai-base-url-warning'))} wide>
        {(id) => (
          <input id={id} className="input mono" value={value.baseUrl} spellCheck={false} aria-invalid={Boolean(errorOf(`${prefix}baseUrl`)) || undefined} data-testid={tid('ai-base-url')}
            onChange={(e) => onChange({ baseUrl: e.target.value.trim(), preset: CUSTOM_PRESET })} />
        )}
      </Field>
      <Field label={t('ai.model.model')} field={`${prefix}model`} error={errorOf(`${prefix}model`)} hint={props.testIds ? t('ai.model.modelHint') : undefined} wide>
        {(id) => (
          <>
            <input id={id} className="input mono" value={value.model} list={listId} spellCheck={false} aria-invalid={Boolean(errorOf(`${prefix}model`)) || undefined} data-testid={tid('ai-model')}
              onChange={(e) => onChange({ model: e.target.value })} />
            <datalist id={listId}>{models.map((m) => <option key={m} value={m} />)}</datalist>
            {models.length > 0 && (
              <div className="model-chips" role="list">
                {models.map((m) => (
                  <button key={m} type="button" role="listitem" className="chip" aria-pressed={m === value.model} onClick={() => onChange({ model: m })}>{m}</button>
                ))}
              </div>
            )}
          </>
        )}
      </Field>
        </>
      )}
    </>
  )
}

/** Plain http to another machine: allowed (a LAN model server), but the key and the chats cross the network in clear. */
function httpWarning(baseUrl: string, language: 'zh-CN' | 'en', testId: string | undefined): JSX.Element | undefined {
  const warning = plainHttpWarning(baseUrl)
  if (!warning) return undefined
  return (
    <span className="warn-text" role="alert" data-testid={testId}>
      <Icon name="alert" size={13} /> {localizeMessage(warning, language)}
    </span>
  )
}

const DEFAULT_BACKUP = { provider: 'openai-compatible' as const, baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-chat' }

export function ModelCard(): JSX.Element {
  const { t } = useTranslation()
  const { draft, edit } = useAiForm()
  const backup = draft.backup
  const backupPreset = backup ? presetsOfKind(backup.provider).find((p) => p.baseUrl === backup.baseUrl)?.id ?? CUSTOM_PRESET : CUSTOM_PRESET
  const primaryNeedsKey = findPreset(draft.preset)?.needsKey ?? true

  return (
    <Card
      title={t('ai.model.title')}
      aside={
        <div className="card-switch">
          <span>{t('ai.model.aiEnabled')}</span>
          <Switch checked={draft.aiEnabled} label={t('ai.model.aiEnabled')} onChange={(v) => edit({ aiEnabled: v })} testId="ai-enabled" />
        </div>
      }
    >
      <div className="form-grid">
        <p className="card-lead field-wide">{t('ai.model.aiEnabledHint')}</p>
        <EndpointFields value={draft} prefix="" testIds onChange={(p) => edit(p)} />
        {draft.provider !== 'demo' && <ApiKeyField slot="primary" label={t('ai.model.apiKey')} needsKey={primaryNeedsKey} />}
        <ToggleRow label={t('ai.model.backup')} hint={t('ai.model.backupHint')}>
          <Switch checked={backup !== null} label={t('ai.model.backup')} testId="ai-backup-enabled" onChange={(on) => edit({ backup: on ? DEFAULT_BACKUP : null })} />
        </ToggleRow>
        {backup && (
          <div className="backup-box field-wide form-grid">
            <EndpointFields
              value={{ ...backup, preset: backupPreset }}
              prefix="backup."
              testIds={false}
              onChange={({ preset: _p, ...rest }) => edit({ backup: { ...backup, ...rest } })}
            />
            <ApiKeyField slot="backup" label={t('ai.model.backupKey')} needsKey />
          </div>
        )}
      </div>
    </Card>
  )
}
