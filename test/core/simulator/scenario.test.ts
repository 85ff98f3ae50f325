import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src-main/simulator/index'
import { loadScenario, scenarioNames, type ScenarioInput } from '../../../src-main/simulator/scenario'
import type { RawWs} from './harness';
import { connectSeller, decodeItem, itemsOf, Jar, mtop, SELLER, textSendFrameBody, until, type Session } from './harness'
import { DEMO_VIRTUAL_ITEM } from '../../../src-main/contract/presets'

let sim: Simulator | undefined
const sockets: RawWs[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await sim?.close()
  sim = undefined
})

async function boot(opts: SimulatorOptions): Promise<{ s: Simulator; seller: Session }> {
  sim = await startSimulator(opts)
  const seller = await connectSeller(sim)
  sockets.push(seller.ws)
  return { s: sim, seller }
}

type Ext = Record<string, string>
/** Every decoded message extension pushed so far (all items of all packages). */
function pushedExts(ws: RawWs): Ext[] {
  return ws.pushes().flatMap((f) => itemsOf(f)).map((i) => decodeItem(i.data).value[1]).filter((m): m is Record<number, Ext> => !Array.isArray(m))
    .map((m) => m[10] as Ext)
}
const texts = (ws: RawWs): string[] => pushedExts(ws).map((e) => e.reminderContent ?? '')

async function reply(seller: Session, cid: string, buyer: string, text: string): Promise<void> {
  const r = await seller.ws.request('/r/MessageSend/sendByReceiverScope', textSendFrameBody(cid, buyer, SELLER, text))
  expect(r.code).toBe(200)
}

