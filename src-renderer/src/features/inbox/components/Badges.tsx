import type { JSX } from 'react'
import type { Conversation } from '@contract'
import { useTranslation } from 'react-i18next'
import { formatCountdown, pauseRemaining, type ChatBadge } from '../selectors'
import { useNow } from '../useNow'

/** "暂停 4:59", ticking each second while the pause lasts. */
function PausedBadge({ conversation }: { conversation: Conversation }): JSX.Element {
  const { t } = useTranslation()
  const now = useNow(true)
  const left = pauseRemaining(conversation, now)
  return (
    <span className="chat-badge" data-badge="paused" data-testid="badge-paused">
      {left === null ? t('inbox.badge.pausedOpen') : t('inbox.badge.paused', { time: formatCountdown(left) })}
    </span>
  )
}

export function StateBadge({ badge, conversation }: { badge: ChatBadge; conversation: Conversation }): JSX.Element {
  const { t } = useTranslation()
  if (badge === 'paused') return <PausedBadge conversation={conversation} />
  return (
    <span className="chat-badge" data-badge={badge} data-testid={`badge-${badge}`}>
      {badge === 'attention' ? t('inbox.badge.attention', { count: conversation.attention }) : t(`inbox.badge.${badge}`)}
    </span>
  )
}

/** "议价 2/3": rounds used of the account's limit; turns red once the limit is reached. */
export function BargainCounter({ count, max, testId }: { count: number; max: number | undefined; testId?: string }): JSX.Element | null {
  const { t } = useTranslation()
  const full = max !== undefined && count >= max
  return (
    <span className="bargain-counter" data-full={full || undefined} data-testid={testId}>
      {max === undefined ? t('inbox.bargainNoMax', { count }) : t('inbox.bargain', { count, max })}
    </span>
  )
}
