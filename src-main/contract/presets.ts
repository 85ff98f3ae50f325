import type { ProviderKind } from './schemas'

/**
 * The provider presets the AI settings offer (no prices: those are estimates kept in core).
 * Shared by core (client defaults) and the renderer (the preset picker).
 */
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

/** The demo model's placeholder address: nothing is ever requested from it. */
export const DEMO_BASE_URL = 'http://127.0.0.1/demo-model'

/**
 * The demo's virtual item (issue 18 × 16): the bundled simulator's demo scenario sells it, the
 * demo account's delivery rule delivers it. One id for both, so the rule matches the demo's orders.
 */
export const DEMO_VIRTUAL_ITEM = { itemId: '800000000103', title: 'Steam 游戏激活码 自动发货' } as const

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
  },
  {
    // no network: the answers are computed on this machine from the prompt (core/ai/providers/demo.ts)
    id: 'demo', kind: 'demo', name: { zh: '演示模型（本地，无需密钥）', en: 'Demo model (local, no key)' },
    baseUrl: DEMO_BASE_URL, defaultModel: 'demo-1', models: ['demo-1'], needsKey: false
  }
]
