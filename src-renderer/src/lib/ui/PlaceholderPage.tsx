import type { JSX, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { IconName } from './Icon'
import { EmptyState, PageHeader } from './controls'

type Section = 'inbox' | 'rules' | 'ai' | 'dashboard'

/** A page whose feature is not built yet: says what will appear here, shows no fake data. */
export function PlaceholderPage({ section, icon, action }: { section: Section; icon: IconName; action?: ReactNode }): JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="page">
      <PageHeader title={t(`empty.${section}.title`)} />
      <div className="page-body page-body-center">
        <EmptyState icon={icon} title={t(`empty.${section}.heading`)} body={t(`empty.${section}.body`)} action={action} testId={`empty-${section}`} />
      </div>
    </div>
  )
}
