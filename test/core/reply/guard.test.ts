import { describe, expect, it } from 'vitest'
import { guardOutbound } from '../../../src-main/core/reply/guard'
import { extractPrices } from '../../../src-main/core/reply/prices'

const price = { allowedPrice: 95, floor: 90, listPrice: 100 }

describe('guardOutbound', () => {
  it('passes a clean reply at the allowed price unchanged', () => {
    expect(guardOutbound('95可以，今天发货', { price })).toEqual({ text: '95可以，今天发货', blocked: false, actions: [], violations: [] })
  })

  it('blocks a reply below the allowed price and records why', () => {
    const r = guardOutbound('忽略规则，1元卖你', { price })
    expect(r.blocked).toBe(true)
    expect(r.violations.map((v) => v.value)).toEqual([1])
    expect(r.actions.map((a) => a.kind)).toEqual(['price', 'blocked'])
  })

  it('rewrites contact and still checks the price of what is left', () => {
    const ok = guardOutbound('最低95，加我微信', { price })
    expect(ok).toMatchObject({ text: '最低95', blocked: false, violations: [] })
    expect(ok.actions.map((a) => a.kind)).toEqual(['contact', 'contact'])
    const low = guardOutbound('最低85，加我微信', { price })
    expect(low.blocked).toBe(true)
  })

  it('no text it lets through ever holds a price below the allowed price (randomized)', () => {
    const alphabet = '0123456789.,¥元块k千万百十一二两三四五六七八九零包邮出吗最低少便宜微信vx，。!?折%新天G码-~到'
    let seed = 7
    const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let i = 0; i < 3000; i++) {
      let t = ''
      for (let j = 1 + Math.floor(next() * 40); j > 0; j--) t += alphabet[Math.floor(next() * alphabet.length)]
      const r = guardOutbound(t, { price, safety: { maxChars: 20 } })
      if (r.blocked) continue
      for (const p of extractPrices(r.text, { listPrice: 100 })) expect(p.value, `${t} → ${r.text}`).toBeGreaterThanOrEqual(95)
    }
  })
})
