import { useEffect, useState, type JSX } from 'react'
import QRCode from 'qrcode'
import { useShallow } from 'zustand/react/shallow'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon, type IconName } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { selectQrView } from '../loginSelectors'
import { useLoginStore, type QrPhase } from '../loginStore'
import type { TabProps } from './tabs'

/** How long the success state stays visible before the dialog closes. */
const CLOSE_AFTER_MS = 900

/** Draws the code as a PNG data URL: black on white in both themes, so phones always read it. */
function useQrImage(content: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    if (!content) {
      setUrl(null)
      return
    }
    QRCode.toDataURL(content, { margin: 1, width: 440, errorCorrectionLevel: 'M', color: { dark: '#111111', light: '#ffffff' } })
      .then((u) => live && setUrl(u))
      .catch(() => live && setUrl(null))
    return () => {
      live = false
    }
  }, [content])
  return url
}

const PHASE_ICON: Partial<Record<QrPhase, IconName>> = { scanned: 'check', confirmed: 'check', expired: 'clock', verify: 'shield', error: 'alert', canceled: 'x' }

function QrPicture({ phase, image, onRegenerate }: { phase: QrPhase; image: string | null; onRegenerate: () => void }): JSX.Element {
  const { t } = useTranslation()
  const icon = PHASE_ICON[phase]
  const covered = icon !== undefined
  return (
    <div className="qr-frame" data-phase={phase}>
      {image ? <img src={image} alt={t('login.qr.alt')} className="qr-img" data-testid="qr-image" /> : <span className="qr-placeholder skeleton" aria-hidden="true" />}
      {covered && (
        <div className="qr-cover">
          <span className="qr-cover-icon" data-tone={phase === 'scanned' || phase === 'confirmed' ? 'ok' : 'warn'}>
            <Icon name={icon} size={22} />
          </span>
          {(phase === 'expired' || phase === 'error' || phase === 'canceled') && (
            <button type="button" className="btn btn-sm btn-primary" onClick={onRegenerate} data-testid="qr-regenerate">
              <Icon name="refresh" size={14} />
              {phase === 'expired' ? t('login.qr.regenerate') : t('login.qr.retry')}
            </button>
          )}
        </div>
      )}
    </div>
  )
}

function stateText(phase: QrPhase, t: TFunction): { title: string; hint: string } {
  switch (phase) {
    case 'idle':
    case 'starting':
      return { title: t('login.qr.starting'), hint: '' }
    case 'waiting':
      return { title: t('login.qr.waiting'), hint: t('login.qr.waitingHint') }
    case 'scanned':
      return { title: t('login.qr.scanned'), hint: t('login.qr.scannedHint') }
    case 'confirmed':
      return { title: t('login.qr.confirmed'), hint: t('login.qr.confirmedHint') }
    case 'expired':
      return { title: t('login.qr.expired'), hint: t('login.qr.expiredHint') }
    case 'verify':
      return { title: t('login.qr.verify'), hint: t('login.qr.verifyHint') }
    case 'canceled':
      return { title: t('login.qr.canceled'), hint: '' }
    case 'error':
      return { title: t('login.qr.error'), hint: '' }
  }
}

/** QR login: starts a session when shown, follows `login.qr` events, cancels it when left. */
export function QrTab({ onDone, onCancel, onSwitch }: TabProps): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const view = useLoginStore(useShallow(selectQrView))
  const startQr = useLoginStore((s) => s.startQr)
  const cancelQr = useLoginStore((s) => s.cancelQr)
  const image = useQrImage(view.qrContent)

  useEffect(() => {
    void startQr()
    return () => void cancelQr()
  }, [startQr, cancelQr])

  useEffect(() => {
    if (view.phase !== 'confirmed' || !view.account) return
    const account = view.account
    const timer = setTimeout(() => onDone(account), CLOSE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [view.phase, view.account, onDone])

  const { title, hint } = stateText(view.phase, t)
  const detail = view.phase === 'error' ? localizeMessage(view.startError?.message ?? view.message, language) : ''

  return (
    <div className="qr-tab">
      <QrPicture phase={view.phase} image={view.phase === 'starting' ? null : image} onRegenerate={() => void startQr()} />
      <div className="qr-side">
        <p className="qr-state" role="status" aria-live="polite" data-testid="qr-state" data-phase={view.phase}>
          {view.phase === 'starting' && <span className="spinner" aria-hidden="true" />}
          {title}
        </p>
        {hint && <p className="qr-hint">{hint}</p>}
        {detail && (
          <p className="field-error" role="alert" data-testid="qr-error">
            <Icon name="alert" size={14} />
            {detail}
          </p>
        )}
        {view.phase === 'verify' && (
          <button type="button" className="btn btn-primary qr-side-action" onClick={() => onSwitch('browser')} data-testid="qr-use-browser">
            <Icon name="globe" size={16} />
            {t('login.qr.useBrowser')}
          </button>
        )}
        <p className="secure-note qr-secure">
          <Icon name="shield" size={15} />
          {t('login.qr.secureNote')}
        </p>
        <div className="form-footer qr-footer">
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </div>
  )
}
