import { useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { selectInfo } from '../../settings/selectors'
import { useSettingsStore } from '../../settings/store'
import { selectBrowserBusy, selectBrowserError } from '../loginSelectors'
import { useLoginStore } from '../loginStore'
import type { TabProps } from './tabs'

/** Log in inside a real browser window (desktop); headless explains itself and points to QR/cookie. */
export function BrowserTab({ onDone, onCancel, onSwitch }: TabProps): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const host = useSettingsStore((s) => selectInfo(s)?.host ?? null)
  const busy = useLoginStore(selectBrowserBusy)
  const error = useLoginStore(selectBrowserError)
  const loginInBrowser = useLoginStore((s) => s.loginInBrowser)
  const clearBrowserError = useLoginStore((s) => s.clearBrowserError)
  const [tryAnyway, setTryAnyway] = useState(false)
  const headless = host === 'headless' && !tryAnyway

  useEffect(() => clearBrowserError, [clearBrowserError])

  const start = async (): Promise<void> => {
    const account = await loginInBrowser()
    if (account) onDone(account)
  }

  return (
    <div className="browser-tab">
      {host === 'headless' ? (
        <div className="browser-note" data-testid="browser-login-note" data-host="headless">
          <Icon name="alert" size={18} className="browser-note-icon" />
          <div>
            <strong>{t('login.browser.headlessTitle')}</strong>
            <p>{t('login.browser.headlessBody')}</p>
            <div className="browser-note-actions">
              <button type="button" className="btn btn-sm" onClick={() => onSwitch('qr')}>
                <Icon name="qr" size={14} />
                {t('login.browser.useQr')}
              </button>
              <button type="button" className="btn btn-sm" onClick={() => onSwitch('cookie')}>
                <Icon name="cookie" size={14} />
                {t('login.browser.useCookie')}
              </button>
              {!tryAnyway && (
                <button type="button" className="btn btn-sm btn-ghost" onClick={() => setTryAnyway(true)} data-testid="browser-login-try">
                  {t('login.browser.tryAnyway')}
                </button>
              )}
            </div>
          </div>
        </div>
      ) : (
        <div className="browser-intro">
          <span className="browser-intro-icon" aria-hidden="true">
            <Icon name="globe" size={22} />
          </span>
          <div>
            <strong>{t('login.browser.title')}</strong>
            <p>{t('login.browser.body')}</p>
          </div>
        </div>
      )}
      {busy && (
        <p className="browser-busy" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('login.browser.busy')}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="browser-login-error" data-code={error.code}>
          <Icon name="alert" size={14} />
          <span>
            <strong>{t('login.browser.failed')}</strong> {localizeMessage(error.message, language)}
          </span>
        </p>
      )}
      <p className="secure-note">
        <Icon name="shield" size={15} />
        {t('addAccount.secureNote')}
      </p>
      <div className="form-footer">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy || headless} aria-busy={busy || undefined} onClick={() => void start()} data-testid="browser-login-button">
          {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="external" size={15} />}
          {t('login.browser.button')}
        </button>
      </div>
    </div>
  )
}
