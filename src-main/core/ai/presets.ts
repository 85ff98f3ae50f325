/**
 * Provider presets for the settings page and the default price table.
 *
 * Prices are ROUGH ESTIMATES in ¥ per 1M tokens (input / output, cache-miss list prices,
 * USD converted at ~7.2), gathered by hand for cost display only. Vendors change prices
 * often; the user can override any entry (`mergePriceTable`), and nothing is billed from
 * these numbers.
 */

export interface ModelPrice {
  /** ¥ per 1M input tokens. */
  readonly inPerM: number
  /** ¥ per 1M output tokens. */
  readonly outPerM: number
}

export type PriceTable = Readonly<Record<string, ModelPrice>>


import { PRESETS, type ProviderPreset } from '@contract/presets'

export { PRESETS, type ProviderPreset }

/** The date the built-in prices were last checked by hand. */
export const PRICES_AS_OF = '2025-10'
export const PRICES_ARE_ESTIMATES = true

const p = (inPerM: number, outPerM: number): ModelPrice => ({ inPerM, outPerM })

export const DEFAULT_PRICE_TABLE: PriceTable = {
  // Alibaba DashScope / Qwen (compatible mode and the models behind DashScope apps)
  'qwen-turbo': p(0.3, 0.6),
  'qwen-flash': p(0.15, 1.5),
  'qwen-plus': p(0.8, 2),
  'qwen-max': p(2.4, 9.6),
  'qwen-long': p(0.5, 2),
  'qwen3-max': p(6, 24),
  // DeepSeek
  'deepseek-chat': p(2, 3),
  'deepseek-reasoner': p(2, 3),
  // Moonshot / Kimi
  'moonshot-v1-8k': p(2, 10),
  'moonshot-v1-32k': p(5, 20),
  'moonshot-v1-128k': p(10, 30),
  'kimi-k2-0905-preview': p(4, 16),
  'kimi-k2-turbo-preview': p(8, 58),
  // Zhipu GLM
  'glm-4-flash': p(0, 0),
  'glm-4-flashx': p(0.1, 0.1),
  'glm-4-air': p(0.5, 0.5),
  'glm-4-plus': p(5, 5),
  'glm-4.5': p(2, 8),
  'glm-4.5-air': p(0.8, 2),
  // Doubao / Volcengine Ark
  'doubao-seed-1-6-250615': p(0.8, 8),
  'doubao-seed-1-6-flash-250615': p(0.15, 1.5),
  'doubao-1-5-pro-32k-250115': p(0.8, 2),
  'doubao-1-5-lite-32k-250115': p(0.3, 0.6),
  // OpenAI
  'gpt-4o-mini': p(1.1, 4.3),
  'gpt-4o': p(18, 72),
  'gpt-4.1-mini': p(2.9, 11.5),
  'gpt-4.1-nano': p(0.72, 2.9),
  'gpt-5-mini': p(1.8, 14.4),
  // Google Gemini
  'gemini-2.5-flash': p(2.2, 18),
  'gemini-2.5-flash-lite': p(0.72, 2.9),
  'gemini-2.5-pro': p(9, 72),
  'gemini-2.0-flash': p(0.72, 2.9),
  // the built-in demo model runs on this machine: free
  'demo-1': p(0, 0)
}


export function findPreset(id: string): ProviderPreset | undefined {
  return PRESETS.find((x) => x.id === id)
}

/** Local models cost nothing; the user's overrides win over the built-in table. */
export function mergePriceTable(overrides: PriceTable | undefined): PriceTable {
  return overrides ? { ...DEFAULT_PRICE_TABLE, ...overrides } : DEFAULT_PRICE_TABLE
}
