import { afterEach, describe, expect, it } from 'vitest'
import type { AccountSettings } from '../../../src-main/contract/schemas'
import { extractPrices } from '../../../src-main/core/reply'
import { startSimulator, type Simulator } from '../../../src-main/simulator'
import { alwaysBelowFloor, reply, startFakeOpenAI, type Behaviour, type FakeLlmServer, type FakeRequest } from '../../fakes/llm'
import { sleep, startWorld, until, type World, type WorldOptions } from './world'

/**
 * Issue 4 scenarios through the simulator: real protocol client, real core, a fake
 * OpenAI-compatible LLM; the item (¥1650, floor 1550) comes from the simulator's item detail.
 */
let w: World | undefined
let llm: FakeLlmServer | undefined
let sim: Simulator | undefined
afterEach(async () => {
  await w?.dispose()
  await llm?.close()
  await sim?.close()
  w = llm = sim = undefined
})

const LIST_PRICE = 1650
const FLOOR = 1550

async function aiWorld(answer: Behaviour, account: Partial<AccountSettings> = {}, o: WorldOptions = {}): Promise<World> {
  llm ??= await startFakeOpenAI({ behaviour: answer })
  const world = await startWorld({
    ...o, account: { aiEnabled: true, baseUrl: llm.url, model: 'qwen-plus', ...account },
    core: { llmOptions: { sleep: async () => {}, random: () => 0.5 } }
  })
  await world.t.core.api['secrets.setApiKey']({ accountId: world.accountId, apiKey: 'sk-scenario' })
  return world
}

const sentTexts = (x: World, cid?: string): string[] => x.sim.control.sent(cid ? { cid } : undefined).map((m) => m.text)
const conversation = async (x: World, cid: string) => (await x.t.core.api['conversations.list']({})).find((c) => c.cid === cid)

