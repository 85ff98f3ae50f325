import { useEffect, useId, type JSX } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useTranslation } from 'react-i18next'
import { navigate } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, PageHeader, Segmented } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { isEmptySummary, selectAccountFilter, selectDashboardError, selectDashboardStatus, selectRange, selectSummary } from '../selectors'
import { useDashboardStore, type DashboardRange } from '../store'
import { Bargaining } from './Bargaining'
import { DailyChart, ModelsChart, SourcesChart } from './Charts'
import { OrdersChart } from './OrdersChart'
import { StatCards } from './StatCards'
import './dashboard.css'

/** While the page is open the figures follow new messages without a click. */
const REFRESH_MS = 30_000

function Filters(): JSX.Element {
  const { t } = useTranslation()
  const selectId = useId()
  const range = useDashboardStore(selectRange)
  const accountId = useDashboardStore(selectAccountFilter)
  const status = useDashboardStore(selectDashboardStatus)
  const setRange = useDashboardStore((s) => s.setRange)
  const setAccount = useDashboardStore((s) => s.setAccount)
  const load = useDashboardStore((s) => s.load)
  // "id\u0000name" strings: useShallow compares them by value, so unrelated account changes do not re-render
  const accounts = useAccountsStore(useShallow((s) => s.accounts.map((a) => `${a.id}\u0000${displayName(a)}`))).map((pair) => {
    const [id = '', name = ''] = pair.split('\u0000')
    return { id, name }
  })
  const options = (['today', '7d'] as const).map((v) => ({ value: v, label: t(`dashboard.range.${v}`), testId: `dashboard-range-${v}` }))

  return (
    <div className="dash-filters">
      <Segmented<DashboardRange> value={range} options={options} onChange={(v) => void setRange(v)} label={t('dashboard.range.label')} size="sm" testId="dashboard-range" />
      <label className="dash-sr" htmlFor={selectId}>{t('dashboard.account.label')}</label>
      <select id={selectId} className="input dash-select" value={accountId ?? ''} onChange={(e) => void setAccount(e.target.value || null)} data-testid="dashboard-account">
        <option value="">{t('dashboard.account.all')}</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>{a.name}</option>
        ))}
      </select>
      <button type="button" className="icon-btn" onClick={() => void load()} aria-label={t('dashboard.refresh')} title={t('dashboard.refresh')} disabled={status === 'loading'} data-testid="dashboard-refresh">
        <Icon name="refresh" size={16} className={status === 'loading' ? 'spin' : undefined} />
      </button>
    </div>
  )
}

function Skeleton(): JSX.Element {
  return (
    <div className="stat-grid" aria-busy="true" data-testid="dashboard-loading">
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <div key={i} className="stat-card">
          <span className="skeleton skeleton-line" />
          <span className="skeleton skeleton-value" />
        </div>
      ))}
    </div>
  )
}

function Body(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const summary = useDashboardStore(selectSummary)
  const status = useDashboardStore(selectDashboardStatus)
  const error = useDashboardStore(selectDashboardError)
  const range = useDashboardStore(selectRange)
  const load = useDashboardStore((s) => s.load)

  const banner = error && (
    <Banner tone="error" title={t('dashboard.loadFailed')} testId="dashboard-error" action={<button type="button" className="btn btn-sm" onClick={() => void load()}>{t('common.retry')}</button>}>
      {localizeMessage(error.message, language)}
    </Banner>
  )
  if (!summary) return <>{banner ?? <Skeleton />}</>
  if (isEmptySummary(summary)) {
    return (
      <>
        {banner}
        <EmptyState
          icon="chart"
          title={t('dashboard.empty.title')}
          body={t('dashboard.empty.body')}
          action={<button type="button" className="btn" onClick={() => navigate('accounts')}><Icon name="users" size={16} />{t('dashboard.empty.action')}</button>}
          testId="dashboard-empty"
        />
      </>
    )
  }
  return (
    <div className="dash-content" data-loading={status === 'loading' || undefined} data-testid="dashboard-content">
      {banner}
      <StatCards summary={summary} />
      <div className="chart-grid">
        <DailyChart summary={summary} range={range} />
        <SourcesChart summary={summary} />
        <Bargaining summary={summary} />
        <ModelsChart summary={summary} />
        <OrdersChart range={range} />
      </div>
    </div>
  )
}

export function DashboardPage(): JSX.Element {
  const { t } = useTranslation()
  const load = useDashboardStore((s) => s.load)

  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [load])

  return (
    <div className="page page-wide">
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} actions={<Filters />} />
      <div className="page-body">
        <Body />
      </div>
    </div>
  )
}
