import { afterEach, describe, expect, it } from 'vitest'
import { ordersHarness, ITEM, type OrdersHarness } from './harness'

/**
 * Issue 16 — exactly-once delivery with a fake transport and fake order APIs: a paid card delivers
 * once whatever repeats; codes per unit; the last code raced; nothing for unpaid / refunding /
 * closed orders; reviews instead of guesses.
 */
let h: OrdersHarness | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
})

const order = async (orderId: string) => h!.t.core.api['orders.get']({ accountId: h!.accountId, orderId })
const codeStates = (poolId: number) => h!.t.core.services.db.prepare('SELECT state, count(*) AS n FROM pool_codes WHERE pool_id = ? GROUP BY state').all(poolId) as Array<{ state: string; n: number }>

describe('a paid card', () => {
  it('delivers the code once: sent with its stored uuid, acked, the code used, the chat and every list masked', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['CODE-AAAA-1111', 'CODE-BBBB-2222'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '卡密：{code}，订单 {order_id}' }] })
    h.api.add('4100000000001')
    h.card('paid', '4100000000001')
    await h.settle()
    expect(h.tx.texts()).toEqual(['卡密：CODE-AAAA-1111，订单 4100000000001'])
    const got = await order('4100000000001')
    expect(got.order).toMatchObject({ state: 'paid', delivery: 'delivered', ship: 'not_asked', ruleId: expect.any(Number) as unknown })
    expect(got.messages).toHaveLength(1)
    expect(got.messages[0]).toMatchObject({ state: 'acked', text: '卡密：CO******11，订单 4100000000001' })
    expect(h.tx.sent[0]?.key).toMatch(/^-\d{13}1$/)
    expect(got.timeline.map((e) => e.code)).toEqual(expect.arrayContaining(['state_changed', 'delivery_started', 'detail_fetched', 'code_reserved', 'message_acked', 'delivered']))
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'used', n: 1 }, { state: 'available', n: 1 }]))
    // the chat shows the masked text, sent as a delivery (not the seller's, not a bot reply)
    const chat = await h.t.core.api['messages.list']({ accountId: h.accountId, cid: h.cid })
    const out = chat.filter((m) => m.direction === 'out')
    expect(out.map((m) => [m.text, m.source])).toEqual([['卡密：CO******11，订单 4100000000001', 'delivery']])
    expect((await h.t.core.api['conversations.detail']({ accountId: h.accountId, cid: h.cid })).conversation.mode).toBe('auto')
  })

  it('a repeated, re-pushed, backfilled or reordered paid card delivers nothing more; paid after shipped does not regress', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['K-1-AAAAAA', 'K-2-BBBBBB', 'K-3-CCCCCC'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000002')
    h.card('paid', '4100000000002')
    h.card('paid', '4100000000002')
    await h.settle()
    // the same card handed over again (backfill after a reconnect) and a reconcile finding it paid
    h.t.core.services.orders.onCard(h.accountId, h.cid, 'paid', '4100000000002')
    await h.t.core.api['orders.reconcile']({ accountId: h.accountId })
    await h.settle()
    expect(h.tx.texts()).toEqual(['K-1-AAAAAA'])
    h.card('shipped', '4100000000002')
    h.card('paid', '4100000000002')
    await h.settle()
    const got = await order('4100000000002')
    expect(got.order.state).toBe('shipped')
    expect(h.tx.sent).toHaveLength(1)
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'used', n: 1 }, { state: 'available', n: 2 }]))
    expect(got.timeline.filter((e) => e.code === 'delivered')).toHaveLength(1)
  })

  it('works in a chat the seller took over (delivery is not a reply), and never counts as a bargaining round', async () => {
    h = await ordersHarness()
    await h.rule({ messages: [{ kind: 'text', text: '感谢购买，30 元的月卡请查收' }] })
    h.card('awaiting_payment', '4100000000003')
    await h.t.core.api['conversations.takeover']({ accountId: h.accountId, cid: h.cid })
    h.api.add('4100000000003')
    h.card('paid', '4100000000003')
    await h.settle()
    expect(h.tx.texts()).toEqual(['感谢购买，30 元的月卡请查收'])
    const conv = (await h.t.core.api['conversations.detail']({ accountId: h.accountId, cid: h.cid })).conversation
    expect(conv.mode).toBe('takeover')
    expect(conv.bargainCount).toBe(0)
  })
})

