import type { DashboardSummary } from '@contract/reply'
import type { Db } from '../db/open'
import type { Clock } from '../ports'

const DAY = 24 * 60 * 60_000

function startOfDay(ms: number): number {
  const d = new Date(ms)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

const percentile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** Aggregations for the dashboard, straight from the messages, decision and usage tables. */
export class DashboardService {
  readonly #db: Db
  readonly #clock: Clock
  constructor(deps: { db: Db; clock: Clock }) {
    this.#db = deps.db
    this.#clock = deps.clock
  }

  summary(range: 'today' | '7d', accountId?: string): DashboardSummary {
    const to = this.#clock.now()
    const from = range === 'today' ? startOfDay(to) : startOfDay(to) - 6 * DAY
    const p = { from, to, acc: accountId ?? null }
    const scope = '(@acc IS NULL OR account_id = @acc) AND created_at >= @from AND created_at <= @to'
    const msgs = this.#db.prepare(`SELECT direction, count(*) AS n FROM messages WHERE ${scope} AND content_type IN ('text','image') GROUP BY direction`).all(p) as Array<{ direction: string; n: number }>
    const messagesIn = msgs.find((m) => m.direction === 'in')?.n ?? 0
    const messagesOut = msgs.find((m) => m.direction === 'out')?.n ?? 0
    const sources = this.#db.prepare(`SELECT source, count(*) AS n FROM messages WHERE ${scope} AND direction = 'out' AND source IS NOT NULL GROUP BY source`).all(p) as Array<{ source: string; n: number }>
    const bySource = Object.fromEntries(sources.map((s) => [s.source, s.n]))
    const answered = this.#db.prepare(`SELECT count(DISTINCT message_id) AS n FROM decision_log WHERE ${scope} AND reply_message_id IS NOT NULL AND source IN ('keyword','ai','fallback','refusal')`).get(p) as { n: number }
    return { from, to, messagesIn, messagesOut, autoAnsweredShare: messagesIn === 0 ? 0 : Math.min(1, answered.n / messagesIn), bySource, ai: this.#ai(p, scope), bargaining: this.#bargaining(p, scope), daily: this.#daily(p, scope) }
  }

  #ai(p: Record<string, unknown>, scope: string): DashboardSummary['ai'] {
    const t = this.#db.prepare(`SELECT count(*) AS calls, sum(ok = 0) AS failures, coalesce(sum(tokens_in),0) AS tin, coalesce(sum(tokens_out),0) AS tout, coalesce(sum(cost_yuan),0) AS cost FROM usage_log WHERE ${scope}`).get(p) as { calls: number; failures: number | null; tin: number; tout: number; cost: number }
    const lat = (this.#db.prepare(`SELECT latency_ms FROM usage_log WHERE ${scope} AND ok = 1 ORDER BY latency_ms`).pluck().all(p) as number[])
    const failures = t.failures ?? 0
    const rate = t.calls === 0 ? 0 : failures / t.calls
    const byModel = this.#db.prepare(`SELECT model, count(*) AS calls, sum(tokens_in + tokens_out) AS tokens, sum(cost_yuan) AS costYuan FROM usage_log WHERE ${scope} GROUP BY model ORDER BY calls DESC`).all(p) as DashboardSummary['ai']['byModel']
    const byAccount = this.#db.prepare(`SELECT account_id AS accountId, count(*) AS calls, sum(tokens_in + tokens_out) AS tokens, sum(cost_yuan) AS costYuan FROM usage_log WHERE ${scope} GROUP BY account_id ORDER BY calls DESC`).all(p) as DashboardSummary['ai']['byAccount']
    return {
      calls: t.calls, failures, failureRate: rate, alert: rate > 0.1 ? 'error' : rate > 0.05 ? 'warn' : 'ok', tokensIn: t.tin, tokensOut: t.tout,
      costYuan: Math.round(t.cost * 10000) / 10000, latencyP50Ms: percentile(lat, 0.5), latencyP95Ms: percentile(lat, 0.95), byModel, byAccount
    }
  }

  #bargaining(p: Record<string, unknown>, scope: string): DashboardSummary['bargaining'] {
    const rounds = this.#db.prepare(`SELECT max(round) AS r FROM decision_log WHERE ${scope} AND round IS NOT NULL GROUP BY account_id, cid`).pluck().all(p) as number[]
    const roundsHistogram = Array.from({ length: 11 }, () => 0)
    for (const r of rounds) roundsHistogram[Math.min(10, Math.max(0, r))] = (roundsHistogram[Math.min(10, Math.max(0, r))] ?? 0) + 1
    const refusals = (this.#db.prepare(`SELECT count(*) FROM decision_log WHERE ${scope} AND source = 'refusal'`).pluck().get(p) as number) ?? 0
    const conc = this.#db.prepare(`SELECT avg((i.price - d.allowed_price) / i.price) AS c FROM decision_log d
      JOIN conversations c ON c.account_id = d.account_id AND c.cid = d.cid
      JOIN items i ON i.account_id = c.account_id AND i.item_id = c.item_id
      WHERE (@acc IS NULL OR d.account_id = @acc) AND d.created_at >= @from AND d.created_at <= @to AND d.allowed_price IS NOT NULL AND i.price > 0 AND d.reply_message_id IS NOT NULL`).get(p) as { c: number | null }
    return { roundsHistogram, refusals, averageConcession: Math.max(0, Math.min(1, conc.c ?? 0)) }
  }

  #daily(p: { from: number; to: number; acc: string | null }, scope: string): DashboardSummary['daily'] {
    const days: DashboardSummary['daily'] = []
    for (let day = p.from; day <= p.to; day += DAY) days.push({ day, messagesIn: 0, messagesOut: 0, costYuan: 0 })
    const idx = (ms: number): number => Math.min(days.length - 1, Math.max(0, Math.floor((startOfDay(ms) - p.from) / DAY)))
    for (const r of this.#db.prepare(`SELECT created_at AS at, direction FROM messages WHERE ${scope} AND content_type IN ('text','image')`).iterate(p) as Iterable<{ at: number; direction: string }>) {
      const d = days[idx(r.at)]
      if (d) d[r.direction === 'in' ? 'messagesIn' : 'messagesOut'] += 1
    }
    for (const r of this.#db.prepare(`SELECT created_at AS at, cost_yuan AS c FROM usage_log WHERE ${scope}`).iterate(p) as Iterable<{ at: number; c: number }>) {
      const d = days[idx(r.at)]
      if (d) d.costYuan = Math.round((d.costYuan + r.c) * 10000) / 10000
    }
    return days
  }
}
