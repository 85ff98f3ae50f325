import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMessageTime } from '../../../lib/format'
import { useLanguage } from '../../../lib/useLanguage'
import { selectDisconnected, useConnectionStore } from '../store'

/** Shown while the link to the app is down; reconnection is automatic and refetches what was missed. */
export function ConnectionBanner(): JSX.Element | null {
  const { t } = useTranslation()
  const down = useConnectionStore(selectDisconnected)
  const since = useConnectionStore((s) => s.downSince)
  const language = useLanguage()
  if (!down) return null
  return (
    <div className="conn-banner" role="alert" data-testid="connection-banner">
      <span className="conn-banner-dot" aria-hidden="true" />
      <span>{t('connection.down', { time: since === null ? '' : formatMessageTime(since, since, language) })}</span>
    </div>
  )
}
