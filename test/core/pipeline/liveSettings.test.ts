import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_REFUSAL } from '../../../src-main/contract/schemas'
import { reply } from '../../fakes/llm'
import { harness, type Harness } from './harness'

/**
 * Issue 14.4: every account setting applies to the very next buyer message (the pipeline reads
 * them per message; the connection's own settings: test/core/scenarios/liveSettings.test.ts).
 */
let h: Harness
afterEach(async () => h?.dispose())

const CID = '51000000003'
const set = (account: Record<string, unknown>) => h.t.core.api['settings.update']({ accountId: h.accountId, account })
const last = async () => (await h.t.core.api['outcomes.list']({ accountId: h.accountId, cid: CID })).at(-1)

describe('account settings apply to the next message', () => {
  it('AI on/off and copilot', async () => {
    h = await harness(reply('在的'), { aiEnabled: false })
    h.buyer('在吗')
    await h.settle()
    expect(await last()).toMatchObject({ state: 'held', reason: 'ai_off' })
    await set({ aiEnabled: true })
    h.buyer('还在吗')
    await h.settle()
    expect(await last()).toMatchObject({ state: 'answered' })
    await set({ copilot: true })
    h.buyer('能便宜点吗')
    await h.settle()
    expect(await last()).toMatchObject({ state: 'drafted' })
  })

  it('bargaining limits: fewer rounds refuse at once', async () => {
    h = await harness(reply((r) => `最多${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1]}哦`))
    h.buyer('800出吗')
    await h.settle()
    await set({ maxBargainRounds: 1 })
    h.buyer('850呢')
    await h.settle()
    expect(h.sender.texts().at(-1)).toBe(DEFAULT_REFUSAL)
    await set({ refusalReply: '真的不能再少了' })
    h.buyer('870行吗')
    await h.settle()
    expect(h.sender.texts().at(-1)).toBe('真的不能再少了')
  })

  it('replies without AI: a default reply set now answers the next message', async () => {
    h = await harness(reply('x'), { aiEnabled: false })
    h.buyer('在吗')
    await h.settle()
    expect(h.sender.sent).toHaveLength(0)
    await set({ defaultReply: '稍等，马上回复您' })
    h.buyer('有人吗')
    await h.settle()
    expect(h.sender.texts()).toEqual(['稍等，马上回复您'])
  })

  it('timing: debounce and the freshness window', async () => {
    h = await harness(reply('在的'))
    await set({ debounceSeconds: 0.3 })
    h.buyer('你好')
    h.buyer('在吗')
    await new Promise((r) => setTimeout(r, 500))
    await h.settle()
    expect(h.sender.sent).toHaveLength(1)
    await set({ offlineReplyMinutes: 1, debounceSeconds: 0 })
    h.buyer('还在吗', { createdAt: Date.now() - 2 * 60_000 })
    await h.settle()
    expect(await last()).toMatchObject({ state: 'needs_you', reason: 'offline' })
  })
})
