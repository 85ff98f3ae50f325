import { useId, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { selectKeyBusy, selectKeyError, selectSecrets } from '../selectors'
import { useAiStore, type KeySlot } from '../store'

/**
 * A write-only key field: the typed key lives in this component's state until it is saved, then
 * the field is cleared. Only "configured / not configured" is ever read back.
 */
export function ApiKeyField({ slot, label, needsKey }: { slot: KeySlot; label: string; needsKey: boolean }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const id = useId()
  const secrets = useAiStore(selectSecrets)
  const busy = useAiStore(selectKeyBusy)
  const error = useAiStore(selectKeyError)
  const setApiKey = useAiStore((s) => s.setApiKey)
  const [key, setKey] = useState('')
  const configured = slot === 'primary' ? secrets?.apiKeyConfigured : secrets?.backupKeyConfigured
  const primary = slot === 'primary'

  const save = async (): Promise<void> => {
    if (!key.trim()) return
    if (await setApiKey(slot, key)) setKey('')
  }

  return (
    <div className="field field-wide">
      <div className="field-label-row">
        <label htmlFor={id} className="field-label">{label}</label>
        <span className={`status-pill ${configured ? 'status-pill-ok' : ''}`} data-testid={primary ? 'ai-apikey-status' : 'ai-backup-apikey-status'} data-configured={configured ? 'true' : 'false'}>
          <Icon name={configured ? 'check' : 'alert'} size={12} />
          {configured ? t('ai.model.configured') : t('ai.model.notConfigured')}
        </span>
      </div>
      <form
        className="key-row"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <input
          id={id}
          className="input mono"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          placeholder={t('ai.model.apiKeyPlaceholder')}
          data-testid={primary ? 'ai-apikey' : 'ai-backup-apikey'}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" className="btn" disabled={!key.trim() || busy !== null} data-testid={primary ? 'ai-apikey-save' : 'ai-backup-apikey-save'}>
          {busy === slot && <span className="spinner" aria-hidden="true" />}
          {t('ai.model.apiKeySave')}
        </button>
        {configured && (
          <button type="button" className="btn btn-ghost" disabled={busy !== null} onClick={() => void setApiKey(slot, null)}>
            {t('ai.model.apiKeyRemove')}
          </button>
        )}
      </form>
      {error && busy === null && (
        <p className="field-error" role="alert">
          <Icon name="alert" size={14} />
          {t('ai.model.keyFailed')}: {localizeMessage(error.message, language)}
        </p>
      )}
      {primary && <p className="field-hint key-hint"><Icon name="shield" size={13} />{needsKey ? t('ai.model.keyNote') : t('ai.model.noKeyNeeded')}</p>}
    </div>
  )
}
