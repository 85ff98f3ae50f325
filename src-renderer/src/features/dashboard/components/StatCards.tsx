import type { JSX, ReactNode } from 'react'
import type { DashboardSummary } from '@contract'
import { useTranslation } from 'react-i18next'
import { Icon, type IconName } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { formatCount, formatMs, formatPercent, formatYuan } from '../selectors'

interface CardProps {
  readonly id: string
  readonly icon: IconName
  readonly label: ReactNode
  readonly children: ReactNode
  readonly detail?: ReactNode
  readonly hint?: string
  readonly tone?: 'ok' | 'warn' | 'error'
}

function StatCard({ id, icon, label, children, detail, hint, tone }: CardProps): JSX.Element {
  return (
    <section className="stat-card" data-testid={`dashboard-card-${id}`} data-tone={tone} title={hint}>
      <header className="stat-label">
        <span className="stat-icon" aria-hidden="true">
          <Icon name={icon} size={15} />
        </span>
        {label}
      </header>
      <div className="stat-value">{children}</div>
      {detail && <div className="stat-detail">{detail}</div>}
    </section>
  )
}

/** The six headline figures; the failure card carries the 5 % / 10 % alert state. */
export function StatCards({ summary }: { summary: DashboardSummary }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const n = (v: number): string => formatCount(v, language)
  const ai = summary.ai
  return (
    <div className="stat-grid">
      <StatCard id="messages" icon="message" label={t('dashboard.cards.messages')}>
        <span className="stat-pair">
          <span data-testid="dashboard-messages-in">{n(summary.messagesIn)}</span>
          <small>{t('dashboard.cards.received')}</small>
        </span>
        <span className="stat-sep" aria-hidden="true">/</span>
        <span className="stat-pair">
          <span data-testid="dashboard-messages-out">{n(summary.messagesOut)}</span>
          <small>{t('dashboard.cards.sent')}</small>
        </span>
      </StatCard>
      <StatCard
        id="auto"
        icon="bot"
        label={t('dashboard.cards.auto')}
        hint={t('dashboard.cards.autoHint')}
        detail={
          <span className="meter" aria-hidden="true">
            <span className="meter-fill" style={{ width: `${Math.round(summary.autoAnsweredShare * 100)}%` }} />
          </span>
        }
      >
        {formatPercent(summary.autoAnsweredShare, language)}
      </StatCard>
      <StatCard id="ai" icon="sparkles" label={t('dashboard.cards.aiCalls')} detail={`${t('dashboard.cards.tokens')} ${n(ai.tokensIn + ai.tokensOut)} · ${t('dashboard.cards.tokensDetail', { tin: n(ai.tokensIn), tout: n(ai.tokensOut) })}`}>
        {n(ai.calls)}
      </StatCard>
      <StatCard id="cost" icon="receipt" label={t('dashboard.cards.cost')} hint={t('dashboard.cards.costHint')} detail={t('dashboard.cards.costHint')}>
        {formatYuan(ai.costYuan, language)}
      </StatCard>
      <StatCard id="latency" icon="clock" label={t('dashboard.cards.latency')}>
        <span className="stat-pair">
          {ai.calls > 0 ? formatMs(ai.latencyP50Ms, language) : '—'}
          <small>{t('dashboard.cards.p50')}</small>
        </span>
        <span className="stat-sep" aria-hidden="true">/</span>
        <span className="stat-pair">
          {ai.calls > 0 ? formatMs(ai.latencyP95Ms, language) : '—'}
          <small>{t('dashboard.cards.p95')}</small>
        </span>
      </StatCard>
      <StatCard
        id="failure"
        icon="alert"
        label={t('dashboard.cards.failure')}
        tone={ai.alert}
        detail={
          <span className="alert-line">
            <span className="alert-pill" data-alert={ai.alert} data-testid="dashboard-failure-alert">
              {t(`dashboard.cards.alert.${ai.alert}`)}
            </span>
            {t('dashboard.cards.failureDetail', { failures: n(ai.failures), calls: n(ai.calls) })}
          </span>
        }
      >
        {formatPercent(ai.failureRate, language)}
      </StatCard>
    </div>
  )
}
