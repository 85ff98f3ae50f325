import type { JSX } from 'react'
import { ConnectionBanner } from '../features/connection/components/ConnectionBanner'
import { DemoBar } from '../features/demo/components/DemoBar'
import { AccountsPage } from '../features/accounts/components/AccountsPage'
import { AiPage } from '../features/ai/components/AiPage'
import { DashboardPage } from '../features/dashboard/components/DashboardPage'
import { InboxPage } from '../features/inbox/components/InboxPage'
import { NoticeToasts } from '../features/notices/components/NoticeToasts'
import { NotifyPage } from '../features/notify/components/NotifyPage'
import { OrdersPage } from '../features/orders/components/OrdersPage'
import { DeliveryPage } from '../features/delivery/components/DeliveryPage'
import { RulesPage } from '../features/rules/components/RulesPage'
import { SettingsPage } from '../features/settings/components/SettingsPage'
import { useRoute, type RouteId } from './routes'
import { Sidebar } from './Sidebar'
import { TopBar } from './TopBar'

/** One component per page; issue 6 replaces the placeholders without touching the frame. */
const PAGES: Record<RouteId, () => JSX.Element> = {
  inbox: InboxPage,
  accounts: AccountsPage,
  rules: RulesPage,
  ai: AiPage,
  orders: OrdersPage,
  delivery: DeliveryPage,
  dashboard: DashboardPage,
  notify: NotifyPage,
  settings: SettingsPage
}

export function App(): JSX.Element {
  const route = useRoute()
  const Page = PAGES[route.id]
  return (
    <div className="app">
      <TopBar />
      <ConnectionBanner />
      <DemoBar />
      <div className="app-body">
        <Sidebar active={route.id} />
        <main className="content" data-testid={`page-${route.id}`} key={route.id}>
          <Page />
        </main>
      </div>
      <NoticeToasts />
    </div>
  )
}
