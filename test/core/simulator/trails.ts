/**
 * Synthetic slider trails for tests: a human-like eased drag with jitter, and robotic ones.
 * A tiny seeded PRNG keeps them deterministic.
 */
export interface Pt { type?: 'down' | 'move' | 'up'; x: number; y: number; t: number }

export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export const easeOutCubic = (u: number): number => 1 - (1 - u) ** 3

/** A drag over `distance` px: eased, ~`steps` moves 12–40 ms apart, ±1.5 px y tremor, tiny x wobble. */
export function humanTrail(distance = 266, steps = 32, seed = 7): Pt[] {
  const r = rng(seed)
  const out: Pt[] = [{ type: 'down', x: 100, y: 200, t: 1000 }]
  let t = 1000
  for (let i = 1; i <= steps; i++) {
    t += 12 + r() * 28
    const x = 100 + distance * easeOutCubic(i / steps) + (i < steps ? (r() - 0.5) * 1.2 : 0)
    out.push({ type: 'move', x: Math.round(x * 10) / 10, y: 200 + Math.round((r() - 0.5) * 3), t: Math.round(t) })
  }
  const last = out[out.length - 1] as Pt
  out.push({ type: 'up', x: last.x, y: last.y, t: last.t + 60 })
  return out
}

/** Constant velocity, fixed interval, y wobble only: the classic bot line. */
export function linearTrail(distance = 266, steps = 30, dtMs = 20): Pt[] {
  const out: Pt[] = []
  for (let i = 0; i <= steps; i++) out.push({ type: i === 0 ? 'down' : 'move', x: 100 + (distance * i) / steps, y: 200 + (i % 2), t: 1000 + i * dtMs })
  return out
}
