import { afterEach, describe, expect, it } from 'vitest'
import { reply, serverError, sequence, times, type FakeRequest } from '../../fakes/llm'
import { harness, type Harness } from './harness'

let h: Harness
afterEach(async () => h?.dispose())

describe('dashboard.summary', () => {
  it('counts messages, sources, AI calls and failures, bargaining rounds and refusals', async () => {
    h = await harness(sequence(times(1, serverError({ times: 1 }), reply('x')), reply((r: FakeRequest) => `${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1] ?? '1000'}元`)), { maxBargainRounds: 2 })
    await h.t.core.api['rules.save']({ rule: { scope: 'global', accountId: null, itemId: null, matchMode: 'contains', keywords: ['包邮'], replies: [{ kind: 'text', text: '包邮' }], priority: 0, enabled: true, replyOnce: false } })
    for (const text of ['包邮吗', '800出吗', '850呢', '900行吗']) {
      h.buyer(text)
      await h.settle()
    }
    const s = await h.t.core.api['dashboard.summary']({ range: 'today' })
    expect(s.messagesIn).toBe(4)
    expect(s.messagesOut).toBe(h.sender.sent.length)
    expect(s.bySource.keyword).toBe(1)
    expect(s.bySource.refusal).toBe(1)
    expect(s.autoAnsweredShare).toBeCloseTo(h.sender.sent.length / 4)
    expect(s.ai.calls).toBeGreaterThanOrEqual(2)
    expect(s.ai.byModel[0]?.model).toBe('qwen-plus')
    expect(s.bargaining.refusals).toBe(1)
    expect(s.bargaining.roundsHistogram[3]).toBe(1)
    expect(s.bargaining.averageConcession).toBeGreaterThan(0)
    expect(s.daily).toHaveLength(1)
    expect(s.daily[0]?.messagesIn).toBe(4)
    const week = await h.t.core.api['dashboard.summary']({ range: '7d', accountId: h.accountId })
    expect(week.daily).toHaveLength(7)
    expect(week.messagesIn).toBe(4)
  })
})