describe('units and codes', () => {
  it('quantity 3 gets 3 distinct codes, each acked and used', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['Q-AAAA-0001', 'Q-AAAA-0002', 'Q-AAAA-0003', 'Q-AAAA-0004'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '第 {quantity} 件中的卡密 {code}' }, { kind: 'image', url: 'https://example.com/howto.png' }] })
    h.api.add('4100000000010', { quantity: 3 })
    h.card('paid', '4100000000010')
    await h.settle()
    const texts = h.tx.texts()
    expect(texts).toHaveLength(6)
    const codes = texts.filter((x) => x.startsWith('第')).map((x) => x.split(' ').pop())
    expect(new Set(codes).size).toBe(3)
    expect(codes).toEqual(['Q-AAAA-0001', 'Q-AAAA-0002', 'Q-AAAA-0003'])
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'used', n: 3 }, { state: 'available', n: 1 }]))
    expect((await order('4100000000010')).order.delivery).toBe('delivered')
  })

  it('too few codes for the quantity: review pool_empty and nothing reserved; adding codes and 立即发货 delivers', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['Z-AAAA-0001'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000011', { quantity: 2 })
    h.card('paid', '4100000000011')
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    expect(codeStates(poolId)).toEqual([{ state: 'available', n: 1 }])
    const [review] = await h.t.core.api['delivery.listReviews']({ accountId: h.accountId })
    expect(review).toMatchObject({ reason: 'pool_empty', orderId: '4100000000011', resolvedAt: null })
    expect((await order('4100000000011')).order.delivery).toBe('review')
    await h.t.core.api['delivery.importCodes']({ poolId, text: 'Z-AAAA-0002\n', format: 'lines' })
    const after = await h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000011' })
    expect(after.delivery).toBe('delivered')
    expect(h.tx.texts()).toEqual(['Z-AAAA-0001', 'Z-AAAA-0002'])
    expect((await h.t.core.api['delivery.listReviews']({ accountId: h.accountId, open: true }))).toHaveLength(0)
    expect((await h.t.core.api['delivery.listReviews']({ accountId: h.accountId, open: false }))[0]?.resolution).toBe('delivered')
  })

  it('two orders racing for the last code: one gets it, the other goes to review', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['LAST-CODE-01'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000020')
    h.api.add('4100000000021')
    h.card('paid', '4100000000020', { cid: '51000000020', buyerId: '3300000000020' })
    h.card('paid', '4100000000021', { cid: '51000000021', buyerId: '3300000000021' })
    await h.settle()
    expect(h.tx.texts()).toEqual(['LAST-CODE-01'])
    const states = [(await order('4100000000020')).order.delivery, (await order('4100000000021')).order.delivery].sort()
    expect(states).toEqual(['delivered', 'review'])
    const reviews = await h.t.core.api['delivery.listReviews']({ accountId: h.accountId })
    expect(reviews.map((r) => r.reason)).toEqual(['pool_empty'])
  })
})

describe('never to an unpaid, refunding or closed order', () => {
  it('a refund before the (delayed) delivery: nothing sent, delivery skipped, the trace says why', async () => {
    h = await ordersHarness()
    await h.rule({ delaySeconds: 1 })
    h.api.add('4100000000030')
    h.card('paid', '4100000000030')
    await h.settle()
    const scheduled = await order('4100000000030')
    expect(scheduled.order.delivery).toBe('waiting')
    expect(scheduled.timeline.some((e) => e.code === 'delivery_scheduled')).toBe(true)
    h.api.setState('4100000000030', 'refunding')
    h.card('refunding', '4100000000030')
    await new Promise((r) => setTimeout(r, 1200))
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    const got = await order('4100000000030')
    expect(got.order).toMatchObject({ state: 'refunding', delivery: 'skipped' })
    expect(got.timeline.some((e) => e.code === 'refunding_or_closed')).toBe(true)
  })

  it('a refund withdrawn before anything was sent: the delivery goes on', async () => {
    h = await ordersHarness()
    await h.rule({ delaySeconds: 1, messages: [{ kind: 'text', text: '终于发货' }] })
    h.api.add('4100000000035')
    h.card('paid', '4100000000035')
    await h.settle()
    h.card('refunding', '4100000000035')
    expect((await order('4100000000035')).order.delivery).toBe('skipped')
    h.card('refund_cancelled', '4100000000035')
    await new Promise((r) => setTimeout(r, 1200))
    await h.settle()
    expect(h.tx.texts()).toEqual(['终于发货'])
    expect((await order('4100000000035')).order).toMatchObject({ state: 'paid', delivery: 'delivered' })
  })

  it('the detail says closed / unpaid when the paid card arrives: nothing sent', async () => {
    h = await ordersHarness()
    await h.rule()
    h.api.add('4100000000031', { state: 'closed' })
    h.api.add('4100000000032', { state: 'placed' })
    h.card('paid', '4100000000031')
    h.card('paid', '4100000000032', { cid: '51000000032', buyerId: '3300000000032' })
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    expect((await order('4100000000031')).order).toMatchObject({ state: 'closed', delivery: 'skipped' })
    expect((await order('4100000000032')).timeline.some((e) => e.code === 'not_paid')).toBe(true)
  })

  it('the detail cannot be read after retries: review detail_failed, nothing sent', async () => {
    h = await ordersHarness()
    await h.rule()
    h.api.add('4100000000033')
    h.api.detailFailures = 10
    h.card('paid', '4100000000033')
    await h.settle()
    expect(h.api.detailCalls).toBe(3)
    expect(h.tx.sent).toHaveLength(0)
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'detail_failed', detail: 'network down' })
  })

  it('a refund request right after delivery opens a review refund_after_delivery', async () => {
    h = await ordersHarness()
    await h.rule()
    h.api.add('4100000000034')
    h.card('paid', '4100000000034')
    await h.settle()
    h.card('refunding', '4100000000034')
    await h.settle()
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'refund_after_delivery' })
    // the buyer withdrew it: back to paid
    h.card('refund_cancelled', '4100000000034')
    expect((await order('4100000000034')).order.state).toBe('paid')
    expect(h.tx.sent).toHaveLength(1)
  })
})

