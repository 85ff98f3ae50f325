import { useEffect, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { chatOf, routeHref, useRoute } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { PlaceholderPage } from '../../../lib/ui/PlaceholderPage'
import { EmptyState } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { selectAccountCount } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { useChatStore } from '../chatStore'
import { selectHasChats, selectListError, selectListStatus } from '../selectors'
import { useInboxStore } from '../store'
import { ChatView } from './ChatView'
import { ConversationList } from './ConversationList'
import { ItemPanel } from './ItemPanel'
import './inbox.css'
import './chat.css'
import './panel.css'

/** No chats yet: say what will appear, and point to adding an account when there is none. */
function NoChats(): JSX.Element {
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

function ListSkeleton(): JSX.Element {
  return (
    <div className="inbox" aria-busy="true" data-testid="inbox-loading">
      <section className="inbox-list">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="inbox-row skeleton-chat">
            <span className="skeleton skeleton-avatar" />
            <span className="skeleton skeleton-line" />
          </div>
        ))}
      </section>
      <section className="chat-view" />
    </div>
  )
}

function LoadFailed(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const error = useInboxStore(selectListError)
  const load = useInboxStore((s) => s.load)
  return (
    <div className="page page-body-center">
      <EmptyState
        icon="alert"
        title={t('inbox.loadFailed')}
        body={error ? localizeMessage(error.message, language) : ''}
        action={<button type="button" className="btn" onClick={() => void load()}><Icon name="refresh" size={16} />{t('common.retry')}</button>}
        testId="inbox-error"
      />
    </div>
  )
}

function PickChat(): JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="chat-view chat-view-center" data-testid="chat-none">
      <EmptyState icon="message" title={t('inbox.pickTitle')} body={t('inbox.pickBody')} />
    </section>
  )
}

/** The seller's messenger: every account's chats, the open chat, and its item and bargaining. */
export function InboxPage(): JSX.Element {
  const chat = chatOf(useRoute())
  const status = useInboxStore(selectListStatus)
  const hasChats = useInboxStore(selectHasChats)
  const accountId = chat?.accountId
  const cid = chat?.cid

  useEffect(() => {
    const { openChat, closeChat } = useChatStore.getState()
    if (accountId && cid) void openChat({ accountId, cid })
    else closeChat()
    // leaving the inbox closes the chat, so arriving messages are no longer marked read
    return () => useChatStore.getState().closeChat()
  }, [accountId, cid])

  if (status === 'idle' || (status === 'loading' && !hasChats)) return <ListSkeleton />
  if (status === 'error' && !hasChats) return <LoadFailed />
  if (!hasChats && !chat) return <NoChats />
  return (
    <div className="inbox" data-testid="inbox">
      <ConversationList selected={chat} />
      {chat ? <ChatView /> : <PickChat />}
      {chat && <ItemPanel />}
    </div>
  )
}
