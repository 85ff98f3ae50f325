import { afterEach, describe, expect, it } from 'vitest'
import { maskCode } from '../../../src-main/core/orders'
import { events } from '../../../src-main/contract/events'
import type { EventKey } from '../../../src-main/contract/events'
import { parseImport } from '../../../src-main/core/orders/text'
import { ordersHarness, type OrdersHarness } from './harness'

/** Card pools: import counts, dedupe per account, masking everywhere, export, delete, removal. */
let h: OrdersHarness | undefined
afterEach(async () => {
  await h?.dispose()
  h = undefined
})

describe('masking', () => {
  it.each([
    ['ABCDEFGH9Z', 'AB******9Z'],
    ['ABCDE', 'A***E'],
    ['ABCD', '****'],
    ['卡密一二三四五六', '卡密******五六']
  ])('%s → %s', (code, masked) => {
    expect(maskCode(code)).toBe(masked)
  })
})

describe('import', () => {
  it('lines: counts added, duplicates (in the text, the pool, the account), already used, blank, too long', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡')
    const other = await h.pool('年卡', ['IN-OTHER-POOL'])
    const r1 = await h.t.core.api['delivery.importCodes']({ poolId, text: 'A-0001\r\nA-0002\n\n  \nA-0001\nIN-OTHER-POOL\n' + 'x'.repeat(501) + '\nA-0003\n', format: 'lines' })
    expect(r1).toEqual({ added: 3, duplicates: 2, alreadyUsed: 0, blank: 2, tooLong: 1 })
    // one is used by an order, then imported again
    h.t.core.services.db.prepare("UPDATE pool_codes SET state = 'used' WHERE code = 'A-0001'").run()
    const r2 = await h.t.core.api['delivery.importCodes']({ poolId, text: 'A-0001\nA-0002\nA-0004', format: 'lines' })
    expect(r2).toEqual({ added: 1, duplicates: 1, alreadyUsed: 1, blank: 0, tooLong: 0 })
    const pools = await h.t.core.api['delivery.listPools']({ accountId: h.accountId })
    expect(pools.find((p) => p.id === poolId)).toMatchObject({ available: 3, used: 1, reserved: 0 })
    expect(pools.find((p) => p.id === other)).toMatchObject({ available: 1 })
  })

  it('csv: a column, quoted fields', () => {
    // the header row is not a code
    expect(parseImport('卡号,密码\n"1001","P,W-1"\n1002,PW-2\n1003,\n', 'csv', 1)).toEqual({ codes: ['P,W-1', 'PW-2'], duplicates: 0, blank: 2, tooLong: 0 })
    expect(parseImport('1001\tAAA-1\n1002\tAAA-1\n', 'csv', 1)).toEqual({ codes: ['AAA-1'], duplicates: 1, blank: 0, tooLong: 0 })
  })

  it('100k codes import in one transaction well under a few seconds', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('大库')
    const text = Array.from({ length: 100_000 }, (_v, i) => `BULK-${String(i).padStart(8, '0')}-XYZ`).join('\n')
    const t0 = performance.now()
    const r = await h.t.core.api['delivery.importCodes']({ poolId, text, format: 'lines' })
    const ms = performance.now() - t0
    expect(r.added).toBe(100_000)
    console.log(`import of 100k codes: ${Math.round(ms)} ms`)
    expect(ms).toBeLessThan(3000)
  })
})

