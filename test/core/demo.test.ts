import { afterEach, describe, expect, it } from 'vitest'
import type { Conversation } from '../../src-main/contract/schemas'
import type { Order } from '../../src-main/contract/orders'
import { createLlmClient } from '../../src-main/core/ai'
import { demoAnswer, readPrompt } from '../../src-main/core/ai/providers/demo'
import { buildMessages, buildSystemPrompt } from '../../src-main/core/pipeline/prompt'
import { checkReply, priceTerms } from '../../src-main/core/reply'
import { DEMO_AI_SETTINGS, DEMO_DELIVERY } from '../../src-main/core/services/demo'
import { DEFAULT_ACCOUNT_SETTINGS, type AccountSettings } from '../../src-main/contract/schemas'
import { DEMO_VIRTUAL_ITEM } from '../../src-main/contract/presets'
import { loadScenario } from '../../src-main/simulator/scenario'
import { makeCore, type TestCore } from '../helpers/core'

/**
 * Issue 18: a demo that demonstrates. The demo model is deterministic and goes through the real
 * reply engine; a whole demo run against the bundled simulator never sends a price below the
 * floor, shows the floor correction, leaves the WeChat buyer to the seller, and ends in paid
 * orders, the virtual one delivered from the demo pool by itself, shipped and confirmed; nothing
 * happens before start; restart plays again on fresh chats, with one demo pool and one rule.
 */
let t: TestCore | undefined
afterEach(async () => {
  await t?.dispose()
  t = undefined
})

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await ok()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const SETTINGS: AccountSettings = { ...DEFAULT_ACCOUNT_SETTINGS, ...DEMO_AI_SETTINGS }
const SWITCH = { title: '九成新 Switch OLED 白色 续航版', price: 1650, description: '国行，2023年购入，屏幕无划痕，配件齐全，带原装底座和两个手柄。', skus: [] }

/** The demo model's answer to a buyer message in round `round` of bargaining on the Switch (floor ¥1550). */
function answer(text: string, round: number, history: Array<{ role: 'buyer' | 'seller'; text: string }> = []): string {
  const plan = priceTerms({ price: SWITCH.price, floorPrice: null, settings: SETTINGS, round })
  return demoAnswer({ system: buildSystemPrompt(SETTINGS, 'price', SWITCH, plan), messages: buildMessages(history, [text]) })
}

