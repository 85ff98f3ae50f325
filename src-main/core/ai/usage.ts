/**
 * Pure usage helpers: cost estimates and the rolling failure-rate alarm (seed 002: warn when
 * more than 5 % of replies fail, error above 10 %). Persistence is the caller's job.
 */
import type { ModelPrice, PriceTable } from './presets'
import type { LlmErrorKind } from './types'

/** The price entry for a model: exact, case-insensitive, then the longest known prefix ("qwen-plus-2025-01-25" → "qwen-plus"). */
export function findPrice(model: string, table: PriceTable): ModelPrice | null {
  const exact = table[model]
  if (exact) return exact
  const lower = model.toLowerCase()
  let best: { key: string; price: ModelPrice } | null = null
  for (const [key, price] of Object.entries(table)) {
    const k = key.toLowerCase()
    if (k === lower) return price
    if (lower.startsWith(k) && (!best || k.length > best.key.length)) best = { key: k, price }
  }
  return best?.price ?? null
}

/** Estimated ¥ for one call, rounded to 1e-6; null when the model has no price entry. */
export function estimateCost(model: string, tokensIn: number, tokensOut: number, table: PriceTable): number | null {
  const price = findPrice(model, table)
  if (!price) return null
  const yuan = (Math.max(0, tokensIn) * price.inPerM + Math.max(0, tokensOut) * price.outPerM) / 1_000_000
  return Math.round(yuan * 1e6) / 1e6
}

/**
 * Token count for providers that report no usage. Chinese text runs about one token per
 * character on the Qwen/DeepSeek tokenizers, Latin text about four characters per token.
 */
export function estimateTokens(text: string): number {
  let cjk = 0
  for (const ch of text) if (/[\u3000-\u9fff\uff00-\uffef]/u.test(ch)) cjk++
  const rest = [...text].length - cjk
  return cjk + Math.ceil(rest / 4)
}

export type FailureState = 'ok' | 'warn' | 'error'

export interface FailureRateOptions {
  readonly windowMs: number
  /** Warn when the failure rate is strictly above this (default 0.05). */
  readonly warnAt?: number
  /** Error when the failure rate is strictly above this (default 0.10). */
  readonly errorAt?: number
  /** Below this many samples in the window the state is 'ok' (one early failure is not 100 %). */
  readonly minSamples?: number
  readonly now?: () => number
}

export interface FailureSnapshot {
  readonly state: FailureState
  readonly samples: number
  readonly failures: number
  readonly rate: number
  readonly byKind: Readonly<Partial<Record<LlmErrorKind | 'other', number>>>
}

export interface FailureTransition {
  readonly from: FailureState
  readonly to: FailureState
  readonly snapshot: FailureSnapshot
}

interface Sample { readonly at: number; readonly ok: boolean; readonly kind: LlmErrorKind | 'other' | null }

/** Rolling-window failure rate. `record` returns a transition only when the state changes. */
export class FailureRateMonitor {
  readonly #windowMs: number
  readonly #warnAt: number
  readonly #errorAt: number
  readonly #minSamples: number
  readonly #now: () => number
  #samples: Sample[] = []
  #head = 0
  #failures = 0
  #state: FailureState = 'ok'

  constructor(opts: FailureRateOptions) {
    this.#windowMs = opts.windowMs
    this.#warnAt = opts.warnAt ?? 0.05
    this.#errorAt = opts.errorAt ?? 0.1
    this.#minSamples = opts.minSamples ?? 20
    this.#now = opts.now ?? Date.now
  }

  /** Record one outcome (`errorKind` for failures). */
  record(ok: boolean, errorKind?: LlmErrorKind | 'other', at: number = this.#now()): FailureTransition | null {
    this.#samples.push({ at, ok, kind: ok ? null : (errorKind ?? 'other') })
    if (!ok) this.#failures++
    return this.#update(at)
  }

  /** Re-evaluate after time passed without samples (old failures leave the window). */
  tick(at: number = this.#now()): FailureTransition | null {
    return this.#update(at)
  }

  get state(): FailureState {
    return this.#state
  }

  snapshot(at: number = this.#now()): FailureSnapshot {
    this.#prune(at)
    const samples = this.#samples.length - this.#head
    const byKind: Partial<Record<LlmErrorKind | 'other', number>> = {}
    for (let i = this.#head; i < this.#samples.length; i++) {
      const k = this.#samples[i]?.kind
      if (k) byKind[k] = (byKind[k] ?? 0) + 1
    }
    const rate = samples === 0 ? 0 : this.#failures / samples
    return { state: this.#classify(samples, rate), samples, failures: this.#failures, rate, byKind }
  }

  #update(at: number): FailureTransition | null {
    const snap = this.snapshot(at)
    if (snap.state === this.#state) return null
    const from = this.#state
    this.#state = snap.state
    return { from, to: snap.state, snapshot: snap }
  }

  #classify(samples: number, rate: number): FailureState {
    if (samples < this.#minSamples) return 'ok'
    if (rate > this.#errorAt) return 'error'
    if (rate > this.#warnAt) return 'warn'
    return 'ok'
  }

  #prune(at: number): void {
    const cutoff = at - this.#windowMs
    while (this.#head < this.#samples.length) {
      const s = this.#samples[this.#head]
      if (!s || s.at > cutoff) break
      if (!s.ok) this.#failures--
      this.#head++
    }
    // compact now and then so a long-running monitor does not grow without bound
    if (this.#head > 1024 && this.#head * 2 > this.#samples.length) {
      this.#samples = this.#samples.slice(this.#head)
      this.#head = 0
    }
  }
}
