import { z } from 'zod'
import { Account, AccountId, Conversation, DemoStatus, Message, PlatformId } from './schemas'
import { DecisionRecord, Draft, MessageOutcome } from './reply'
import { NotifyEventKind } from './notify'
import { CardPool, DeliveryReview, Order } from './orders'

/** Events pushed from core to every renderer. */
export const events = {
  'account.changed': z.object({ account: Account.nullable(), id: AccountId, removed: z.boolean() }),
  'conversation.changed': z.object({ conversation: Conversation }),
  'conversation.removed': z.object({ accountId: AccountId, cid: PlatformId }),
  'message.added': z.object({ message: Message }),
  'draft.changed': z.object({ draft: Draft }),
  /**
   * Copilot: the AI's draft for a chat while it is being written (transient, never stored). `text`
   * is the whole text so far; `done: true` (with empty text) ends it, whether a draft was then
   * stored (`draft.changed`), the answer was blocked, or it was cancelled.
   */
  'draft.writing': z.object({ accountId: AccountId, cid: PlatformId, text: z.string(), done: z.boolean() }),
  'decision.added': z.object({ decision: DecisionRecord }),
  /** A buyer message's outcome was set or changed (answered, drafted, held, needs you, dealt with). */
  'outcome.changed': z.object({ outcome: MessageOutcome }),
  /** Settings were saved: the global ones (accountId null) or one account's (limits, copilot, …). */
  'settings.changed': z.object({ accountId: AccountId.nullable() }),
  /** A decision got linked to the message it produced (a copilot draft that was approved). */
  'decision.changed': z.object({ decision: DecisionRecord }),
  /** QR login progress: NEW (with the code to draw), SCANED, CONFIRMED (with the account), EXPIRED, CANCELED, VERIFY, ERROR. */
  'login.qr': z.object({
    sessionId: z.string(),
    state: z.enum(['NEW', 'SCANED', 'CONFIRMED', 'EXPIRED', 'CANCELED', 'VERIFY', 'ERROR']),
    qrContent: z.string().nullable(),
    message: z.string(),
    account: Account.nullable(),
    verifyUrl: z.string().nullable()
  }),
  /** The seller clicked a desktop notification: the UI opens what it is about. */
  'notice.opened': z.object({ id: z.string(), accountId: AccountId.nullable(), cid: PlatformId.nullable(), orderId: z.string().nullable() }),
  /**
   * Something a human must see, raised once per incident, on the desktop channel (desktop
   * notification + in-app); the notify router decides (quiet hours, rate limit, digest).
   */
  'notice.raised': z.object({
    id: z.string(),
    kind: z.union([NotifyEventKind, z.literal('digest')]),
    accountId: AccountId.nullable(),
    cid: PlatformId.nullable(),
    orderId: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    createdAt: z.number().int()
  }),
  /** The demo was added, started, restarted or removed. */
  'demo.changed': z.object({ status: DemoStatus }),
  /** The notification channels, routing or delivery log changed. */
  'notify.changed': z.object({ deliveryId: z.number().int().nullable() }),
  /** An order was created or changed (state, delivery, shipment). */
  'order.changed': z.object({ order: Order }),
  /** A delivery review was opened or resolved. */
  'review.changed': z.object({ review: DeliveryReview }),
  /** A card pool's counts changed (import, delete, reserve, use); `pool` null when removed. */
  'pool.changed': z.object({ id: z.number().int(), pool: CardPool.nullable() }),
  /** Delivery rules or an account's delivery settings changed. */
  'delivery.changed': z.object({ accountId: AccountId.nullable() })
} as const satisfies Record<string, z.ZodType>

export type EventSpec = typeof events
export type EventKey = keyof EventSpec
export type EventPayload<K extends EventKey> = z.output<EventSpec[K]>