describe('list, export, delete, remove', () => {
  it('lists masked, exports clear, deletes only available codes, refuses to remove a pool with reserved codes', async () => {
    h = await ordersHarness()
    const poolId = await h.pool('月卡', ['LIST-CODE-0001', 'LIST-CODE-0002', 'LIST-CODE-0003'])
    const listed = await h.t.core.api['delivery.listCodes']({ poolId })
    expect(listed.total).toBe(3)
    expect(listed.codes.map((c) => c.masked)).toEqual(['LI******01', 'LI******02', 'LI******03'])
    expect(JSON.stringify(listed)).not.toContain('LIST-CODE')
    expect(await h.t.core.api['delivery.exportCodes']({ poolId, state: 'available' })).toEqual({ text: 'LIST-CODE-0001\nLIST-CODE-0002\nLIST-CODE-0003\n', count: 3 })
    h.t.core.services.db.prepare("UPDATE pool_codes SET state = 'reserved', order_id = '1' WHERE code = 'LIST-CODE-0001'").run()
    expect(await h.t.core.api['delivery.deleteCodes']({ poolId, ids: [listed.codes[0]!.id, listed.codes[1]!.id] })).toEqual({ deleted: 1 })
    await expect(h.t.core.api['delivery.removePool']({ id: poolId })).rejects.toMatchObject({ code: 'CONFLICT' })
    h.t.core.services.db.prepare("UPDATE pool_codes SET state = 'used' WHERE code = 'LIST-CODE-0001'").run()
    expect(await h.t.core.api['delivery.deleteCodes']({ poolId })).toEqual({ deleted: 1 })
    expect(await h.t.core.api['delivery.removePool']({ id: poolId })).toEqual({ removed: true })
    expect(await h.t.core.api['delivery.listPools']({})).toEqual([])
    // the used code stays in the history: importing it again counts as already used
    const again = await h.pool('新库')
    expect(await h.t.core.api['delivery.importCodes']({ poolId: again, text: 'LIST-CODE-0001', format: 'lines' })).toMatchObject({ added: 0, alreadyUsed: 1 })
  })

  it('pool_low is raised once per crossing of the threshold', async () => {
    h = await ordersHarness()
    const raised: string[] = []
    h.t.core.events.on('notice.raised', (n) => { if (n.kind === 'pool_low') raised.push(n.title) })
    const poolId = await h.pool('月卡', ['LOW-0001', 'LOW-0002', 'LOW-0003'], 2)
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '{code}' }] })
    expect((await h.t.core.api['delivery.item']({ accountId: h.accountId, itemId: '800000000004' })).problems).not.toContain('pool_low')
    for (const id of ['4100000000300', '4100000000301', '4100000000302']) {
      h.api.add(id)
      h.card('paid', id, { cid: `5${id.slice(1)}`, buyerId: `3${id.slice(1)}` })
      await h.settle()
      if (id === '4100000000300') {
        const item = await h.t.core.api['delivery.item']({ accountId: h.accountId, itemId: '800000000004' })
        expect(item.problems).toContain('pool_low')
        expect(item.pools[0]).toMatchObject({ available: 2, used: 1 })
      }
    }
    await h.t.core.services.notify.router.idle()
    expect(h.tx.sent).toHaveLength(3)
    expect(raised).toHaveLength(1)
    expect((await h.t.core.api['delivery.item']({ accountId: h.accountId, itemId: '800000000004' })).problems).toContain('pool_empty')
    // restocked above the threshold, then down again: a second notice
    await h.t.core.api['delivery.importCodes']({ poolId, text: 'LOW-0004\nLOW-0005\nLOW-0006', format: 'lines' })
    h.api.add('4100000000303')
    h.card('paid', '4100000000303', { cid: '51000000303', buyerId: '33000000303' })
    await h.settle()
    await h.t.core.services.notify.router.idle()
    expect(raised).toHaveLength(2)
  })
})

describe('no clear code anywhere but the send and the export', () => {
  it('events, lists, timelines, reviews and log lines carry only masked codes', async () => {
    h = await ordersHarness()
    const seen: string[] = []
    const invalid: string[] = []
    h.t.core.events.onAny((key, payload) => {
      seen.push(`${key} ${JSON.stringify(payload)}`)
      // every payload is what the contract says (the renderer and the host forward them as they are)
      if (!events[key as EventKey].safeParse(payload).success) invalid.push(key)
    })
    const codes = ['SECRET-CODE-AAAA', 'SECRET-CODE-BBBB', 'SECRET-CODE-CCCC']
    const poolId = await h.pool('月卡', codes)
    await h.rule({ source: { kind: 'pool', poolId }, messages: [{ kind: 'text', text: '您的卡密：{code}' }], shipMode: 'after_ack' })
    h.api.add('4100000000400', { quantity: 2 })
    h.card('paid', '4100000000400')
    await h.settle()
    h.tx.mode = 'fail'
    await h.t.core.api['delivery.resend']({ accountId: h.accountId, orderId: '4100000000400' })
    await h.settle()
    expect(h.tx.texts()).toEqual(['您的卡密：SECRET-CODE-AAAA', '您的卡密：SECRET-CODE-BBBB'])
    const everything = JSON.stringify([
      seen,
      await h.t.core.api['orders.get']({ accountId: h.accountId, orderId: '4100000000400' }),
      await h.t.core.api['orders.list']({}),
      await h.t.core.api['delivery.listCodes']({ poolId }),
      await h.t.core.api['delivery.listReviews']({ open: true }),
      await h.t.core.api['delivery.items']({}),
      await h.t.core.api['messages.list']({ accountId: h.accountId, cid: h.cid }),
      await h.t.core.api['conversations.list']({}),
      h.t.logs
    ])
    expect(seen.length).toBeGreaterThan(5)
    expect(invalid).toEqual([])
    for (const key of ['order.changed', 'pool.changed', 'review.changed', 'delivery.changed']) expect(seen.some((x) => x.startsWith(`${key} `))).toBe(true)
    expect(everything).toContain('SE******AA')
    expect(everything).not.toContain('SECRET-CODE')
  })
})
