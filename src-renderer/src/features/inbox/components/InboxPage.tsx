import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { routeHref } from '../../../app/routes'
import { Icon } from '../../../lib/ui/Icon'
import { PlaceholderPage } from '../../../lib/ui/PlaceholderPage'
import { selectAccountCount } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'

/** Issue 6 puts the conversation list and chat view here. */
export function InboxPage(): JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccountsStore(selectAccountCount)
  const action =
    accounts === 0 ? (
      <a className="btn btn-primary" href={routeHref('accounts')} data-testid="inbox-go-accounts">
        <Icon name="plus" size={16} />
        {t('empty.inbox.action')}
      </a>
    ) : undefined
  return <PlaceholderPage section="inbox" icon="message" action={action} />
}
