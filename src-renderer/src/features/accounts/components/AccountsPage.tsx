import { useState, type JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, PageHeader } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { selectAccounts, selectActionError, selectLoadError, selectLoadStatus } from '../selectors'
import { useAccountsStore } from '../store'
import { AccountRow } from './AccountRow'
import { AddAccountDialog } from './AddAccountDialog'
import { RemoveAccountDialog } from './RemoveAccountDialog'
import './accounts.css'

/** The header's button is `add-account-button`; the empty state's own is `add-account-empty`. */
function AddButton({ onClick, testId }: { onClick: () => void; testId: string }): JSX.Element {
  const { t } = useTranslation()
  return (
    <button type="button" className="btn btn-primary" onClick={onClick} data-testid={testId}>
      <Icon name="plus" size={16} />
      {t('accounts.add')}
    </button>
  )
}

function Skeleton(): JSX.Element {
  return (
    <ul className="account-list" aria-busy="true" data-testid="accounts-loading">
      {[0, 1, 2].map((i) => (
        <li key={i} className="account-row skeleton-row">
          <span className="skeleton skeleton-avatar" />
          <span className="skeleton skeleton-line" />
        </li>
      ))}
    </ul>
  )
}

function ListBody({ onAdd, onRemove }: { onAdd: () => void; onRemove: (a: Account) => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const status = useAccountsStore(selectLoadStatus)
  const loadError = useAccountsStore(selectLoadError)
  const accounts = useAccountsStore(selectAccounts)
  const load = useAccountsStore((s) => s.load)

  if (status === 'idle' || status === 'loading') return <Skeleton />
  if (status === 'error') {
    return (
      <EmptyState
        icon="alert"
        title={t('accounts.loadFailed')}
        body={loadError ? localizeMessage(loadError.message, language) : ''}
        action={<button type="button" className="btn" onClick={() => void load()}><Icon name="refresh" size={16} />{t('common.retry')}</button>}
        testId="accounts-error"
      />
    )
  }
  if (accounts.length === 0) {
    return <EmptyState icon="users" title={t('accounts.emptyTitle')} body={t('accounts.emptyBody')} action={<AddButton onClick={onAdd} testId="add-account-empty" />} testId="accounts-empty" />
  }
  return (
    <>
      <div className="list-caption">{t('accounts.count', { count: accounts.length })}</div>
      <ul className="account-list" data-testid="account-list">
        {accounts.map((a) => (
          <AccountRow key={a.id} account={a} onRemove={onRemove} />
        ))}
      </ul>
    </>
  )
}

export function AccountsPage(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const [addOpen, setAddOpen] = useState(false)
  const [removing, setRemoving] = useState<Account | null>(null)
  const actionError = useAccountsStore(selectActionError)
  const clearActionError = useAccountsStore((s) => s.clearActionError)

  return (
    <div className="page">
      <PageHeader title={t('accounts.title')} subtitle={t('accounts.subtitle')} actions={<AddButton onClick={() => setAddOpen(true)} testId="add-account-button" />} />
      <div className="page-body">
        {actionError && removing === null && (
          <Banner tone="error" title={t('accounts.actionFailed')} onDismiss={clearActionError} dismissLabel={t('common.dismiss')} testId="accounts-action-error">
            {localizeMessage(actionError.message, language)}
          </Banner>
        )}
        <ListBody onAdd={() => setAddOpen(true)} onRemove={setRemoving} />
      </div>
      <AddAccountDialog open={addOpen} onClose={() => setAddOpen(false)} />
      <RemoveAccountDialog account={removing} onClose={() => setRemoving(null)} />
    </div>
  )
}
