/**
 * Attempt groups: one provider with its retries. Each group emits exactly one usage record,
 * whatever happened inside it, so the failure-rate monitor and the cost table count calls,
 * not HTTP attempts.
 */
import type { PriceTable } from './presets'
import { classifyThrown } from './providers/errors'
import { attemptSignal, backoffDelay, isRetryable, type RetryPolicy } from './retry'
import {
  LlmError, type LlmCallRecord, type LlmProvider, type LlmRequest, type LlmResult, type ProviderConfig, type ProviderOutput
} from './types'
import { estimateCost, estimateTokens } from './usage'
import { cleanAnswer } from './answerText'

export const DEFAULT_TIMEOUT_MS = 30_000

/** Shared state of one client call. */
export interface GroupContext {
  readonly req: LlmRequest
  readonly policy: RetryPolicy
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly random: () => number
  readonly now: () => number
  readonly priceTable: PriceTable
  readonly onCall: ((r: LlmCallRecord) => void) | undefined
  readonly build: (cfg: ProviderConfig) => LlmProvider
}

export type Role = 'primary' | 'backup'

export interface GroupSuccess {
  readonly ok: true
  readonly output: ProviderOutput
  readonly tokensIn: number
  readonly tokensOut: number
  readonly usageEstimated: boolean
}
export interface GroupFailure {
  readonly ok: false
  readonly error: LlmError
  /** Tokens billed despite the failure (an empty answer still costs its prompt). */
  readonly tokensIn?: number
  readonly tokensOut?: number
  /** The model that answered, when it did answer (for pricing the wasted tokens). */
  readonly model?: string
}
export type GroupOutcome = GroupSuccess | GroupFailure

