import type { ReplyPart } from '@contract/rules'

export interface SentPart {
  /** Our client-side id of the send (echo-safety: a push carrying it is ours, not the seller's). */
  readonly clientUuid: string
  readonly platformMessageId: string | null
  /**
   * The platform answered the send. False when its answer never came (timeout): the message may or
   * may not have reached the buyer — a reply counts it as sent, an order's delivery does not.
   * Absent means answered.
   */
  readonly confirmed?: boolean
}

/**
 * How the pipeline reaches an account's live connection. The account manager implements it;
 * a send either goes out once or throws — it is never retried behind the seller's back.
 */
export interface ReplySender {
  send(accountId: string, cid: string, part: ReplyPart, opts?: SendOptions): Promise<SentPart>
}

export interface SendOptions {
  /** Sent as the message's client uuid: the durable reply intent finds its message by it after a crash. */
  readonly idemKey?: string
  /** The send waits for the account's send-rate limit (ms until its slot): shown as queued. */
  readonly onQueued?: (waitMs: number) => void
}