describe('the demo model', () => {
  it('reads the prompt the engine built: item, list price, this round’s allowed price', () => {
    const plan = priceTerms({ price: 1650, floorPrice: null, settings: SETTINGS, round: 2 })
    expect(readPrompt(buildSystemPrompt(SETTINGS, 'price', SWITCH, plan))).toMatchObject({ title: SWITCH.title, listPrice: 1650, allowed: 1600, round: 2, maxRounds: 3 })
    expect(readPrompt(buildSystemPrompt(SETTINGS, 'default', null, null))).toMatchObject({ title: null, listPrice: null, allowed: null })
  })

  it('counters along the ladder, accepts an offer at or above the allowed price, and slips below the floor only on the last round', () => {
    expect(answer('1400可以吗？诚心要', 1)).toBe('标价 ¥1650 已经很实在了，诚心要的话 ¥1640 给你。')
    expect(answer('1480可以吗？诚心要', 2)).toBe('再让一点，¥1600，不能再少了。')
    expect(answer('1610可以吗', 2)).toBe('可以，¥1610 成交，直接拍下我改价～')
    // the deliberate slip the floor gate corrects: ¥1500 is below the floor ¥1550
    expect(answer('1500可以吗？诚心要', 3)).toBe('唉，算了，¥1500 给你吧。')
    expect(answer('便宜点吧', 3)).toBe('最后一口价 ¥1550，真的不能再少了。')
  })

  it('answers the engine’s correction at the price it names', () => {
    const plan = priceTerms({ price: 1650, floorPrice: null, settings: SETTINGS, round: 3 })
    const system = buildSystemPrompt(SETTINGS, 'price', SWITCH, plan)
    const messages = [...buildMessages([], ['1500可以吗']), { role: 'assistant' as const, content: '唉，算了，¥1500 给你吧。' }, { role: 'user' as const, content: '（系统校验：上一条回复出现了低于 ¥1550 的价格，这是不允许的。请重写，只报 ¥1550，不要出现任何更低的数字。）' }]
    expect(demoAnswer({ system, messages })).toBe('抱歉刚才说错了，最低只能 ¥1550，这是底价了。')
  })

  it('answers questions from the item, and never leaves the item name blank', () => {
    const tech = demoAnswer({ system: buildSystemPrompt(SETTINGS, 'tech', SWITCH, null), messages: buildMessages([], ['电池续航怎么样？有没有维修过？']) })
    expect(tech).toBe('国行，2023年购入，屏幕无划痕，配件齐全，放心～')
    const noItem = demoAnswer({ system: buildSystemPrompt(SETTINGS, 'default', null, null), messages: buildMessages([], ['还在吗']) })
    expect(noItem).toBe('在的，这件宝贝 还在，喜欢可以直接拍～')
  })

  it('without a known price it quotes none', () => {
    const system = buildSystemPrompt(SETTINGS, 'price', null, null)
    expect(demoAnswer({ system, messages: buildMessages([], ['能便宜点吗']) })).toBe('稍等，我确认一下价格再回复您～')
  })

  it('is deterministic: the same request through the real client gives the same answer, with a usage record', async () => {
    const records: unknown[] = []
    const client = createLlmClient({ provider: 'demo', baseUrl: SETTINGS.baseUrl, model: 'demo-1', apiKey: '' }, { onCall: (r) => records.push(r) })
    const req = { system: buildSystemPrompt(SETTINGS, 'price', SWITCH, priceTerms({ price: 1650, floorPrice: null, settings: SETTINGS, round: 1 })), messages: buildMessages([], ['1400行吗']) }
    const a = await client.complete(req)
    const b = await client.complete(req)
    let streamed = ''
    for await (const d of client.stream(req)) streamed += d
    expect(a.text).toBe(b.text)
    expect(streamed).toBe(a.text)
    expect(a).toMatchObject({ provider: 'demo', model: 'demo-1' })
    expect(records).toHaveLength(3)
  })
})

async function demoCore(): Promise<{ t: TestCore; accountId: string }> {
  const core = makeCore({ secrets: null, demoSpeed: 2 })
  const account = await core.core.api['accounts.addDemo']({})
  await core.core.start()
  await until('online', async () => (await core.core.api['accounts.list']({}))[0]?.status === 'online')
  return { t: core, accountId: account.id }
}

const outTexts = (t: TestCore, cid: string): Array<{ text: string; source: string }> =>
  t.core.services.db.prepare("SELECT text, source FROM messages WHERE cid = ? AND direction = 'out' ORDER BY id").all(cid) as Array<{ text: string; source: string }>

