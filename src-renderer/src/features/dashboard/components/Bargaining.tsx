import type { JSX } from 'react'
import type { DashboardSummary } from '@contract'
import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useLanguage } from '../../../lib/useLanguage'
import { bargainChats, formatCount, formatPercent, roundsSeries } from '../selectors'
import { ChartCard } from './Charts'
import { axisProps, tooltipProps, useChartTheme } from './chartTheme'

/** Rounds per chat as bars, with refusals and the average concession beside them. */
export function Bargaining({ summary }: { summary: DashboardSummary }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const c = useChartTheme()
  const chats = bargainChats(summary)
  const b = summary.bargaining
  const empty = chats === 0 && b.refusals === 0 ? t('dashboard.bargaining.empty') : null
  const data = roundsSeries(summary)

  return (
    <ChartCard id="bargaining" title={t('dashboard.bargaining.title')} empty={empty} className="chart-wide">
      <div className="bargain-layout">
        <div className="bargain-chart">
          <p className="chart-subtitle">{t('dashboard.bargaining.rounds')}</p>
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} barCategoryGap="24%">
              <CartesianGrid vertical={false} stroke={c.grid} strokeDasharray="3 3" />
              <XAxis dataKey="rounds" {...axisProps(c)} />
              <YAxis allowDecimals={false} {...axisProps(c)} axisLine={false} width={44} />
              <Tooltip
                {...tooltipProps(c)}
                labelFormatter={(l) => t('dashboard.bargaining.roundLabel', { rounds: String(l) })}
                formatter={(v) => [formatCount(Number(v), language), t('dashboard.bargaining.chats')]}
              />
              <Bar dataKey="chats" name={t('dashboard.bargaining.chats')} fill={c.series[3] ?? c.out} radius={[4, 4, 0, 0]} maxBarSize={36} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <dl className="bargain-stats">
          <div data-testid="dashboard-bargain-chats">
            <dt>{t('dashboard.bargaining.chatsTotal')}</dt>
            <dd>{formatCount(chats, language)}</dd>
          </div>
          <div data-testid="dashboard-bargain-refusals" title={t('dashboard.bargaining.refusalsHint')}>
            <dt>{t('dashboard.bargaining.refusals')}</dt>
            <dd>{formatCount(b.refusals, language)}</dd>
          </div>
          <div data-testid="dashboard-bargain-concession" title={t('dashboard.bargaining.concessionHint')}>
            <dt>{t('dashboard.bargaining.concession')}</dt>
            <dd>{formatPercent(b.averageConcession, language)}</dd>
            <small>{t('dashboard.bargaining.concessionHint')}</small>
          </div>
        </dl>
      </div>
    </ChartCard>
  )
}
