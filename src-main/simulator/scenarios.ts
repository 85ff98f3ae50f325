/**
 * Named scenarios bundled with the simulator (TS objects rather than JSON files, so the app's
 * demo mode gets them through the bundler). Times are in scenario ms (divided by `speed`).
 */
import { DEMO_VIRTUAL_ITEM } from '../contract/presets'
import type { ScenarioInput } from './scenario'

const ITEMS: ScenarioInput['items'] = [
  {
    itemId: '800000000101', title: '九成新 Switch OLED 白色 续航版', price: '1650.00', quantity: 1,
    desc: '国行，2023年购入，屏幕无划痕，配件齐全，带原装底座和两个手柄。不退不换，同城可面交。'
  },
  {
    itemId: '800000000102', title: '考研数学 张宇全套 2026版 几乎全新', price: '45.00', quantity: 3,
    desc: '只翻过前两章，无笔记。包邮（偏远地区除外）。'
  },
  {
    itemId: DEMO_VIRTUAL_ITEM.itemId, title: DEMO_VIRTUAL_ITEM.title, price: '19.90', quantity: 99, virtual: true,
    desc: '虚拟商品，付款后自动发货，拍下即视为同意不退款。',
    skus: [{ spec: '标准版', price: '19.90', quantity: 60 }, { spec: '豪华版', price: '39.90', quantity: 39 }]
  }
]

/**
 * The app's demo (issue 18): what a seller's first hour looks like. A greeting and a postage
 * question the starter keyword rules answer; a condition question, a bargaining ladder over three
 * rounds ending in the demo model's floor correction, and an order at the floor; a buyer who wants
 * to move to WeChat (the bot stays silent, the seller answers by hand); a paid virtual order the
 * demo account delivers automatically (the buyer reads the code, waits for 已发货, confirms receipt).
 */
const demo: ScenarioInput = {
  name: 'demo',
  description: 'Questions, a three-round bargain down to the floor, a buyer for the seller to answer by hand, a paid virtual order, a platform notice.',
  items: ITEMS,
  buyers: [
    {
      buyerId: '3300000000201', nick: '小***鱼', itemId: '800000000101', startMs: 1000,
      steps: [
        { say: '你好，这个还在吗？' },
        { waitReply: { timeoutMs: 60000 } },
        { say: '电池续航怎么样？有没有维修过？', delayMs: 1500 },
        { waitReply: { timeoutMs: 60000 } },
        { bargain: { offers: [1400, 1480, 1500], text: '{price}可以吗？诚心要', timeoutMs: 60000, onReject: 'continue' }, delayMs: 1500 },
        { say: '那我直接拍了', delayMs: 2000 },
        { waitReply: { timeoutMs: 60000 } },
        { order: { price: '1550.00' }, delayMs: 1500 },
        { pay: {}, delayMs: 2500 }
      ]
    },
    {
      buyerId: '3300000000202', nick: '考***岸', itemId: '800000000102', startMs: 4000,
      steps: [
        { say: '请问包邮吗？' },
        { waitReply: { timeoutMs: 60000 } },
        { say: '能加个微信吗？我直接转账给你', delayMs: 2000 },
        { waitReply: { timeoutMs: 600000, onTimeout: 'end' } },
        { say: '好的，那我在闲鱼上拍', delayMs: 2500 },
        { order: {}, delayMs: 4000 },
        { pay: {}, delayMs: 2000 }
      ]
    },
    {
      buyerId: '3300000000203', nick: '玩***家', itemId: DEMO_VIRTUAL_ITEM.itemId, startMs: 8000,
      steps: [
        { say: '豪华版有货吗' },
        { waitReply: { timeoutMs: 30000, onTimeout: 'continue' } },
        { say: '付款后多久发货？', delayMs: 1500 },
        { waitReply: { timeoutMs: 30000, onTimeout: 'continue' } },
        { order: { spec: '豪华版' }, delayMs: 2000 },
        { pay: {}, delayMs: 2500 },
        // the demo account's auto-delivery: the code arrives in the chat, then the order is shipped
        { waitReply: { match: 'DEMO-[0-9A-Z]{4}-[0-9A-Z]{4}', timeoutMs: 120000, onTimeout: 'continue' } },
        { waitShipped: { timeoutMs: 120000, onTimeout: 'end' } },
        { say: '收到激活码了，谢谢', delayMs: 3000 },
        { confirm: {}, delayMs: 2000 }
      ]
    },
    {
      buyerId: '3300000000204', nick: '路***人', itemId: '800000000101', startMs: 16000,
      steps: [
        { notice: { text: '[不想宝贝被砍价?设置不砍价回复  ]', needPush: false } },
        { typing: {}, delayMs: 500 },
        { say: '1000卖不卖', delayMs: 1500 },
        { waitReply: { timeoutMs: 60000 } }
      ]
    }
  ]
}

