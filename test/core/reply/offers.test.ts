import { describe, expect, it } from 'vitest'
import { countsAsBargain, detectIntent } from '../../../src-main/core/reply'
import { loadOffers } from './fixtures'

/**
 * Issue 14 item 2: a buyer message whose main content is a number near the item's price is an
 * offer, whatever words it uses; specs, quantities, dates, phone numbers and order ids are not.
 */
const set = loadOffers()
const isOffer = (c: (typeof set)[number]): boolean => detectIntent(c.message, { listPrice: c.listPrice }).offer !== null

describe('offer recognition on the labelled set (test/fixtures/offers.tsv)', () => {
  it('has ≥ 300 distinct messages, both labels well represented, items of different magnitudes', () => {
    expect(set.length).toBeGreaterThanOrEqual(300)
    expect(set.filter((c) => c.offer).length).toBeGreaterThanOrEqual(120)
    expect(set.filter((c) => !c.offer).length).toBeGreaterThanOrEqual(120)
    expect(new Set(set.map((c) => `${c.listPrice}|${c.message}`)).size).toBe(set.length)
    expect(new Set(set.map((c) => c.listPrice)).size).toBeGreaterThanOrEqual(8)
  })

  it('is ≥ 97 % accurate', () => {
    const misses = set.filter((c) => isOffer(c) !== c.offer)
    const accuracy = 1 - misses.length / set.length
    const offers = set.filter((c) => c.offer)
    const recall = offers.filter(isOffer).length / offers.length
    const nones = set.filter((c) => !c.offer)
    const specificity = nones.filter((c) => !isOffer(c)).length / nones.length
    console.log([
      `offer accuracy on ${set.length} messages: ${(accuracy * 100).toFixed(1)} % (offer recall ${(recall * 100).toFixed(1)} %, non-offers kept out ${(specificity * 100).toFixed(1)} %)`,
      ...(['tuned', 'blind'] as const).map((section) => {
        const rows = set.filter((c) => c.section === section)
        return `  ${section} (${rows.length}): ${((1 - rows.filter((c) => isOffer(c) !== c.offer).length / rows.length) * 100).toFixed(1)} %`
      }),
      ...misses.map((c) => `  miss (${c.section}): expected ${c.offer ? 'offer' : 'none'}  ¥${c.listPrice}  ${c.message}`)
    ].join('\n'))
    expect(accuracy).toBeGreaterThanOrEqual(0.97)
    expect(set.filter((c) => c.section === 'blind').length).toBeGreaterThanOrEqual(50)
  })

  it('every recognised offer is price intent and uses up a bargaining round', () => {
    for (const c of set.filter(isOffer)) {
      const r = detectIntent(c.message, { listPrice: c.listPrice })
      expect(r.intent, c.message).toBe('price')
      expect(countsAsBargain(r), c.message).toBe(true)
    }
  })

  it('the issue’s keyword-free offers count as rounds for a ¥2200 item', () => {
    for (const m of ['那2000呢', '1900?', '老板 2200', '2k2行吗', '二千三']) {
      expect(countsAsBargain(m, { listPrice: 2200 }), m).toBe(true)
    }
  })

  it('a bare number far from the item’s price is not an offer for it, but is one when the price is unknown', () => {
    expect(detectIntent('64', { listPrice: 2200 }).offer).toBeNull()
    expect(detectIntent('64', { listPrice: 80 }).offer).toBe(64)
    expect(detectIntent('64').offer).toBe(64)
  })
})
