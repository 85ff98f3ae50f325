import type { Message } from '@contract/schemas'
import type { OutcomeReason } from '@contract/reply'
import type { ReplyIntent } from '../db/repos/intentRepo'
import { isConnectionLoss } from './delivery'
import type { PipelineDeps } from './deps'
import type { Outbound } from './outbound'
import type { OutcomeBook } from './outcomes'

export interface ResumerDeps {
  readonly d: PipelineDeps
  readonly outbound: Outbound
  readonly outcomes: OutcomeBook
  /** A buyer message this process is answering right now. */
  readonly isActive: (messageId: number) => boolean
  /** Answers a stored buyer message like a new one (freshness window and holds apply). */
  readonly admit: (m: Message) => void
}

/**
 * Issue 15.1: what the last run left unsettled is finished exactly once. A reply intent whose
 * message comes back from the platform was sent (claimed); one that does not is sent now, with its
 * own key, after the price check; the remaining unsettled buyer messages are answered like new.
 */
export class Resumer {
  readonly #r: ResumerDeps

  constructor(deps: ResumerDeps) {
    this.#r = deps
  }

  /** Returns the intent when `m` is the platform's copy of one of our pending replies, else null. */
  claimOwnReply(m: { accountId: string; cid: string; text: string; imageUrl?: string | null | undefined; clientUuid?: string | null | undefined }): ReplyIntent | null {
    const intent = this.#r.outbound.delivery.claimEcho(m)
    if (intent) this.#answeredByIntent(intent)
    return intent
  }

  /**
   * After an account's backfill (at start: after a crash or a kill): pending reply intents are sent
   * (their echo did not come back, so the platform does not have them); then `release` lets new
   * messages through, and every stored buyer message still without an outcome is answered like a
   * new one — or, older than the freshness window, goes to 需处理 as "arrived while the app was off".
   */
  async resume(accountId: string, release: () => void): Promise<void> {
    const delivery = this.#r.outbound.delivery
    const covered = new Map<string, number>()
    for (const intent of delivery.pending(accountId)) {
      if (this.#r.isActive(intent.messageId) || delivery.inFlight(intent.idemKey)) continue
      covered.set(intent.cid, Math.max(covered.get(intent.cid) ?? 0, intent.messageId))
      if (!(await this.#resendIntent(intent))) return
    }
    release()
    // in id order, in one turn: a chat's unsettled messages become one burst (one reply)
    for (const id of this.#r.d.outcomes.pendingIds(accountId)) {
      const m = this.#r.d.messages.get(id)
      if (!m || this.#r.isActive(id) || id <= (covered.get(m.cid) ?? 0)) continue
      this.#r.admit(m)
    }
  }

  #answeredByIntent(intent: ReplyIntent): void {
    const ids = new Set([...this.#r.d.outcomes.pendingUpTo(intent.accountId, intent.cid, intent.messageId), intent.messageId])
    this.#r.outcomes.answered(intent.accountId, intent.cid, [...ids], null)
  }

  /** False when the connection went away again (the next backfill resumes the rest). */
  async #resendIntent(intent: ReplyIntent): Promise<boolean> {
    const { d, outbound, outcomes } = this.#r
    const settle = (text: string, reason: OutcomeReason): true => {
      outbound.delivery.markFailed(intent)
      const m = d.messages.get(intent.messageId)
      if (m) outcomes.settle([m], { source: 'none', reason: text.slice(0, 300) }, { state: 'unanswered', reason })
      return true
    }
    if (d.clock.now() - intent.createdAt > d.settings.account(intent.accountId).offlineReplyMinutes * 60_000) {
      return settle('a reply was ready when the app stopped; too old to send now', 'offline')
    }
    try {
      // checked against the floor again: the round may have moved while the app was down
      const r = await outbound.resendAutomated(intent)
      if (!r.ok) return settle(`resumed reply not sent: it ${r.reason}`, 'safety')
    } catch (err) {
      if (isConnectionLoss(err)) return false
      return settle(`resumed reply not sent: ${err instanceof Error ? err.message : String(err)}`, 'send_failed')
    }
    this.#answeredByIntent(intent)
    return true
  }
}
