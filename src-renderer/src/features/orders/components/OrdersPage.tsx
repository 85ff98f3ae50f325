import { useEffect, useMemo, useRef, type JSX } from 'react'
import { OrderState, type Order } from '@contract'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { orderHref, orderOf, useRoute } from '../../../app/routes'
import { formatFullTime, formatMessageTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, PageHeader } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { formatYuan } from '../../dashboard/selectors'
import { useOrdersStore } from '../store'
import { orderKey } from '../trace'
import { DeliveryBadge, StateBadge } from './Badges'
import { OrderDrawer } from './OrderDrawer'
import '../../ai/components/form.css'
import './orders.css'

const STATES = OrderState.options

function StateChips(): JSX.Element {
  const { t } = useTranslation()
  const states = useOrdersStore((s) => s.filter.states)
  const setFilter = useOrdersStore((s) => s.setFilter)
  const toggle = (st: OrderState): void => setFilter({ states: states.includes(st) ? states.filter((x) => x !== st) : [...states, st] })
  return (
    <div className="orders-chips" role="group" aria-label={t('orders.filters.state')}>
      {STATES.map((st) => (
        <button key={st} type="button" className="orders-chip" data-state={st} aria-pressed={states.includes(st)} data-testid={`orders-state-${st}`} onClick={() => toggle(st)}>
          {t(`orders.state.${st}`)}
        </button>
      ))}
    </div>
  )
}

/** Items seen in the list so far (the filter keeps offering them while it narrows the list). */
function useKnownItems(orders: ReadonlyArray<Order>): ReadonlyArray<{ id: string; title: string }> {
  const seen = useRef(new Map<string, string>())
  return useMemo(() => {
    for (const o of orders) if (o.itemId && !seen.current.has(o.itemId)) seen.current.set(o.itemId, o.itemTitle || o.itemId)
    return [...seen.current].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title))
  }, [orders])
}

function Toolbar(): JSX.Element {
  const { t } = useTranslation()
  const filter = useOrdersStore((s) => s.filter)
  const search = useOrdersStore((s) => s.search)
  const orders = useOrdersStore((s) => s.orders)
  const setFilter = useOrdersStore((s) => s.setFilter)
  const setSearch = useOrdersStore((s) => s.setSearch)
  const accounts = useAccountsStore(useShallow((s) => s.accounts.map((a) => `${a.id}\u0000${displayName(a)}`)))
  const known = useKnownItems(orders)
  // an item chosen elsewhere (its delivery screen) stays visible even before any of its orders
  const items = filter.itemId && !known.some((i) => i.id === filter.itemId) ? [...known, { id: filter.itemId, title: filter.itemId }] : known
  return (
    <div className="orders-toolbar">
      <div className="orders-search">
        <Icon name="search" size={15} />
        <input type="search" className="input" placeholder={t('orders.searchPlaceholder')} aria-label={t('orders.searchPlaceholder')} maxLength={100} value={search} data-testid="orders-search" onChange={(e) => setSearch(e.target.value)} />
      </div>
      <select className="input select orders-select" aria-label={t('orders.filters.account')} value={filter.accountId ?? ''} data-testid="orders-account" onChange={(e) => setFilter({ accountId: e.target.value || null })}>
        <option value="">{t('orders.filters.allAccounts')}</option>
        {accounts.map((pair) => {
          const [id = '', name = ''] = pair.split('\u0000')
          return <option key={id} value={id}>{name}</option>
        })}
      </select>
      <select className="input select orders-select" aria-label={t('orders.filters.item')} value={filter.itemId ?? ''} data-testid="orders-item" onChange={(e) => setFilter({ itemId: e.target.value || null })}>
        <option value="">{t('orders.filters.allItems')}</option>
        {items.map((i) => <option key={i.id} value={i.id}>{i.title}</option>)}
      </select>
      <div className="orders-dates" role="group" aria-label={t('orders.filters.dateRange')}>
        <input type="date" className="input" aria-label={t('orders.filters.from')} value={filter.fromDay} max={filter.toDay || undefined} data-testid="orders-from" onChange={(e) => setFilter({ fromDay: e.target.value })} />
        <span className="muted">–</span>
        <input type="date" className="input" aria-label={t('orders.filters.to')} value={filter.toDay} min={filter.fromDay || undefined} data-testid="orders-to" onChange={(e) => setFilter({ toDay: e.target.value })} />
      </div>
    </div>
  )
}

function OrderRow({ order, accountName, now }: { order: Order; accountName: string | null; now: number }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  return (
    <tr className="orders-row" data-testid="orders-row" data-order-id={order.orderId} data-state={order.state} data-delivery={order.delivery} onClick={() => (window.location.hash = orderHref(order.accountId, order.orderId))}>
      <td className="nowrap muted" title={formatFullTime(order.createdAt, language)}>{formatMessageTime(order.createdAt, now, language)}</td>
      <td><a className="mono orders-id" href={orderHref(order.accountId, order.orderId)} onClick={(e) => e.stopPropagation()}>{order.orderId}</a></td>
      <td className="orders-item">
        <span className="orders-item-title">{order.itemTitle || order.itemId}</span>
        {(order.spec || accountName) && <span className="muted orders-item-sub">{[order.spec, accountName].filter(Boolean).join(' · ')}</span>}
      </td>
      <td>{order.buyerNick || order.buyerId}</td>
      <td className="num">{t('orders.quantityValue', { count: order.quantity })}</td>
      <td className="num">{order.amount === null ? t('orders.amountUnknown') : formatYuan(order.amount, language)}</td>
      <td><StateBadge state={order.state} /></td>
      <td><DeliveryBadge delivery={order.delivery} /></td>
    </tr>
  )
}

