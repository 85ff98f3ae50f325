/**
 * Server-side verification of a slider drag (the Alibaba "nc" slider of the punish page, §2.5).
 * Pure: takes the pointer trail the page recorded and says whether it looks like a human who
 * dragged the handle to the right end.
 */

export interface TrailPoint {
  readonly type?: 'down' | 'move' | 'up'
  readonly x: number
  readonly y: number
  /** Milliseconds (any origin, e.g. `performance.now()`). */
  readonly t: number
}

export interface SliderRules {
  /** Horizontal travel (px) needed to put the handle at the right end. */
  readonly slotPx: number
  /** Fraction of the slot the drag must cover. */
  readonly minCoverage: number
  readonly minDurationMs: number
  readonly maxDurationMs: number
  readonly minPoints: number
  /** A step may go back this much (hand tremor) without counting as non-monotonic. */
  readonly backJitterPx: number
  /** No single step may cover more than this fraction of the slot (a teleport). */
  readonly maxStepFraction: number
  /** Coefficient of variation of the speed over 5 equal time windows must reach this. */
  readonly minSpeedVariation: number
  /** Vertical range: some jitter (> 0) but not more than this. */
  readonly maxYRangePx: number
}

/** The slot of the punish page: a 300 px track minus a 40 px handle. */
export const SLIDER_SLOT_PX = 260

export const DEFAULT_SLIDER_RULES: SliderRules = {
  slotPx: SLIDER_SLOT_PX, minCoverage: 0.95, minDurationMs: 300, maxDurationMs: 10_000, minPoints: 10, backJitterPx: 2,
  maxStepFraction: 0.5, minSpeedVariation: 0.15, maxYRangePx: 20
}

export interface SliderVerdict {
  readonly ok: boolean
  /** Machine-readable reasons of a failure (empty when ok). */
  readonly reasons: string[]
  readonly points: number
  readonly durationMs: number
  readonly distancePx: number
}

const MAX_POINTS = 5000

/** A well-formed trail, or null (not an array of `{x, y, t}` finite numbers). */
export function parseTrail(raw: unknown): TrailPoint[] | null {
  if (!Array.isArray(raw) || raw.length > MAX_POINTS) return null
  const out: TrailPoint[] = []
  for (const p of raw) {
    if (typeof p !== 'object' || p === null) return null
    const o = p as Record<string, unknown>
    const { x, y, t } = o
    if (typeof x !== 'number' || typeof y !== 'number' || typeof t !== 'number') return null
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(t)) return null
    const type = o.type === 'down' || o.type === 'move' || o.type === 'up' ? o.type : undefined
    out.push({ x, y, t, ...(type ? { type } : {}) })
  }
  return out
}

/** x at time `t` by linear interpolation over a time-sorted trail. */
function xAt(trail: ReadonlyArray<TrailPoint>, t: number): number {
  for (let i = 1; i < trail.length; i++) {
    const a = trail[i - 1] as TrailPoint
    const b = trail[i] as TrailPoint
    if (t <= b.t) return b.t === a.t ? b.x : a.x + ((b.x - a.x) * (t - a.t)) / (b.t - a.t)
  }
  return (trail[trail.length - 1] as TrailPoint).x
}

/** Coefficient of variation of the mean speed over `windows` equal time windows. */
export function speedVariation(trail: ReadonlyArray<TrailPoint>, windows = 5): number {
  const first = trail[0]
  const last = trail[trail.length - 1]
  if (!first || !last || last.t <= first.t) return 0
  const span = (last.t - first.t) / windows
  const speeds: number[] = []
  for (let i = 0; i < windows; i++) speeds.push((xAt(trail, first.t + (i + 1) * span) - xAt(trail, first.t + i * span)) / span)
  const mean = speeds.reduce((a, b) => a + b, 0) / windows
  if (mean <= 0) return 0
  const variance = speeds.reduce((a, s) => a + (s - mean) ** 2, 0) / windows
  return Math.sqrt(variance) / mean
}

function shapeReasons(trail: ReadonlyArray<TrailPoint>, r: SliderRules): string[] {
  const reasons: string[] = []
  let back = false
  let jump = false
  let timeBack = false
  for (let i = 1; i < trail.length; i++) {
    const a = trail[i - 1] as TrailPoint
    const b = trail[i] as TrailPoint
    if (b.x - a.x < -r.backJitterPx) back = true
    if (b.x - a.x > r.maxStepFraction * r.slotPx) jump = true
    if (b.t < a.t) timeBack = true
  }
  if (timeBack) reasons.push('time_not_monotonic')
  if (back) reasons.push('x_not_monotonic')
  if (jump) reasons.push('jump')
  const ys = trail.map((p) => p.y)
  const yRange = Math.max(...ys) - Math.min(...ys)
  if (yRange === 0) reasons.push('no_y_jitter')
  if (yRange > r.maxYRangePx) reasons.push('y_wander')
  if (!timeBack && speedVariation(trail) < r.minSpeedVariation) reasons.push('constant_velocity')
  return reasons
}

/** The verdict on one drag. Every failed rule is listed in `reasons`. */
export function verifyTrail(raw: unknown, rules: SliderRules = DEFAULT_SLIDER_RULES): SliderVerdict {
  const trail = parseTrail(raw)
  if (!trail || trail.length === 0) return { ok: false, reasons: ['no_trajectory'], points: 0, durationMs: 0, distancePx: 0 }
  const first = trail[0] as TrailPoint
  const last = trail[trail.length - 1] as TrailPoint
  const durationMs = last.t - first.t
  const distancePx = last.x - first.x
  const reasons: string[] = []
  if (trail.length < rules.minPoints) reasons.push('too_few_points')
  if (distancePx < rules.minCoverage * rules.slotPx) reasons.push('not_to_the_end')
  if (durationMs < rules.minDurationMs) reasons.push('too_fast')
  if (durationMs > rules.maxDurationMs) reasons.push('too_slow')
  if (trail.length >= 2) reasons.push(...shapeReasons(trail, rules))
  return { ok: reasons.length === 0, reasons, points: trail.length, durationMs, distancePx }
}
