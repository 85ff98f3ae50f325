import type { ProviderKind } from '@contract'

/**
 * The provider presets the AI page offers. A MIRROR of `PRESETS` in src-main/core/ai/presets.ts
 * (id, kind, names, base URL, default model, model list): the renderer may import only the
 * contract, so keep this list in step when that file changes. Prices stay in core.
 */
export interface ProviderPreset {
  readonly id: string
  readonly kind: ProviderKind
  readonly name: { readonly zh: string; readonly en: string }
  readonly baseUrl: string
  readonly defaultModel: string
  readonly models: ReadonlyArray<string>
  readonly needsKey: boolean
}

/** Stored in `AccountSettings.preset` when the seller typed their own base URL. */
export const CUSTOM_PRESET = 'custom'

export const PROVIDER_KINDS: ReadonlyArray<ProviderKind> = ['openai-compatible', 'gemini', 'dashscope-app']

export const PRESETS: ReadonlyArray<ProviderPreset> = [
  {
    id: 'dashscope', kind: 'openai-compatible', name: { zh: '阿里云百炼 · 通义千问（兼容模式）', en: 'Alibaba DashScope · Qwen (compatible mode)' },
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', defaultModel: 'qwen-plus',
    models: ['qwen-plus', 'qwen-turbo', 'qwen-max', 'qwen-flash', 'qwen-long', 'qwen3-max'], needsKey: true
  },
  {
    id: 'deepseek', kind: 'openai-compatible', name: { zh: '深度求索 DeepSeek', en: 'DeepSeek' },
    baseUrl: 'https://api.deepseek.com/v1', defaultModel: 'deepseek-chat', models: ['deepseek-chat', 'deepseek-reasoner'], needsKey: true
  },
  {
    id: 'moonshot', kind: 'openai-compatible', name: { zh: '月之暗面 Kimi', en: 'Moonshot Kimi' },
    baseUrl: 'https://api.moonshot.cn/v1', defaultModel: 'moonshot-v1-8k',
    models: ['moonshot-v1-8k', 'moonshot-v1-32k', 'moonshot-v1-128k', 'kimi-k2-0905-preview', 'kimi-k2-turbo-preview'], needsKey: true
  },
  {
    id: 'zhipu', kind: 'openai-compatible', name: { zh: '智谱 GLM', en: 'Zhipu GLM' },
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4', defaultModel: 'glm-4-flash',
    models: ['glm-4-flash', 'glm-4-flashx', 'glm-4-air', 'glm-4-plus', 'glm-4.5', 'glm-4.5-air'], needsKey: true
  },
  {
    id: 'doubao', kind: 'openai-compatible', name: { zh: '火山方舟 · 豆包', en: 'Volcengine Ark · Doubao' },
    baseUrl: 'https://ark.cn-beijing.volces.com/api/v3', defaultModel: 'doubao-seed-1-6-flash-250615',
    models: ['doubao-seed-1-6-flash-250615', 'doubao-seed-1-6-250615', 'doubao-1-5-pro-32k-250115', 'doubao-1-5-lite-32k-250115'], needsKey: true
  },
  {
    id: 'openai', kind: 'openai-compatible', name: { zh: 'OpenAI', en: 'OpenAI' },
    baseUrl: 'https://api.openai.com/v1', defaultModel: 'gpt-4o-mini',
    models: ['gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-5-mini'], needsKey: true
  },
  {
    id: 'ollama', kind: 'openai-compatible', name: { zh: '本地 Ollama', en: 'Local Ollama' },
    baseUrl: 'http://127.0.0.1:11434/v1', defaultModel: 'qwen2.5:7b', models: ['qwen2.5:7b', 'qwen2.5:3b', 'qwen3:8b', 'llama3.1:8b'], needsKey: false
  },
  {
    id: 'gemini', kind: 'gemini', name: { zh: 'Google Gemini', en: 'Google Gemini' },
    baseUrl: 'https://generativelanguage.googleapis.com', defaultModel: 'gemini-2.5-flash',
    models: ['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.5-pro', 'gemini-2.0-flash'], needsKey: true
  },
  {
    id: 'dashscope-app', kind: 'dashscope-app', name: { zh: '阿里云百炼 · 应用（智能体）', en: 'Alibaba Model Studio application (agent)' },
    baseUrl: 'https://dashscope.aliyuncs.com/api/v1/apps/YOUR_APP_ID/completion', defaultModel: 'app', models: [], needsKey: true
  }
]

export function findPreset(id: string): ProviderPreset | undefined {
  return PRESETS.find((p) => p.id === id)
}

export const presetsOfKind = (kind: ProviderKind): ReadonlyArray<ProviderPreset> => PRESETS.filter((p) => p.kind === kind)

/** The fields a preset sets when it is picked. */
export function applyPreset(id: string): { preset: string; provider: ProviderKind; baseUrl: string; model: string } | null {
  const p = findPreset(id)
  return p ? { preset: p.id, provider: p.kind, baseUrl: p.baseUrl, model: p.defaultModel } : null
}

/** Models to suggest for the model field: the preset's list, or nothing for a custom endpoint. */
export const modelsFor = (presetId: string): ReadonlyArray<string> => findPreset(presetId)?.models ?? []
