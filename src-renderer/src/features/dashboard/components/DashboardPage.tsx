import type { JSX } from 'react'
import { PlaceholderPage } from '../../../lib/ui/PlaceholderPage'

/** Placeholder until the dashboard feature lands (issue 6): explains what will appear here. */
export function DashboardPage(): JSX.Element {
  return <PlaceholderPage section="dashboard" icon="chart" />
}
