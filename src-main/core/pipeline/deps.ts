import type { ConversationRepo } from '../db/repos/conversationRepo'
import type { MessageRepo } from '../db/repos/messageRepo'
import type { ItemRepo } from '../db/repos/itemRepo'
import type { DecisionRepo } from '../db/repos/decisionRepo'
import type { DraftRepo } from '../db/repos/draftRepo'
import type { AccountRepo } from '../db/repos/accountRepo'
import type { OutcomeRepo } from '../db/repos/outcomeRepo'
import type { IntentRepo } from '../db/repos/intentRepo'
import type { Db } from '../db/open'
import type { ChatService } from '../services/chatService'
import type { SettingsService } from '../services/settingsService'
import type { SecretService } from '../services/secretService'
import type { RuleService } from '../rules/ruleService'
import type { CoreEvents } from '../events'
import type { Clock, Logger } from '../ports'
import type { LlmFactory } from './llmFactory'
import type { ReplySender } from './ports'

export interface PipelineDeps {
  readonly db: Db
  readonly outcomes: OutcomeRepo
  readonly intents: IntentRepo
  readonly chats: ChatService
  readonly conversations: ConversationRepo
  readonly messages: MessageRepo
  readonly items: ItemRepo
  readonly decisions: DecisionRepo
  readonly drafts: DraftRepo
  readonly accounts: AccountRepo
  readonly rules: RuleService
  readonly settings: SettingsService
  readonly secrets: SecretService
  readonly llm: LlmFactory
  readonly events: CoreEvents
  readonly clock: Clock
  readonly logger: Logger
  /** The live connection, once the account manager runs. */
  readonly sender: () => ReplySender | null
  /** Fetches a chat's item detail when it is missing or stale (the floor needs the price); undefined: nothing to wait for. */
  readonly ensureItem: (accountId: string, itemId: string) => Promise<void> | undefined
}