function List(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const { orders, total, status, loadError, loadingMore, filter, search } = useOrdersStore(useShallow((s) => ({ orders: s.orders, total: s.total, status: s.status, loadError: s.loadError, loadingMore: s.loadingMore, filter: s.filter, search: s.search })))
  const load = useOrdersStore((s) => s.load)
  const loadMore = useOrdersStore((s) => s.loadMore)
  const clearFilters = useOrdersStore((s) => s.clearFilters)
  const names = useAccountsStore(useShallow((s) => (s.accounts.length > 1 ? s.accounts.map((a) => `${a.id}\u0000${displayName(a)}`) : [])))
  const nameOf = useMemo(() => new Map(names.map((p) => p.split('\u0000') as [string, string])), [names])
  const now = Date.now()
  const filtered = filter.accountId !== null || filter.states.length > 0 || filter.itemId !== null || filter.fromDay !== '' || filter.toDay !== '' || search.trim() !== ''
  if (status === 'error') {
    return <EmptyState icon="alert" title={t('orders.loadFailed')} body={loadError ? localizeMessage(loadError.message, language) : ''} testId="orders-error"
      action={<button type="button" className="btn" onClick={() => void load()}><Icon name="refresh" size={16} />{t('common.retry')}</button>} />
  }
  if (status !== 'ready') return <div className="orders-card" aria-busy="true" data-testid="orders-loading"><span className="skeleton orders-skeleton" /></div>
  if (orders.length === 0) {
    return filtered
      ? <EmptyState icon="search" title={t('orders.noMatchTitle')} body={t('orders.noMatchBody')} testId="orders-no-match" action={<button type="button" className="btn btn-sm" onClick={clearFilters}>{t('orders.clearFilters')}</button>} />
      : <EmptyState icon="receipt" title={t('orders.emptyTitle')} body={t('orders.emptyBody')} testId="orders-empty" />
  }
  return (
    <>
      <div className="list-caption" data-testid="orders-total">{t('orders.total', { count: total })}</div>
      <div className="orders-card">
        <table className="orders-table" data-testid="orders-list">
          <thead>
            <tr>{(['time', 'order', 'item', 'buyer', 'quantity', 'amount', 'state', 'delivery'] as const).map((c) => <th key={c} className={c === 'quantity' || c === 'amount' ? 'num' : undefined}>{t(`orders.columns.${c}`)}</th>)}</tr>
          </thead>
          <tbody>
            {orders.map((o) => <OrderRow key={orderKey(o)} order={o} accountName={nameOf.get(o.accountId) ?? null} now={now} />)}
          </tbody>
        </table>
      </div>
      {orders.length < total && (
        <button type="button" className="btn orders-more" disabled={loadingMore} data-testid="orders-more" onClick={() => void loadMore()}>
          {loadingMore && <span className="spinner" aria-hidden="true" />}
          {t('orders.loadMore')}
        </button>
      )}
    </>
  )
}

function Notices(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const error = useOrdersStore((s) => (s.open ? null : s.actionError))
  const reconciled = useOrdersStore((s) => s.reconciled)
  const clear = useOrdersStore((s) => s.clearActionError)
  if (error) return <Banner tone="error" title={t('orders.actions.failed')} onDismiss={clear} dismissLabel={t('common.dismiss')} testId="orders-action-error">{localizeMessage(error.message, language)}</Banner>
  if (reconciled) return <Banner tone="info" testId="orders-reconciled">{t('orders.reconciled', reconciled)}</Banner>
  return null
}

/** Every account's orders with filters and search, live; a click opens the order's drawer with its trace. */
export function OrdersPage(): JSX.Element {
  const { t } = useTranslation()
  const route = useRoute()
  const target = orderOf(route)
  const load = useOrdersStore((s) => s.load)
  const reconcile = useOrdersStore((s) => s.reconcile)
  const accountId = target?.accountId
  const orderId = target?.orderId
  useEffect(() => void load(), [load])
  useEffect(() => {
    const { openOrder, closeOrder } = useOrdersStore.getState()
    if (accountId && orderId) void openOrder({ accountId, orderId })
    else closeOrder()
  }, [accountId, orderId])
  useEffect(() => () => useOrdersStore.getState().closeOrder(), [])
  return (
    <div className="page page-wide">
      <PageHeader title={t('orders.title')} subtitle={t('orders.subtitle')}
        actions={<button type="button" className="btn" title={t('orders.reconcileHint')} data-testid="orders-reconcile" onClick={() => void reconcile()}><Icon name="refresh" size={16} />{t('orders.reconcile')}</button>} />
      <div className="page-body">
        <Toolbar />
        <StateChips />
        <Notices />
        <List />
      </div>
      <OrderDrawer />
    </div>
  )
}
