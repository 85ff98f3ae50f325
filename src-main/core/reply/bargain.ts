/**
 * The price floor and the concession ladder, in code: the LLM is told the exact price it may offer
 * this round and only phrases it; every reply is then checked against that number.
 * All money is handled in integer cents so rounding never drifts below the floor.
 */
import { extractPrices } from './prices'
import type { ExtractedPrice } from './prices'
import { formatYuan } from './text'

export interface FloorInput {
  /** Listed price, yuan. */
  readonly price: number
  /** 0–100; **0 means no discount at all**. */
  readonly maxDiscountPercent: number
  /** Yuan, ≥ 0; **0 means no discount at all**. */
  readonly maxDiscountAmount: number
  /** Explicit per-item floor (yuan). Wins over the caps, but is never above the price. */
  readonly floorPrice?: number | null
}

const toCents = (yuan: number): number => Math.round(yuan * 100)
const toYuan = (cents: number): number => cents / 100

function assertMoney(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${v}`)
}

/** Rounding step in cents for a ladder rung: ¥10 steps from ¥1000, whole yuan from ¥10, else 1 jiao. */
function stepCents(priceCents: number): number {
  if (priceCents >= 100_000) return 1000
  if (priceCents >= 1000) return 100
  return 10
}

/** Round up to `step` (never down: rounding must not create a deeper discount). */
function ceilTo(cents: number, step: number): number {
  return Math.ceil(cents / step - 1e-9) * step
}

/**
 * floor = price − min(price × % / 100, ¥), rounded UP to whole yuan (1 jiao below ¥10), never above
 * the price. An explicit `floorPrice` wins (capped at the price). 0 % or ¥0 → floor = price.
 */
export function computeFloor(input: FloorInput): number {
  const { price, maxDiscountPercent, maxDiscountAmount, floorPrice } = input
  assertMoney('price', price)
  assertMoney('maxDiscountPercent', maxDiscountPercent)
  assertMoney('maxDiscountAmount', maxDiscountAmount)
  const priceC = toCents(price)
  if (floorPrice !== undefined && floorPrice !== null) {
    assertMoney('floorPrice', floorPrice)
    return toYuan(Math.min(priceC, toCents(floorPrice)))
  }
  const pct = Math.min(maxDiscountPercent, 100)
  const discountC = Math.min((priceC * pct) / 100, maxDiscountAmount * 100)
  if (discountC <= 0) return price
  const rawFloorC = Math.ceil(priceC - discountC - 1e-9)
  const step = priceC >= 1000 ? 100 : 10
  return toYuan(Math.min(priceC, ceilTo(rawFloorC, step)))
}

export interface LadderInput {
  readonly price: number
  readonly floor: number
  /** 1–10. */
  readonly maxRounds: number
}

/**
 * The exact price the seller may offer in rounds 1..maxRounds. Concessions grow (1, 2, 3… parts of
 * the gap), the floor only in the last round; non-increasing, never below the floor, intermediate
 * rungs rounded up (¥1, or ¥10 from ¥1000) and never above the price.
 */
export function concessionLadder(input: LadderInput): number[] {
  const { price, floor } = input
  assertMoney('price', price)
  assertMoney('floor', floor)
  const rounds = Math.max(1, Math.floor(input.maxRounds))
  const priceC = toCents(price)
  const floorC = Math.min(toCents(floor), priceC)
  const gap = priceC - floorC
  const total = (rounds * (rounds + 1)) / 2
  const step = stepCents(priceC)
  const ladder: number[] = []
  let given = 0
  for (let k = 1; k <= rounds; k++) {
    given += k
    if (k === rounds) {
      ladder.push(toYuan(floorC))
      break
    }
    const exact = priceC - (gap * given) / total
    ladder.push(toYuan(Math.max(floorC, Math.min(priceC, ceilTo(Math.ceil(exact - 1e-9), step)))))
  }
  return ladder
}

export interface RoundInput extends LadderInput {
  /** 1-based: the number of price-intent buyer messages so far, this one included. */
  readonly round: number
}

/**
 * The price allowed in `round`. Rounds below 1 count as round 1; rounds past maxRounds get the floor
 * (the pipeline answers those with the refusal text and never asks the LLM).
 */
export function allowedPriceForRound(input: RoundInput): number {
  const ladder = concessionLadder(input)
  const i = Math.min(Math.max(1, Math.floor(input.round)), ladder.length) - 1
  return ladder[i] ?? input.floor
}

export interface ReplyCheckContext {
  readonly allowedPrice: number
  readonly floor: number
  readonly listPrice: number
  /** Base for relative cuts (再少5块): the seller's last quote, if known. Defaults to listPrice. */
  readonly basePrice?: number
}

export interface PriceViolation {
  readonly kind: 'below_allowed' | 'below_floor'
  readonly value: number
  readonly raw: string
  readonly index: number
  readonly detail: string
}

export interface ReplyCheck {
  readonly ok: boolean
  readonly prices: readonly ExtractedPrice[]
  readonly violations: readonly PriceViolation[]
}

/**
 * Every price the reply states or implies must be ≥ this round's allowed price. Numbers at or above
 * the list price are fine by construction. A mention of a lower number is a violation even if the
 * reply rejects it ("80不行"): the check cannot tell refusal from acceptance, so it errs safe.
 */
export function checkReply(replyText: string, ctx: ReplyCheckContext): ReplyCheck {
  const allowedC = toCents(ctx.allowedPrice)
  const floorC = toCents(ctx.floor)
  const prices = extractPrices(replyText, { listPrice: ctx.listPrice, basePrice: ctx.basePrice })
  const violations: PriceViolation[] = []
  for (const p of prices) {
    const c = toCents(p.value)
    if (c >= allowedC) continue
    const kind = c < floorC ? 'below_floor' : 'below_allowed'
    violations.push({ kind, value: p.value, raw: p.raw, index: p.index, detail: `${p.raw} → ¥${formatYuan(p.value)} < ¥${formatYuan(ctx.allowedPrice)}` })
  }
  return { ok: violations.length === 0, prices, violations }
}

const OPENING = [
  '诚心要的话{p}元可以出，已经很实在啦～',
  '亲，{p}元给你，这个价很划算了哦',
  '看你诚心，{p}元可以，东西真的很不错'
]
const MIDDLE = [
  '最多只能{p}元了，再低就亏了哈',
  '{p}元吧，真的已经让了不少了',
  '这样，{p}元，再少确实不行了'
]
const FINAL = [
  '{p}元是最低价了，不能再少了哦，合适就拍吧',
  '真的最低{p}元了，再低就不卖了，见谅',
  '{p}元是底价了，不议了哦，喜欢直接拍'
]

/**
 * A natural counter-offer at exactly `allowedPrice`, firmer as rounds go by. Used when the LLM fails
 * the price check twice; `variant` picks among equivalent phrasings (deterministic).
 */
export function counterOfferTemplate(allowedPrice: number, round: number, maxRounds: number, variant = 0): string {
  const last = round >= maxRounds
  const stage = last ? FINAL : round <= 1 ? OPENING : MIDDLE
  const template = stage[Math.abs(Math.floor(variant)) % stage.length] ?? '{p}元'
  return template.replace('{p}', formatYuan(allowedPrice))
}
