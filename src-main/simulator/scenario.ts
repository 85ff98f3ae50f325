/**
 * The scenario format: items plus scripted buyers (see README.md in this folder). Validated
 * with zod; named scenarios live in scenarios.ts, files are loaded by path.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { BUILTIN_SCENARIOS } from './scenarios'

const Digits = z.string().regex(/^\d{5,20}$/, 'a numeric id')
const Ms = z.number().int().min(0)

const WaitReply = z.object({
  /** Regex (JS syntax) the seller's reply must match; a reply that does not match is consumed and waiting goes on. */
  match: z.string().optional(),
  timeoutMs: Ms.optional(),
  /** What to do when no matching reply arrives in time. */
  onTimeout: z.enum(['continue', 'end']).optional()
}).strict()

const Bargain = z.object({
  /** Offers in yuan, tried in order until the seller accepts. */
  offers: z.array(z.number().positive()).min(1),
  /** Text template; `{price}` is replaced by the offer. */
  text: z.string().optional(),
  /** Regex of an accepting reply (default: 可以|行|好的|好吧|成交|没问题|ok). */
  accept: z.string().optional(),
  timeoutMs: Ms.optional(),
  /** When every offer is refused: go on (buy at the listed price) or end the script. */
  onReject: z.enum(['continue', 'end']).optional()
}).strict()

export const Step = z.object({
  /** Wait this long before the step. */
  delayMs: Ms.optional(),
  say: z.string().min(1).optional(),
  image: z.object({ url: z.string().optional(), width: z.number().int().positive().optional(), height: z.number().int().positive().optional() }).strict().optional(),
  waitReply: z.union([z.literal(true), WaitReply]).optional(),
  bargain: Bargain.optional(),
  /**
   * Buyer places the order: card `[我已拍下，待付款]`. price defaults to the agreed price, else the
   * spec's, else the listed one; `quantity` units of `spec` (one of the item's SKUs). A 小刀 order
   * (`xiaodao`) is paid at once and waits for the group: card `[卡片消息]` 我已小刀，待刀成.
   */
  order: z.object({
    price: z.string().optional(), xiaodao: z.boolean().optional(), quantity: z.number().int().min(1).max(99).optional(), spec: z.string().min(1).optional()
  }).strict().optional(),
  /** Buyer pays: card `[我已付款，等待你发货]` (the auto-delivery trigger). */
  pay: z.object({}).strict().optional(),
  /** Wait until the seller ships (consign.dummy). */
  waitShipped: z.object({ timeoutMs: Ms.optional(), onTimeout: z.enum(['continue', 'end']).optional() }).strict().optional(),
  /** Buyer confirms receipt: `[买家确认收货，交易成功]`, then `快给ta一个评价吧~`. */
  confirm: z.object({}).strict().optional(),
  cancel: z.object({}).strict().optional(),
  refund: z.object({}).strict().optional(),
  /** The seller writes from another device (phone): a push with senderUserId == seller. */
  sellerSays: z.string().min(1).optional(),
  typing: z.object({}).strict().optional(),
  /** A platform notice, e.g. `[不想宝贝被砍价?设置不砍价回复  ]`; needPush=false makes it silent. */
  notice: z.object({ text: z.string().min(1), needPush: z.boolean().optional() }).strict().optional(),
  wait: Ms.optional()
}).strict()
export type Step = z.infer<typeof Step>

export const STEP_ACTIONS = ['say', 'image', 'waitReply', 'bargain', 'order', 'pay', 'waitShipped', 'confirm', 'cancel', 'refund', 'sellerSays', 'typing', 'notice', 'wait'] as const
export type StepAction = (typeof STEP_ACTIONS)[number]

export function stepAction(step: Step): StepAction {
  const found = STEP_ACTIONS.filter((a) => step[a] !== undefined)
  if (found.length !== 1 || found[0] === undefined) throw new Error(`a step needs exactly one action, got ${found.join(',') || 'none'}`)
  return found[0]
}

const Item = z.object({
  itemId: Digits,
  title: z.string().min(1),
  desc: z.string().default(''),
  price: z.string().regex(/^\d+(\.\d{1,2})?$/),
  quantity: z.number().int().min(0).default(1),
  images: z.array(z.string()).default([]),
  skus: z.array(z.object({ spec: z.string(), price: z.string(), quantity: z.number().int().min(0) })).default([]),
  /** Virtual goods (codes, memberships): delivered in the chat, shipped with consign.dummy. */
  virtual: z.boolean().optional(),
  /** Label of the spec row in the order detail (default 规格). */
  specLabel: z.enum(['规格', '型号']).optional()
}).strict()

const Buyer = z.object({
  buyerId: Digits,
  nick: z.string().min(1),
  itemId: Digits,
  /** Fixed conversation id (digits, without @goofish); generated when absent. */
  cid: Digits.optional(),
  /** Seller this buyer writes to; default: scenario.seller, else the first seller that connects. */
  sellerId: Digits.optional(),
  /** Start this long after the seller is online. */
  startMs: Ms.default(0),
  steps: z.array(Step).refine((steps) => steps.every((s) => { try { stepAction(s); return true } catch { return false } }), 'each step needs exactly one action')
}).strict()

export const Scenario = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  seller: z.object({ unb: Digits, nick: z.string().min(1) }).strict().optional(),
  items: z.array(Item),
  buyers: z.array(Buyer)
}).strict()
export type Scenario = z.infer<typeof Scenario>
export type ScenarioInput = z.input<typeof Scenario>
export type ScenarioBuyer = z.infer<typeof Buyer>

/** A named scenario, a path to a JSON file, or an object. */
export function loadScenario(ref: string | ScenarioInput): Scenario {
  if (typeof ref !== 'string') return Scenario.parse(ref)
  const builtin = BUILTIN_SCENARIOS[ref]
  if (builtin) return Scenario.parse(builtin)
  return Scenario.parse(JSON.parse(readFileSync(ref, 'utf8')))
}

export function scenarioNames(): string[] {
  return Object.keys(BUILTIN_SCENARIOS)
}
