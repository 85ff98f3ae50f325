import type { JSX } from 'react'
import { PlaceholderPage } from '../../../lib/ui/PlaceholderPage'

/** Placeholder until the ai feature lands (issue 6): explains what will appear here. */
export function AiPage(): JSX.Element {
  return <PlaceholderPage section="ai" icon="sparkles" />
}
