import type { JSX } from 'react'
import { PlaceholderPage } from '../../../lib/ui/PlaceholderPage'

/** Placeholder until the rules feature lands (issue 6): explains what will appear here. */
export function RulesPage(): JSX.Element {
  return <PlaceholderPage section="rules" icon="rules" />
}