/** Build the provider, turning a settings problem into LlmError 'config' instead of a throw at construction. */
export function buildProvider(ctx: GroupContext, cfg: ProviderConfig): LlmProvider | LlmError {
  try {
    return ctx.build(cfg)
  } catch (err) {
    return err instanceof LlmError ? err : new LlmError('config', `${cfg.provider}: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
}

/**
 * Fill in usage the provider did not report; the text is cleaned (no reasoning, role labels or
 * wrapping: `cleanAnswer`); empty answers become LlmError 'empty' (with their tokens).
 */
export function finishOutput(ctx: GroupContext, raw: ProviderOutput): GroupOutcome {
  const output = { ...raw, text: cleanAnswer(raw.text) }
  const usageEstimated = output.tokensIn === null || output.tokensOut === null
  const promptText = ctx.req.system + ctx.req.messages.map((m) => m.content).join('\n')
  const tokensIn = output.tokensIn ?? estimateTokens(promptText)
  const tokensOut = output.tokensOut ?? estimateTokens(raw.text)
  if (!output.text.trim()) return { ok: false, error: new LlmError('empty', `${output.model}: empty answer`), tokensIn, tokensOut, model: output.model }
  return { ok: true, output, tokensIn, tokensOut, usageEstimated }
}

export function emitRecord(ctx: GroupContext, r: Omit<LlmCallRecord, 'costYuan'>): void {
  const costYuan = r.tokensIn + r.tokensOut > 0 ? estimateCost(r.model, r.tokensIn, r.tokensOut, ctx.priceTable) : 0
  try {
    ctx.onCall?.({ ...r, costYuan })
  } catch {
    // best effort: a failing usage sink must not turn a good answer into a failure
  }
}

export function recordOutcome(ctx: GroupContext, g: { cfg: ProviderConfig; role: Role; attempts: number; startedAt: number; stream: boolean }, outcome: GroupOutcome): void {
  emitRecord(ctx, {
    provider: g.cfg.provider,
    model: outcome.ok ? outcome.output.model : (outcome.model ?? g.cfg.model),
    role: g.role, attempts: g.attempts, stream: g.stream, startedAt: g.startedAt, latencyMs: ctx.now() - g.startedAt,
    tokensIn: outcome.tokensIn ?? 0, tokensOut: outcome.tokensOut ?? 0,
    usageEstimated: outcome.ok ? outcome.usageEstimated : true,
    ok: outcome.ok, ...(outcome.ok ? {} : { errorKind: outcome.error.kind })
  })
}

/** The delay before the next attempt after `err` on attempt `attempt` (1-based), or null to stop. */
export function nextDelay(ctx: GroupContext, err: LlmError, attempt: number): number | null {
  if (!isRetryable(err) || attempt > ctx.policy.maxRetries) return null
  return backoffDelay(attempt - 1, err, ctx.policy, ctx.random)
}

/** Wait out a backoff; a caller abort during the wait ends the group as 'aborted'. */
export async function backoff(ctx: GroupContext, ms: number, provider: string): Promise<LlmError | null> {
  try {
    await ctx.sleep(ms, ctx.req.signal)
    return ctx.req.signal?.aborted ? new LlmError('aborted', `${provider}: cancelled by the caller`) : null
  } catch (err) {
    return err instanceof LlmError ? err : new LlmError('aborted', `${provider}: cancelled by the caller`, { cause: err })
  }
}

async function attemptOnce(ctx: GroupContext, provider: LlmProvider, cfg: ProviderConfig): Promise<GroupOutcome> {
  const att = attemptSignal(cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS, ctx.req.signal, cfg.provider)
  try {
    return finishOutput(ctx, await provider.complete(ctx.req, att.signal))
  } catch (err) {
    return { ok: false, error: classifyThrown(cfg.provider, err, att.signal) }
  } finally {
    att.dispose()
  }
}

/**
 * One provider with its retries → one usage record. `attempt` makes one try; `mayRetry` can veto
 * a retry after a failure (a stream that already emitted text must not start over).
 */
export async function runGroup(ctx: GroupContext, cfg: ProviderConfig, o: {
  role: Role
  stream: boolean
  attempt: (provider: LlmProvider) => Promise<GroupOutcome>
  mayRetry?: () => boolean
}): Promise<GroupOutcome> {
  const startedAt = ctx.now()
  const provider = buildProvider(ctx, cfg)
  let attempts = 0
  let outcome: GroupOutcome
  if (provider instanceof LlmError) {
    outcome = { ok: false, error: provider }
  } else {
    for (;;) {
      attempts++
      outcome = await o.attempt(provider)
      const delay = outcome.ok || (o.mayRetry && !o.mayRetry()) ? null : nextDelay(ctx, outcome.error, attempts)
      if (delay === null) break
      const stop = await backoff(ctx, delay, cfg.provider)
      if (stop) {
        outcome = { ok: false, error: stop }
        break
      }
    }
  }
  recordOutcome(ctx, { cfg, role: o.role, attempts, startedAt, stream: o.stream }, outcome)
  return outcome
}

export function completeGroup(ctx: GroupContext, cfg: ProviderConfig, role: Role): Promise<GroupOutcome> {
  return runGroup(ctx, cfg, { role, stream: false, attempt: (provider) => attemptOnce(ctx, provider, cfg) })
}

export function toResult(ctx: GroupContext, o: GroupSuccess, at: { cfg: ProviderConfig; t0: number; viaBackup: boolean }): LlmResult {
  const { cfg, t0, viaBackup } = at
  return {
    text: o.output.text.trim(), tokensIn: o.tokensIn, tokensOut: o.tokensOut, usageEstimated: o.usageEstimated,
    latencyMs: ctx.now() - t0, provider: cfg.provider, model: o.output.model, finishReason: o.output.finishReason, viaBackup
  }
}

/** Both failed: keep the primary's kind (the configured provider), and say the backup failed too. */
export function combinedError(primary: LlmError, backup: LlmError): LlmError {
  return new LlmError(primary.kind, `${primary.message}; backup failed too: ${backup.message}`, {
    cause: backup, ...(primary.status === undefined ? {} : { status: primary.status })
  })
}
