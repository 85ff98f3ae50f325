import { memo, useEffect, useState, type JSX, type KeyboardEvent } from 'react'
import { cachedChatImage, fetchChatImage } from '../chatStore'
import type { ErrorInfo, Message, MessageOutcome } from '@contract'
import { useTranslation } from 'react-i18next'
import { formatFullTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { botSourceOf, senderOf, type SenderKind } from '../selectors'
import { Avatar } from './Avatar'

/** A stored message's remote image, fetched by core as a data: URL; null until then or on failure. */
function useCoreImage(m: Message): string | null {
  const [src, setSrc] = useState<string | null>(() => cachedChatImage(m.id))
  useEffect(() => {
    if (src || !m.imageUrl || /^(data|blob):/.test(m.imageUrl)) return
    let alive = true
    void fetchChatImage(m.id).then((dataUrl) => {
      // null: the tile with its link stays
      if (alive && dataUrl) setSrc(dataUrl)
    })
    return () => {
      alive = false
    }
  }, [m.id, m.imageUrl, src])
  return src
}

/** Remote images are blocked by the CSP (img-src 'self' data: blob:); only inline ones are drawn. */
const drawable = (url: string | null): url is string => url !== null && /^(data|blob):/.test(url)
const safeHttps = (url: string | null): string | null => {
  try {
    return url && new URL(url).protocol === 'https:' ? url : null
  } catch {
    return null
  }
}

function ImageBody({ m }: { m: Message }): JSX.Element {
  const { t } = useTranslation()
  const fetched = useCoreImage(m)
  if (drawable(m.imageUrl)) return <img className="msg-image" src={m.imageUrl} alt={t('inbox.chat.image')} />
  if (fetched) return <img className="msg-image" src={fetched} alt={t('inbox.chat.image')} data-testid="chat-image" />
  const link = safeHttps(m.imageUrl)
  return (
    <span className="msg-image-tile">
      <Icon name="image" size={22} />
      <span>{m.text || t('inbox.chat.image')}</span>
      {link && (
        <a className="link" href={link} target="_blank" rel="noopener noreferrer" onClick={(e) => e.stopPropagation()}>
          {t('inbox.chat.openImage')} <Icon name="external" size={11} />
        </a>
      )}
    </span>
  )
}

function SenderLabel({ m, kind }: { m: Message; kind: SenderKind }): JSX.Element {
  const { t } = useTranslation()
  const source = botSourceOf(m)
  return (
    <div className="msg-sender" data-kind={kind}>
      {kind === 'bot' && <Icon name="bot" size={12} />}
      <span>{t(`inbox.chat.sender.${kind}`)}</span>
      {kind === 'bot' && source && <span className="msg-source" data-source={source}>{t(`inbox.chat.source.${source}`)}</span>}
    </div>
  )
}

/**
 * Under a buyer message the bot did not answer: why, in the seller's language (held: a limit they
 * set; needs you: the bot could not). Dealt-with ones stay, marked as such.
 */
function OutcomeNote({ o }: { o: MessageOutcome }): JSX.Element | null {
  const { t } = useTranslation()
  if (o.state !== 'held' && o.state !== 'needs_you') return null
  return (
    <div className="msg-outcome" data-testid="msg-outcome" data-state={o.state} data-reason={o.reason ?? ''} data-resolved={o.resolvedAt !== null || undefined} title={o.detail}>
      <Icon name="alert" size={12} />
      <span>{o.reason ? t('inbox.outcome.line', { state: t(`inbox.outcome.state.${o.state}`), reason: t(`inbox.outcome.reason.${o.reason}`) }) : t(`inbox.outcome.state.${o.state}`)}</span>
      {o.resolvedAt !== null && <span className="msg-outcome-done">· {t('inbox.outcome.resolved')}</span>}
    </div>
  )
}

/** "AI 起草" under a buyer text message: asks the AI for a draft (never sent); a refusal shows why. */
function DraftRequest({ state, onRequest }: { state: { busy: boolean; error: ErrorInfo | null } | null; onRequest: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  return (
    <div className="msg-draft-request">
      <button type="button" className="msg-draft-btn" onClick={onRequest} disabled={state?.busy === true} data-testid="msg-draft-request" title={t('inbox.chat.draftRequestTitle')}>
        <Icon name="sparkles" size={11} />
        {state?.busy ? t('inbox.chat.draftRequesting') : t('inbox.chat.draftRequest')}
      </button>
      {state?.error && <span className="msg-draft-error" role="alert" data-testid="msg-draft-error">{localizeMessage(state.error.message, language)}</span>}
    </div>
  )
}

export interface MessageItemProps {
  readonly message: Message
  /** The buyer message's outcome, when known. */
  readonly outcome?: MessageOutcome | null
  readonly buyerName: string
  readonly buyerSeed: string
  /** Whether the sender label shows (the previous message came from someone else). */
  readonly showSender: boolean
  readonly onShowDecision: (messageId: number) => void
  readonly active: boolean
  /** "AI 起草" on this buyer message; absent: no button. */
  readonly onRequestDraft?: (messageId: number) => void
  /** This message's draft request, while busy or after it failed. */
  readonly draftRequest?: { busy: boolean; error: ErrorInfo | null } | null
}

/** One message by kind: a notice, a card, or a bubble (text or image) on the sender's side. */
export const MessageItem = memo(function MessageItem({ message: m, outcome, buyerName, buyerSeed, showSender, onShowDecision, active, onRequestDraft, draftRequest = null }: MessageItemProps): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const kind = senderOf(m)
  const common = { 'data-testid': 'chat-message', 'data-direction': m.direction, 'data-source': m.source ?? (m.direction === 'in' ? 'buyer' : 'unknown'), 'data-message-id': m.id }
  if (kind === 'notice') {
    return <div className="msg-notice" {...common}>{m.text}</div>
  }
  const bot = kind === 'bot'
  const open = (): void => onShowDecision(m.id)
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      open()
    }
  }
  const clickable = bot ? { role: 'button', tabIndex: 0, onClick: open, onKeyDown: onKey, title: t('inbox.chat.whyTitle'), 'aria-pressed': active } : {}
  return (
    <div className={`msg msg-${m.direction}`} data-kind={kind} {...common}>
      {m.direction === 'in' && <Avatar name={buyerName} seed={buyerSeed} size="sm" />}
      <div className="msg-col">
        {showSender && <SenderLabel m={m} kind={kind} />}
        <div className={`msg-bubble msg-${m.contentType}`} data-kind={kind} title={formatFullTime(m.createdAt, language)} {...clickable}>
          {m.contentType === 'image' ? (
            <ImageBody m={m} />
          ) : m.contentType === 'card' ? (
            <span className="msg-card-body">
              <Icon name="receipt" size={18} />
              <span>{m.text || t('inbox.chat.card')}</span>
            </span>
          ) : (
            m.text
          )}
        </div>
        {m.direction === 'in' && outcome && <OutcomeNote o={outcome} />}
        {kind === 'buyer' && m.contentType === 'text' && m.text.trim() !== '' && onRequestDraft && <DraftRequest state={draftRequest} onRequest={() => onRequestDraft(m.id)} />}
      </div>
    </div>
  )
})
