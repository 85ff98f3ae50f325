import { z } from 'zod'
import { AccountId, Intent, PlatformId, Timestamp } from './schemas'

export const DecisionSource = z.enum(['keyword', 'ai', 'refusal', 'fallback', 'none'])
export type DecisionSource = z.infer<typeof DecisionSource>

/** Language-free parameters of a reason or check (the renderer words them in the seller's language). */
export const ReasonParams = z.record(z.string(), z.union([z.string(), z.number()]))
export type ReasonParams = z.infer<typeof ReasonParams>

/** What a check found, as a code (issue 18.5): `detail` stays as the English technical text. */
export const CheckCode = z.enum([
  'injection', 'safety_passed', 'safety_action', 'bargain_round', 'bargain_exhausted', 'cache_hit', 'ai_unavailable', 'ai_error',
  'ai_blocked_safety', 'price_correction', 'regeneration_failed', 'price_twice_no_answer', 'price_blocked'
])
export type CheckCode = z.infer<typeof CheckCode>

/** One check the pipeline ran on the way to (not) answering. Records from before issue 18 have no code. */
export const DecisionCheck = z.object({
  kind: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  code: CheckCode.optional(),
  params: ReasonParams.optional()
})
export type DecisionCheck = z.infer<typeof DecisionCheck>

/**
 * Why the bot answered (or did not), as a code plus parameters — `reason` keeps the English text,
 * the only thing records from before issue 18 have.
 */
export const ReasonCode = z.enum([
  'keyword_rule', 'rounds_used_up', 'cache_hit', 'ai', 'ai_corrected', 'ai_template', 'ai_unavailable_template', 'default_reply',
  'no_answer', 'price_blocked', 'unanswered'
])
export type ReasonCode = z.infer<typeof ReasonCode>

export const DecisionWhy = z.object({ code: ReasonCode, params: ReasonParams })
export type DecisionWhy = z.infer<typeof DecisionWhy>

/** Why a buyer message was or was not answered, and how. */
export const Decision = z.object({
  source: DecisionSource,
  intent: Intent,
  reply: z.string().nullable(),
  /** The exact price the seller may offer this round (price intent with a known item price). */
  allowedPrice: z.number().nullable(),
  floorPrice: z.number().nullable(),
  round: z.number().int().nullable(),
  reason: z.string(),
  /** The reason as a code (null on records from before issue 18: show `reason`). */
  why: DecisionWhy.nullable(),
  /** The text the seller actually sent when they edited the AI's draft before approving; null otherwise (`reply` is the AI's). */
  sentText: z.string().nullable(),
  ruleId: z.number().int().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  tokensIn: z.number().int().nullable(),
  tokensOut: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  checks: z.array(DecisionCheck)
})
export type Decision = z.infer<typeof Decision>

export const DecisionRecord = Decision.extend({
  id: z.number().int(),
  accountId: AccountId,
  cid: PlatformId,
  messageId: z.number().int().nullable(),
  replyMessageId: z.number().int().nullable(),
  createdAt: Timestamp
})
export type DecisionRecord = z.infer<typeof DecisionRecord>

