import { PRESETS, type ProviderKind, type ProviderPreset } from '@contract'

/** The provider presets the AI page offers: the contract's list (prices stay in core). */
export { PRESETS, type ProviderPreset }

/** Stored in `AccountSettings.preset` when the seller typed their own base URL. */
export const CUSTOM_PRESET = 'custom'

export const PROVIDER_KINDS: ReadonlyArray<ProviderKind> = ['openai-compatible', 'gemini', 'dashscope-app', 'demo']

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
