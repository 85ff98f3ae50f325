import { z } from 'zod'
import { AccountId } from './schemas'

export const RuleScope = z.enum(['global', 'account', 'item'])
export const MatchMode = z.enum(['contains', 'exact', 'regex', 'all'])
export type MatchMode = z.infer<typeof MatchMode>

/** Variables a rule's text may use; anything else in braces is refused when the rule is saved. */
export const TEMPLATE_VARIABLES = ['buyer', 'item_title', 'price', 'floor_price', 'seller', 'item_id', 'order_id', 'date', 'time'] as const

export const ReplyPart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(500) }),
  z.object({ kind: z.literal('image'), url: z.string().url().max(1000), width: z.number().int().positive().max(20_000).optional(), height: z.number().int().positive().max(20_000).optional() })
])
export type ReplyPart = z.infer<typeof ReplyPart>

const RuleBody = z.object({
  scope: RuleScope,
  accountId: AccountId.nullable(),
  itemId: z.string().regex(/^\d{1,30}$/, '商品 ID 应为数字 / item id must be numeric').nullable(),
  matchMode: MatchMode,
  keywords: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
  replies: z.array(ReplyPart).min(1).max(5),
  priority: z.number().int().min(-1000).max(1000),
  enabled: z.boolean(),
  replyOnce: z.boolean()
})

const scopeCheck = (r: { scope: string; accountId: string | null; itemId: string | null }): boolean =>
  (r.scope === 'global' && r.accountId === null && r.itemId === null) ||
  (r.scope === 'account' && r.accountId !== null && r.itemId === null) ||
  (r.scope === 'item' && r.accountId !== null && r.itemId !== null)
const scopeMessage = '范围与账号/商品不一致：全局规则不填账号和商品；账号规则填账号；商品规则填账号和商品 / scope mismatch: global has no account or item; account needs an account; item needs both'

export const NewKeywordRule = RuleBody.refine(scopeCheck, scopeMessage)
export type NewKeywordRule = z.infer<typeof NewKeywordRule>

export const KeywordRule = RuleBody.extend({ id: z.number().int(), createdAt: z.number().int(), updatedAt: z.number().int() })
export type KeywordRule = z.infer<typeof KeywordRule>

/** The export/import file format. */
export const RulesFile = z.object({
  format: z.literal('xianyu-desk.rules'),
  version: z.literal(1),
  rules: z.array(RuleBody).max(5000)
})
export type RulesFile = z.infer<typeof RulesFile>
