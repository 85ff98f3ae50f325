import { selectDisconnected, useConnectionStore } from '../features/connection/store'
import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { selectAccountCount, selectAttentionCount, selectConnectionTone, selectOnlineCount } from '../features/accounts/selectors'
import { useAccountsStore } from '../features/accounts/store'
import { Icon } from '../lib/ui/Icon'
import { ROUTES, routeHref, type RouteId } from './routes'

const MAIN = ROUTES.filter((r) => r.id !== 'settings')
const FOOT = ROUTES.filter((r) => r.id === 'settings')

function NavItem({ route, active }: { route: (typeof ROUTES)[number]; active: boolean }): JSX.Element {
  const { t } = useTranslation()
  return (
    <li>
      <a
        href={routeHref(route.id)}
        className="nav-item"
        aria-current={active ? 'page' : undefined}
        data-testid={`nav-${route.id}`}
      >
        <Icon name={route.icon} size={18} />
        <span>{t(`nav.${route.id}`)}</span>
      </a>
    </li>
  )
}

function ConnectionSummary(): JSX.Element {
  const { t } = useTranslation()
  const total = useAccountsStore(selectAccountCount)
  const online = useAccountsStore(selectOnlineCount)
  const attention = useAccountsStore(selectAttentionCount)
  const tone = useAccountsStore(selectConnectionTone)
  const ready = useAccountsStore((s) => s.status === 'ready')
  const disconnected = useConnectionStore(selectDisconnected)
  if (disconnected) {
    // the counts below would be stale: say what is known instead
    return (
      <a className="conn-summary" href={routeHref('accounts')} data-testid="connection-summary" data-tone="bad">
        <span className="conn-dot" aria-hidden="true" />
        <span className="conn-text"><span>{t('topbar.disconnected')}</span></span>
      </a>
    )
  }
  if (!ready) return <div className="conn-summary" aria-hidden="true" />
  return (
    <a className="conn-summary" href={routeHref('accounts')} data-testid="connection-summary" data-tone={tone}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">
        <span>{total === 0 ? t('topbar.noAccounts') : t('topbar.onlineSummary', { online, total })}</span>
        {attention > 0 && <span className="conn-attention">{t('topbar.attention', { count: attention })}</span>}
      </span>
    </a>
  )
}

export function Sidebar({ active }: { active: RouteId }): JSX.Element {
  const { t } = useTranslation()
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <ul className="nav-list">
        {MAIN.map((r) => (
          <NavItem key={r.id} route={r} active={r.id === active} />
        ))}
      </ul>
      <div className="sidebar-foot">
        <ul className="nav-list">
          {FOOT.map((r) => (
            <NavItem key={r.id} route={r} active={r.id === active} />
          ))}
        </ul>
        <ConnectionSummary />
      </div>
    </nav>
  )
}