describe('simulator scenarios', () => {
  it('validates every builtin scenario and rejects a step with two actions', () => {
    expect(scenarioNames()).toEqual(expect.arrayContaining(['demo', 'bargain', 'paid', 'quiet']))
    for (const n of scenarioNames()) expect(loadScenario(n).name).toBe(n)
    const bad: ScenarioInput = { name: 'x', items: [], buyers: [{ buyerId: '33000001', nick: 'n', itemId: '80000001', steps: [{ say: 'a', pay: {} }] }] }
    expect(() => loadScenario(bad)).toThrow(/exactly one action/)
  })

  it('bargain: buyer asks, waits for the reply, bargains until accepted, orders and pays at the agreed price', async () => {
    const { s, seller } = await boot({ scenario: 'bargain', speed: 20 })
    await until(() => texts(seller.ws).includes('在吗，能便宜点吗'), 3000)
    const cid = s.control.conversations({ unb: SELLER })[0]?.cid ?? ''
    const buyer = '3300000000301'
    await reply(seller, cid, buyer, '可以小刀')
    await until(() => texts(seller.ws).includes('1300行不行'))
    await reply(seller, cid, buyer, '太低了')
    await until(() => texts(seller.ws).includes('1450行不行'))
    await reply(seller, cid, buyer, '行吧')
    await until(() => texts(seller.ws).includes('[我已付款，等待你发货]'), 3000)
    expect(texts(seller.ws)).toEqual(['在吗，能便宜点吗', '1300行不行', '1450行不行', '[我已拍下，待付款]', '[我已付款，等待你发货]'])
    const paid = pushedExts(seller.ws).find((e) => e.reminderContent === '[我已付款，等待你发货]')
    expect(paid).toMatchObject({ redReminder: '等待卖家发货', reminderTitle: '等待你发货', senderUserId: buyer })
    expect(s.control.orders()).toMatchObject([{ price: '1450.00', status: 'paid', sellerId: SELLER }])
    expect(s.control.buyers()[0]?.state).toBe('done')
  })

  it('with a fixed seller, scripted buyers start when that seller comes online (not when the simulator starts)', async () => {
    const scenario: ScenarioInput = {
      name: 'fixed-seller', seller: { unb: SELLER, nick: '卖家' },
      items: [{ itemId: '800000000004', title: '测试商品', price: '10.00' }],
      buyers: [{ buyerId: '3300000000002', nick: '买家', itemId: '800000000004', startMs: 0, steps: [{ say: '第一句' }, { say: '第二句' }] }]
    }
    sim = await startSimulator({ scenario, speed: 10 })
    await new Promise((r) => setTimeout(r, 300))
    expect(sim.control.buyers()[0]?.state).toBe('waiting-seller')
    expect(sim.control.conversations({ unb: SELLER })).toHaveLength(0)
    // a client without any backfill gets every message live
    const seller = await connectSeller(sim)
    sockets.push(seller.ws)
    await until(() => texts(seller.ws).length === 2, 3000)
    expect(texts(seller.ws)).toEqual(['第一句', '第二句'])
  })

  it('paid: after consign.dummy the buyer sees the shipment and confirms receipt', async () => {
    const { s, seller } = await boot({ scenario: 'paid', speed: 20 })
    await until(() => texts(seller.ws).includes('[我已付款，等待你发货]'), 3000)
    const orderId = s.control.orders()[0]?.orderId ?? ''
    const paidCard = s.control.messages({ cid: s.control.orders()[0]?.cid ?? '' }).find((m) => m.contentType === 26 && m.text.includes('付款'))
    expect(paidCard?.contentJson).toContain(`order_detail?id=${orderId}`)
    expect(orderId).toMatch(/^\d{19}$/)
    const r = await mtop(s.urls.mtopBase, seller.jar, 'mtop.taobao.idle.logistic.consign.dummy', `{"orderId":"${orderId}", "tradeText":"","picList":[],"newUnconsign":true}`)
    expect(r.ret[0]).toBe('SUCCESS::调用成功')
    await until(() => texts(seller.ws).includes('快给ta一个评价吧~'), 3000)
    expect(texts(seller.ws).slice(-3)).toEqual(['[你已发货]', '[买家确认收货，交易成功]', '快给ta一个评价吧~'])
    expect(s.control.orders()[0]?.status).toBe('completed')
  })

  it('a custom script: regex-matched reply, image, typing, silent notice, seller writing from another device', async () => {
    const scenario: ScenarioInput = {
      name: 'custom',
      items: [{ itemId: '800000000004', title: '测试商品', price: '10.00' }],
      buyers: [{
        buyerId: '3300000000002', nick: '买家昵称', itemId: '800000000004',
        steps: [
          { say: '还在吗' },
          { waitReply: { match: '在', timeoutMs: 5000, onTimeout: 'end' } },
          { typing: {} },
          { image: { width: 640, height: 480 } },
          { notice: { text: '[不想宝贝被砍价?设置不砍价回复  ]', needPush: false } },
          { sellerSays: '稍等，我看一下' }
        ]
      }]
    }
    const { s, seller } = await boot({ scenario, speed: 10 })
    await until(() => texts(seller.ws).includes('还在吗'))
    const cid = s.control.conversations()[0]?.cid ?? ''
    await reply(seller, cid, '3300000000002', '您好')
    await new Promise((r) => setTimeout(r, 100))
    expect(s.control.buyers()[0]?.state).toBe('waiting-reply') // "您好" does not match /在/
    await reply(seller, cid, '3300000000002', '在的')
    await until(() => texts(seller.ws).includes('稍等，我看一下'))
    const typing = seller.ws.pushes().flatMap((f) => itemsOf(f)).find((i) => i.bizType === 40006)
    expect(Array.isArray(decodeItem(typing?.data ?? '').value[1])).toBe(true)
    const exts = pushedExts(seller.ws)
    const image = s.control.messages({ cid }).find((m) => m.contentType === 2)
    expect(JSON.parse(image?.contentJson ?? '{}')).toMatchObject({ contentType: 2, image: { pics: [{ width: 640, height: 480 }] } })
    expect(exts.find((e) => e.reminderContent === '[图片]')).toBeDefined()
    const pic = (JSON.parse(image?.contentJson ?? '{}') as { image: { pics: Array<{ url: string }> } }).image.pics[0]?.url ?? ''
    const served = await fetch(pic)
    expect(served.headers.get('content-type')).toBe('image/svg+xml')
    expect(exts.at(-1)).toMatchObject({ senderUserId: SELLER, receiver: '3300000000002' })
    const silent = seller.ws.pushes().flatMap((f) => itemsOf(f)).map((i) => decodeItem(i.data).value)
      .find((v) => (v[1] as Record<number, Ext>)[10]?.reminderContent?.startsWith('[不想宝贝'))
    expect((silent?.[3] as Ext).needPush).toBe('false')
    expect(s.control.sent().map((m) => m.text)).toEqual(['您好', '在的'])
  })

  it('demo: buyers start once a seller registers and write to that seller', async () => {
    const { s, seller } = await boot({ scenario: 'demo', speed: 50 })
    await until(() => texts(seller.ws).includes('你好，这个还在吗？'), 3000)
    expect(s.control.conversations({ unb: SELLER }).length).toBeGreaterThanOrEqual(1)
  })

  it('demo: the virtual buyer pays, waits for the code in the chat and for 已发货, only then confirms receipt', async () => {
    const base = loadScenario('demo')
    const only: ScenarioInput = { ...base, name: 'demo-virtual', buyers: base.buyers.filter((b) => b.itemId === DEMO_VIRTUAL_ITEM.itemId) }
    expect(only.buyers).toHaveLength(1)
    const buyer = only.buyers[0]!.buyerId
    const { s, seller } = await boot({ scenario: only, speed: 20 })
    const state = (): string | undefined => s.control.buyers()[0]?.state
    await until(() => texts(seller.ws).includes('[我已付款，等待你发货]'), 10_000)
    const cid = s.control.conversations({ unb: SELLER })[0]?.cid ?? ''
    const order = s.control.orders()[0]!
    expect(order).toMatchObject({ itemId: DEMO_VIRTUAL_ITEM.itemId, status: 'paid', spec: '豪华版', price: '39.90' })
    // a reply without a code does not count; the code does
    await until(() => state() === 'waiting-reply')
    await reply(seller, cid, buyer, '稍等')
    await new Promise((r) => setTimeout(r, 300))
    expect(state()).toBe('waiting-reply')
    await reply(seller, cid, buyer, '激活码：DEMO-0001-ABCD')
    await until(() => state() === 'waiting-shipped')
    // delivered but not shipped: no confirmation yet
    await new Promise((r) => setTimeout(r, 400))
    expect(state()).toBe('waiting-shipped')
    expect(s.control.orders()[0]?.status).toBe('paid')
    const shipped = await mtop(s.urls.mtopBase, new Jar(s.control.mintCookie({ unb: SELLER })), 'mtop.taobao.idle.logistic.consign.dummy', `{"orderId":"${order.orderId}"}`)
    expect(shipped.ret[0]).toBe('SUCCESS::调用成功')
    await until(() => state() === 'done', 5000)
    expect(s.control.orders()[0]?.status).toBe('completed')
    expect(s.control.messages({ cid }).map((m) => m.text).slice(-7)).toEqual(['[我已付款，等待你发货]', '稍等', '激活码：DEMO-0001-ABCD', '[你已发货]', '收到激活码了，谢谢', '[买家确认收货，交易成功]', '快给ta一个评价吧~'])
    await until(() => texts(seller.ws).includes('[买家确认收货，交易成功]'))
  })
})

describe('simulator CLI', () => {
  it('prints exactly one JSON line with the URLs and serves them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/simulator/cli.ts', '--port', '0', '--scenario', 'quiet', '--mint', SELLER], {
      cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' }
    })
    try {
      const lines = createInterface({ input: child.stdout })
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve)
        child.once('exit', (code) => reject(new Error(`exited ${String(code)}`)))
        setTimeout(() => reject(new Error('no output')), 15_000)
      })
      const urls = JSON.parse(first) as Record<string, string>
      expect(Object.keys(urls)).toEqual(expect.arrayContaining(['http', 'ws', 'mtopBase', 'passportBase', 'uploadUrl', 'control', 'cookie']))
      expect(urls.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/)
      const res = await fetch(`${urls.control}/counters`)
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true)
      expect(urls.cookie).toContain(`unb=${SELLER}`)
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
  }, 20_000)
})
