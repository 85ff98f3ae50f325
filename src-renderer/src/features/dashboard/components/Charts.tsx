import type { JSX, ReactNode } from 'react'
import type { DashboardSummary } from '@contract'
import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useLanguage } from '../../../lib/useLanguage'
import { dailySeries, formatCount, formatYuan, modelSeries, SOURCES, sourceSeries, type SourceKey } from '../selectors'
import { axisProps, tooltipProps, useChartTheme } from './chartTheme'

/** A titled card around one chart; `empty` replaces the chart with a sentence on what will appear. */
export function ChartCard(props: { id: string; title: ReactNode; aside?: ReactNode; empty?: string | null; children: ReactNode; className?: string }): JSX.Element {
  return (
    <section className={`chart-card ${props.className ?? ''}`} data-testid={`dashboard-chart-${props.id}`} data-empty={props.empty ? true : undefined}>
      <header className="chart-head">
        <h2 className="chart-title">{props.title}</h2>
        {props.aside}
      </header>
      {props.empty ? <p className="chart-empty">{props.empty}</p> : <div className="chart-body">{props.children}</div>}
    </section>
  )
}

export function DailyChart({ summary, range }: { summary: DashboardSummary; range: 'today' | '7d' }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const c = useChartTheme()
  const data = dailySeries(summary, language)
  const empty = summary.messagesIn + summary.messagesOut === 0 ? t('dashboard.charts.noMessages') : null
  return (
    <ChartCard
      id="daily"
      title={range === 'today' ? t('dashboard.charts.dailyToday') : t('dashboard.charts.daily')}
      empty={empty}
      className="chart-wide"
      aside={
        <span className="chart-legend">
          <span><span className="legend-dot" style={{ background: c.in }} />{t('dashboard.charts.in')}</span>
          <span><span className="legend-dot" style={{ background: c.out }} />{t('dashboard.charts.out')}</span>
        </span>
      }
    >
      <ResponsiveContainer width="100%" height={236}>
        <BarChart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} barGap={3} barCategoryGap={range === 'today' ? '35%' : '22%'}>
          <CartesianGrid vertical={false} stroke={c.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axisProps(c)} />
          <YAxis allowDecimals={false} {...axisProps(c)} axisLine={false} width={44} />
          <Tooltip {...tooltipProps(c)} formatter={(v) => formatCount(Number(v), language)} />
          <Bar dataKey="messagesIn" name={t('dashboard.charts.in')} fill={c.in} radius={[4, 4, 0, 0]} maxBarSize={42} />
          <Bar dataKey="messagesOut" name={t('dashboard.charts.out')} fill={c.out} radius={[4, 4, 0, 0]} maxBarSize={42} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  )
}

const sourceLabelKey = (source: string): SourceKey | null => ((SOURCES as ReadonlyArray<string>).includes(source) ? (source as SourceKey) : null)

export function SourcesChart({ summary }: { summary: DashboardSummary }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const c = useChartTheme()
  const data = sourceSeries(summary).map((d) => {
    const key = sourceLabelKey(d.source)
    return { ...d, name: key ? t(`dashboard.sources.${key}`) : d.source, color: c.series[Math.max(0, SOURCES.indexOf(key ?? 'keyword'))] ?? c.axis }
  })
  const total = data.reduce((a, d) => a + d.count, 0)
  return (
    <ChartCard id="sources" title={t('dashboard.charts.sources')} empty={total === 0 ? t('dashboard.charts.noReplies') : null}>
      <div className="donut">
        <ResponsiveContainer width="100%" height={168}>
          <PieChart>
            <Pie data={data} dataKey="count" nameKey="name" innerRadius={50} outerRadius={76} paddingAngle={data.length > 1 ? 2 : 0} stroke="none" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.source} fill={d.color} />
              ))}
            </Pie>
            <Tooltip {...tooltipProps(c)} formatter={(v) => formatCount(Number(v), language)} />
          </PieChart>
        </ResponsiveContainer>
        <div className="donut-center" aria-hidden="true">
          <strong>{formatCount(total, language)}</strong>
        </div>
      </div>
      <ul className="legend-list">
        {data.map((d) => (
          <li key={d.source} data-source={d.source}>
            <span className="legend-dot" style={{ background: d.color }} />
            <span className="legend-name">{d.name}</span>
            <span className="legend-value">{formatCount(d.count, language)}</span>
            <span className="legend-share">{Math.round((d.count / total) * 100)}%</span>
          </li>
        ))}
      </ul>
    </ChartCard>
  )
}

export function ModelsChart({ summary }: { summary: DashboardSummary }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const c = useChartTheme()
  const data = modelSeries(summary)
  const height = Math.max(120, data.length * 40 + 30)
  return (
    <ChartCard id="models" title={t('dashboard.charts.models')} empty={summary.ai.calls === 0 ? t('dashboard.charts.noAi') : null}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={[...data]} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 4 }} barCategoryGap="28%">
          <CartesianGrid horizontal={false} stroke={c.grid} strokeDasharray="3 3" />
          <XAxis type="number" {...axisProps(c)} tickFormatter={(v: number) => formatYuan(v, language)} />
          <YAxis type="category" dataKey="model" {...axisProps(c)} axisLine={false} width={128} />
          <Tooltip
            {...tooltipProps(c)}
            formatter={(v, _name, item) => [`${formatYuan(Number(v), language)} · ${t('dashboard.charts.calls')} ${formatCount(Number((item?.payload as { calls?: number } | undefined)?.calls ?? 0), language)}`, t('dashboard.charts.cost')]}
          />
          <Bar dataKey="costYuan" name={t('dashboard.charts.cost')} fill={c.series[5] ?? c.out} radius={[0, 4, 4, 0]} maxBarSize={22} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  )
}
