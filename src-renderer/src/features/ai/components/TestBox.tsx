import { useId, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { checkText, reasonText, useTranslate } from '../../../lib/decisionText'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { decisionView, selectIsDirty, selectPreview } from '../selectors'
import { useAiStore } from '../store'

function DecisionResult(): JSX.Element | null {
  const { t } = useTranslation()
  const tr = useTranslate()
  const language = useLanguage()
  const preview = useAiStore(selectPreview)
  if (preview.status === 'error' && preview.error) {
    return (
      <div className="test-result test-result-error" role="alert" data-testid="ai-test-result" data-status="error">
        <strong>{t('ai.test.failed')}</strong>
        <span>{localizeMessage(preview.error.message, language)}</span>
      </div>
    )
  }
  if (preview.status !== 'done' || !preview.decision) return null
  const v = decisionView(preview.decision)
  return (
    <div className="test-result" data-testid="ai-test-result" data-status="done" data-source={v.source} aria-live="polite">
      <div className="test-badges">
        <span className={`source-badge source-${v.source}`} data-testid="ai-test-source">{t(`ai.test.sources.${v.source}`)}</span>
        <span className="mini-badge">{t(`ai.test.intents.${v.intent}`)}</span>
      </div>
      <div className="test-reply-label">{t('ai.test.reply')}</div>
      {v.reply ? <div className="test-bubble" data-testid="ai-test-reply">{v.reply}</div> : <div className="muted">{t('ai.test.noReply')}</div>}
      {v.facts.length > 0 && (
        <dl className="test-facts">
          {v.facts.map((f) => (
            <div key={f.id} className={f.id === 'model' ? 'test-fact test-fact-wide' : 'test-fact'} data-testid={`ai-test-${f.id}`} data-value={f.value}>
              <dt>{t(`ai.test.facts.${f.id}`)}</dt>
              <dd className={f.id === 'allowedPrice' || f.id === 'floorPrice' ? 'test-fact-money' : 'mono'}>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="test-reason"><span>{t('ai.test.reason')}</span> {reasonText(tr, preview.decision)}</div>
      {v.checks.length > 0 && (
        <>
          <div className="test-reply-label">{t('ai.test.checks')}</div>
          <ul className="test-checks" data-testid="ai-test-checks">
            {v.checks.map((c, i) => (
              <li key={i} className={c.ok ? 'check-ok' : 'check-fail'} data-ok={c.ok} data-coded={c.code !== undefined}>
                <Icon name={c.ok ? 'check' : 'x'} size={13} />
                <span className="sr-only">{c.ok ? t('ai.test.ok') : t('ai.test.fail')}</span>
                {c.code === undefined && <span className="check-kind mono">{c.kind}</span>}
                <span className="check-detail" title={c.code === undefined ? undefined : c.detail}>{checkText(tr, c)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

/** Type a buyer message, see the full decision `reply.preview` returns. Nothing is sent. */
export function TestBox(): JSX.Element {
  const { t } = useTranslation()
  const ids = { text: useId(), item: useId() }
  const running = useAiStore((s) => s.preview.status === 'running')
  const dirty = useAiStore(selectIsDirty)
  const runPreview = useAiStore((s) => s.runPreview)
  const [text, setText] = useState('')
  const [itemId, setItemId] = useState('')
  const run = (): void => void runPreview({ text, itemId })

  return (
    <section className="form-card test-box" data-testid="ai-test">
      <header className="form-card-head">
        <h2 className="form-card-title"><Icon name="zap" size={15} /> {t('ai.test.title')}</h2>
      </header>
      <p className="card-lead">{t('ai.test.hint')}</p>
      <form
        className="test-form"
        onSubmit={(e) => {
          e.preventDefault()
          run()
        }}
      >
        <label className="field-label" htmlFor={ids.text}>{t('ai.test.message')}</label>
        <textarea id={ids.text} className="textarea textarea-sm" rows={2} maxLength={2000} value={text} placeholder={t('ai.test.placeholder')} data-testid="ai-test-input"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault()
              run()
            }
          }} />
        <label className="field-label" htmlFor={ids.item}>{t('ai.test.itemId')}</label>
        <input id={ids.item} className="input mono" inputMode="numeric" maxLength={30} value={itemId} placeholder="1234567890" data-testid="ai-test-item" onChange={(e) => setItemId(e.target.value.trim())} />
        <p className="field-hint">{t('ai.test.itemHint')}{dirty && ` ${t('ai.test.savesFirst')}`}</p>
        <button type="submit" className="btn btn-primary" disabled={!text.trim() || running} data-testid="ai-test-run">
          {running ? <span className="spinner" aria-hidden="true" /> : <Icon name="send" size={15} />}
          {running ? t('ai.test.running') : t('ai.test.run')}
        </button>
      </form>
      <DecisionResult />
    </section>
  )
}
