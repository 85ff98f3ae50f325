import { useId, useState, type JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { selectAddError, selectAdding } from '../selectors'
import { useAccountsStore } from '../store'

/** Paste a cookie string; core validates it and its BAD_INPUT message is shown under the field. */
export function CookieTab({ onDone, onCancel }: { onDone: (a: Account) => void; onCancel: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const adding = useAccountsStore(selectAdding)
  const error = useAccountsStore(selectAddError)
  const addByCookie = useAccountsStore((s) => s.addByCookie)
  const clearAddError = useAccountsStore((s) => s.clearAddError)
  const [cookie, setCookie] = useState('')
  const [remark, setRemark] = useState('')
  const ids = { cookie: useId(), hint: useId(), error: useId(), remark: useId() }
  const canSubmit = cookie.trim() !== '' && !adding

  const submit = async (): Promise<void> => {
    if (!canSubmit) return
    const account = await addByCookie({ cookie, remark })
    if (account) onDone(account)
  }

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="field">
        <label htmlFor={ids.cookie} className="field-label">{t('addAccount.cookieLabel')}</label>
        <textarea
          id={ids.cookie}
          className="textarea mono"
          rows={5}
          value={cookie}
          placeholder={t('addAccount.cookiePlaceholder')}
          spellCheck={false}
          autoComplete="off"
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${ids.error} ${ids.hint}` : ids.hint}
          data-testid="cookie-input"
          onChange={(e) => {
            setCookie(e.target.value)
            if (error) clearAddError()
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault()
              void submit()
            }
          }}
        />
        {error && (
          <p id={ids.error} className="field-error" role="alert" data-testid="add-account-error" data-code={error.code}>
            <Icon name="alert" size={14} />
            {localizeMessage(error.message, language)}
          </p>
        )}
        <p id={ids.hint} className="field-hint">{t('addAccount.cookieHint')}</p>
      </div>
      <div className="field">
        <label htmlFor={ids.remark} className="field-label">
          {t('addAccount.remarkLabel')} <span className="field-optional">{t('addAccount.remarkOptional')}</span>
        </label>
        <input
          id={ids.remark}
          className="input"
          value={remark}
          maxLength={100}
          placeholder={t('addAccount.remarkPlaceholder')}
          data-testid="remark-input"
          onChange={(e) => setRemark(e.target.value)}
        />
      </div>
      <p className="secure-note">
        <Icon name="shield" size={15} />
        {t('addAccount.secureNote')}
      </p>
      <div className="form-footer">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={adding}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={!canSubmit} aria-busy={adding || undefined} data-testid="add-account-submit">
          {adding && <span className="spinner" aria-hidden="true" />}
          {adding ? t('addAccount.submitting') : t('addAccount.submit')}
        </button>
      </div>
    </form>
  )
}
