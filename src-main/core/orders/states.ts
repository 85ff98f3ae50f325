/**
 * Order states from the chat's cards and the platform, and the words of the timeline and the
 * review notices.
 */
import type { OrderEventCode, OrderState, ReviewReason } from '@contract/orders'
import type { OrderState as CardState } from '../goofish/orderStates'

/** The order states as the seller reads them (error messages). */
export const STATE_WORDS: Record<OrderState, string> = {
  placed: '待付款 / awaiting payment', paid: '待发货 / paid', shipped: '已发货 / shipped', completed: '交易成功 / completed', refunding: '退款中 / refunding', closed: '已关闭 / closed'
}

export const RANK: Partial<Record<OrderState, number>> = { placed: 0, paid: 1, shipped: 2, completed: 3 }

/** The classifier's card states as order states; `restore` = back to the state before the refund request. */
export function cardTarget(s: CardState): { state: OrderState | 'restore'; xiaodao: boolean } {
  switch (s) {
    case 'awaiting_payment': return { state: 'placed', xiaodao: false }
    case 'bargain_pending': return { state: 'placed', xiaodao: true }
    case 'paid': return { state: 'paid', xiaodao: false }
    case 'shipped': return { state: 'shipped', xiaodao: false }
    case 'completed': case 'rate_requested': case 'rated': return { state: 'completed', xiaodao: false }
    case 'refunding': return { state: 'refunding', xiaodao: false }
    case 'refund_cancelled': return { state: 'restore', xiaodao: false }
    case 'cancelled': return { state: 'closed', xiaodao: false }
  }
}

export type Source = 'card' | 'detail' | 'sold'

/**
 * The next state, or null when `target` changes nothing visible. Closed is final; the forward
 * states never go back (a `paid` card after `shipped` is stale); a refund request remembers the
 * state it interrupted. The platform (detail / sold list) may end a refund the cards did not.
 */
export function nextState(cur: OrderState, prior: OrderState | null, target: OrderState | 'restore', source: Source): { state: OrderState; prior: OrderState | null } | null {
  if (cur === 'closed') return null
  if (target === 'restore') return cur === 'refunding' ? { state: prior ?? 'paid', prior: null } : null
  if (target === 'closed') return { state: 'closed', prior: null }
  if (target === 'refunding') return cur === 'refunding' ? null : { state: 'refunding', prior: cur }
  const to = RANK[target] ?? 0
  if (cur === 'refunding') {
    if (source !== 'card') return { state: target, prior: null }
    return to > (RANK[prior ?? 'placed'] ?? 0) ? { state: 'refunding', prior: target } : null
  }
  return to > (RANK[cur] ?? 0) ? { state: target, prior: null } : null
}

/** Plain zh-CN / English fallback of each timeline code (the renderer words them from code + params). */
export const TEXT: Record<OrderEventCode, string> = {
  state_changed: '订单状态变更 / state changed', delivery_started: '开始发货 / delivery started', delivery_scheduled: '已安排延时发货 / delivery scheduled',
  code_reserved: '已预留卡密 / codes reserved', message_sent: '发货消息已发出 / message sent', message_acked: '平台已确认收到 / acknowledged by the platform',
  delivered: '已发货完成 / delivered', not_paid: '订单未付款，不发货 / not paid, nothing sent', refunding_or_closed: '退款中或已关闭，不发货 / refunding or closed, nothing sent',
  auto_delivery_off: '该账号已关闭自动发货 / auto-delivery is off for this account', no_rule: '没有发货规则 / no delivery rule',
  rules_ambiguous: '多条规则匹配，需人工选择 / several rules match', rule_disabled: '发货规则已停用 / the rule is disabled', pool_empty: '卡密不足 / not enough codes',
  http_failed: '卡密接口失败 / the HTTP source failed', send_failed: '发送失败 / send failed', already_delivered: '已发过货，不再重复 / already delivered',
  resend: '重新发送同一卡密 / resending the same codes', review_opened: '已转人工处理 / sent to review', review_resolved: '人工处理完成 / review resolved',
  refund_after_delivery: '发货后买家申请退款 / refund requested after delivery', ship_called: '调用确认发货 / confirm shipment called',
  ship_ok: '已确认发货 / shipment confirmed', ship_failed: '确认发货失败 / confirm shipment failed', ship_skipped: '未确认发货 / shipment not confirmed',
  detail_fetched: '已读取订单详情 / order detail read', detail_failed: '读取订单详情失败 / order detail could not be read',
  found_by_reconcile: '对账发现的订单 / found by reconcile', note: '备注 / note'
}

/** A review's reason in the seller's words (notices). */
export const REVIEW_WORDS: Record<ReviewReason, string> = {
  pool_empty: '卡密不足', http_failed: '卡密接口失败', rules_ambiguous: '多条发货规则匹配', ship_failed: '确认发货失败', refund_after_delivery: '发货后申请退款',
  send_failed: '发货消息发送失败', no_rule: '没有发货规则', detail_failed: '无法读取订单详情'
}
