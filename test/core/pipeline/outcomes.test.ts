import { afterEach, describe, expect, it } from 'vitest'
import type { ReplyPart } from '../../../src-main/contract/rules'
import type { SendOptions, SentPart } from '../../../src-main/core/pipeline/ports'
import { reply, serverError } from '../../fakes/llm'
import { harness, RecordingSender, type Harness } from './harness'

let h: Harness
afterEach(async () => h?.dispose())

const CID = '51000000003'
const outcomes = async () => h.t.core.api['outcomes.list']({ accountId: h.accountId, cid: CID })
const conversation = () => h.t.core.services.chats.conversation(h.accountId, CID)
const lastOutcome = async () => (await outcomes()).at(-1)

describe('every buyer message ends in one visible outcome', () => {
  it('AI off and no rule: held with the reason, listed under 需处理, no bargaining round used', async () => {
    h = await harness(reply('不会用到'), { aiEnabled: false })
    h.buyer('800出吗')
    await h.settle()
    expect(h.sender.sent).toHaveLength(0)
    expect(await lastOutcome()).toMatchObject({ state: 'held', reason: 'ai_off', resolvedAt: null })
    expect(conversation()).toMatchObject({ attention: 1, bargainCount: 0 })
    const [d] = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(d).toMatchObject({ source: 'none' })
    expect((await h.t.core.api['conversations.detail']({ accountId: h.accountId, cid: CID })).pricing?.round).toBe(0)
    expect(await h.t.core.api['accounts.replyStatus']({ accountId: h.accountId })).toEqual({ ai: 'off', keywordRules: false })
  })

  it('a seller reply deals with the held messages: they leave 需处理', async () => {
    h = await harness(reply('x'), { aiEnabled: false })
    h.buyer('在吗')
    h.buyer('还在吗')
    await h.settle()
    expect(conversation().attention).toBe(2)
    await h.t.core.api['messages.send']({ accountId: h.accountId, cid: CID, text: '在的' })
    expect(conversation().attention).toBe(0)
    expect((await outcomes()).every((o) => o.state === 'held' && o.resolvedAt !== null)).toBe(true)
  })

  it('answered by the AI: the round counts once the reply was sent', async () => {
    h = await harness(reply((r) => `最多${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1]}哦`))
    h.buyer('800出吗')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'answered', reason: null })
    expect(conversation()).toMatchObject({ attention: 0, bargainCount: 1 })
    expect(await h.t.core.api['accounts.replyStatus']({ accountId: h.accountId })).toEqual({ ai: 'on', keywordRules: false })
  })

  it('takeover, pause-all, budget and an LLM failure each hold with their own reason', async () => {
    h = await harness(serverError({ times: 100 }))
    h.buyer('电池健康多少？')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'held', reason: 'llm_failed' })
    await h.t.core.api['settings.update']({ accountId: h.accountId, account: { dailyBudgetYuan: 0 } })
    h.buyer('能开发票吗')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'held', reason: 'budget' })
    expect((await h.t.core.api['accounts.replyStatus']({ accountId: h.accountId })).ai).toBe('budget')
    await h.t.core.api['settings.update']({ global: { pauseAllAi: true } })
    h.buyer('还在吗')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'held', reason: 'pause_all' })
    await h.t.core.api['settings.update']({ global: { pauseAllAi: false } })
    await h.t.core.api['conversations.takeover']({ accountId: h.accountId, cid: CID })
    h.buyer('在吗')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'held', reason: 'takeover' })
    expect(conversation().attention).toBe(4)
  })

  it('copilot: drafted; approving it answers the message and uses the round', async () => {
    h = await harness(reply('950可以'), { copilot: true })
    h.buyer('900出吗')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'drafted' })
    expect(conversation().bargainCount).toBe(0)
    const [draft] = await h.t.core.api['drafts.list']({})
    await h.t.core.api['drafts.approve']({ id: draft?.id ?? -1 })
    expect(await lastOutcome()).toMatchObject({ state: 'answered' })
    expect(conversation().bargainCount).toBe(1)
  })

  it('a message older than the freshness window is not answered: needs you, "arrived while the app was off"', async () => {
    h = await harness(reply('在的'), { offlineReplyMinutes: 30 })
    h.buyer('在吗', { createdAt: Date.now() - 31 * 60_000 })
    await h.settle()
    expect(h.sender.sent).toHaveLength(0)
    expect(await lastOutcome()).toMatchObject({ state: 'needs_you', reason: 'offline' })
  })

  it('a reply held by the send-rate limit is queued visibly, then sent and answered; both steps are in decisions.list', async () => {
    h = await harness(reply('在的'))
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    class QueuedSender extends RecordingSender {
      override async send(accountId: string, cid: string, part: ReplyPart, opts?: SendOptions): Promise<SentPart> {
        opts?.onQueued?.(30_000)
        await gate
        return super.send(accountId, cid, part)
      }
    }
    const sender = new QueuedSender()
    h.t.core.services.setSender(sender)
    h.buyer('在吗')
    await new Promise((r) => setTimeout(r, 50))
    expect((await lastOutcome())?.reason).toBe('rate_limit')
    expect(conversation().attention).toBe(1)
    release()
    await h.settle()
    expect(sender.texts()).toEqual(['在的'])
    expect(await lastOutcome()).toMatchObject({ state: 'answered' })
    expect(conversation().attention).toBe(0)
    const decisions = await h.t.core.api['decisions.list']({ accountId: h.accountId, cid: CID })
    expect(decisions.map((d) => d.reason)).toEqual([expect.stringMatching(/queued by the send-rate limit/), expect.any(String)])
  })

  it('a send that fails is needs-you with the reason, never silent', async () => {
    h = await harness(reply('在的'))
    h.sender.fail = true
    h.buyer('在吗')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'needs_you', reason: 'send_failed' })
  })

  it('the per-chat cap counts the stored replies (durable, not an in-memory list)', async () => {
    h = await harness(reply('在的'), {})
    for (let i = 0; i < 8; i++) {
      h.buyer(`问题${i}`)
      await h.settle()
    }
    expect(h.sender.sent).toHaveLength(8)
    h.buyer('再问一个')
    await h.settle()
    expect(await lastOutcome()).toMatchObject({ state: 'held', reason: 'chat_cap' })
    expect(h.t.core.services.db.prepare('SELECT count(*) FROM messages WHERE direction = \'out\'').pluck().get()).toBe(8)
  })
})
