import type { JSX } from 'react'
import type { AccountStatus } from '@contract'
import { useTranslation } from 'react-i18next'

export function StatusBadge({ status }: { status: AccountStatus }): JSX.Element {
  const { t } = useTranslation()
  return (
    <span className="status-badge" data-status={status} data-testid="account-status">
      <span className="status-dot" aria-hidden="true" />
      {t(`accounts.status.${status}`)}
    </span>
  )
}
