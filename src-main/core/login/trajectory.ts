/**
 * A human-like slider drag: eased acceleration then deceleration, small overshoot-free jitter on
 * both axes, uneven timing, x never going backwards. Pure: randomness is injected.
 */
export interface DragPoint {
  readonly x: number
  readonly y: number
  /** Milliseconds since the press. */
  readonly t: number
}

const easeInOut = (p: number): number => (p < 0.5 ? 4 * p * p * p : 1 - Math.pow(-2 * p + 2, 3) / 2)

export function dragTrajectory(distance: number, random: () => number = Math.random): DragPoint[] {
  const duration = 700 + random() * 900
  const steps = 28 + Math.floor(random() * 18)
  const points: DragPoint[] = [{ x: 0, y: 0, t: 0 }]
  let t = 0
  let y = 0
  for (let i = 1; i <= steps; i++) {
    const p = i / steps
    t += (duration / steps) * (0.6 + random() * 0.8)
    y = Math.max(-3, Math.min(3, y + (random() - 0.5) * 1.4))
    const wobble = i < steps ? (random() - 0.5) * 1.2 : 0
    const prev = points[points.length - 1]?.x ?? 0
    const x = Math.max(prev, Math.min(distance, distance * easeInOut(p) + wobble))
    points.push({ x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, t: Math.round(t) })
  }
  // settle exactly on the end, after a short human pause
  points.push({ x: distance, y: Math.round(y * 10) / 10, t: Math.round(t + 60 + random() * 120) })
  return points
}
