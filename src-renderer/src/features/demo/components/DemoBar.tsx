import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { navigate } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { useDemoStore } from '../store'

/**
 * While a demo account exists: what the demo will show and the button that starts its buyers
 * (nothing happens before), then which run is playing and the button that replays it on new chats.
 */
export function DemoBar(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const status = useDemoStore((s) => s.status)
  const busy = useDemoStore((s) => s.busy)
  const error = useDemoStore((s) => s.error)
  const start = useDemoStore((s) => s.start)
  const restart = useDemoStore((s) => s.restart)
  if (!status || status.state === 'none') return null
  const playing = status.state === 'playing'
  return (
    <div className="demo-bar" role="status" data-testid="demo-bar" data-state={status.state}>
      <span className="demo-bar-tag">{t('demo.tag')}</span>
      <span className="demo-bar-text">{playing ? t('demo.playing', { run: status.run }) : t('demo.ready')}</span>
      {error && <span className="demo-bar-error" role="alert">{localizeMessage(error.message, language)}</span>}
      {playing ? (
        <>
          <button type="button" className="btn btn-sm" onClick={() => navigate('inbox')} data-testid="demo-open-inbox">{t('demo.openInbox')}</button>
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void restart()} data-testid="demo-restart">
            <Icon name="refresh" size={14} />{t('demo.restart')}
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => void start()} data-testid="demo-start">{t('demo.start')}</button>
      )}
    </div>
  )
}
