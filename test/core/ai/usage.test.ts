import { describe, expect, it } from 'vitest'
import { DEFAULT_PRICE_TABLE, estimateCost, estimateTokens, FailureRateMonitor, findPrice, findPreset, mergePriceTable, PRESETS } from '../../../src-main/core/ai'

describe('estimateCost', () => {
  it('¥ per 1M tokens in and out', () => {
    // qwen-plus: 0.8 in / 2 out
    expect(estimateCost('qwen-plus', 1_000_000, 0, DEFAULT_PRICE_TABLE)).toBe(0.8)
    expect(estimateCost('qwen-plus', 1000, 500, DEFAULT_PRICE_TABLE)).toBeCloseTo(0.0008 + 0.001, 9)
  })
  it('dated model names fall back to the longest known prefix; unknown models have no price', () => {
    expect(findPrice('qwen-plus-2025-01-25', DEFAULT_PRICE_TABLE)).toEqual(DEFAULT_PRICE_TABLE['qwen-plus'])
    expect(findPrice('glm-4-flashx-250414', DEFAULT_PRICE_TABLE)).toEqual(DEFAULT_PRICE_TABLE['glm-4-flashx'])
    expect(findPrice('Qwen-Max', DEFAULT_PRICE_TABLE)).toEqual(DEFAULT_PRICE_TABLE['qwen-max'])
    expect(estimateCost('ep-20250101-abcde', 100, 100, DEFAULT_PRICE_TABLE)).toBeNull()
  })
  it("the user's overrides win; a free model costs 0", () => {
    const table = mergePriceTable({ 'qwen-plus': { inPerM: 10, outPerM: 20 }, 'my-local': { inPerM: 0, outPerM: 0 } })
    expect(estimateCost('qwen-plus', 1_000_000, 1_000_000, table)).toBe(30)
    expect(estimateCost('my-local', 5000, 5000, table)).toBe(0)
    expect(estimateCost('deepseek-chat', 1_000_000, 0, table)).toBe(DEFAULT_PRICE_TABLE['deepseek-chat']?.inPerM)
  })
})

describe('estimateTokens', () => {
  it('about one token per CJK character, four Latin characters per token', () => {
    expect(estimateTokens('你好吗')).toBe(3)
    expect(estimateTokens('abcdefgh')).toBe(2)
    expect(estimateTokens('')).toBe(0)
  })
})

describe('presets', () => {
  it('cover the seven OpenAI-compatible vendors plus Gemini and DashScope apps, with zh/en names and a listed default model', () => {
    const ids = PRESETS.map((p) => p.id)
    expect(ids).toEqual(expect.arrayContaining(['dashscope', 'deepseek', 'moonshot', 'zhipu', 'doubao', 'openai', 'ollama', 'gemini', 'dashscope-app']))
    for (const p of PRESETS) {
      expect(p.name.zh && p.name.en).toBeTruthy()
      expect(() => new URL(p.baseUrl)).not.toThrow()
      if (p.models.length > 0) expect(p.models).toContain(p.defaultModel)
    }
    expect(findPreset('ollama')).toMatchObject({ needsKey: false, baseUrl: 'http://127.0.0.1:11434/v1' })
    expect(findPreset('dashscope')).toMatchObject({ kind: 'openai-compatible', baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', defaultModel: 'qwen-plus' })
  })
  it('every hosted preset model has a price estimate', () => {
    for (const p of PRESETS.filter((x) => x.id !== 'ollama')) {
      for (const m of p.models) expect(findPrice(m, DEFAULT_PRICE_TABLE), `${p.id}/${m}`).not.toBeNull()
    }
  })
})

describe('FailureRateMonitor', () => {
  it('ok → warn above 5 % → error above 10 %, over 100 samples', () => {
    const now = 1_000_000
    const m = new FailureRateMonitor({ windowMs: 60_000, minSamples: 20, now: () => now })
    for (let i = 0; i < 95; i++) expect(m.record(true)).toBeNull()
    for (let i = 0; i < 5; i++) expect(m.record(false, 'server')).toBeNull()
    // exactly 5 % is not above the threshold
    expect(m.snapshot()).toMatchObject({ state: 'ok', samples: 100, failures: 5, rate: 0.05 })
    const warn = m.record(false, 'timeout')
    expect(warn).toMatchObject({ from: 'ok', to: 'warn' })
    expect(warn?.snapshot.failures).toBe(6)
    for (let i = 0; i < 4; i++) expect(m.record(false, 'timeout')).toBeNull()
    // 10 / 104 ≈ 9.6 %: still warn
    expect(m.state).toBe('warn')
    const err = m.record(false, 'rate_limited')
    expect(err).toMatchObject({ from: 'warn', to: 'error' })
    expect(err?.snapshot.byKind).toEqual({ server: 5, timeout: 5, rate_limited: 1 })
  })

  it('failures leave the window and the state recovers', () => {
    let now = 0
    const m = new FailureRateMonitor({ windowMs: 10_000, minSamples: 10, now: () => now })
    for (let i = 0; i < 8; i++) m.record(true)
    m.record(false)
    expect(m.record(false)?.to).toBe('error')
    now = 5_000
    for (let i = 0; i < 30; i++) m.record(true)
    // 2 / 40 = 5 %: back to ok
    expect(m.state).toBe('ok')
    now = 10_001
    expect(m.snapshot().samples).toBe(30)
    expect(m.snapshot().failures).toBe(0)
  })

  it('below minSamples nothing alarms, whatever the rate', () => {
    const m = new FailureRateMonitor({ windowMs: 60_000, minSamples: 20, now: () => 0 })
    for (let i = 0; i < 19; i++) expect(m.record(false)).toBeNull()
    expect(m.state).toBe('ok')
    expect(m.record(false)?.to).toBe('error')
  })

  it('tick() reports the recovery when failures age out without new samples', () => {
    let now = 0
    const m = new FailureRateMonitor({ windowMs: 1000, minSamples: 1, now: () => now })
    m.record(false)
    expect(m.state).toBe('error')
    now = 2000
    expect(m.tick()).toMatchObject({ from: 'error', to: 'ok' })
  })
})
