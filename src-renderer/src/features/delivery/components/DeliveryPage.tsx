import { useEffect, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { routeHref, useRoute } from '../../../app/routes'
import { PageHeader } from '../../../lib/ui/controls'
import { useAccountsStore } from '../../accounts/store'
import { usePoolsStore } from '../poolsStore'
import { useDeliveryStore } from '../store'
import { ItemScreen } from './ItemScreen'
import { ItemsView } from './ItemsView'
import { PoolsView } from './PoolsView'
import '../../ai/components/form.css'
import '../../orders/components/orders.css'
import './delivery.css'

type View = { kind: 'items' } | { kind: 'pools'; poolId: number | null } | { kind: 'item'; accountId: string; itemId: string }

/** `#/delivery` items · `#/delivery/pools[/<id>]` card pools · `#/delivery/item/<accountId>/<itemId>` one item's screen. */
export function viewOf(parts: ReadonlyArray<string>): View {
  const [head, a, b] = parts
  if (head === 'pools') {
    const id = a === undefined ? null : Number(a)
    return { kind: 'pools', poolId: id !== null && Number.isInteger(id) ? id : null }
  }
  if (head === 'item' && a && b) return { kind: 'item', accountId: a, itemId: b }
  return { kind: 'items' }
}

function Tabs({ active }: { active: 'items' | 'pools' }): JSX.Element {
  const { t } = useTranslation()
  return (
    <nav className="tabs delivery-tabs" aria-label={t('delivery.title')}>
      {(['items', 'pools'] as const).map((tab) => (
        <a key={tab} className="tab" role="tab" aria-selected={tab === active} href={tab === 'items' ? routeHref('delivery') : routeHref('delivery', 'pools')} data-testid={`delivery-tab-${tab}`}>
          {t(`delivery.tabs.${tab}`)}
        </a>
      ))}
    </nav>
  )
}

/** Auto-delivery: each account's switch, the items and their readiness, one screen per item, and the card pools. */
export function DeliveryPage(): JSX.Element {
  const { t } = useTranslation()
  const view = viewOf(useRoute().parts)
  const accountIds = useAccountsStore(useShallow((s) => s.accounts.map((a) => a.id)))
  const key = accountIds.join(',')
  useEffect(() => {
    void useDeliveryStore.getState().load(key ? key.split(',') : [])
    void usePoolsStore.getState().load()
  }, [key])
  return (
    <div className="page page-wide">
      <PageHeader title={t('delivery.title')} subtitle={t('delivery.subtitle')} />
      {view.kind !== 'item' && <Tabs active={view.kind} />}
      <div className="page-body">
        {view.kind === 'items' && <ItemsView />}
        {view.kind === 'pools' && <PoolsView poolId={view.poolId} />}
        {view.kind === 'item' && <ItemScreen accountId={view.accountId} itemId={view.itemId} />}
      </div>
    </div>
  )
}