describe('rules', () => {
  it('several rules matching the spec go to review rules_ambiguous; choosing one delivers with it', async () => {
    h = await ordersHarness()
    const a = await h.rule({ spec: '月卡', messages: [{ kind: 'text', text: 'A 规则' }] })
    await h.rule({ spec: '卡', messages: [{ kind: 'text', text: 'B 规则' }] })
    await h.rule({ spec: '年卡', messages: [{ kind: 'text', text: 'C 规则' }] })
    h.api.add('4100000000040', { spec: '版本:月卡' })
    h.card('paid', '4100000000040')
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'rules_ambiguous' })
    const item = await h.t.core.api['delivery.item']({ accountId: h.accountId, itemId: ITEM })
    expect(item.waiting).toBe(1)
    await h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000040', ruleId: a })
    expect(h.tx.texts()).toEqual(['A 规则'])
  })

  it('a spec rule wins over the item-wide rule; nothing happens without a rule, and readiness says why', async () => {
    h = await ordersHarness()
    await h.rule({ messages: [{ kind: 'text', text: '通用' }] })
    await h.rule({ spec: '年卡', messages: [{ kind: 'text', text: '年卡专用' }] })
    h.api.add('4100000000041', { spec: '版本:年卡' })
    h.card('paid', '4100000000041')
    await h.settle()
    expect(h.tx.texts()).toEqual(['年卡专用'])
    h.api.add('4100000000042', { itemId: '800000000999' })
    h.card('paid', '4100000000042', { cid: '51000000042', buyerId: '3300000000042', itemId: '800000000999' })
    await h.settle()
    expect(h.tx.sent).toHaveLength(1)
    const got = await order('4100000000042')
    expect(got.order.delivery).toBe('skipped')
    expect(got.timeline.some((e) => e.code === 'no_rule')).toBe(true)
    const ready = await h.t.core.api['delivery.item']({ accountId: h.accountId, itemId: '800000000999' })
    expect(ready.problems).toEqual(expect.arrayContaining(['no_rule', 'account_offline']))
    expect(ready.ready).toBe(false)
  })

  it('auto-delivery off for the account: skipped with the reason; readiness shows it', async () => {
    h = await ordersHarness()
    await h.rule()
    await h.t.core.api['delivery.setSettings']({ accountId: h.accountId, autoDelivery: false })
    h.api.add('4100000000043')
    h.card('paid', '4100000000043')
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    expect((await order('4100000000043')).timeline.some((e) => e.code === 'auto_delivery_off')).toBe(true)
    expect((await h.t.core.api['delivery.item']({ accountId: h.accountId, itemId: ITEM })).problems).toContain('auto_delivery_off')
  })

  it('refuses unknown variables, {code} without a source and a pool of another account', async () => {
    h = await ordersHarness()
    await expect(h.rule({ messages: [{ kind: 'text', text: '你好 {price}' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await expect(h.rule({ messages: [{ kind: 'text', text: '{code}' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await expect(h.rule({ source: { kind: 'pool', poolId: 999 }, messages: [{ kind: 'text', text: '{code}' }] })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    const poolId = await h.pool()
    await expect(h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '谢谢' }] })).rejects.toThrow(/\{code\}/)
    await expect(h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })).resolves.toBeGreaterThan(0)
  })
})

describe('the outbound floor check sees every delivery text', () => {
  it('a code’s own digits never block it; a text quoting below the floor is held and goes to review', async () => {
    h = await ordersHarness()
    // ¥30 item, floor ¥27: a code "5元" or "10" would read as a price if it were checked
    const poolId = await h.pool('月卡', ['10', '5元券'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '卡密：{code}' }] })
    h.api.add('4100000000060', { quantity: 2 })
    h.card('paid', '4100000000060')
    await h.settle()
    expect(h.tx.texts()).toEqual(['卡密：10', '卡密：5元券'])
    await h.t.core.api['delivery.saveRule']({ id: (await h.t.core.api['delivery.listRules']({}))[0]!.id, rule: { accountId: h.accountId, itemId: ITEM, spec: '', name: '', enabled: true, source: { kind: 'none' }, messages: [{ kind: 'text', text: '下次 10 元卖你' }], delaySeconds: 0, shipMode: 'off' } })
    h.api.add('4100000000061')
    h.card('paid', '4100000000061', { cid: '51000000061', buyerId: '3300000000061' })
    await h.settle()
    expect(h.tx.sent).toHaveLength(2)
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'send_failed', orderId: '4100000000061', detail: expect.stringMatching(/¥10/) as unknown })
  })
})

