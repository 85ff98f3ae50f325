/** Public surface of the AI engine's provider layer. */
export { createLlmClient, createProvider, type LlmClient, type LlmClientConfig, type LlmClientOptions } from './client'
export { DEFAULT_TIMEOUT_MS } from './group'
export { DEFAULT_PRICE_TABLE, findPreset, mergePriceTable, PRESETS, PRICES_ARE_ESTIMATES, PRICES_AS_OF, type ModelPrice, type PriceTable, type ProviderPreset } from './presets'
export { parseDashScopeAppUrl } from './providers/dashscopeApp'
export { DEFAULT_RETRY, type RetryPolicy } from './retry'
export * from './types'
export { estimateCost, estimateTokens, FailureRateMonitor, findPrice, type FailureSnapshot, type FailureState, type FailureTransition } from './usage'
