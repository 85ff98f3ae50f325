import { useMemo, useSyncExternalStore } from 'react'

/** Chart colours come from CSS variables (dashboard.css), re-read when the theme flips. */
export interface ChartTheme {
  readonly in: string
  readonly out: string
  readonly series: ReadonlyArray<string>
  readonly grid: string
  readonly axis: string
  readonly text: string
  readonly surface: string
  readonly border: string
  readonly cursor: string
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => observer.disconnect()
}

const themeSnapshot = (): string => document.documentElement.dataset.theme ?? 'light'

function read(): ChartTheme {
  const css = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback
  return {
    in: v('--chart-in', '#2f6fec'),
    out: v('--chart-out', '#f5b800'),
    series: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => v(`--chart-${i}`, '#8a919c')),
    grid: v('--border', '#e5e7eb'),
    axis: v('--text-3', '#8a919c'),
    text: v('--text', '#1d2129'),
    surface: v('--bg-raised', '#ffffff'),
    border: v('--border-strong', '#d1d5db'),
    cursor: v('--bg-hover', 'rgba(0,0,0,0.05)')
  }
}

export function useChartTheme(): ChartTheme {
  const theme = useSyncExternalStore(subscribe, themeSnapshot, () => 'light')
  // the theme attribute is what changes the variables: read them again when it flips
  return useMemo(() => read(), [theme])
}

/** Shared tooltip look: a raised card in the app's colours. */
export function tooltipProps(c: ChartTheme) {
  return {
    contentStyle: { background: c.surface, border: `1px solid ${c.border}`, borderRadius: 8, fontSize: 12, color: c.text, boxShadow: '0 4px 14px rgba(16,24,40,0.12)' },
    labelStyle: { color: c.text, fontWeight: 600, marginBottom: 2 },
    itemStyle: { color: c.text, padding: 0 },
    cursor: { fill: c.cursor }
  } as const
}

export const axisProps = (c: ChartTheme) => ({ stroke: c.grid, tick: { fill: c.axis, fontSize: 11 }, tickLine: false, axisLine: { stroke: c.grid } }) as const