describe('send failures and resend', () => {
  it('a refused send opens send_failed; resend sends the same code with a new uuid, never a new code', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['R-AAAA-0001', 'R-AAAA-0002'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000050')
    h.tx.mode = 'fail'
    h.card('paid', '4100000000050')
    await h.settle()
    expect((await order('4100000000050')).order.delivery).toBe('review')
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'send_failed' })
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'reserved', n: 1 }, { state: 'available', n: 1 }]))
    h.tx.mode = 'ack'
    const after = await h.t.core.api['delivery.resend']({ accountId: h.accountId, orderId: '4100000000050' })
    expect(after.delivery).toBe('delivered')
    expect(h.tx.texts()).toEqual(['R-AAAA-0001'])
    // and once more, by hand: the same code again with another uuid
    await h.t.core.api['delivery.resend']({ accountId: h.accountId, orderId: '4100000000050' })
    expect(h.tx.texts()).toEqual(['R-AAAA-0001', 'R-AAAA-0001'])
    expect(new Set(h.tx.sent.map((s) => s.key)).size).toBe(2)
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'used', n: 1 }, { state: 'available', n: 1 }]))
    expect((await h.t.core.api['delivery.listReviews']({ open: false }))[0]?.resolution).toBe('resent')
  })

  it('a send the platform never answers is no delivery: code kept reserved, nothing shipped; its copy coming back completes it', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['U-AAAA-0001', 'U-AAAA-0002'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '卡密 {code}' }], shipMode: 'after_ack' })
    h.api.add('4100000000060')
    h.tx.mode = 'unanswered'
    h.card('paid', '4100000000060')
    await h.settle()
    expect((await order('4100000000060')).order).toMatchObject({ delivery: 'sending', ship: 'none' })
    expect(h.api.consignCalls).toBe(0)
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'reserved', n: 1 }, { state: 'available', n: 1 }]))
    // nothing came back in time: the seller decides
    await new Promise((r) => setTimeout(r, 250))
    await h.settle()
    expect((await order('4100000000060')).order.delivery).toBe('review')
    expect((await h.t.core.api['delivery.listReviews']({}))[0]).toMatchObject({ reason: 'send_failed', orderId: '4100000000060' })
    expect(h.api.consignCalls).toBe(0)
    // then the platform's copy arrives (backfill / echo): it was delivered after all — once, the same code
    const key = h.tx.sent[0]?.key as string
    expect(h.t.core.services.ingest.ingest({
      accountId: h.accountId, cid: h.cid, direction: 'out', senderId: 'me', senderNick: '', buyerId: '3300000000002', buyerNick: '', itemId: ITEM,
      contentType: 'text', text: '卡密 U-AAAA-0001', clientUuid: key, platformMessageId: 'pm-late', createdAt: Date.now()
    })).toBe('own_echo')
    await h.settle()
    const got = await order('4100000000060')
    expect(got.order).toMatchObject({ delivery: 'delivered', ship: 'shipped' })
    expect(h.tx.texts()).toEqual(['卡密 U-AAAA-0001'])
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'used', n: 1 }, { state: 'available', n: 1 }]))
    expect(await h.t.core.api['delivery.listReviews']({})).toEqual([])
    const chat = (await h.t.core.api['messages.list']({ accountId: h.accountId, cid: h.cid })).filter((m) => m.direction === 'out')
    expect(chat.map((m) => [m.text, m.source])).toEqual([['卡密 U-******01', 'delivery']])
  })

  it('立即发货 after a failed send sends the reserved code again, never a new one', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['N-AAAA-0001', 'N-AAAA-0002'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000052')
    h.tx.mode = 'fail'
    h.card('paid', '4100000000052')
    await h.settle()
    h.tx.mode = 'ack'
    await expect(h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000052', ruleId: 1 })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000052' })).delivery).toBe('delivered')
    expect(h.tx.texts()).toEqual(['N-AAAA-0001'])
    expect(codeStates(poolId)).toEqual(expect.arrayContaining([{ state: 'used', n: 1 }, { state: 'available', n: 1 }]))
  })

  it('立即发货 of an order shipped by hand sends the code; never of a placed, refunding or closed one', async () => {
    h = await ordersHarness()
    await h.rule({ messages: [{ kind: 'text', text: '补发' }] })
    h.api.add('4100000000053', { state: 'shipped' })
    h.card('shipped', '4100000000053')
    await h.settle()
    expect(h.tx.sent).toHaveLength(0)
    expect((await h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000053' })).delivery).toBe('delivered')
    expect(h.tx.texts()).toEqual(['补发'])
    h.api.add('4100000000054', { state: 'refunding' })
    h.card('refunding', '4100000000054', { cid: '51000000054', buyerId: '3300000000054' })
    // said in the seller's words (退款中, not an internal state name), with what to do
    await expect(h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000054' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('退款中') as unknown })
    // the card said paid, the platform says closed: nothing
    h.api.add('4100000000055', { state: 'closed' })
    h.t.core.services.db.prepare("INSERT INTO orders (account_id, order_id, cid, item_id, state, created_at, updated_at) VALUES (?, '4100000000055', ?, ?, 'paid', 1, 1)").run(h.accountId, h.cid, ITEM)
    await h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000055' })
    expect(h.tx.sent).toHaveLength(1)
    expect((await order('4100000000055')).order).toMatchObject({ state: 'closed', delivery: 'skipped' })
  })

  it('markHandled takes the review out of 需处理', async () => {
    h = await ordersHarness()
    await h.rule({ source: { kind: 'pool', poolId: await h.pool() }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000051')
    h.card('paid', '4100000000051')
    await h.settle()
    const [r] = await h.t.core.api['delivery.listReviews']({})
    const done = await h.t.core.api['delivery.markHandled']({ id: r!.id })
    expect(done).toMatchObject({ resolution: 'handled', resolvedAt: expect.any(Number) as unknown })
    expect(await h.t.core.api['delivery.listReviews']({})).toHaveLength(0)
    expect((await order('4100000000051')).order.delivery).toBe('skipped')
  })

  it('markHandled after a refused send puts the never-sent code back in the pool', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['H-AAAA-0001'])
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    h.api.add('4100000000056')
    h.tx.mode = 'fail'
    h.card('paid', '4100000000056')
    await h.settle()
    expect(codeStates(poolId)).toEqual([{ state: 'reserved', n: 1 }])
    const [r] = await h.t.core.api['delivery.listReviews']({})
    await h.t.core.api['delivery.markHandled']({ id: r!.id })
    expect(codeStates(poolId)).toEqual([{ state: 'available', n: 1 }])
    // the code may now go to someone else: resend refuses, 立即发货 reserves again
    await expect(h.t.core.api['delivery.resend']({ accountId: h.accountId, orderId: '4100000000056' })).rejects.toMatchObject({ code: 'CONFLICT' })
    h.tx.mode = 'ack'
    expect((await h.t.core.api['delivery.deliverNow']({ accountId: h.accountId, orderId: '4100000000056' })).delivery).toBe('delivered')
    expect(h.tx.texts()).toEqual(['H-AAAA-0001'])
    expect(codeStates(poolId)).toEqual([{ state: 'used', n: 1 }])
  })
})
