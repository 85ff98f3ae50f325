import { useEffect, useState, type JSX } from 'react'
import type { Draft } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { useChatStore } from '../chatStore'
import { selectPendingDraft, selectWriting } from '../selectors'

function DraftBody({ draft }: { draft: Draft }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const [text, setText] = useState(draft.text)
  const busy = useChatStore((s) => s.draftBusy)
  const error = useChatStore((s) => s.draftError)
  const approve = useChatStore((s) => s.approveDraft)
  const discard = useChatStore((s) => s.discardDraft)
  const edited = text.trim() !== draft.text.trim()
  const checkPrice = useChatStore((s) => s.checkDraftPrice)
  const warning = useChatStore((s) => s.draftPriceWarning)
  // the stored draft already passed the floor check; the seller's edit is checked as they type
  useEffect(() => {
    if (!edited) return void checkPrice('')
    const timer = setTimeout(() => void checkPrice(text), 250)
    return () => clearTimeout(timer)
  }, [text, edited, checkPrice])
  const shownWarning = edited && warning?.text === text.trim() ? warning : null
  return (
    <div className="draft-card" data-testid="draft-card" data-draft-id={draft.id}>
      <div className="draft-head">
        <Icon name="sparkles" size={15} />
        <strong>{t('inbox.draft.title')}</strong>
        <span className="draft-hint">{t('inbox.draft.hint')}</span>
      </div>
      <textarea className="draft-input" value={text} rows={2} maxLength={1000} onChange={(e) => setText(e.target.value)} disabled={busy} data-testid="draft-input" />
      {shownWarning && (
        <div className="field-warning" role="status" data-testid="draft-floor-warning">
          <Icon name="alert" size={14} />
          <span>{t('inbox.draft.belowFloor', { prices: shownWarning.below.map((b) => `${b.raw.trim()} (¥${b.value})`).join('、'), floor: shownWarning.floor })}</span>
        </div>
      )}
      {error && (
        <div className="field-error" role="alert" data-testid="draft-error" data-code={error.code}>
          <Icon name="alert" size={14} />
          <span>{localizeMessage(error.message, language)}</span>
        </div>
      )}
      <div className="draft-actions">
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void discard(draft.id)} disabled={busy} data-testid="draft-discard">
          {t('inbox.draft.discard')}
        </button>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => void approve(draft.id, edited ? text.trim() : undefined)} disabled={busy || !text.trim()} data-testid="draft-approve">
          {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="send" size={14} />}
          {t('inbox.draft.approve')}
        </button>
      </div>
    </div>
  )
}

/** The copilot draft while the AI writes it: a dimmed, read-only preview; the stored draft replaces it. */
export function DraftWriting(): JSX.Element | null {
  const { t } = useTranslation()
  const text = useChatStore(selectWriting)
  if (text === null) return null
  return (
    <div className="draft-card draft-writing" data-testid="draft-writing" aria-live="polite" aria-busy="true">
      <div className="draft-head">
        <Icon name="sparkles" size={15} />
        <strong>{t('inbox.draft.writing')}</strong>
        <span className="draft-hint">{t('inbox.draft.writingHint')}</span>
      </div>
      <div className="draft-writing-text" data-testid="draft-writing-text">
        {text.trimStart()}
        <span className="draft-caret" aria-hidden="true" />
      </div>
    </div>
  )
}

/** The pending copilot draft above the composer: edit, then send once — or discard. */
export function DraftCard(): JSX.Element | null {
  const draft = useChatStore(selectPendingDraft)
  return draft ? <DraftBody key={draft.id} draft={draft} /> : null
}
