/**
 * A PREVIEW of the concession ladder for the AI page, drawn while the seller types. It mirrors
 * computeFloor/concessionLadder in src-main/core/reply (integer cents, rungs rounded up); the
 * numbers the bot really uses always come from core (`reply.preview`, `conversations.detail`).
 */
export interface LadderPreview {
  readonly price: number
  readonly floor: number
  /** The price the seller may offer in rounds 1..maxRounds; the last one is the floor. */
  readonly rungs: ReadonlyArray<number>
  /** True when the caps allow no discount at all (0 % or ¥0). */
  readonly noDiscount: boolean
}

const toCents = (yuan: number): number => Math.round(yuan * 100)
const ceilTo = (cents: number, step: number): number => Math.ceil(cents / step - 1e-9) * step

function stepCents(priceCents: number): number {
  if (priceCents >= 100_000) return 1000
  if (priceCents >= 1000) return 100
  return 10
}

const valid = (n: number): boolean => Number.isFinite(n) && n >= 0

/** floor = price − min(price × % / 100, ¥), rounded up; 0 % or ¥0 → the price itself. */
export function previewFloor(price: number, percent: number, amount: number): number {
  const priceC = toCents(price)
  const discountC = Math.min((priceC * Math.min(percent, 100)) / 100, amount * 100)
  if (!(discountC > 0)) return price
  const raw = Math.ceil(priceC - discountC - 1e-9)
  return Math.min(priceC, ceilTo(raw, priceC >= 1000 ? 100 : 10)) / 100
}

/** Null when an input is not a usable number (the form shows the field error instead). */
export function previewLadder(input: { price: number; percent: number; amount: number; rounds: number }): LadderPreview | null {
  const { price, percent, amount } = input
  if (![price, percent, amount, input.rounds].every(valid) || price <= 0) return null
  const rounds = Math.min(10, Math.max(1, Math.floor(input.rounds)))
  const floor = previewFloor(price, percent, amount)
  const priceC = toCents(price)
  const floorC = Math.min(toCents(floor), priceC)
  const gap = priceC - floorC
  const total = (rounds * (rounds + 1)) / 2
  const step = stepCents(priceC)
  const rungs: number[] = []
  let given = 0
  for (let k = 1; k <= rounds; k++) {
    given += k
    if (k === rounds) {
      rungs.push(floorC / 100)
      break
    }
    const exact = priceC - (gap * given) / total
    rungs.push(Math.max(floorC, Math.min(priceC, ceilTo(Math.ceil(exact - 1e-9), step))) / 100)
  }
  return { price, floor: floorC / 100, rungs, noDiscount: gap === 0 }
}
