import { memo, type CSSProperties, type JSX } from 'react'
import type { Conversation } from '@contract'
import { useTranslation } from 'react-i18next'
import { chatHref } from '../../../app/routes'
import { formatFullTime, formatMessageTime } from '../../../lib/format'
import { useLanguage } from '../../../lib/useLanguage'
import type { ChatBadge } from '../selectors'
import { Avatar } from './Avatar'
import { BargainCounter, StateBadge } from './Badges'

export interface RowProps {
  readonly conversation: Conversation
  readonly selected: boolean
  readonly badges: ReadonlyArray<ChatBadge>
  readonly maxRounds: number | undefined
  /** Shown only when more than one account feeds the list. */
  readonly accountName: string | null
  readonly style: CSSProperties
}

function RowTime({ at }: { at: number | null }): JSX.Element | null {
  const language = useLanguage()
  if (at === null) return null
  return (
    <time className="row-time" dateTime={new Date(at).toISOString()} title={formatFullTime(at, language)}>
      {formatMessageTime(at, Date.now(), language)}
    </time>
  )
}

/** One chat in the list: who, which item, the last message, and where the bot and the bargaining stand. */
export const ConversationRow = memo(function ConversationRow({ conversation: c, selected, badges, maxRounds, accountName, style }: RowProps): JSX.Element {
  const { t } = useTranslation()
  const nick = c.buyerNick.trim() || t('inbox.buyer')
  return (
    <a
      href={chatHref(c.accountId, c.cid)}
      className="inbox-row"
      style={style}
      aria-current={selected ? 'true' : undefined}
      data-testid="inbox-row"
      data-cid={c.cid}
      data-account-id={c.accountId}
      data-unread={c.unread > 0 || undefined}
    >
      <Avatar name={nick} seed={c.buyerId || c.cid} />
      <div className="row-main">
        <div className="row-line">
          <span className="row-nick" data-testid="row-nick">{nick}</span>
          {accountName && <span className="row-account">{accountName}</span>}
          <RowTime at={c.lastMessageAt} />
        </div>
        <div className="row-line">
          <span className="row-last" data-testid="row-last">{c.lastMessageText || t('inbox.noMessages')}</span>
          {c.unread > 0 && (
            <span className="unread-badge" aria-label={t('inbox.unreadAria', { count: c.unread })} data-testid="row-unread">
              {c.unread > 99 ? '99+' : c.unread}
            </span>
          )}
        </div>
        <div className="row-line row-meta">
          <span className="row-item" title={c.itemTitle ?? undefined}>{c.itemTitle || t('inbox.noItem')}</span>
          {c.bargainCount > 0 && <BargainCounter count={c.bargainCount} max={maxRounds} testId="row-bargain" />}
          {badges.map((b) => (
            <StateBadge key={b} badge={b} conversation={c} />
          ))}
        </div>
      </div>
    </a>
  )
})
