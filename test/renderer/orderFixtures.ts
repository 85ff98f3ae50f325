import type { Order } from '@contract'

/** A paid order of a virtual item, for the orders tests. */
export function order(over: Partial<Order> = {}): Order {
  return {
    accountId: 'a1', orderId: '3000000001', cid: '51', itemId: '800000000103', itemTitle: 'Steam 游戏激活码', spec: '版本:豪华版', quantity: 1, amount: 39.9,
    buyerId: '3300000000601', buyerNick: '玩家', state: 'paid', xiaodao: false, delivery: 'waiting', ship: 'none', ruleId: null,
    createdAt: 1_000, paidAt: 1_100, deliveredAt: null, shippedAt: null, updatedAt: 1_100, ...over
  }
}
