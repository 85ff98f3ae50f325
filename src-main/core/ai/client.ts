/**
 * The LLM client the reply pipeline uses: one logical completion per call, with a per-attempt
 * timeout, bounded retries on 429/5xx/network (Retry-After honoured), failover to a backup
 * provider, and one usage record per attempt group (a provider with its retries) via `onCall`.
 */
import { combinedError, completeGroup, toResult, type GroupContext } from './group'
import { mergePriceTable, type PriceTable } from './presets'
import { createDashScopeAppProvider } from './providers/dashscopeApp'
import { createDemoProvider } from './providers/demo'
import { createGeminiProvider } from './providers/gemini'
import { createOpenAiCompatibleProvider } from './providers/openaiCompatible'
import { abortableSleep, DEFAULT_RETRY, type RetryPolicy } from './retry'
import { streamGroup } from './streamGroup'
import { LlmError, type LlmCallRecord, type LlmProvider, type LlmRequest, type LlmResult, type LlmStream, type ProviderConfig } from './types'

export interface LlmClientConfig extends ProviderConfig {
  /** Tried once the primary has failed after its retries (same shape, any provider family). */
  readonly backup?: ProviderConfig
}

export interface LlmClientOptions {
  /** One record per attempt group; persisted by the caller (usage table, failure monitor). */
  readonly onCall?: (record: LlmCallRecord) => void
  /** The user's price overrides on top of the built-in estimates. */
  readonly priceTable?: PriceTable
  readonly retry?: Partial<RetryPolicy>
  /** Injected for tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly random?: () => number
  readonly now?: () => number
  /** Injected for tests; defaults to the three real adapters. */
  readonly createProvider?: (cfg: ProviderConfig) => LlmProvider
}

export interface LlmClient {
  /** One answer. Rejects with LlmError (see `kind`); never resolves with empty text. */
  complete(req: LlmRequest): Promise<LlmResult>
  /** Starts at once; deltas are buffered until iterated. Retry/failover only before the first delta. */
  stream(req: LlmRequest): LlmStream
}

export function createProvider(cfg: ProviderConfig): LlmProvider {
  switch (cfg.provider) {
    case 'openai-compatible': return createOpenAiCompatibleProvider(cfg)
    case 'gemini': return createGeminiProvider(cfg)
    case 'dashscope-app': return createDashScopeAppProvider(cfg)
    case 'demo': return createDemoProvider(cfg)
    default: throw new LlmError('config', `unknown provider: ${String((cfg as { provider: unknown }).provider)}`)
  }
}

export function createLlmClient(config: LlmClientConfig, options: LlmClientOptions = {}): LlmClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const priceTable = mergePriceTable(options.priceTable)
  const makeCtx = (req: LlmRequest): GroupContext => ({
    req, policy, priceTable,
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    onCall: options.onCall,
    build: options.createProvider ?? createProvider
  })

  async function complete(req: LlmRequest): Promise<LlmResult> {
    const ctx = makeCtx(req)
    const t0 = ctx.now()
    const primary = await completeGroup(ctx, config, 'primary')
    if (primary.ok) return toResult(ctx, primary, { cfg: config, t0, viaBackup: false })
    if (!config.backup || primary.error.kind === 'aborted') throw primary.error
    const backup = await completeGroup(ctx, config.backup, 'backup')
    if (backup.ok) return toResult(ctx, backup, { cfg: config.backup, t0, viaBackup: true })
    throw combinedError(primary.error, backup.error)
  }

  return { complete, stream: (req) => streamGroup(makeCtx(req), config) }
}
