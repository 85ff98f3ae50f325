import { useEffect, useState, type JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon, type IconName } from '../../../lib/ui/Icon'
import { selectAdding } from '../selectors'
import { useAccountsStore } from '../store'
import { CookieTab } from './CookieTab'

type TabId = 'cookie' | 'qr' | 'browser'

interface TabProps {
  readonly onDone: (a: Account) => void
  readonly onCancel: () => void
}

/**
 * The ways to add an account. Issue 5 fills in QR login and the embedded browser login by
 * giving those entries a `Panel`; a tab without one is shown as "coming soon".
 */
const TABS: ReadonlyArray<{ id: TabId; icon: IconName; Panel?: (p: TabProps) => JSX.Element }> = [
  { id: 'cookie', icon: 'cookie', Panel: CookieTab },
  { id: 'qr', icon: 'qr' },
  { id: 'browser', icon: 'globe' }
]

export function AddAccountDialog({ open, onClose }: { open: boolean; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const adding = useAccountsStore(selectAdding)
  const clearAddError = useAccountsStore((s) => s.clearAddError)
  const [tab, setTab] = useState<TabId>('cookie')

  useEffect(() => {
    if (open) {
      setTab('cookie')
      clearAddError()
    }
  }, [open, clearAddError])

  const active = TABS.find((x) => x.id === tab)
  const Panel = active?.Panel

  return (
    <Dialog open={open} onClose={onClose} busy={adding} title={t('addAccount.title')} testId="add-account-dialog">
      <div className="tabs" role="tablist" aria-label={t('addAccount.title')}>
        {TABS.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            className="tab"
            aria-selected={x.id === tab}
            disabled={!x.Panel}
            data-testid={`add-account-tab-${x.id}`}
            onClick={() => setTab(x.id)}
          >
            <Icon name={x.icon} size={16} />
            {t(`addAccount.tabs.${x.id}`)}
            {!x.Panel && <span className="soon-pill">{t('common.comingSoon')}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="tab-panel">
        {Panel ? <Panel onDone={onClose} onCancel={onClose} /> : <p className="muted">{t('addAccount.unavailableTab')}</p>}
      </div>
    </Dialog>
  )
}
