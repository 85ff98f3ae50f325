import type { Db } from '../open'

export interface UsageRow {
  readonly accountId: string
  readonly provider: string
  readonly model: string
  readonly tokensIn: number
  readonly tokensOut: number
  readonly latencyMs: number
  readonly costYuan: number
  readonly ok: boolean
  readonly errorKind: string | null
  readonly createdAt: number
}

export class UsageRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      insert: db.prepare(`INSERT INTO usage_log (account_id, provider, model, tokens_in, tokens_out, latency_ms, cost_yuan, ok, error_kind, created_at)
        VALUES (@accountId, @provider, @model, @tokensIn, @tokensOut, @latencyMs, @costYuan, @ok, @errorKind, @createdAt)`),
      spent: db.prepare<[string, number], { c: number | null }>('SELECT sum(cost_yuan) AS c FROM usage_log WHERE account_id = ? AND created_at >= ?')
    }
  }

  insert(u: UsageRow): void {
    this.#q.insert.run({ ...u, ok: u.ok ? 1 : 0 })
  }

  /** Estimated ¥ spent by an account since `since` (for the daily budget). */
  spentSince(accountId: string, since: number): number {
    return this.#q.spent.get(accountId, since)?.c ?? 0
  }
}
