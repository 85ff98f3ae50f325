import { Fragment, useCallback, useLayoutEffect, useRef, type JSX, type RefObject } from 'react'
import type { Message } from '@contract'
import { useTranslation } from 'react-i18next'
import { formatMessageTime } from '../../../lib/format'
import { useLanguage } from '../../../lib/useLanguage'
import { useChatStore } from '../chatStore'
import { senderOf } from '../selectors'
import { MessageItem } from './MessageItem'

/** A time divider when this much passed since the previous message (like WeChat / Xianyu). */
const GAP_MS = 5 * 60 * 1000
const NEAR_TOP = 80
const NEAR_BOTTOM = 120

interface ScrollMemo {
  first: number | undefined
  last: number | undefined
  height: number
  top: number
  nearBottom: boolean
}

/**
 * Keeps the view where the reader expects it: at the bottom on open and when new messages arrive
 * (if they were at the bottom), and in place when an older page is prepended above.
 */
function useChatScroll(messages: ReadonlyArray<Message>): { ref: RefObject<HTMLDivElement | null>; onScroll: () => void } {
  const ref = useRef<HTMLDivElement>(null)
  const memo = useRef<ScrollMemo>({ first: undefined, last: undefined, height: 0, top: 0, nearBottom: true })
  const loadOlder = useChatStore((s) => s.loadOlder)
  const remember = useCallback((el: HTMLDivElement): void => {
    memo.current.height = el.scrollHeight
    memo.current.top = el.scrollTop
    memo.current.nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM
  }, [])
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const p = memo.current
    const first = messages[0]?.id
    const last = messages.at(-1)?.id
    if (p.first !== undefined && first !== p.first && last === p.last) el.scrollTop = el.scrollHeight - p.height + p.top
    else if (last !== p.last && (p.nearBottom || p.last === undefined || messages.at(-1)?.direction === 'out')) el.scrollTop = el.scrollHeight
    p.first = first
    p.last = last
    remember(el)
  }, [messages, remember])
  // the composer or a draft card changing size must not lift the last message out of view
  useLayoutEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() => {
      if (memo.current.nearBottom) el.scrollTop = el.scrollHeight
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const onScroll = useCallback(() => {
    const el = ref.current
    if (!el) return
    remember(el)
    if (el.scrollTop < NEAR_TOP) void loadOlder()
  }, [loadOlder, remember])
  return { ref, onScroll }
}

export function ChatMessages({ buyerName, buyerSeed }: { buyerName: string; buyerSeed: string }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const messages = useChatStore((s) => s.messages)
  const hasOlder = useChatStore((s) => s.hasOlder)
  const loadingOlder = useChatStore((s) => s.loadingOlder)
  const decisionFor = useChatStore((s) => s.decisionFor)
  const outcomes = useChatStore((s) => s.outcomes)
  const showDecision = useChatStore((s) => s.showDecision)
  const onShowDecision = useCallback((id: number) => void showDecision(id), [showDecision])
  const requestDraft = useChatStore((s) => s.requestDraft)
  const draftRequest = useChatStore((s) => s.draftRequest)
  const onRequestDraft = useCallback((id: number) => void requestDraft(id), [requestDraft])
  const { ref, onScroll } = useChatScroll(messages)
  const now = Date.now()
  return (
    <div className="chat-scroll" ref={ref} onScroll={onScroll} aria-label={t('inbox.chat.label')} role="log" data-testid="chat-messages">
      <div className="chat-edge">{loadingOlder ? t('inbox.chat.loadingOlder') : hasOlder ? '' : t('inbox.chat.beginning')}</div>
      {messages.map((m, i) => {
        const prev = messages[i - 1]
        const gap = !prev || m.createdAt - prev.createdAt > GAP_MS
        const showSender = gap || !prev || senderOf(prev) !== senderOf(m) || prev.source !== m.source
        return (
          <Fragment key={m.id}>
            {gap && <div className="chat-time">{formatMessageTime(m.createdAt, now, language)}</div>}
            <MessageItem message={m} outcome={outcomes[m.id] ?? null} buyerName={buyerName} buyerSeed={buyerSeed} showSender={showSender} onShowDecision={onShowDecision} active={decisionFor === m.id}
              onRequestDraft={onRequestDraft} draftRequest={draftRequest?.messageId === m.id ? draftRequest : null} />
          </Fragment>
        )
      })}
    </div>
  )
}
