import { useMemo, useRef, type JSX } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import type { Conversation } from '@contract'
import { localizeMessage } from '../../../lib/messages'
import { EmptyState } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import type { ChatRef } from '../chatStore'
import { chatBadges, countConversations, selectListError, visibleConversations } from '../selectors'
import { chatKey, useInboxStore } from '../store'
import { useNow } from '../useNow'
import { ConversationRow } from './ConversationRow'
import { ListHeader } from './ListHeader'
import { ReviewHint, ReviewQueue } from '../../orders/components/ReviewQueue'
import { useReviewsStore } from '../../orders/reviewsStore'

const ROW_HEIGHT = 82

function useAccountNames(): ReadonlyMap<string, string> | null {
  const pairs = useAccountsStore(useShallow((s) => s.accounts.map((a) => `${a.id}\u0000${displayName(a)}`)))
  return useMemo(() => (pairs.length > 1 ? new Map(pairs.map((p) => p.split('\u0000') as [string, string])) : null), [pairs])
}

function NoMatch(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const error = useInboxStore(selectListError)
  const setFilter = useInboxStore((s) => s.setFilter)
  const setSearch = useInboxStore((s) => s.setSearch)
  const clear = (): void => {
    setFilter({ accountId: null, unread: false, attention: false })
    setSearch('')
  }
  return (
    <EmptyState
      icon={error ? 'alert' : 'search'}
      title={error ? t('inbox.loadFailed') : t('inbox.noMatchTitle')}
      body={error ? localizeMessage(error.message, language) : t('inbox.noMatchBody')}
      action={<button type="button" className="btn btn-sm" onClick={clear}>{t('inbox.clearFilters')}</button>}
      testId="inbox-no-match"
    />
  )
}

/** The virtualized rows: only what is on screen is rendered, so 10,000 chats scroll like 10. */
function Rows({ rows, selected, now }: { rows: ReadonlyArray<Conversation>; selected: ChatRef | null; now: number }): JSX.Element {
  const scrollRef = useRef<HTMLDivElement>(null)
  const drafts = useInboxStore((s) => s.drafts)
  const maxRounds = useInboxStore((s) => s.maxRounds)
  const replyStatus = useInboxStore((s) => s.replyStatus)
  const accountCopilot = useInboxStore((s) => s.accountCopilot)
  const names = useAccountNames()
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => {
      const c = rows[i]
      return c ? chatKey(c.accountId, c.cid) : i
    }
  })
  return (
    <div className="inbox-scroll" ref={scrollRef} data-testid="inbox-list" data-count={rows.length}>
      <div className="inbox-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const c = rows[v.index]
          if (!c) return null
          return (
            <ConversationRow
              key={v.key}
              conversation={c}
              selected={selected?.accountId === c.accountId && selected.cid === c.cid}
              badges={chatBadges(c, drafts, now, accountCopilot[c.accountId], replyStatus[c.accountId])}
              maxRounds={maxRounds[c.accountId]}
              accountName={names?.get(c.accountId) ?? null}
              style={{ height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
            />
          )
        })}
      </div>
    </div>
  )
}

export function ConversationList({ selected }: { selected: ChatRef | null }): JSX.Element {
  const { t } = useTranslation()
  const state = useInboxStore(useShallow((s) => ({ conversations: s.conversations, searchResults: s.searchResults, filter: s.filter, drafts: s.drafts })))
  // pauses end by time alone: re-evaluate the attention filter twice a minute
  const now = useNow(true, 30_000)
  const rows = useMemo(() => visibleConversations(state, now), [state, now])
  const reviews = useReviewsStore((s) => s.reviews.length)
  const chats = useMemo(() => countConversations(state.searchResults ?? state.conversations, state.drafts, now), [state.searchResults, state.conversations, state.drafts, now])
  // 需处理 counts the chats and the orders whose delivery stopped
  const counts = useMemo(() => ({ ...chats, attention: chats.attention + reviews }), [chats, reviews])
  const queue = state.filter.attention && reviews > 0
  return (
    <section className="inbox-list" aria-label={t('inbox.listLabel')}>
      <ListHeader counts={counts} />
      {state.filter.attention ? <ReviewQueue /> : reviews > 0 && <ReviewHint count={reviews} />}
      {rows.length === 0 ? (queue ? null : <NoMatch />) : <Rows rows={rows} selected={selected} now={now} />}
    </section>
  )
}
