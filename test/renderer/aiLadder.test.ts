import { describe, expect, it } from 'vitest'
import { previewFloor, previewLadder } from '../../src-renderer/src/features/ai/ladder'
import { PRESETS, applyPreset, presetsOfKind } from '../../src-renderer/src/features/ai/presets'

describe('concession ladder preview', () => {
  it('0 % or ¥0 means no discount: every rung is the price', () => {
    expect(previewLadder({ price: 1000, percent: 0, amount: 100, rounds: 3 })).toEqual({ price: 1000, floor: 1000, rungs: [1000, 1000, 1000], noDiscount: true })
    expect(previewLadder({ price: 1000, percent: 10, amount: 0, rounds: 2 })?.rungs).toEqual([1000, 1000])
  })

  it('floor = price − min(price × %, ¥), rounded up', () => {
    expect(previewFloor(1000, 10, 100)).toBe(900)
    expect(previewFloor(1000, 10, 50)).toBe(950)
    expect(previewFloor(99.9, 5, 100)).toBe(95)
    expect(previewFloor(9.9, 10, 100)).toBe(9)
  })

  it('concedes little first and reaches the floor only in the last round', () => {
    const l = previewLadder({ price: 1000, percent: 10, amount: 100, rounds: 3 })
    expect(l?.rungs).toEqual([990, 950, 900])
    expect(l?.noDiscount).toBe(false)
    expect(previewLadder({ price: 500, percent: 20, amount: 1000, rounds: 1 })?.rungs).toEqual([400])
    const four = previewLadder({ price: 200, percent: 15, amount: 100, rounds: 4 })?.rungs ?? []
    expect(four).toEqual([...four].sort((a, b) => b - a))
    expect(four.at(-1)).toBe(170)
  })

  it('gives no preview for unusable numbers', () => {
    expect(previewLadder({ price: Number.NaN, percent: 10, amount: 100, rounds: 3 })).toBeNull()
    expect(previewLadder({ price: 1000, percent: -1, amount: 100, rounds: 3 })).toBeNull()
    expect(previewLadder({ price: 0, percent: 10, amount: 100, rounds: 3 })).toBeNull()
  })
})

describe('provider presets (mirror of core/ai/presets.ts)', () => {
  it('has one preset per family and fills base URL and model', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(['dashscope', 'deepseek', 'moonshot', 'zhipu', 'doubao', 'openai', 'ollama', 'gemini', 'dashscope-app', 'demo'])
    expect(applyPreset('demo')).toEqual({ preset: 'demo', provider: 'demo', baseUrl: 'http://127.0.0.1/demo-model', model: 'demo-1' })
    expect(applyPreset('deepseek')).toEqual({ preset: 'deepseek', provider: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-chat' })
    expect(applyPreset('nope')).toBeNull()
    expect(presetsOfKind('gemini').map((p) => p.id)).toEqual(['gemini'])
    for (const p of PRESETS) if (p.models.length > 0) expect(p.models).toContain(p.defaultModel)
  })
})

describe('the preview matches core', () => {
  it('gives the same floor and rungs as core/reply/bargain for a grid of inputs', async () => {
    // test-only import: the renderer itself may not import core, so the mirror is checked here
    const core = await import('../../src-main/core/reply/bargain')
    for (const price of [9.9, 88, 299, 1000, 1999, 12_345]) {
      for (const [percent, amount] of [[0, 100], [5, 0], [10, 100], [30, 50], [50, 10_000]] as const) {
        for (const rounds of [1, 3, 5, 10]) {
          const floor = core.computeFloor({ price, maxDiscountPercent: percent, maxDiscountAmount: amount })
          const mine = previewLadder({ price, percent, amount, rounds })
          expect(mine?.floor).toBe(floor)
          expect(mine?.rungs).toEqual(core.concessionLadder({ price, floor, maxRounds: rounds }))
        }
      }
    }
  })
})