describe('the demo, played against the bundled simulator', () => {
  it('the demo account answers with the demo model; nothing happens before start', async () => {
    const d = await demoCore()
    t = d.t
    const settings = (await t.core.api['settings.get']({ accountId: d.accountId })).account
    expect(settings).toMatchObject({ aiEnabled: true, provider: 'demo', model: 'demo-1' })
    expect((await t.core.api['rules.list']({ accountId: d.accountId })).map((r) => r.keywords[0])).toEqual(['在吗', '包邮'])
    expect(await t.core.api['demo.status']({})).toMatchObject({ state: 'ready', run: 0, accountId: d.accountId })
    // the first buyer would write 0.5 s after the seller is online: nothing in 2 s
    await new Promise((r) => setTimeout(r, 2000))
    expect(await t.core.api['conversations.list']({})).toEqual([])
    const changes: string[] = []
    t.core.events.on('demo.changed', (e) => changes.push(`${e.status.state}:${e.status.run}`))
    expect(await t.core.api['demo.start']({})).toMatchObject({ state: 'playing', run: 1 })
    expect(changes).toEqual(['playing:1'])
    await until('a buyer writes', async () => (await t!.core.api['conversations.list']({})).length > 0)
    // pressing start again while the buyers play changes nothing
    expect(await t.core.api['demo.start']({})).toMatchObject({ state: 'playing', run: 1 })
    await t.core.api['accounts.remove']({ id: d.accountId, wipeData: true })
    expect(await t.core.api['demo.status']({})).toMatchObject({ state: 'none', run: 0 })
    expect(t.core.services.demo.running).toBe(false)
  })

  it('offers go to the AI, not to a starter rule; the test panel without an item never leaves the item name blank', async () => {
    const d = await demoCore()
    t = d.t
    const offer = await t.core.api['reply.preview']({ accountId: d.accountId, text: '能便宜点吗？1400出不出', samplePrice: 1650 })
    expect(offer).toMatchObject({ source: 'ai', provider: 'demo', intent: 'price', allowedPrice: 1640, reply: '标价 ¥1650 已经很实在了，诚心要的话 ¥1640 给你。' })
    const greeting = await t.core.api['reply.preview']({ accountId: d.accountId, text: '在吗' })
    expect(greeting).toMatchObject({ source: 'keyword', reply: '买家您好，在的～ 这件宝贝 还在，有什么想了解的？' })
    const noPrice = await t.core.api['reply.preview']({ accountId: d.accountId, text: '能便宜点吗' })
    expect(noPrice).toMatchObject({ source: 'ai', reply: '稍等，我确认一下价格再回复您～' })
  })

  it('a whole run: a bargain down to the floor with the correction, never a price below it, the WeChat buyer left to the seller, paid orders, the virtual one delivered by itself and completed', async () => {
    const d = await demoCore()
    t = d.t
    await t.core.api['demo.start']({})
    const chats = async (): Promise<Conversation[]> => t!.core.api['conversations.list']({})
    const byBuyer = async (nick: string): Promise<Conversation | undefined> => (await chats()).find((c) => c.buyerNick === nick)
    await until('the bargain ends in a paid order', async () => (await byBuyer('小***鱼'))?.orderState === 'paid', 60_000)
    const bargain = (await byBuyer('小***鱼')) as Conversation
    const sent = outTexts(t, bargain.cid)
    expect(sent.map((s) => s.text)).toEqual([
      '小***鱼您好，在的～ 九成新 Switch OLED 白色 续航版 还在，有什么想了解的？',
      '国行，2023年购入，屏幕无划痕，配件齐全，放心～',
      '标价 ¥1650 已经很实在了，诚心要的话 ¥1640 给你。',
      '再让一点，¥1600，不能再少了。',
      '抱歉刚才说错了，最低只能 ¥1550，这是底价了。',
      '收到，马上给你安排～'
    ])
    // every text the product sent in the demo, in every chat, checked by the product's own price reader
    const all = t.core.services.db.prepare("SELECT m.text, c.item_id AS itemId FROM messages m JOIN conversations c ON c.account_id = m.account_id AND c.cid = m.cid WHERE m.direction = 'out'").all() as Array<{ text: string; itemId: string }>
    expect(all.length).toBeGreaterThanOrEqual(6)
    for (const m of all) {
      const item = t.core.services.items.get(d.accountId, m.itemId)
      const floor = item?.price ? (priceTerms({ price: item.price, floorPrice: null, settings: SETTINGS, round: 99 })?.floor ?? 0) : 0
      expect(checkReply(m.text, { allowedPrice: floor, floor, listPrice: item?.price ?? 0 }).ok, m.text).toBe(true)
    }
    // the decision record of round 3 shows the correction
    const decisions = await t.core.api['decisions.list']({ accountId: d.accountId, cid: bargain.cid, limit: 50 })
    const corrected = decisions.find((x) => x.why?.code === 'ai_corrected')
    expect(corrected).toMatchObject({ source: 'ai', provider: 'demo', round: 3, allowedPrice: 1550, floorPrice: 1550, reply: '抱歉刚才说错了，最低只能 ¥1550，这是底价了。' })
    expect(corrected?.checks.map((c) => c.code)).toContain('price_correction')
    expect(decisions.filter((x) => x.why?.code === 'ai' && x.intent === 'price').map((x) => x.allowedPrice)).toEqual(expect.arrayContaining([1640, 1600]))

    // the WeChat buyer: the demo model's answer is dropped by outbound safety, the message waits for the seller (需处理)
    await until('the WeChat question waits for the seller', async () => {
      const c = await byBuyer('考***岸')
      return c !== undefined && (await t!.core.api['outcomes.list']({ accountId: d.accountId, cid: c.cid, limit: 20 })).some((o) => o.state === 'held' && o.reason === 'safety' && o.resolvedAt === null)
    })
    const wechat = (await byBuyer('考***岸')) as Conversation
    expect(outTexts(t, wechat.cid).map((s) => s.text)).toEqual(['亲，考研数学 张宇全套 2026版 几乎全新 全国包邮（偏远地区除外）'])
    await t.core.api['conversations.takeover']({ accountId: d.accountId, cid: wechat.cid })
    await t.core.api['messages.send']({ accountId: d.accountId, cid: wechat.cid, text: '闲鱼上直接拍就好，平台交易有保障～' })
    await until('the buyer writes again', async () => (await t!.core.api['messages.list']({ accountId: d.accountId, cid: wechat.cid })).some((m) => m.text === '好的，那我在闲鱼上拍'))
    await until('the book order is paid', async () => (await byBuyer('考***岸'))?.orderState === 'paid', 30_000)
    // taken over: the bot said nothing after the seller's own words
    expect(outTexts(t, wechat.cid).slice(1)).toEqual([{ text: '闲鱼上直接拍就好，平台交易有保障～', source: 'manual' }])

    // the virtual item: AI answers from the description, the buyer pays, the demo pool's code goes
    // out by itself, the order is shipped and the buyer confirms receipt (交易成功)
    const virtual = async (): Promise<Order[]> => (await t!.core.api['orders.list']({ accountId: d.accountId, itemId: DEMO_VIRTUAL_ITEM.itemId })).orders
    await until('the virtual order is completed', async () => (await virtual())[0]?.state === 'completed', 60_000)
    const game = (await byBuyer('玩***家')) as Conversation
    expect(game.itemId).toBe(DEMO_VIRTUAL_ITEM.itemId)
    // the chat's last order card: 交易成功, then the platform asks for a review
    expect(game.orderState).toBe('rate_requested')
    const orders = await virtual()
    expect(orders).toHaveLength(1)
    const order = orders[0]!
    const [rule] = await t.core.api['delivery.listRules']({ accountId: d.accountId })
    expect(order).toMatchObject({ cid: game.cid, state: 'completed', delivery: 'delivered', ship: 'shipped', ruleId: rule!.id, quantity: 1, spec: '豪华版', amount: 39.9 })
    // paid → delivered: the engine's time, measured (the buyer's card to the platform's ack)
    const ms = (order.deliveredAt ?? 0) - (order.paidAt ?? 0)
    console.info(`demo auto-delivery: paid → delivered in ${ms} ms`)
    expect(ms).toBeGreaterThanOrEqual(0)
    expect(ms).toBeLessThan(1500)
    const detail = await t.core.api['orders.get']({ accountId: d.accountId, orderId: order.orderId })
    // exactly one message, one code, masked in the seller's records
    expect(detail.messages).toHaveLength(1)
    expect(detail.messages[0]).toMatchObject({ state: 'acked', kind: 'text' })
    expect(detail.messages[0]!.text).toMatch(/^感谢购买「Steam 游戏激活码 自动发货」！激活码：DE\*{6}[A-Z]{2}\n这是演示卡密/)
    expect(detail.reviews).toEqual([])
    // the trace, in order: paid, delivered, shipped, completed
    const codes = detail.timeline.map((e) => e.code)
    const at = (code: string, to?: string): number => detail.timeline.findIndex((e) => e.code === code && (to === undefined || e.params.to === to))
    for (const c of ['delivery_started', 'detail_fetched', 'code_reserved', 'message_sent', 'message_acked', 'delivered', 'ship_called', 'ship_ok']) expect(codes).toContain(c)
    const story = [at('state_changed', 'paid'), at('code_reserved'), at('message_acked'), at('delivered'), at('ship_ok'), at('state_changed', 'shipped'), at('state_changed', 'completed')]
    expect(story.every((i) => i >= 0)).toBe(true)
    expect([...story].sort((a, b) => a - b)).toEqual(story)
    expect(codes.filter((c) => c === 'code_reserved')).toHaveLength(1)
    expect(detail.timeline[at('code_reserved')]?.params).toMatchObject({ units: 1, source: 'pool' })
    // the pool: one code used, by this order; the chat keeps the masked text, never the clear code
    const [pool] = await t.core.api['delivery.listPools']({ accountId: d.accountId })
    expect(pool).toMatchObject({ name: DEMO_DELIVERY.poolName, used: 1, reserved: 0, available: DEMO_DELIVERY.size - 1 })
    const used = await t.core.api['delivery.listCodes']({ poolId: pool!.id, state: 'used', limit: 10, offset: 0 })
    expect(used.codes.map((c) => c.orderId)).toEqual([order.orderId])
    const clear = (await t.core.api['delivery.exportCodes']({ poolId: pool!.id, state: 'used' })).text.trim()
    expect(clear).toMatch(/^DEMO-\d{4}-[A-Z]{4}$/)
    const inChat = outTexts(t, game.cid)
    expect(inChat.slice(0, 2).map((s) => s.text)).toEqual(['在的，Steam 游戏激活码 自动发货 还在，喜欢可以直接拍～', '付款后系统自动发货，几秒钟就到～'])
    expect(inChat.filter((s) => s.source === 'delivery').map((s) => s.text)).toEqual([detail.messages[0]!.text])
    expect(t.core.services.db.prepare('SELECT COUNT(*) FROM messages WHERE text LIKE ?').pluck().get(`%${clear}%`)).toBe(0)
    // the buyer read the code before confirming
    const buyerSaid = (await t.core.api['messages.list']({ accountId: d.accountId, cid: game.cid })).filter((m) => m.direction === 'in').map((m) => m.text)
    expect(buyerSaid).toContain('收到激活码了，谢谢')
    // a restart after the run: still one pool and one rule, the used code stays used
    await t.core.api['demo.restart']({})
    expect(await t.core.api['delivery.listRules']({ accountId: d.accountId })).toHaveLength(1)
    expect(await t.core.api['delivery.listPools']({ accountId: d.accountId })).toMatchObject([{ id: pool!.id, used: 1, available: DEMO_DELIVERY.size - 1 }])
  }, 120_000)

  it('adding the demo sets up its delivery like a seller would; restart keeps one pool and one rule and tops the pool up', async () => {
    const d = await demoCore()
    t = d.t
    const api = t.core.api
    // the scenario's virtual buyer buys the item the rule is for
    const scenario = loadScenario('demo')
    expect(scenario.items.map((i) => i.itemId)).toContain(DEMO_VIRTUAL_ITEM.itemId)
    expect(scenario.buyers.filter((b) => b.steps.some((s) => s.pay)).map((b) => b.itemId)).toContain(DEMO_VIRTUAL_ITEM.itemId)

    expect(await api['delivery.getSettings']({ accountId: d.accountId })).toEqual({ accountId: d.accountId, autoDelivery: true })
    const pools = await api['delivery.listPools']({ accountId: d.accountId })
    expect(pools).toHaveLength(1)
    expect(pools[0]).toMatchObject({ name: '演示卡密 / Demo codes', available: 8, reserved: 0, used: 0, lowStockThreshold: 2 })
    const exported = (await api['delivery.exportCodes']({ poolId: pools[0]!.id, state: 'all' })).text.trim().split('\n')
    expect(new Set(exported).size).toBe(8)
    for (const c of exported) expect(c).toMatch(/^DEMO-\d{4}-[A-Z]{4}$/)
    const rules = await api['delivery.listRules']({ accountId: d.accountId })
    expect(rules).toHaveLength(1)
    expect(rules[0]).toMatchObject({ itemId: DEMO_VIRTUAL_ITEM.itemId, spec: '', enabled: true, source: { kind: 'pool', poolId: pools[0]!.id }, shipMode: 'after_ack', delaySeconds: 0 })
    const text = rules[0]!.messages[0]
    expect(text?.kind === 'text' && text.text.includes('{code}') && text.text.includes('{item_title}')).toBe(true)
    // 自动发货 shows the item ready, like any other
    const item = await api['delivery.item']({ accountId: d.accountId, itemId: DEMO_VIRTUAL_ITEM.itemId })
    expect(item).toMatchObject({ ready: true, problems: [], autoDelivery: true })

    const one = async (): Promise<void> => {
      expect(await api['delivery.listPools']({ accountId: d.accountId })).toHaveLength(1)
      expect(await api['delivery.listRules']({ accountId: d.accountId })).toHaveLength(1)
    }
    await api['demo.start']({})
    await api['demo.restart']({})
    await one()
    expect((await api['delivery.listPools']({ accountId: d.accountId }))[0]).toMatchObject({ id: pools[0]!.id, available: 8 })

    // the seller used codes up (here: deleted them): 4 left is enough for a run (one code, still above
    // the low-stock threshold of 2); below 4 a restart tops the pool up to 8, with new codes
    const avail = await api['delivery.listCodes']({ poolId: pools[0]!.id, state: 'available', limit: 10, offset: 0 })
    await api['delivery.deleteCodes']({ poolId: pools[0]!.id, ids: avail.codes.slice(0, 4).map((c) => c.id) })
    await api['demo.restart']({})
    await one()
    expect((await api['delivery.listPools']({ accountId: d.accountId }))[0]?.available).toBe(DEMO_DELIVERY.low)
    await api['delivery.deleteCodes']({ poolId: pools[0]!.id, ids: avail.codes.slice(4, 5).map((c) => c.id) })
    expect((await api['delivery.listPools']({ accountId: d.accountId }))[0]?.available).toBe(3)
    await api['demo.restart']({})
    await one()
    expect((await api['delivery.listPools']({ accountId: d.accountId }))[0]).toMatchObject({ id: pools[0]!.id, available: 8 })
    const after = (await api['delivery.exportCodes']({ poolId: pools[0]!.id, state: 'available' })).text.trim().split('\n')
    expect(new Set(after).size).toBe(8)

    // a rule of the seller's own for the item is kept as it is: no second rule
    await api['delivery.saveRule']({ id: rules[0]!.id, rule: { ...rules[0]!, name: '我的规则 / my rule' } })
    await api['demo.restart']({})
    await one()
    expect((await api['delivery.listRules']({ accountId: d.accountId }))[0]?.name).toBe('我的规则 / my rule')

    // removed by the seller: the next restart sets both up again, once
    await api['delivery.removeRule']({ id: rules[0]!.id })
    await api['delivery.removePool']({ id: pools[0]!.id })
    expect(await api['delivery.listPools']({ accountId: d.accountId })).toHaveLength(0)
    await api['demo.restart']({})
    await one()
    expect((await api['delivery.listPools']({ accountId: d.accountId }))[0]).toMatchObject({ name: DEMO_DELIVERY.poolName, available: 8 })
  }, 60_000)

  it('restart plays the whole scenario again on new chats with fresh buyer names; the first run’s buyers stop', async () => {
    const d = await demoCore()
    t = d.t
    await t.core.api['demo.start']({})
    // restarted while the first run has just begun: its first buyer is mid-script, the others not started
    await until('the first buyer wrote', async () => (await t!.core.api['conversations.list']({})).length === 1)
    const first = await t.core.api['conversations.list']({})
    expect(await t.core.api['demo.restart']({})).toMatchObject({ state: 'playing', run: 2 })
    const RUN2 = ['阿***喵', '柠***茶', '星***河', '橘***猫']
    const fresh = async (): Promise<Conversation[]> => (await t!.core.api['conversations.list']({})).filter((c) => RUN2.includes(c.buyerNick))
    await until('four new buyers wrote', async () => (await fresh()).length === 4, 60_000)
    const run2 = await fresh()
    for (const c of run2) {
      expect(first.map((f) => f.cid)).not.toContain(c.cid)
      expect(c.itemTitle).toBeTruthy()
    }
    // the greeting buyer of run 2 is answered in their own chat
    const greeter = run2.find((c) => c.buyerNick === '阿***喵') as Conversation
    expect(greeter.itemTitle).toBe('九成新 Switch OLED 白色 续航版')
    await until('run 2 answered', () => outTexts(t!, greeter.cid).length > 0)
    expect(outTexts(t, greeter.cid)[0]?.text).toMatch(/^阿\*\*\*喵您好/)
    // the first run said nothing more: its first buyer stopped after the greeting (one more may have been on its way), the others never began
    const old = first[0] as Conversation
    const oldBuyer = (await t.core.api['messages.list']({ accountId: d.accountId, cid: old.cid })).filter((m) => m.direction === 'in')
    expect(oldBuyer.length).toBeLessThanOrEqual(2)
    expect((await t.core.api['conversations.list']({})).map((c) => c.buyerNick).sort()).toEqual([...RUN2, '小***鱼'].sort())
  }, 120_000)
})
