import { useCallback, useState, type JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { useRoute } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, PageHeader } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { selectAccounts, selectActionError, selectAddingDemo, selectHasDemo, selectLoadError, selectLoadStatus } from '../selectors'
import { useAccountsStore } from '../store'
import { AccountRow } from './AccountRow'
import { AddAccountDialog, type TabId } from './AddAccountDialog'
import { RemoveAccountDialog } from './RemoveAccountDialog'
import './accounts.css'
import './login.css'

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

/** Adds the bundled demo account (scripted buyers on a local simulator). Hidden once it exists. */
function DemoButton({ testId = 'demo-account-button', primary = false }: { testId?: string; primary?: boolean }): JSX.Element | null {
  const { t } = useTranslation()
  const adding = useAccountsStore(selectAddingDemo)
  const hasDemo = useAccountsStore(selectHasDemo)
  const addDemo = useAccountsStore((s) => s.addDemo)
  if (hasDemo) return null
  return (
    <button
      type="button"
      className={primary ? 'btn btn-primary' : 'btn'}
      onClick={() => void addDemo()}
      disabled={adding}
      aria-busy={adding || undefined}
      title={t('login.demo.hint')}
      data-testid={testId}
    >
      {adding ? <span className="spinner" aria-hidden="true" /> : <Icon name="sparkles" size={16} />}
      {adding ? t('login.demo.adding') : t('login.demo.button')}
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

interface ListBodyProps {
  readonly onAdd: () => void
  readonly onRemove: (a: Account) => void
  readonly onRelogin: (a: Account) => void
}

function ListBody({ onAdd, onRemove, onRelogin }: ListBodyProps): JSX.Element {
  const { t } = useTranslation()
  const highlightId = useRoute().parts[0] ?? null
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
    const actions = (
      <div className="empty-actions">
        <AddButton onClick={onAdd} testId="add-account-empty" />
        <DemoButton testId="demo-account-empty" />
      </div>
    )
    return (
      <EmptyState
        icon="users"
        title={t('accounts.emptyTitle')}
        body={
          <>
            {t('accounts.emptyBody')}
            <span className="empty-demo-hint">{t('login.demo.hint')}</span>
          </>
        }
        action={actions}
        testId="accounts-empty"
      />
    )
  }
  return (
    <>
      <div className="list-caption">{t('accounts.count', { count: accounts.length })}</div>
      <ul className="account-list" data-testid="account-list">
        {accounts.map((a) => (
          <AccountRow key={a.id} account={a} onRemove={onRemove} onRelogin={onRelogin} highlighted={a.id === highlightId} />
        ))}
      </ul>
    </>
  )
}

export function AccountsPage(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const [addTab, setAddTab] = useState<TabId | null>(null)
  const [removing, setRemoving] = useState<Account | null>(null)
  const actionError = useAccountsStore(selectActionError)
  const clearActionError = useAccountsStore((s) => s.clearActionError)
  const closeAdd = useCallback(() => setAddTab(null), [])

  return (
    <div className="page">
      <PageHeader
        title={t('accounts.title')}
        subtitle={t('accounts.subtitle')}
        actions={
          <>
            <DemoButton />
            <AddButton onClick={() => setAddTab('qr')} testId="add-account-button" />
          </>
        }
      />
      <div className="page-body">
        {actionError && removing === null && (
          <Banner tone="error" title={t('accounts.actionFailed')} onDismiss={clearActionError} dismissLabel={t('common.dismiss')} testId="accounts-action-error">
            {localizeMessage(actionError.message, language)}
          </Banner>
        )}
        <ListBody onAdd={() => setAddTab('qr')} onRemove={setRemoving} onRelogin={() => setAddTab('qr')} />
      </div>
      <AddAccountDialog open={addTab !== null} initialTab={addTab ?? 'qr'} onClose={closeAdd} />
      <RemoveAccountDialog account={removing} onClose={() => setRemoving(null)} />
    </div>
  )
}
