/**
 * Provider presets for the settings page and the default price table.
 *
 * Prices are ROUGH ESTIMATES in ¥ per 1M tokens (input / output, cache-miss list prices,
 * USD converted at ~7.2), gathered by hand for cost display only. Vendors change prices
 * often; the user can override any entry (`mergePriceTable`), and nothing is billed from
 * these numbers.
 */
import type { ProviderKind } from './types'

export interface ModelPrice {
  /** ¥ per 1M input tokens. */
  readonly inPerM: number
  /** ¥ per 1M output tokens. */
  readonly outPerM: number
}

export type PriceTable = Readonly<Record<string, ModelPrice>>

export interface ProviderPreset {
  /** Stable id stored in `AccountSettings.preset`. */
  readonly id: string
  readonly kind: ProviderKind
  readonly name: { readonly zh: string; readonly en: string }
  readonly baseUrl: string
  readonly defaultModel: string
  readonly models: ReadonlyArray<string>
  /** False for local servers (Ollama), which accept any key. */
  readonly needsKey: boolean
  /** Where the user gets a key / finds model names. */
  readonly consoleUrl?: string
}

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
  'gemini-2.0-flash': p(0.72, 2.9)
}

export const PRESETS: ReadonlyArray<ProviderPreset> = [
  {
    id: 'dashscope', kind: 'openai-compatible', name: { zh: '阿里云百炼 · 通义千问（兼容模式）', en: 'Alibaba DashScope · Qwen (compatible mode)' },
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', defaultModel: 'qwen-plus',
    models: ['qwen-plus', 'qwen-turbo', 'qwen-max', 'qwen-flash', 'qwen-long', 'qwen3-max'], needsKey: true,
    consoleUrl: 'https://bailian.console.aliyun.com/'
  },
  {
    id: 'deepseek', kind: 'openai-compatible', name: { zh: '深度求索 DeepSeek', en: 'DeepSeek' },
    baseUrl: 'https://api.deepseek.com/v1', defaultModel: 'deepseek-chat',
    models: ['deepseek-chat', 'deepseek-reasoner'], needsKey: true, consoleUrl: 'https://platform.deepseek.com/'
  },
  {
    id: 'moonshot', kind: 'openai-compatible', name: { zh: '月之暗面 Kimi', en: 'Moonshot Kimi' },
    baseUrl: 'https://api.moonshot.cn/v1', defaultModel: 'moonshot-v1-8k',
    models: ['moonshot-v1-8k', 'moonshot-v1-32k', 'moonshot-v1-128k', 'kimi-k2-0905-preview', 'kimi-k2-turbo-preview'],
    needsKey: true, consoleUrl: 'https://platform.moonshot.cn/'
  },
  {
    id: 'zhipu', kind: 'openai-compatible', name: { zh: '智谱 GLM', en: 'Zhipu GLM' },
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4', defaultModel: 'glm-4-flash',
    models: ['glm-4-flash', 'glm-4-flashx', 'glm-4-air', 'glm-4-plus', 'glm-4.5', 'glm-4.5-air'],
    needsKey: true, consoleUrl: 'https://open.bigmodel.cn/'
  },
  {
    // Ark also accepts endpoint ids (ep-…) as the model; those have no list price here.
    id: 'doubao', kind: 'openai-compatible', name: { zh: '火山方舟 · 豆包', en: 'Volcengine Ark · Doubao' },
    baseUrl: 'https://ark.cn-beijing.volces.com/api/v3', defaultModel: 'doubao-seed-1-6-flash-250615',
    models: ['doubao-seed-1-6-flash-250615', 'doubao-seed-1-6-250615', 'doubao-1-5-pro-32k-250115', 'doubao-1-5-lite-32k-250115'],
    needsKey: true, consoleUrl: 'https://console.volcengine.com/ark'
  },
  {
    id: 'openai', kind: 'openai-compatible', name: { zh: 'OpenAI', en: 'OpenAI' },
    baseUrl: 'https://api.openai.com/v1', defaultModel: 'gpt-4o-mini',
    models: ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-5-mini'], needsKey: true,
    consoleUrl: 'https://platform.openai.com/'
  },
  {
    id: 'ollama', kind: 'openai-compatible', name: { zh: '本地 Ollama', en: 'Local Ollama' },
    baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'qwen2.5:7b',
    models: ['qwen2.5:7b', 'qwen2.5:3b', 'qwen3:8b', 'llama3.1:8b'], needsKey: false
  },
  {
    id: 'gemini', kind: 'gemini', name: { zh: 'Google Gemini', en: 'Google Gemini' },
    baseUrl: 'https://generativelanguage.googleapis.com', defaultModel: 'gemini-2.5-flash',
    models: ['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.5-pro', 'gemini-2.0-flash'], needsKey: true,
    consoleUrl: 'https://aistudio.google.com/apikey'
  },
  {
    // The user pastes the app's URL; the app id is parsed from it (see dashscopeApp.ts).
    id: 'dashscope-app', kind: 'dashscope-app', name: { zh: '阿里云百炼 · 应用（智能体）', en: 'Alibaba Model Studio application (agent)' },
    baseUrl: 'https://dashscope.aliyuncs.com/api/v1/apps/YOUR_APP_ID/completion', defaultModel: 'app',
    models: [], needsKey: true, consoleUrl: 'https://bailian.console.aliyun.com/'
  }
]

export function findPreset(id: string): ProviderPreset | undefined {
  return PRESETS.find((x) => x.id === id)
}

/** Local models cost nothing; the user's overrides win over the built-in table. */
export function mergePriceTable(overrides: PriceTable | undefined): PriceTable {
  return overrides ? { ...DEFAULT_PRICE_TABLE, ...overrides } : DEFAULT_PRICE_TABLE
}
