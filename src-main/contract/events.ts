import { z } from 'zod'
import { Account, AccountId, Conversation, Message, PlatformId } from './schemas'
import { DecisionRecord, Draft } from './reply'

/** Events pushed from core to every renderer. */
export const events = {
  'account.changed': z.object({ account: Account.nullable(), id: AccountId, removed: z.boolean() }),
  'conversation.changed': z.object({ conversation: Conversation }),
  'conversation.removed': z.object({ accountId: AccountId, cid: PlatformId }),
  'message.added': z.object({ message: Message }),
  'draft.changed': z.object({ draft: Draft }),
  'decision.added': z.object({ decision: DecisionRecord })
} as const satisfies Record<string, z.ZodType>

export type EventSpec = typeof events
export type EventKey = keyof EventSpec
export type EventPayload<K extends EventKey> = z.output<EventSpec[K]>
