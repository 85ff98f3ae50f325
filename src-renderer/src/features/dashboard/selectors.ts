import type { DayStats, DashboardSummary } from '@contract'
import type { Language } from '../settings/store'
import type { DashboardState } from './store'

export const selectRange = (s: DashboardState) => s.range
export const selectAccountFilter = (s: DashboardState) => s.accountId
export const selectSummary = (s: DashboardState) => s.summary
export const selectDashboardStatus = (s: DashboardState) => s.status
export const selectDashboardError = (s: DashboardState) => s.error

/** Every outgoing source the contract knows, in the order the legend shows them. */
export const SOURCES = ['keyword', 'ai', 'fallback', 'refusal', 'draft', 'manual', 'other_device', 'delivery'] as const
export type SourceKey = (typeof SOURCES)[number]

/** Nothing happened in the period: no messages and no AI calls. */
export const isEmptySummary = (s: DashboardSummary): boolean => s.messagesIn === 0 && s.messagesOut === 0 && s.ai.calls === 0

export interface DailyPoint {
  readonly day: number
  readonly label: string
  readonly messagesIn: number
  readonly messagesOut: number
  readonly costYuan: number
}

/** One bar group per day, labelled "5/12" / "Mon 5/12" style in the UI language. */
export function dailySeries(s: DashboardSummary, language: Language): ReadonlyArray<DailyPoint> {
  const fmt = new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric' })
  return s.daily.map((d) => ({ day: d.day, label: fmt.format(d.day), messagesIn: d.messagesIn, messagesOut: d.messagesOut, costYuan: d.costYuan }))
}

/** Replies by source with a count, known sources first in legend order, unknown ones after. */
export function sourceSeries(s: DashboardSummary): ReadonlyArray<{ source: string; count: number }> {
  const known = SOURCES.filter((k) => (s.bySource[k] ?? 0) > 0).map((k) => ({ source: k as string, count: s.bySource[k] ?? 0 }))
  const other = Object.entries(s.bySource)
    .filter(([k, n]) => !(SOURCES as ReadonlyArray<string>).includes(k) && n > 0)
    .map(([source, count]) => ({ source, count }))
  return [...known, ...other]
}

/** Cost and calls per model, most expensive first; an unnamed model shows as "—". */
export function modelSeries(s: DashboardSummary): ReadonlyArray<{ model: string; costYuan: number; calls: number; tokens: number }> {
  return [...s.ai.byModel]
    .map((m) => ({ model: m.model || '—', costYuan: m.costYuan ?? 0, calls: m.calls, tokens: m.tokens ?? 0 }))
    .sort((a, b) => b.costYuan - a.costYuan || b.calls - a.calls)
}

/**
 * Chats per number of price rounds. Round 0 (asked, nothing conceded) is kept; trailing empty
 * buckets above the highest used one are dropped (but at least rounds 0–3 are shown). The last
 * bucket of the contract means "10 or more".
 */
export function roundsSeries(s: DashboardSummary): ReadonlyArray<{ rounds: string; chats: number }> {
  const h = s.bargaining.roundsHistogram
  let last = 3
  h.forEach((n, i) => {
    if (n > 0) last = Math.max(last, i)
  })
  return h.slice(0, last + 1).map((chats, i) => ({ rounds: i === 10 ? '10+' : String(i), chats }))
}

export const bargainChats = (s: DashboardSummary): number => s.bargaining.roundsHistogram.reduce((a, b) => a + b, 0)

export function formatYuan(v: number, language: Language): string {
  const digits = v > 0 && v < 1 ? 4 : 2
  return `¥${new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: digits }).format(v)}`
}

export const formatPercent = (v: number, language: Language, digits = 1): string =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v)

export const formatCount = (v: number, language: Language): string => new Intl.NumberFormat(language, { notation: v >= 100_000 ? 'compact' : 'standard' }).format(v)

export function formatMs(ms: number, language: Language): string {
  if (ms >= 1000) return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(ms / 1000)} s`
  return `${Math.round(ms)} ms`
}

export interface OrderPoint {
  readonly day: string
  readonly label: string
  readonly orders: number
  readonly paid: number
  readonly delivered: number
  readonly revenue: number
}

/** One bar group per local day ("2025-01-31" → "1/31"), oldest first, and the totals. */
export function orderSeries(stats: ReadonlyArray<DayStats>, language: Language): { points: ReadonlyArray<OrderPoint>; orders: number; paid: number; delivered: number; revenue: number } {
  const fmt = new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric', timeZone: 'UTC' })
  const points = [...stats].sort((a, b) => a.day.localeCompare(b.day)).map((d) => {
    const [y, m, day] = d.day.split('-').map(Number)
    const label = y && m && day ? fmt.format(Date.UTC(y, m - 1, day)) : d.day
    return { day: d.day, label, orders: d.orders, paid: d.paid, delivered: d.delivered, revenue: d.revenue }
  })
  const sum = (k: 'orders' | 'paid' | 'delivered' | 'revenue'): number => points.reduce((a, p) => a + p[k], 0)
  return { points, orders: sum('orders'), paid: sum('paid'), delivered: sum('delivered'), revenue: Math.round(sum('revenue') * 100) / 100 }
}
