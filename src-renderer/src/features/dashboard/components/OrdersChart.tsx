import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { routeHref } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { useLanguage } from '../../../lib/useLanguage'
import { formatCount, formatYuan, orderSeries } from '../selectors'
import { useDashboardStore } from '../store'
import { axisProps, tooltipProps, useChartTheme } from './chartTheme'
import { ChartCard } from './Charts'

/** Orders, delivered and revenue per day from `orders.stats`, with the period's totals. */
export function OrdersChart({ range }: { range: 'today' | '7d' }): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const c = useChartTheme()
  const stats = useDashboardStore((s) => s.orderStats)
  const error = useDashboardStore((s) => s.orderStatsError)
  if (!stats && !error) return null
  const series = orderSeries(stats ?? [], language)
  const empty = error ? `${t('dashboard.orders.failed')}：${localizeMessage(error.message, language)}` : series.orders === 0 ? t('dashboard.orders.empty') : null
  return (
    <ChartCard
      id="orders"
      className="chart-full"
      title={<a href={routeHref('orders')}>{range === 'today' ? t('dashboard.orders.titleToday') : t('dashboard.orders.title')}</a>}
      empty={empty}
      aside={
        <span className="chart-legend" data-testid="dashboard-orders-totals">
          <span><span className="legend-dot" style={{ background: c.in }} />{t('dashboard.orders.orders')} <strong data-testid="dashboard-orders-count">{formatCount(series.orders, language)}</strong></span>
          <span><span className="legend-dot" style={{ background: c.series[4] ?? c.out }} />{t('dashboard.orders.delivered')} <strong data-testid="dashboard-orders-delivered">{formatCount(series.delivered, language)}</strong></span>
          <span>{t('dashboard.orders.revenue')} <strong data-testid="dashboard-orders-revenue">{formatYuan(series.revenue, language)}</strong></span>
        </span>
      }
    >
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={[...series.points]} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} barGap={3} barCategoryGap={range === 'today' ? '35%' : '22%'}>
          <CartesianGrid vertical={false} stroke={c.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" {...axisProps(c)} />
          <YAxis allowDecimals={false} {...axisProps(c)} axisLine={false} width={44} />
          <Tooltip
            {...tooltipProps(c)}
            formatter={(v, name, item) => {
              const revenue = (item?.payload as { revenue?: number } | undefined)?.revenue ?? 0
              return name === t('dashboard.orders.orders') ? [`${formatCount(Number(v), language)} · ${formatYuan(revenue, language)}`, name] : [formatCount(Number(v), language), name]
            }}
          />
          <Bar dataKey="orders" name={t('dashboard.orders.orders')} fill={c.in} radius={[4, 4, 0, 0]} maxBarSize={42} />
          <Bar dataKey="delivered" name={t('dashboard.orders.delivered')} fill={c.series[4] ?? c.out} radius={[4, 4, 0, 0]} maxBarSize={42} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  )
}