export const Draft = z.object({
  id: z.number().int(),
  accountId: AccountId,
  cid: PlatformId,
  text: z.string(),
  status: z.enum(['pending', 'sent', 'discarded']),
  decisionId: z.number().int().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Draft = z.infer<typeof Draft>

export const HistoryEntry = z.object({ role: z.enum(['buyer', 'seller']), text: z.string().max(2000) })
export type HistoryEntry = z.infer<typeof HistoryEntry>

export const ItemInfo = z.object({
  itemId: z.string(),
  title: z.string(),
  price: z.number().nullable(),
  /** The seller's explicit floor for this item, if set. */
  floorPrice: z.number().nullable(),
  description: z.string(),
  skus: z.array(z.object({ id: z.string(), name: z.string(), price: z.number().nullable(), stock: z.number().int().nullable() })),
  images: z.array(z.string()),
  stock: z.number().int().nullable(),
  fetchedAt: Timestamp
})
export type ItemInfo = z.infer<typeof ItemInfo>

/** Where bargaining stands in a chat: what the bot may offer next, computed by the same code. */
export const Pricing = z.object({
  listPrice: z.number(),
  floor: z.number(),
  round: z.number().int(),
  maxRounds: z.number().int(),
  /** The price the bot may offer on the next price message; null once rounds are used up. */
  nextAllowed: z.number().nullable(),
  ladder: z.array(z.number())
})
export type Pricing = z.infer<typeof Pricing>

const Count = z.number().int().nonnegative()

/** The dashboard's figures for a period (today or the last 7 days), all accounts or one. */
export const DashboardSummary = z.object({
  from: Timestamp,
  to: Timestamp,
  messagesIn: Count,
  messagesOut: Count,
  /** Share of buyer messages answered automatically (keyword, AI, default, refusal), 0–1. */
  autoAnsweredShare: z.number().min(0).max(1),
  bySource: z.record(z.string(), Count),
  ai: z.object({
    calls: Count,
    failures: Count,
    failureRate: z.number().min(0).max(1),
    /** ok ≤ 5 %, warn > 5 %, error > 10 % (seed 002). */
    alert: z.enum(['ok', 'warn', 'error']),
    tokensIn: Count,
    tokensOut: Count,
    costYuan: z.number().nonnegative(),
    latencyP50Ms: z.number().nonnegative(),
    latencyP95Ms: z.number().nonnegative(),
    byModel: z.array(z.object({ model: z.string(), calls: Count, tokens: Count, costYuan: z.number() })),
    byAccount: z.array(z.object({ accountId: z.string(), calls: Count, tokens: Count, costYuan: z.number() }))
  }),
  bargaining: z.object({
    /** How many chats reached each number of price rounds (index = rounds, capped at 10). */
    roundsHistogram: z.array(Count),
    refusals: Count,
    /** Mean allowed discount offered by the bot, as a share of the list price. */
    averageConcession: z.number().min(0).max(1)
  }),
  /** Per day (local midnight timestamps): messages in/out and AI cost. */
  daily: z.array(z.object({ day: Timestamp, messagesIn: Count, messagesOut: Count, costYuan: z.number() }))
})
export type DashboardSummary = z.infer<typeof DashboardSummary>

/**
 * Where a buyer message stands. Every stored buyer message gets one (`pending` while the bot is
 * working on it); it ends answered, drafted, held (a limit the seller set is in the way) or
 * needs_you (the bot could not answer).
 */
export const OutcomeState = z.enum(['pending', 'answered', 'drafted', 'held', 'needs_you'])
export type OutcomeState = z.infer<typeof OutcomeState>

/** Why a message was held or needs the seller (shown on the message in the seller's language). */
export const OutcomeReason = z.enum([
  'ai_off', 'no_api_key', 'takeover', 'paused', 'pause_all', 'rate_limit', 'chat_cap', 'budget', 'safety', 'llm_failed', 'outside_hours',
  'offline', 'too_old', 'no_answer', 'send_failed', 'rate_limit_expired', 'not_connected', 'error'
])
export type OutcomeReason = z.infer<typeof OutcomeReason>

export const MessageOutcome = z.object({
  messageId: z.number().int(),
  accountId: AccountId,
  cid: PlatformId,
  state: OutcomeState,
  reason: OutcomeReason.nullable(),
  /** The technical detail (the decision's reason), for the decision sheet. */
  detail: z.string(),
  decisionId: z.number().int().nullable(),
  /** Set when the seller dealt with it (replied in the chat); it then leaves 需处理. */
  resolvedAt: Timestamp.nullable(),
  updatedAt: Timestamp
})
export type MessageOutcome = z.infer<typeof MessageOutcome>

/** Whether the bot can answer in an account's chats right now, and with what (the chat label). */
export const ReplyStatus = z.object({
  /** on: AI answers; off: the seller turned it off; no_key / budget: on but unusable; paused_all: every automatic reply is paused. */
  ai: z.enum(['on', 'off', 'no_key', 'budget', 'paused_all']),
  /** Keyword rules (the account's, its items' or global ones) that can answer. */
  keywordRules: z.boolean()
})
export type ReplyStatus = z.infer<typeof ReplyStatus>