const bargain: ScenarioInput = {
  name: 'bargain',
  description: 'One buyer bargains down in steps, then orders and pays at the agreed price.',
  items: [ITEMS[0] as ScenarioInput['items'][number]],
  buyers: [
    {
      buyerId: '3300000000301', nick: '砍***王', itemId: '800000000101',
      steps: [
        { say: '在吗，能便宜点吗' },
        { waitReply: { timeoutMs: 60000 } },
        { bargain: { offers: [1300, 1450, 1550], text: '{price}行不行', timeoutMs: 60000, onReject: 'end' } },
        { order: {}, delayMs: 1000 },
        { pay: {}, delayMs: 1000 }
      ]
    }
  ]
}

const paid: ScenarioInput = {
  name: 'paid',
  description: 'A virtual-goods order: order, pay, wait for shipping, confirm receipt (auto-delivery).',
  items: [ITEMS[2] as ScenarioInput['items'][number]],
  buyers: [
    {
      buyerId: '3300000000401', nick: '买***家', itemId: '800000000103',
      steps: [
        { order: {} },
        { pay: {}, delayMs: 500 },
        { waitShipped: { timeoutMs: 60000, onTimeout: 'end' } },
        { confirm: {}, delayMs: 500 }
      ]
    }
  ]
}

/** Virtual goods for the delivery demo: a membership code, and game keys in two editions. */
const DELIVERY_ITEMS: ScenarioInput['items'] = [
  {
    itemId: '800000000201', title: '视频会员月卡 激活码 自动发货', price: '15.00', quantity: 500, virtual: true,
    desc: '虚拟商品，付款后自动发送激活码，拍下即视为同意不退款。'
  },
  {
    itemId: '800000000202', title: 'Steam 游戏激活码 多版本 自动发货', price: '19.90', quantity: 200, virtual: true, specLabel: '型号',
    desc: '虚拟商品，付款后自动发货。标准版 / 豪华版可选。',
    skus: [{ spec: '版本:标准版', price: '19.90', quantity: 120 }, { spec: '版本:豪华版', price: '39.90', quantity: 80 }]
  }
]

const delivery: ScenarioInput = {
  name: 'delivery',
  description: 'Automatic delivery (卡密自动发货): one buyer buys a virtual item and pays; another buys 2 units of a spec. Both wait for the code and the shipment.',
  items: DELIVERY_ITEMS,
  buyers: [
    {
      buyerId: '3300000000501', nick: '追***迷', itemId: '800000000201', startMs: 1000,
      steps: [
        { say: '拍了，多久发货？' },
        { order: {}, delayMs: 800 },
        { pay: {}, delayMs: 1200 },
        { waitReply: { match: '卡密|激活码|兑换码', timeoutMs: 60000, onTimeout: 'continue' } },
        { waitShipped: { timeoutMs: 60000, onTimeout: 'continue' } },
        { say: '收到了，可以用，谢谢', delayMs: 1500 },
        { confirm: {}, delayMs: 1500 }
      ]
    },
    {
      buyerId: '3300000000502', nick: '玩***二', itemId: '800000000202', startMs: 4000,
      steps: [
        { say: '豪华版买两份' },
        { order: { spec: '版本:豪华版', quantity: 2 }, delayMs: 1000 },
        { pay: {}, delayMs: 1500 },
        { waitReply: { match: '卡密|激活码|兑换码', timeoutMs: 60000, onTimeout: 'continue' } },
        { waitShipped: { timeoutMs: 60000, onTimeout: 'continue' } },
        { say: '两个都收到了', delayMs: 2000 }
      ]
    }
  ]
}

const quiet: ScenarioInput = {
  name: 'quiet',
  description: 'Items but no buyers: the gateway only heartbeats. For idle-connection and fault tests.',
  items: ITEMS,
  buyers: []
}

export const BUILTIN_SCENARIOS: Readonly<Record<string, ScenarioInput>> = { demo, bargain, paid, delivery, quiet }
