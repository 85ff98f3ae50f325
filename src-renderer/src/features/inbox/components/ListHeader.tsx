import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { displayName, selectAccounts } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { selectFilter, selectSearch, selectSearching, type InboxCounts } from '../selectors'
import { useInboxStore } from '../store'

function SearchBox(): JSX.Element {
  const { t } = useTranslation()
  const search = useInboxStore(selectSearch)
  const searching = useInboxStore(selectSearching)
  const setSearch = useInboxStore((s) => s.setSearch)
  return (
    <div className="inbox-search">
      <Icon name="search" size={15} className="inbox-search-icon" />
      <input
        type="search"
        className="inbox-search-input"
        placeholder={t('inbox.searchPlaceholder')}
        aria-label={t('inbox.searchPlaceholder')}
        value={search}
        maxLength={100}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setSearch('')}
        data-testid="inbox-search"
      />
      {searching && <span className="spinner inbox-search-spin" aria-label={t('inbox.searching')} />}
      {search && !searching && (
        <button type="button" className="icon-btn icon-btn-sm" aria-label={t('inbox.searchClear')} onClick={() => setSearch('')}>
          <Icon name="x" size={13} />
        </button>
      )}
    </div>
  )
}

function Chip({ on, label, count, onClick, testId }: { on: boolean; label: string; count: number; onClick: () => void; testId: string }): JSX.Element {
  return (
    <button type="button" className="filter-chip" aria-pressed={on} onClick={onClick} data-testid={testId}>
      {label}
      {count > 0 && <span className="filter-count">{count > 999 ? '999+' : count}</span>}
    </button>
  )
}

/** Search, then the account picker and the unread / needs-attention chips. */
export function ListHeader({ counts }: { counts: InboxCounts }): JSX.Element {
  const { t } = useTranslation()
  const filter = useInboxStore(selectFilter)
  const setFilter = useInboxStore((s) => s.setFilter)
  const accounts = useAccountsStore(selectAccounts)
  return (
    <div className="inbox-list-head">
      <SearchBox />
      <div className="inbox-filters" role="group" aria-label={t('inbox.filters.label')}>
        <Chip on={filter.unread} label={t('inbox.filters.unread')} count={counts.unread} onClick={() => setFilter({ unread: !filter.unread })} testId="inbox-filter-unread" />
        <Chip on={filter.attention} label={t('inbox.filters.attention')} count={counts.attention} onClick={() => setFilter({ attention: !filter.attention })} testId="inbox-filter-attention" />
        {accounts.length > 1 && (
          <select
            className="filter-select"
            aria-label={t('inbox.filters.account')}
            value={filter.accountId ?? ''}
            onChange={(e) => setFilter({ accountId: e.target.value || null })}
            data-testid="inbox-filter-account"
          >
            <option value="">{t('inbox.filters.allAccounts')}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>{displayName(a)}</option>
            ))}
          </select>
        )}
      </div>
    </div>
  )
}
