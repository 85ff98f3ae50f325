import type { AccountSettings } from '@contract/schemas'
import { createLlmClient, FailureRateMonitor, type LlmCallRecord, type LlmClient, type LlmClientOptions } from '../ai'
import type { UsageRepo } from '../db/repos/usageRepo'
import type { Clock, Logger } from '../ports'

export interface LlmAvailability {
  readonly client: LlmClient | null
  readonly reason: string
  /** Why there is no client, as the outcome reason a held message shows. */
  readonly code: 'ai_off' | 'no_api_key' | 'budget' | null
}

const NO_KEY_PROVIDERS = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/

/**
 * One LLM client per account, rebuilt when its settings or key change. Every call is written to
 * the usage log and fed to the account's failure-rate monitor (warn > 5 %, error > 10 %).
 */
export class LlmFactory {
  readonly #cache = new Map<string, { fingerprint: string; client: LlmClient }>()
  readonly #monitors = new Map<string, FailureRateMonitor>()
  readonly #usage: UsageRepo
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #options: Partial<LlmClientOptions>
  #onAlert: (accountId: string, state: 'ok' | 'warn' | 'error') => void = () => {}

  constructor(deps: { usage: UsageRepo; clock: Clock; logger: Logger; options?: Partial<LlmClientOptions> }) {
    this.#usage = deps.usage
    this.#clock = deps.clock
    this.#logger = deps.logger
    this.#options = deps.options ?? {}
  }

  get(accountId: string, s: AccountSettings, apiKey: string | null, backupKey: string | null = null): LlmAvailability {
    if (!s.aiEnabled) return { client: null, reason: 'AI replies are turned off for this account', code: 'ai_off' }
    if (!this.keyUsable(s, apiKey)) return { client: null, reason: 'no API key configured', code: 'no_api_key' }
    if (this.overBudget(accountId, s)) {
      return { client: null, reason: `daily AI budget of ¥${s.dailyBudgetYuan} reached: keyword rules only until tomorrow`, code: 'budget' }
    }
    const fingerprint = JSON.stringify([s.provider, s.baseUrl, s.model, apiKey ?? '', s.backup, backupKey ?? ''])
    const hit = this.#cache.get(accountId)
    if (hit && hit.fingerprint === fingerprint) return { client: hit.client, reason: '', code: null }
    const client = createLlmClient(
      {
        provider: s.provider, baseUrl: s.baseUrl, model: s.model, apiKey: apiKey ?? '',
        ...(s.backup ? { backup: { ...s.backup, apiKey: backupKey ?? '' } } : {})
      },
      { ...this.#options, onCall: (r) => this.#record(accountId, r) }
    )
    this.#cache.set(accountId, { fingerprint, client })
    return { client, reason: '', code: null }
  }

  /** A key is configured, or the provider is a local one that needs none (the demo model, Ollama). */
  keyUsable(s: AccountSettings, apiKey: string | null): boolean {
    if (s.provider === 'demo') return true
    return apiKey !== null && apiKey !== '' ? true : NO_KEY_PROVIDERS.test(s.baseUrl)
  }

  overBudget(accountId: string, s: AccountSettings): boolean {
    return s.dailyBudgetYuan !== null && this.spentToday(accountId) >= s.dailyBudgetYuan
  }

  /** Failure-rate state changes (warn > 5 %, error > 10 % over the last hour). */
  onAlert(fn: (accountId: string, state: 'ok' | 'warn' | 'error') => void): void {
    this.#onAlert = fn
  }

  invalidate(accountId: string): void {
    this.#cache.delete(accountId)
  }

  failureState(accountId: string): 'ok' | 'warn' | 'error' {
    return this.#monitors.get(accountId)?.snapshot().state ?? 'ok'
  }

  spentToday(accountId: string): number {
    const d = new Date(this.#clock.now())
    d.setHours(0, 0, 0, 0)
    return this.#usage.spentSince(accountId, d.getTime())
  }

  #record(accountId: string, r: LlmCallRecord): void {
    this.#usage.insert({
      accountId, provider: r.provider, model: r.model, tokensIn: r.tokensIn, tokensOut: r.tokensOut, latencyMs: r.latencyMs,
      costYuan: r.costYuan ?? 0, ok: r.ok, errorKind: r.errorKind ?? null, createdAt: this.#clock.now()
    })
    if (r.errorKind === 'aborted') return
    let m = this.#monitors.get(accountId)
    if (!m) this.#monitors.set(accountId, (m = new FailureRateMonitor({ windowMs: 60 * 60_000, now: () => this.#clock.now() })))
    const change = m.record(r.ok, r.errorKind)
    if (change) {
      this.#logger.warn('AI failure rate changed', { accountId, from: change.from, to: change.to, rate: change.snapshot.rate })
      this.#onAlert(accountId, change.to)
    }
  }
}
