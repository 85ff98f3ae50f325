import { useRef, useState, type ChangeEvent, type JSX, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { useChatStore } from '../chatStore'
import { COUNTER_FROM, MESSAGE_LIMIT, messageLength, splitMessage } from '../composerText'
import { useQuickPhrases } from '../quickPhrases'
import { selectSendError, selectSending } from '../selectors'

function QuickPhrases({ onPick, current }: { onPick: (text: string) => void; current: string }): JSX.Element {
  const { t } = useTranslation()
  const defaults = Object.values(t('inbox.composer.defaults', { returnObjects: true }) as Record<string, string>)
  const { phrases, add, remove } = useQuickPhrases(defaults)
  return (
    <div className="phrases" data-testid="quick-phrases">
      {phrases.map((p) => (
        <span key={p} className="phrase">
          <button type="button" className="phrase-text" onClick={() => onPick(p)} title={p} data-testid="quick-phrase">{p}</button>
          <button type="button" className="phrase-x" onClick={() => remove(p)} aria-label={t('inbox.composer.removePhrase', { text: p })}>
            <Icon name="x" size={11} />
          </button>
        </span>
      ))}
      <button type="button" className="phrase phrase-add" onClick={() => add(current)} disabled={!current.trim()} title={t('inbox.composer.addPhrase')} aria-label={t('inbox.composer.addPhrase')}>
        <Icon name="plus" size={13} />
      </button>
    </div>
  )
}

/** Enter sends, Shift+Enter breaks the line; an IME composition's Enter only confirms the characters. */
export function Composer(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const [text, setText] = useState('')
  const [phrasesOpen, setPhrasesOpen] = useState(false)
  const input = useRef<HTMLTextAreaElement>(null)
  const sending = useChatStore(selectSending)
  const error = useChatStore(selectSendError)
  const send = useChatStore((s) => s.send)
  const sendImage = useChatStore((s) => s.sendImage)
  const picker = useRef<HTMLInputElement>(null)
  const clearError = useChatStore((s) => s.clearSendError)

  const length = messageLength(text)
  const over = length > MESSAGE_LIMIT
  const parts = over ? splitMessage(text) : []

  const submit = async (): Promise<void> => {
    if (!text.trim() || sending || over) return
    if (await send(text)) setText('')
    input.current?.focus()
  }
  /** Sends the parts in order; stops at the first failure and keeps what was not sent in the box. */
  const sendSplit = async (): Promise<void> => {
    if (sending) return
    for (let i = 0; i < parts.length; i++) {
      if (!(await send(parts[i] ?? ''))) {
        setText(parts.slice(i).join('\n'))
        return
      }
    }
    setText('')
    input.current?.focus()
  }
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return
    e.preventDefault()
    void submit()
  }
  const onImage = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0]
    e.target.value = ''
    const mime = file?.type
    if (!file || (mime !== 'image/jpeg' && mime !== 'image/png' && mime !== 'image/gif' && mime !== 'image/webp')) return
    const reader = new FileReader()
    reader.onload = () => {
      const dataBase64 = String(reader.result).replace(/^data:[^,]*,/, '')
      void sendImage({ mime, filename: file.name, dataBase64 })
    }
    reader.readAsDataURL(file)
  }
  const pick = (p: string): void => {
    setText((cur) => (cur.trim() ? `${cur}${p}` : p))
    setPhrasesOpen(false)
    input.current?.focus()
  }

  return (
    <div className="composer" aria-label={t('inbox.composer.label')}>
      {phrasesOpen && <QuickPhrases onPick={pick} current={text} />}
      <div className="composer-box" data-busy={sending || undefined}>
        <textarea
          ref={input}
          className="composer-input"
          rows={2}
          placeholder={t('inbox.composer.placeholder')}
          value={text}
          disabled={sending}
          onChange={(e) => {
            setText(e.target.value)
            if (error) clearError()
          }}
          onKeyDown={onKey}
          data-testid="composer-input"
        />
        <div className="composer-bar">
          <button type="button" className="btn btn-ghost btn-sm" aria-pressed={phrasesOpen} onClick={() => setPhrasesOpen((o) => !o)} data-testid="composer-phrases">
            <Icon name="zap" size={14} />
            {t('inbox.composer.phrases')}
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => picker.current?.click()} disabled={sending} data-testid="composer-image">
            <Icon name="image" size={14} />
            {t('inbox.composer.image')}
          </button>
          <input ref={picker} type="file" accept="image/jpeg,image/png,image/gif,image/webp" hidden onChange={onImage} data-testid="composer-image-input" />
          <span className="composer-note">{sending ? t('inbox.composer.sending') : t('inbox.composer.pauseNote')}</span>
          {length >= COUNTER_FROM && (
            <span className="composer-count" data-over={over || undefined} data-testid="composer-count" aria-live="polite">
              {length}/{MESSAGE_LIMIT}
            </span>
          )}
          <button type="button" className="btn btn-primary btn-sm" onClick={() => void submit()} disabled={sending || !text.trim() || over} data-testid="composer-send">
            {sending ? <span className="spinner" aria-hidden="true" /> : <Icon name="send" size={14} />}
            {sending ? t('inbox.composer.sending') : t('inbox.composer.send')}
          </button>
        </div>
      </div>
      {over && (
        <div className="field-error composer-error" role="alert" data-testid="composer-too-long">
          <Icon name="alert" size={14} />
          <span>
            {t('inbox.composer.tooLong', { limit: MESSAGE_LIMIT, length })}
            <button type="button" className="btn btn-ghost btn-sm composer-split" onClick={() => void sendSplit()} disabled={sending} data-testid="composer-split">
              {t('inbox.composer.split', { count: parts.length })}
            </button>
          </span>
        </div>
      )}
      {error && (
        <div className="field-error composer-error" role="alert" data-testid="composer-error" data-code={error.code}>
          <Icon name="alert" size={14} />
          <span>
            <strong>{t('inbox.composer.failed')}：</strong>
            {localizeMessage(error.message, language)}
          </span>
        </div>
      )}
    </div>
  )
}
