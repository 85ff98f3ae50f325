/** Percentiles over a sample of durations (ms), rounded for the JSON report. */
export function summarize(samples: number[]): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0
  const r = (v: number): number => Math.round(v * 1000) / 1000
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)
  return { n: s.length, p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)), max: r(s.at(-1) ?? 0), mean: r(mean) }
}

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6

export function rssMb(): number {
  return Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10
}
