/**
 * Public surface of the AI engine's provider layer.
 *
 * ```ts
 * const client = createLlmClient(
 *   { provider: s.provider, baseUrl: s.baseUrl, model: s.model, apiKey, timeoutMs: 20_000, backup },
 *   { onCall: (r) => usageRepo.insert(r), priceTable: userPrices })
 * try {
 *   const r = await client.complete({ system, messages, maxTokens: 120, signal })
 *   // r.text (never empty), r.tokensIn/Out, r.latencyMs, r.provider, r.model, r.viaBackup
 * } catch (e) {
 *   if (e instanceof LlmError) … e.kind  // 'auth' | 'rate_limited' | 'server' | 'timeout' | 'bad_response' | 'empty' | 'network' | 'config' | 'aborted'
 * }
 * ```
 */
export { cleanAnswer, cleanPartialAnswer } from './answerText'
export { createLlmClient, createProvider, type LlmClient, type LlmClientConfig, type LlmClientOptions } from './client'
export { DEFAULT_TIMEOUT_MS } from './group'
export { DEFAULT_PRICE_TABLE, findPreset, mergePriceTable, PRESETS, PRICES_ARE_ESTIMATES, PRICES_AS_OF, type ModelPrice, type PriceTable, type ProviderPreset } from './presets'
export { parseDashScopeAppUrl } from './providers/dashscopeApp'
export { DEFAULT_RETRY, type RetryPolicy } from './retry'
export * from './types'
export { estimateCost, estimateTokens, FailureRateMonitor, findPrice, type FailureSnapshot, type FailureState, type FailureTransition } from './usage'
