import { useCallback, useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon, type IconName } from '../../../lib/ui/Icon'
import { selectAdding } from '../selectors'
import { useAccountsStore } from '../store'
import { BrowserTab } from './BrowserTab'
import { CookieTab } from './CookieTab'
import { QrTab } from './QrTab'
import type { TabId, TabProps } from './tabs'

export type { TabId } from './tabs'

/** The ways to add an account, the quickest first: QR (the default), the browser window, a pasted cookie. */
const TABS: ReadonlyArray<{ id: TabId; icon: IconName; Panel: (p: TabProps) => JSX.Element }> = [
  { id: 'qr', icon: 'qr', Panel: QrTab },
  { id: 'browser', icon: 'globe', Panel: BrowserTab },
  { id: 'cookie', icon: 'cookie', Panel: CookieTab }
]

export function AddAccountDialog({ open, onClose, initialTab = 'qr' }: { open: boolean; onClose: () => void; initialTab?: TabId }): JSX.Element {
  const { t } = useTranslation()
  const adding = useAccountsStore(selectAdding)
  const clearAddError = useAccountsStore((s) => s.clearAddError)
  const [tab, setTab] = useState<TabId>(initialTab)

  useEffect(() => {
    if (open) {
      setTab(initialTab)
      clearAddError()
    }
  }, [open, initialTab, clearAddError])

  const done = useCallback(() => onClose(), [onClose])
  const Panel = (TABS.find((x) => x.id === tab) ?? TABS[0])?.Panel

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
            data-testid={`add-account-tab-${x.id}`}
            onClick={() => setTab(x.id)}
          >
            <Icon name={x.icon} size={16} />
            {t(`addAccount.tabs.${x.id}`)}
          </button>
        ))}
      </div>
      {/* the panel unmounts on a tab switch or when the dialog closes: the QR tab cancels its session then */}
      <div role="tabpanel" className="tab-panel">
        {open && Panel && <Panel key={tab} onDone={done} onCancel={onClose} onSwitch={setTab} />}
      </div>
    </Dialog>
  )
}
