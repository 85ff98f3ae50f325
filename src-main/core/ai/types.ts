/**
 * Provider-neutral LLM types. The reply pipeline only ever sees these: which wire protocol
 * (OpenAI-compatible, Gemini REST, DashScope application API) answered is a detail of
 * `providers/*` and shows up only in `LlmResult.provider` and the usage records.
 */
import type { ProviderKind } from '@contract/schemas'

export type { ProviderKind }

export interface LlmMessage {
  readonly role: 'user' | 'assistant'
  readonly content: string
}

export interface LlmRequest {
  /** System prompt. Providers place it where their protocol wants it (system message, systemInstruction, …). */
  readonly system: string
  /** Oldest first; the last one is normally the buyer's (quoted) message. */
  readonly messages: ReadonlyArray<LlmMessage>
  readonly maxTokens?: number
  readonly temperature?: number
  /** The caller's cancel (e.g. the seller took over mid-call). Surfaces as LlmError 'aborted'. */
  readonly signal?: AbortSignal
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other'

export interface LlmResult {
  /** Trimmed, never empty (empty answers throw LlmError 'empty'). */
  readonly text: string
  readonly tokensIn: number
  readonly tokensOut: number
  /** True when the provider reported no usage and the counts are a character-based estimate. */
  readonly usageEstimated: boolean
  /** Wall time of the whole call, including retries, backoff and failover. */
  readonly latencyMs: number
  readonly provider: ProviderKind
  /** The model that answered (for DashScope apps: the app's underlying model when reported, else `app:<id>`). */
  readonly model: string
  readonly finishReason: FinishReason
  /** True when the backup provider produced this answer. */
  readonly viaBackup: boolean
}

/**
 * A streamed completion (copilot drafts). Iterate for text deltas; `result` settles once the
 * stream ends, with the same shape as `complete()`. Errors reject both the iteration and `result`.
 */
export interface LlmStream extends AsyncIterable<string> {
  readonly result: Promise<LlmResult>
}

export type LlmErrorKind =
  | 'auth'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'bad_response'
  | 'empty'
  | 'network'
  | 'config'
  /** The caller's own signal fired: not a provider failure, do not count it in failure rates. */
  | 'aborted'

export const LLM_ERROR_KINDS: ReadonlyArray<LlmErrorKind> = [
  'auth', 'rate_limited', 'server', 'timeout', 'bad_response', 'empty', 'network', 'config', 'aborted'
]

export class LlmError extends Error {
  readonly kind: LlmErrorKind
  /** HTTP status when there was one. */
  readonly status?: number
  /** Server-requested wait before retrying (Retry-After, retry-after-ms, Gemini RetryInfo). */
  readonly retryAfterMs?: number
  constructor(kind: LlmErrorKind, message: string, options?: { cause?: unknown; status?: number; retryAfterMs?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LlmError'
    this.kind = kind
    if (options?.status !== undefined) this.status = options.status
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
  }
}

/** Where one provider lives. The API key is passed in by the caller (it comes from the keychain). */
export interface ProviderConfig {
  readonly provider: ProviderKind
  /** OpenAI-compatible: the `/v1` base. Gemini: the API origin. DashScope app: the app URL (the app id is parsed from it). */
  readonly baseUrl: string
  /** For DashScope apps this may hold the app id when the URL does not. */
  readonly model: string
  readonly apiKey: string
  /** Per attempt; default 30 s. */
  readonly timeoutMs?: number
}

/** What a provider adapter returns for one HTTP attempt; the client adds latency, retries, accounting. */
export interface ProviderOutput {
  readonly text: string
  readonly tokensIn: number | null
  readonly tokensOut: number | null
  readonly model: string
  readonly finishReason: FinishReason
}

export type ProviderChunk =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'done'; readonly output: ProviderOutput }

/**
 * One wire protocol. Adapters throw LlmError (already classified) and never retry: retries,
 * timeouts and failover belong to the client so they are counted once, in one place.
 */
export interface LlmProvider {
  readonly kind: ProviderKind
  readonly model: string
  complete(req: LlmRequest, signal: AbortSignal): Promise<ProviderOutput>
  stream(req: LlmRequest, signal: AbortSignal): AsyncIterable<ProviderChunk>
}

/** One usage record per attempt group (a provider with its retries), handed to `onCall`. */
export interface LlmCallRecord {
  readonly provider: ProviderKind
  readonly model: string
  readonly role: 'primary' | 'backup'
  /** HTTP attempts in this group (1 + retries). */
  readonly attempts: number
  readonly tokensIn: number
  readonly tokensOut: number
  readonly usageEstimated: boolean
  readonly latencyMs: number
  readonly ok: boolean
  readonly errorKind?: LlmErrorKind
  /** Estimated ¥; null when the model is not in the price table. */
  readonly costYuan: number | null
  readonly stream: boolean
  /** Epoch ms when the group started. */
  readonly startedAt: number
}
