import { describe, expect, it } from 'vitest'
import { DEFAULT_SLIDER_RULES, parseTrail, speedVariation, verifyTrail } from '../../../src-main/simulator/slider'
import { humanTrail, linearTrail, type Pt } from './trails'

const reasons = (trail: unknown): string[] => verifyTrail(trail).reasons

describe('slider verifier (server side)', () => {
  it('passes human-like eased drags with jitter (many seeds)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const v = verifyTrail(humanTrail(266, 25 + (seed % 15), seed))
      expect(v.reasons, `seed ${seed}`).toEqual([])
      expect(v.ok).toBe(true)
    }
    const v = verifyTrail(humanTrail())
    expect(v.points).toBe(34)
    expect(v.distancePx).toBeGreaterThanOrEqual(0.95 * DEFAULT_SLIDER_RULES.slotPx)
  })

  it('refuses a constant-velocity straight line', () => {
    expect(reasons(linearTrail())).toEqual(['constant_velocity'])
    expect(speedVariation(linearTrail())).toBeLessThan(0.01)
  })

  it('refuses an instant jump', () => {
    const jump: Pt[] = [{ type: 'down', x: 100, y: 200, t: 0 }, { type: 'move', x: 366, y: 200, t: 2 }, { type: 'up', x: 366, y: 200, t: 3 }]
    expect(reasons(jump)).toEqual(expect.arrayContaining(['too_few_points', 'too_fast', 'jump', 'no_y_jitter']))
  })

  it('refuses short, too quick, too slow, backwards, flat and wandering drags', () => {
    expect(reasons(humanTrail(200))).toEqual(['not_to_the_end'])
    const fast = humanTrail().map((p, i) => ({ ...p, t: 1000 + i * 5 }))
    expect(reasons(fast)).toContain('too_fast')
    const slow = humanTrail().map((p, i) => ({ ...p, t: 1000 + i * 400 }))
    expect(reasons(slow)).toContain('too_slow')
    const back = humanTrail()
    back.splice(20, 0, { type: 'move', x: (back[19]?.x ?? 0) - 15, y: 200, t: (back[19]?.t ?? 0) + 1 })
    expect(reasons(back)).toContain('x_not_monotonic')
    // ≤ 2 px back is tremor, allowed
    const tremor = humanTrail()
    tremor.splice(20, 0, { type: 'move', x: (tremor[19]?.x ?? 0) - 1.5, y: 200, t: (tremor[19]?.t ?? 0) + 1 })
    expect(reasons(tremor)).toEqual([])
    expect(reasons(humanTrail().map((p) => ({ ...p, y: 200 })))).toEqual(['no_y_jitter'])
    expect(reasons(humanTrail().map((p, i) => ({ ...p, y: 200 + i })))).toEqual(['y_wander'])
    const timeBack = humanTrail()
    const p5 = timeBack[5] as Pt
    timeBack[5] = { ...p5, t: p5.t - 100 }
    expect(reasons(timeBack)).toContain('time_not_monotonic')
  })

  it('refuses malformed input', () => {
    expect(reasons(undefined)).toEqual(['no_trajectory'])
    expect(reasons([])).toEqual(['no_trajectory'])
    expect(reasons([{ x: 1, y: 'a', t: 1 }])).toEqual(['no_trajectory'])
    expect(reasons([{ x: Number.NaN, y: 1, t: 1 }])).toEqual(['no_trajectory'])
    expect(parseTrail(new Array(6000).fill({ x: 1, y: 1, t: 1 }))).toBeNull()
    expect(parseTrail([{ x: 1, y: 2, t: 3, type: 'bogus' }])).toEqual([{ x: 1, y: 2, t: 3 }])
  })
})
