import { describe, expect, it } from 'vitest'
import { allowedPriceForRound, checkReply, computeFloor, concessionLadder, counterOfferTemplate } from '../../../src-main/core/reply/bargain'
import { checkOutbound } from '../../../src-main/core/reply/safety'

/** Deterministic PRNG (mulberry32) so property failures reproduce. */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('computeFloor', () => {
  it('is price − min(price × %, ¥), rounded up', () => {
    expect(computeFloor({ price: 100, maxDiscountPercent: 10, maxDiscountAmount: 100 })).toBe(90)
    expect(computeFloor({ price: 2000, maxDiscountPercent: 10, maxDiscountAmount: 100 })).toBe(1900)
    expect(computeFloor({ price: 99.9, maxDiscountPercent: 10, maxDiscountAmount: 100 })).toBe(90)
    expect(computeFloor({ price: 9.9, maxDiscountPercent: 15, maxDiscountAmount: 100 })).toBe(8.5)
  })

  it('0 % or ¥0 means no discount at all (XAR #241, PR #331)', () => {
    expect(computeFloor({ price: 100, maxDiscountPercent: 0, maxDiscountAmount: 100 })).toBe(100)
    expect(computeFloor({ price: 100, maxDiscountPercent: 10, maxDiscountAmount: 0 })).toBe(100)
    expect(computeFloor({ price: 99.9, maxDiscountPercent: 0, maxDiscountAmount: 0 })).toBe(99.9)
  })

  it('an explicit floor wins but never exceeds the price', () => {
    expect(computeFloor({ price: 100, maxDiscountPercent: 10, maxDiscountAmount: 100, floorPrice: 70 })).toBe(70)
    expect(computeFloor({ price: 100, maxDiscountPercent: 0, maxDiscountAmount: 0, floorPrice: 95 })).toBe(95)
    expect(computeFloor({ price: 100, maxDiscountPercent: 10, maxDiscountAmount: 100, floorPrice: 120 })).toBe(100)
    expect(computeFloor({ price: 100, maxDiscountPercent: 10, maxDiscountAmount: 100, floorPrice: null })).toBe(90)
  })

  it('rejects negative or non-finite input instead of guessing', () => {
    expect(() => computeFloor({ price: -1, maxDiscountPercent: 10, maxDiscountAmount: 10 })).toThrow(RangeError)
    expect(() => computeFloor({ price: 100, maxDiscountPercent: Number.NaN, maxDiscountAmount: 10 })).toThrow(RangeError)
  })
})

describe('concessionLadder (randomized properties)', () => {
  const random = rng(20240601)
  const settings = Array.from({ length: 3000 }, () => {
    const magnitude = [1, 10, 100, 1000, 10000][Math.floor(random() * 5)] ?? 100
    const price = Math.round((random() * magnitude * 10 + 0.01) * 100) / 100
    const pct = random() < 0.15 ? 0 : Math.round(random() * 50)
    const amount = random() < 0.15 ? 0 : Math.round(random() * 300)
    const floorPrice = random() < 0.2 ? Math.round(random() * price * 1.2 * 100) / 100 : undefined
    const maxRounds = 1 + Math.floor(random() * 10)
    return { price, pct, amount, floorPrice, maxRounds }
  })

  it('never goes below the floor, ends exactly at the floor, never rises, never exceeds the price', () => {
    for (const s of settings) {
      const floor = computeFloor({ price: s.price, maxDiscountPercent: s.pct, maxDiscountAmount: s.amount, floorPrice: s.floorPrice })
      expect(floor).toBeLessThanOrEqual(s.price)
      if (s.floorPrice === undefined) expect(floor).toBeGreaterThanOrEqual(s.price - Math.min((s.price * s.pct) / 100, s.amount) - 1e-9)
      const ladder = concessionLadder({ price: s.price, floor, maxRounds: s.maxRounds })
      expect(ladder).toHaveLength(s.maxRounds)
      expect(ladder[ladder.length - 1]).toBe(floor)
      for (let i = 0; i < ladder.length; i++) {
        const v = ladder[i] ?? Number.NaN
        expect(v).toBeGreaterThanOrEqual(floor)
        expect(v).toBeLessThanOrEqual(s.price)
        if (i > 0) expect(v).toBeLessThanOrEqual(ladder[i - 1] ?? Number.NaN)
        if (i < ladder.length - 1 && floor < s.price) expect(v).toBeGreaterThan(floor)
      }
    }
  })

  it('0 % or ¥0 → every rung equals the price', () => {
    for (const s of settings) {
      for (const [pct, amount] of [[0, s.amount], [s.pct, 0]] as const) {
        const floor = computeFloor({ price: s.price, maxDiscountPercent: pct, maxDiscountAmount: amount })
        expect(concessionLadder({ price: s.price, floor, maxRounds: s.maxRounds }).every((v) => v === s.price)).toBe(true)
      }
    }
  })

  it('rounds intermediate rungs up to whole yuan from ¥10 (¥10 steps from ¥1000)', () => {
    for (const s of settings.filter((x) => x.price >= 10)) {
      const floor = computeFloor({ price: s.price, maxDiscountPercent: s.pct, maxDiscountAmount: s.amount })
      const ladder = concessionLadder({ price: s.price, floor, maxRounds: s.maxRounds })
      for (const v of ladder.slice(0, -1)) if (v !== s.price) expect(Number.isInteger(v)).toBe(true)
    }
  })

})

