import type { JSX } from 'react'
import type { Conversation } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { useChatStore } from '../chatStore'
import { useInboxStore } from '../store'
import { autoMode, draftsOnly, formatCountdown, isPausedAt, pauseRemaining, selectActionError, selectBusyAction, selectChatStatus, selectConversation } from '../selectors'
import { useNow } from '../useNow'
import { Avatar } from './Avatar'
import { ChatMessages } from './ChatMessages'
import { Composer } from './Composer'
import { DecisionSheet } from './DecisionSheet'
import { DraftCard, DraftWriting } from './DraftCard'

/** What the bot does in this chat now; in copilot mode (the chat's own or the account's) it only drafts. */
function ModeLine({ c, accountCopilot }: { c: Conversation; accountCopilot: boolean }): JSX.Element {
  const { t } = useTranslation()
  const now = useNow(c.mode === 'paused')
  const paused = isPausedAt(c, now)
  const status = useInboxStore((s) => s.replyStatus[c.accountId])
  // "AI 自动回复中" only when the AI really answers here; keyword rules only, or nothing, otherwise
  const auto = autoMode(status) ?? 'keywords'
  const mode = c.mode === 'takeover' ? 'takeover' : paused ? 'paused' : status?.ai === 'paused_all' ? 'aiOff' : draftsOnly(c, accountCopilot) ? 'draft' : auto
  const left = pauseRemaining(c, now)
  const text = mode === 'paused' ? (left === null ? t('inbox.chat.mode.pausedOpen') : t('inbox.chat.mode.paused', { time: formatCountdown(left) })) : t(`inbox.chat.mode.${mode}`)
  return (
    <span className="mode-line" data-mode={mode} data-testid="chat-mode">
      <span className="mode-dot" aria-hidden="true" />
      {text}
    </span>
  )
}

function TakeoverButton({ c }: { c: Conversation }): JSX.Element {
  const { t } = useTranslation()
  const busy = useChatStore(selectBusyAction)
  const takeover = useChatStore((s) => s.takeover)
  const release = useChatStore((s) => s.release)
  if (c.mode === 'auto') {
    return (
      <button type="button" className="btn btn-sm" onClick={() => void takeover()} disabled={busy !== null} title={t('inbox.chat.takeoverHint')} data-testid="takeover-button">
        {busy === 'takeover' ? <span className="spinner" aria-hidden="true" /> : <Icon name="hand" size={14} />}
        {t('inbox.chat.takeover')}
      </button>
    )
  }
  return (
    <button type="button" className="btn btn-sm btn-release" onClick={() => void release()} disabled={busy !== null} data-testid="release-button">
      {busy === 'release' ? <span className="spinner" aria-hidden="true" /> : <Icon name="bot" size={14} />}
      {t('inbox.chat.release')}
    </button>
  )
}

function ChatHeader({ c }: { c: Conversation }): JSX.Element {
  const accountCopilot = useChatStore((s) => s.detail?.accountCopilot ?? false)
  const { t } = useTranslation()
  const nick = c.buyerNick.trim() || t('inbox.buyer')
  return (
    <header className="chat-header">
      <Avatar name={nick} seed={c.buyerId || c.cid} size="lg" />
      <div className="chat-title">
        <h2 data-testid="chat-buyer">{nick}</h2>
        <div className="chat-sub">
          {c.itemTitle && (
            <span className="chat-item" title={c.itemTitle}>
              <Icon name="tag" size={12} />
              {c.itemTitle}
            </span>
          )}
          <ModeLine c={c} accountCopilot={accountCopilot} />
        </div>
      </div>
      <TakeoverButton c={c} />
    </header>
  )
}

function ActionError(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const error = useChatStore(selectActionError)
  const clear = useChatStore((s) => s.clearActionError)
  if (!error) return null
  return (
    <div className="chat-banner">
      <Banner tone="error" title={t('inbox.chat.actionFailed')} onDismiss={clear} dismissLabel={t('common.dismiss')} testId="chat-action-error">
        {localizeMessage(error.message, language)}
      </Banner>
    </div>
  )
}

/** The open chat: header with takeover, the messages, the copilot draft and the composer. */
export function ChatView(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const status = useChatStore(selectChatStatus)
  const c = useChatStore(selectConversation)
  const loadError = useChatStore((s) => s.loadError)
  const key = useChatStore((s) => (s.open ? `${s.open.accountId}/${s.open.cid}` : ''))
  if (status === 'error') {
    return (
      <section className="chat-view chat-view-center" data-testid="chat-view">
        <EmptyState icon="alert" title={t('inbox.chat.loadFailed')} body={loadError ? localizeMessage(loadError.message, language) : ''} testId="chat-error" />
      </section>
    )
  }
  if (status !== 'ready' || !c) {
    return <section className="chat-view" data-testid="chat-view" aria-busy="true" />
  }
  const nick = c.buyerNick.trim() || t('inbox.buyer')
  return (
    <section className="chat-view" data-testid="chat-view" data-cid={c.cid} data-mode={c.mode}>
      <ChatHeader c={c} />
      <ActionError />
      <ChatMessages key={key} buyerName={nick} buyerSeed={c.buyerId || c.cid} />
      <div className="chat-foot">
        <DraftWriting />
        <DraftCard />
        <Composer key={key} />
      </div>
      <DecisionSheet />
    </section>
  )
}
