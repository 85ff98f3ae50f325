/**
 * The floor is a property of the outbound path, not of the buyer's intent: every automated text
 * that may reach a buyer — AI reply or draft, keyword rule, default reply, template, refusal — is
 * checked here against the chat's item, whatever the buyer wrote and whatever the classifier said.
 * decide() uses it to correct an answer before it is chosen; the pipeline's outbound sender
 * (pipeline/outbound.ts) uses it again right before a text leaves, so no path can skip it.
 */
import { allowedPriceForRound, checkReply, computeFloor } from './bargain'
import type { ReplyCheck } from './bargain'
import { formatYuan } from './text'

/**
 * Who wrote the text. The AI may quote only this round's allowed price; the seller's own canned
 * texts (keyword rules, the default reply, the refusal, templates) may quote down to the floor.
 */
export type Author = 'ai' | 'seller'

/** Where bargaining stands in a chat: the numbers every outbound price is checked against. */
export interface PriceTerms {
  readonly listPrice: number
  readonly floor: number
  /** The price the AI may offer this round (the floor from the last round on). */
  readonly allowed: number
  /** 1-based; past maxRounds only when the buyer bargains again after the last round. */
  readonly round: number
  readonly maxRounds: number
}

export interface TermsInput {
  /** The item's listed price; no terms (nothing to check against) when unknown or 0. */
  readonly price: number | null | undefined
  /** The seller's own floor for the item, if set. */
  readonly floorPrice: number | null | undefined
  readonly settings: { readonly maxDiscountPercent: number; readonly maxDiscountAmount: number; readonly maxBargainRounds: number }
  /** Bargaining messages so far (this one included); below 1 counts as round 1. */
  readonly round: number
}

export function priceTerms(input: TermsInput): PriceTerms | null {
  const price = input.price
  if (price === null || price === undefined || !(price > 0)) return null
  const s = input.settings
  const floor = computeFloor({ price, maxDiscountPercent: s.maxDiscountPercent, maxDiscountAmount: s.maxDiscountAmount, floorPrice: input.floorPrice ?? null })
  const round = Math.max(1, Math.floor(input.round))
  const allowed = allowedPriceForRound({ price, floor, maxRounds: s.maxBargainRounds, round })
  return { listPrice: price, floor, allowed, round, maxRounds: s.maxBargainRounds }
}

/** Who wrote the text a reply source sends: the AI, or the seller (rules, default reply, refusal, templated counter-offers). */
export function authorOf(source: 'ai' | 'keyword' | 'fallback' | 'refusal' | 'none'): Author {
  return source === 'ai' ? 'ai' : 'seller'
}

/** The lowest price `author` may write in this chat now. */
export function minimumPrice(terms: PriceTerms, author: Author): number {
  return author === 'ai' ? terms.allowed : terms.floor
}

/** Every price the text states or implies (digits, 2k1, 两千三, 贰仟, 八折, 再少50…) must be ≥ the minimum. */
export function checkPrice(text: string, terms: PriceTerms, author: Author): ReplyCheck {
  return checkReply(text, { allowedPrice: minimumPrice(terms, author), floor: terms.floor, listPrice: terms.listPrice })
}

/** A one-line reason for a blocked text, naming the price and the minimum. */
export function describeBlock(check: ReplyCheck, terms: PriceTerms, author: Author): string {
  const v = check.violations[0]
  const what = author === 'ai' ? `the allowed price ¥${formatYuan(terms.allowed)} (floor ¥${formatYuan(terms.floor)})` : `the floor ¥${formatYuan(terms.floor)}`
  return v ? `quotes ${v.raw.trim()} → ¥${formatYuan(v.value)}, below ${what}` : 'passed'
}
