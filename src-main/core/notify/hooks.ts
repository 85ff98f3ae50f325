import type { DecisionRecord } from '@contract/reply'
import type { NotifyRouting } from '@contract/notify'
import type { CoreEvents } from '../events'
import type { Clock } from '../ports'
import type { NotifyRouter } from './router'

export interface DailyFigures {
  readonly messages: number
  readonly replies: number
  readonly orders: number
  readonly costYuan: number
}

export interface HookDeps {
  readonly events: CoreEvents
  readonly router: Pick<NotifyRouter, 'raise' | 'resolve' | 'once'>
  readonly clock: Clock
  readonly routing: () => NotifyRouting
  readonly chat: (accountId: string, cid: string) => { buyerNick: string; itemTitle: string | null; lastMessageText: string } | null
  /** Today's figures (local day) for the daily summary. */
  readonly today: () => DailyFigures
}

const BUDGET = /^daily AI budget/
const localDay = (ts: number): string => {
  const d = new Date(ts)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** What outbound safety found, in the seller's words (records from before issue 18 have only the English detail). */
const SAFETY_FOUND: Readonly<Record<string, string>> = {
  contact: '引导到站外联系（微信、QQ 等）', link: '含链接', phone: '含电话号码', offline: '引导线下交易', risky_word: '含风险词', truncated: '过长被截断'
}

/** Why a decision needs the seller: an AI reply the safety check blocked, or a copilot draft waiting. */
function heldReason(d: DecisionRecord): string | null {
  if (d.checks.some((c) => c.kind === 'ai' && !c.ok && c.detail === 'AI reply blocked by outbound safety')) {
    const found = d.checks.filter((c) => c.kind.startsWith('safety.') && !c.ok && c.params?.action !== 'blocked')
    const why = [...new Set(found.map((c) => SAFETY_FOUND[String(c.params?.action ?? '')] ?? c.detail))]
    if (found.every((c) => c.params?.action !== undefined)) return `AI 回复被安全检查拦下，没有发送：${why.join('、')}。`.slice(0, 300)
    return `AI 回复被安全检查拦下，没有发送。${why.join('；')}`.slice(0, 300)
  }
  if (d.reason.includes('(draft: copilot mode)')) return '副驾驶草稿等你确认后发送。'
  return null
}

/**
 * Events core already emits, turned into notices without touching the pipeline: held / blocked
 * AI replies and the daily budget (from decision records), and the daily summary on a timer.
 */
export function notifyHooks(d: HookDeps): () => void {
  const budgetDay = new Map<string, string>()
  const off = d.events.on('decision.added', ({ decision }) => {
    const chat = d.chat(decision.accountId, decision.cid)
    const budget = decision.checks.find((c) => c.kind === 'ai' && !c.ok && BUDGET.test(c.detail))
    if (budget) {
      const today = localDay(d.clock.now())
      // one budget notice per account per day: yesterday's incident is over at midnight
      if (budgetDay.get(decision.accountId) !== today) d.router.resolve('budget_reached', decision.accountId)
      budgetDay.set(decision.accountId, today)
      d.router.raise({ kind: 'budget_reached', accountId: decision.accountId, vars: { budget: /¥([\d.]+)/.exec(budget.detail)?.[1] ?? '' } })
    }
    const reason = heldReason(decision)
    if (!reason) return
    d.router.once({
      kind: 'reply_held', accountId: decision.accountId, cid: decision.cid,
      vars: { buyer: chat?.buyerNick || '买家', item: chat?.itemTitle ?? '', text: chat?.lastMessageText.slice(0, 120) ?? '', reason }
    })
  })

  let timer: { cancel(): void } | null = null
  const schedule = (): void => {
    const [h = 21, m = 0] = d.routing().dailySummaryAt.split(':').map(Number)
    const now = d.clock.now()
    const next = new Date(now)
    next.setHours(h, m, 0, 0)
    if (next.getTime() <= now) next.setDate(next.getDate() + 1)
    timer = d.clock.setTimeout(() => {
      const f = d.today()
      d.router.once({ kind: 'daily_summary', accountId: null, vars: { date: localDay(d.clock.now()), messages: f.messages, replies: f.replies, orders: f.orders, cost: f.costYuan.toFixed(2) } })
      schedule()
    }, next.getTime() - now)
  }
  schedule()
  // the routing changed (deliveryId null): the summary time may have moved
  const offRouting = d.events.on('notify.changed', ({ deliveryId }) => {
    if (deliveryId !== null) return
    timer?.cancel()
    schedule()
  })
  return () => {
    off()
    offRouting()
    timer?.cancel()
  }
}
