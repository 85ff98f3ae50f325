import { useEffect, type JSX, type ReactNode } from 'react'
import type { DecisionRecord } from '@contract'
import { useTranslation } from 'react-i18next'
import { formatFullTime } from '../../../lib/format'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { useChatStore } from '../chatStore'
import { checkText, reasonText, ruleLabel, useTranslate } from '../../../lib/decisionText'
import { selectShownDecision } from '../selectors'
import { formatPrice } from './price'

function Row({ label, children }: { label: string; children: ReactNode }): JSX.Element {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

function Facts({ d }: { d: DecisionRecord }): JSX.Element {
  const { t } = useTranslation()
  const tr = useTranslate()
  const language = useLanguage()
  const ruleName = d.why?.code === 'keyword_rule' ? String(d.why.params['ruleName'] ?? '') : ''
  return (
    <dl className="inbox-facts">
      <Row label={t('inbox.decision.intentLabel')}>{t(`inbox.decision.intent.${d.intent}`)}</Row>
      {d.round !== null && <Row label={t('inbox.decision.round')}>{d.round}</Row>}
      {d.allowedPrice !== null && <Row label={t('inbox.decision.allowed')}>{formatPrice(d.allowedPrice)}</Row>}
      {d.floorPrice !== null && <Row label={t('inbox.decision.floor')}>{formatPrice(d.floorPrice)}</Row>}
      {d.ruleId !== null && <Row label={t('inbox.decision.rule')}><span data-testid="decision-rule">{ruleLabel(tr, ruleName, d.ruleId)}</span></Row>}
      {d.model && (
        <Row label={t('inbox.decision.model')}>
          {d.provider === 'demo'
            ? <span data-testid="decision-model">{t('ai.model.providers.demo')}</span>
            : <span className="mono" data-testid="decision-model">{d.provider ? `${d.provider} · ` : ''}{d.model}</span>}
        </Row>
      )}
      {(d.tokensIn !== null || d.tokensOut !== null) && <Row label={t('inbox.decision.tokens')}>{d.tokensIn ?? '–'} / {d.tokensOut ?? '–'}</Row>}
      {d.latencyMs !== null && <Row label={t('inbox.decision.latency')}>{(d.latencyMs / 1000).toFixed(2)} s</Row>}
      <Row label={t('inbox.decision.at')}>{formatFullTime(d.createdAt, language)}</Row>
    </dl>
  )
}

function Body({ d }: { d: DecisionRecord }): JSX.Element {
  const { t } = useTranslation()
  const tr = useTranslate()
  return (
    <div className="inbox-sheet-body">
      <div className="decision-source" data-source={d.source} data-testid="decision-source">
        <Icon name={d.source === 'keyword' ? 'rules' : d.source === 'ai' ? 'sparkles' : 'bot'} size={16} />
        {t(`inbox.decision.source.${d.source}`)}
      </div>
      <section>
        <h3 className="inbox-sheet-h">{t('inbox.decision.reason')}</h3>
        <p className="decision-reason" data-testid="decision-reason" title={d.why ? d.reason : undefined}>{reasonText(tr, d)}</p>
      </section>
      {d.sentText !== null ? (
        <section data-testid="decision-edited">
          <h3 className="inbox-sheet-h">
            {t('inbox.decision.sentText')} <span className="decision-edited-badge">{t('inbox.decision.edited')}</span>
          </h3>
          <p className="decision-reply">{d.sentText}</p>
          {d.reply && (
            <>
              <h4 className="inbox-sheet-h decision-original-h">{t('inbox.decision.aiOriginal')}</h4>
              <p className="decision-reply decision-original">{d.reply}</p>
            </>
          )}
        </section>
      ) : d.reply && (
        <section>
          <h3 className="inbox-sheet-h">{t('inbox.decision.reply')}</h3>
          <p className="decision-reply">{d.reply}</p>
        </section>
      )}
      <Facts d={d} />
      {d.checks.length > 0 && (
        <section>
          <h3 className="inbox-sheet-h">{t('inbox.decision.checks')}</h3>
          <ul className="decision-checks">
            {d.checks.map((c, i) => (
              <li key={i} data-ok={c.ok} data-coded={c.code !== undefined}>
                <Icon name={c.ok ? 'check' : 'x'} size={13} />
                {c.code === undefined && <span className="mono">{c.kind}</span>}
                <span className="decision-check-detail" title={c.code === undefined ? undefined : c.detail}>{checkText(tr, c)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

/** Why the bot sent a message: the decision record matched by `replyMessageId`, in a side sheet. */
export function DecisionSheet(): JSX.Element | null {
  const { t } = useTranslation()
  const messageId = useChatStore((s) => s.decisionFor)
  const loading = useChatStore((s) => s.decisionLoading)
  const decision = useChatStore(selectShownDecision)
  const showDecision = useChatStore((s) => s.showDecision)
  useEffect(() => {
    if (messageId === null) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') void showDecision(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [messageId, showDecision])
  if (messageId === null) return null
  return (
    <aside className="inbox-sheet" data-testid="decision-sheet" aria-label={t('inbox.decision.title')}>
      <header className="inbox-sheet-header">
        <h2>{t('inbox.decision.title')}</h2>
        <button type="button" className="icon-btn icon-btn-sm" onClick={() => void showDecision(null)} aria-label={t('inbox.decision.close')} data-testid="decision-close">
          <Icon name="x" size={15} />
        </button>
      </header>
      {decision ? <Body d={decision} /> : <p className="inbox-sheet-empty">{loading ? t('inbox.decision.loading') : t('inbox.decision.missing')}</p>}
    </aside>
  )
}