describe('replies through the simulator', () => {
  it('a buyer bargains four times: three AI replies with rising firmness, none below the floor, the fourth refused without the LLM', async () => {
    w = await aiWorld(reply((r: FakeRequest) => `${/最多只能让到 ¥(\d+)/.exec(r.system)?.[1] ?? String(LIST_PRICE)}元可以，真心要就拍`))
    const first = w.say('1400出吗')
    const cid = first.cid
    await until('reply 1', () => sentTexts(w as World, cid).length === 1)
    for (const [i, text] of ['1450行不行', '一千五可以吗', '最低多少'].entries()) {
      w.say(text, { cid })
      await until(`reply ${i + 2}`, () => sentTexts(w as World, cid).length === i + 2)
    }
    await sleep(300)
    const texts = sentTexts(w, cid)
    expect(texts).toHaveLength(4)
    expect(llm?.requests).toHaveLength(3)
    const prices = texts.slice(0, 3).flatMap((t) => extractPrices(t, { listPrice: LIST_PRICE }).map((p) => p.value))
    expect(prices.length).toBeGreaterThanOrEqual(3)
    expect(prices.every((p) => p >= FLOOR)).toBe(true)
    expect(prices).toEqual([...prices].sort((a, b) => b - a))
    expect(prices.at(-1)).toBe(FLOOR)
    expect(texts[3]).toBe('抱歉，这个价格已经是最优惠的了，不能再便宜了哦！')
    const decisions = await w.t.core.api['decisions.list']({ accountId: w.accountId, cid })
    expect(decisions.map((d) => d.source)).toEqual(['ai', 'ai', 'ai', 'refusal'])
  })

  it('issue 14: keyword-free offers against an LLM that always quotes below the floor — nothing below ¥1550 reaches the buyer, round 4 is refused without the LLM', async () => {
    const produced: string[] = []
    w = await aiWorld(alwaysBelowFloor(produced))
    const first = w.say('那1500呢')
    const cid = first.cid
    await until('reply 1', () => sentTexts(w as World, cid).length === 1)
    for (const [i, text] of ['1.5k行吗', '老板 一千五', '1k5'].entries()) {
      w.say(text, { cid })
      await until(`reply ${i + 2}`, () => sentTexts(w as World, cid).length === i + 2)
    }
    const texts = sentTexts(w, cid)
    expect(produced.length).toBeGreaterThanOrEqual(6)
    for (const t of texts) expect(produced).not.toContain(t)
    const prices = texts.flatMap((t) => [...t.matchAll(/(\d+)元/g)].map((m) => Number(m[1])))
    expect(prices).toHaveLength(3)
    expect(prices.every((p) => p >= FLOOR)).toBe(true)
    expect(texts[3]).toBe('抱歉，这个价格已经是最优惠的了，不能再便宜了哦！')
    // the decision is recorded right after the send the simulator saw
    const world = w
    await until('4 decisions', async () => (await world.t.core.api['decisions.list']({ accountId: world.accountId, cid })).length === 4)
    const decisions = await w.t.core.api['decisions.list']({ accountId: w.accountId, cid })
    expect(decisions.map((d) => [d.source, d.round])).toEqual([['ai', 1], ['ai', 2], ['ai', 3], ['refusal', 4]])
    // two LLM calls (the answer, one correction) per round; none for the refusal
    expect(llm?.requests).toHaveLength(6)
  })

  it('the seller replies from the phone mid-debounce: no bot reply, the chat is paused', async () => {
    w = await aiWorld(reply('机器人回复'), { debounceSeconds: 0.5 })
    const m = w.say('在吗')
    await until('buyer message stored', () => (w as World).inboundCounts().get('在吗') === 1)
    w.sim.control.sellerSaysElsewhere({ cid: m.cid, text: '在的，稍等' })
    await until('paused', async () => (await conversation(w as World, m.cid))?.mode === 'paused')
    await sleep(900) // past the debounce window
    expect(sentTexts(w)).toEqual([])
    expect(llm?.requests).toHaveLength(0)
  })

  it('a restart of the core during a pause: still paused afterwards', async () => {
    sim = await startSimulator({ scenario: 'quiet', sellerUnb: '2200000000001' })
    w = await aiWorld(reply('机器人回复'), {}, { sim })
    const m = w.say('你好')
    await until('first reply', () => sentTexts(w as World).length === 1)
    w.sim.control.sellerSaysElsewhere({ cid: m.cid, text: '我来回答' })
    await until('paused', async () => (await conversation(w as World, m.cid))?.mode === 'paused')
    const { dir, secrets } = w.t
    await w.dispose({ keepDir: true })
    w = await aiWorld(reply('机器人回复'), {}, { sim, dir, secrets })
    expect((await conversation(w, m.cid))?.mode).toBe('paused')
    w.say('还在吗', { cid: m.cid })
    await until('second buyer message stored', () => (w as World).inboundCounts().get('还在吗') === 1)
    await sleep(500)
    expect(sentTexts(w)).toHaveLength(1)
    expect(llm?.requests).toHaveLength(1)
    const decisions = await w.t.core.api['decisions.list']({ accountId: w.accountId, cid: m.cid })
    expect(decisions.at(-1)?.reason).toMatch(/pause/i)
  })

  it('a duplicated push: one reply, one LLM call', async () => {
    w = await aiWorld(reply('在的，还有货'))
    w.sim.control.duplicatePushes({ count: 2 })
    const m = w.say('这个还有吗')
    await until('reply', () => sentTexts(w as World).length === 1)
    await sleep(500)
    expect(sentTexts(w)).toEqual(['在的，还有货'])
    expect(llm?.requests).toHaveLength(1)
    expect(w.inboundCounts().get('这个还有吗')).toBe(1)
    expect(w.sim.control.sent({ cid: m.cid })).toHaveLength(1)
  })

  it('a copilot draft is approved → sent exactly once', async () => {
    w = await aiWorld(reply('可以的，今天发货'), { copilot: true })
    w.say('今天能发货吗')
    const api = w.t.core.api
    const id = w.accountId
    await until('draft', async () => (await api['drafts.list']({ accountId: id })).length === 1)
    expect(sentTexts(w)).toEqual([])
    const [draft] = await api['drafts.list']({ accountId: id })
    const results = await Promise.allSettled([api['drafts.approve']({ id: draft?.id ?? -1, text: '可以的，下午发货' }), api['drafts.approve']({ id: draft?.id ?? -1 })])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    await sleep(300)
    expect(sentTexts(w)).toEqual(['可以的，下午发货'])
    expect(await api['drafts.list']({ accountId: id })).toHaveLength(0)
  })
})
