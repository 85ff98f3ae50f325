import { useId, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { selectTest } from '../selectors'
import { useRulesStore } from '../store'

function Result(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const test = useRulesStore(selectTest)
  if (test.status === 'error' && test.error) {
    return <div className="rule-test-result rule-test-none" role="alert" data-testid="rule-test-result" data-status="error">{t('rules.test.failed')}：{localizeMessage(test.error.message, language)}</div>
  }
  if (test.status !== 'done' || !test.result) return null
  const { rule, replies, usedDefault } = test.result
  const head = rule ? t('rules.test.matched', { id: rule.id }) : usedDefault ? t('rules.test.usedDefault') : t('rules.test.noMatch')
  return (
    <div className={`rule-test-result ${rule ? 'rule-test-hit' : 'rule-test-none'}`} data-testid="rule-test-result" data-status="done" data-rule-id={rule?.id ?? ''}>
      <div className="rule-test-head">
        <Icon name={rule ? 'check' : 'alert'} size={15} />
        {head}
      </div>
      {replies.map((r, i) => (
        <div key={i} className="test-bubble">{r.kind === 'text' ? r.text : <span className="mono"><Icon name="image" size={13} /> {r.url}</span>}</div>
      ))}
    </div>
  )
}

/** `rules.test` for the account picked in the page's filter (else the first account). */
export function RuleTestBox({ accountId }: { accountId: string | null }): JSX.Element {
  const { t } = useTranslation()
  const ids = { text: useId(), item: useId() }
  const running = useRulesStore((s) => s.test.status === 'running')
  const runTest = useRulesStore((s) => s.runTest)
  const [text, setText] = useState('')
  const [itemId, setItemId] = useState('')
  const run = (): void => {
    if (accountId) void runTest({ accountId, itemId, text })
  }
  return (
    <section className="form-card rule-test" data-testid="rule-test">
      <header className="form-card-head">
        <h2 className="form-card-title"><Icon name="zap" size={15} /> {t('rules.test.title')}</h2>
      </header>
      <p className="card-lead">{accountId ? t('rules.test.hint') : t('rules.test.needAccount')}</p>
      <form className="test-form" onSubmit={(e) => { e.preventDefault(); run() }}>
        <label className="field-label" htmlFor={ids.text}>{t('ai.test.message')}</label>
        <input id={ids.text} className="input" maxLength={2000} value={text} placeholder={t('rules.test.placeholder')} data-testid="rule-test-input" onChange={(e) => setText(e.target.value)} />
        <label className="field-label" htmlFor={ids.item}>{t('rules.test.itemId')}</label>
        <input id={ids.item} className="input mono" inputMode="numeric" maxLength={30} value={itemId} data-testid="rule-test-item" onChange={(e) => setItemId(e.target.value.trim())} />
        <button type="submit" className="btn btn-primary" disabled={!accountId || !text.trim() || running} data-testid="rule-test-run">
          {running ? <span className="spinner" aria-hidden="true" /> : <Icon name="send" size={15} />}
          {t('rules.test.run')}
        </button>
      </form>
      <Result />
    </section>
  )
}