describe('concessionLadder examples', () => {
  it('concedes little first and the floor last', () => {
    expect(concessionLadder({ price: 100, floor: 90, maxRounds: 3 })).toEqual([99, 95, 90])
    expect(concessionLadder({ price: 1000, floor: 900, maxRounds: 3 })).toEqual([990, 950, 900])
    expect(concessionLadder({ price: 100, floor: 90, maxRounds: 1 })).toEqual([90])
  })

  it('allowedPriceForRound clamps rounds to the ladder', () => {
    const base = { price: 100, floor: 90, maxRounds: 3 }
    expect([0, 1, 2, 3, 4, 9].map((round) => allowedPriceForRound({ ...base, round }))).toEqual([99, 99, 95, 90, 90, 90])
  })
})

describe('checkReply', () => {
  const ctx = { allowedPrice: 95, floor: 90, listPrice: 100 }

  it.each(['九十卖你', '最低85', '¥79.9', '八折给你', '八十八元包邮', '给你打个对折', '打九折吧', '给你便宜10块', '再少8块', '1元卖你', '七八十就行'])('flags %s', (reply) => {
    const r = checkReply(reply, ctx)
    expect(r.ok).toBe(false)
    expect(r.violations.length).toBeGreaterThan(0)
    for (const v of r.violations) expect(v.value).toBeLessThan(95)
  })

  it('classifies violations below the floor', () => {
    const r = checkReply('最低85，92也行', ctx)
    expect(r.violations.map((v) => [v.kind, v.value])).toEqual([['below_floor', 85], ['below_allowed', 92]])
  })

  it.each(['95可以出', '九十五块，不能再少了', '100包邮', '原价100，现在95', '95新，24小时内发货', '亲，在的', '便宜5块吧'])('accepts %s', (reply) => {
    expect(checkReply(reply, ctx)).toMatchObject({ ok: true, violations: [] })
  })
})

describe('counterOfferTemplate', () => {
  it('states exactly the allowed price, passes the price and safety checks, and gets firmer', () => {
    for (const [price, floor, maxRounds] of [[100, 90, 3], [2000, 1900, 4], [9.9, 8.5, 2], [59, 53, 1], [120, 120, 3]] as const) {
      const ladder = concessionLadder({ price, floor, maxRounds })
      ladder.forEach((allowed, i) => {
        for (let variant = 0; variant < 3; variant++) {
          const text = counterOfferTemplate(allowed, i + 1, maxRounds, variant)
          const check = checkReply(text, { allowedPrice: allowed, floor, listPrice: price })
          expect(check.ok, text).toBe(true)
          expect(check.prices.map((p) => p.value), text).toEqual([allowed])
          expect(checkOutbound(text, { maxChars: 40 })).toMatchObject({ text, blocked: false, actions: [] })
        }
      })
    }
    expect(counterOfferTemplate(90, 3, 3)).toMatch(/最低|底价/)
    expect(counterOfferTemplate(99, 1, 3)).not.toMatch(/最低|底价/)
  })
})
