/**
 * The order / system strings of goofish-protocol.md §7.1 mapped to typed states. Xianyu can change
 * these display strings without notice (§10.21), so redReminder labels are a second signal.
 *
 * Matching: a rule matches when the text equals the phrase (trimmed), or — for system-ish
 * messages (cards, bracketed text, silent pushes) — contains it, as [X]/[X2] do. Plain buyer text
 * only matches exactly, so a buyer typing "已发货了吗" is not taken for a shipping card.
 */

export type OrderState =
  | 'awaiting_payment'
  | 'paid'
  | 'shipped'
  | 'completed'
  | 'rate_requested'
  | 'rated'
  | 'refunding'
  | 'refund_cancelled'
  | 'cancelled'
  | 'bargain_pending'

export interface OrderRule {
  readonly phrase: string
  readonly state: OrderState
  /** One of the four auto-delivery triggers of §7.2. */
  readonly trigger: boolean
}

const r = (phrase: string, state: OrderState, trigger = false): OrderRule => ({ phrase, state, trigger })

/** Ordered: the first matching rule wins (longer / more specific phrases first). */
export const ORDER_TEXT_RULES: ReadonlyArray<OrderRule> = [
  r('[我已付款，等待你发货]', 'paid', true),
  r('[已付款，待发货]', 'paid', true),
  r('我已付款，等待你发货', 'paid', true),
  r('[记得及时发货]', 'paid', true),
  r('[买家已付款]', 'paid'),
  r('[付款完成]', 'paid'),
  r('[我已拍下，待付款]', 'awaiting_payment'),
  r('[买家确认收货，交易成功]', 'completed'),
  r('买家已确认收货，交易成功', 'completed'),
  r('[你已确认收货，交易成功]', 'completed'),
  r('[你已发货，请等待买家确认收货]', 'shipped'),
  r('[你已发货]', 'shipped'),
  r('你已发货', 'shipped'),
  r('已发货', 'shipped'),
  r('快给ta一个评价吧~', 'rate_requested'),
  r('快给ta一个评价吧～', 'rate_requested'),
  r('[我完成了评价]', 'rated'),
  r('我完成了评价', 'rated'),
  r('[退款成功，钱款已原路退返]', 'cancelled'),
  r('[你关闭了订单，钱款已原路退返]', 'cancelled'),
  r('[买家申请退款]', 'refunding'),
  r('[卖家同意退款]', 'refunding')
]

/** Card titles (`dxCard.item.main.exContent.title`) with a meaning of their own. */
export const ORDER_CARD_TITLES: ReadonlyArray<OrderRule> = [
  r('我已小刀，待刀成', 'bargain_pending'),
  r('我已付款，等待你发货', 'paid', true)
]

/** The refund card: title `我发起了退款申请`, state from its button text. */
export const REFUND_CARD_TITLE = '我发起了退款申请'
export const REFUND_BUTTONS: Readonly<Record<string, OrderState>> = { 已同意: 'refunding', 已撤销: 'refund_cancelled' }

/** redReminder labels (on `["1"]["10"]`, `["3"]` or `["4"]`). */
export const RED_REMINDER_STATES: Readonly<Record<string, OrderState>> = {
  交易关闭: 'cancelled',
  等待买家付款: 'awaiting_payment',
  等待卖家发货: 'paid'
}

/** Platform notices: never a buyer message, never an order state (§7.1 last row). */
export const PLATFORM_NOTICES: ReadonlyArray<string> = [
  '[不想宝贝被砍价?设置不砍价回复  ]',
  'AI正在帮你回复消息，不错过每笔订单',
  '发来一条消息',
  '发来一条新消息',
  '卖家人不错？送Ta闲鱼小红花',
  '你人真不错，送你闲鱼小红花',
  '[注意！小心假客服骗钱！]',
  '「我将「退货退款」修改为「退款」」',
  '订单已签收',
  '有蚂蚁森林能量可领',
  '温馨提醒：商品信息近期有过变更',
  '查看商品详情'
]

function phraseMatches(text: string, phrase: string, allowSubstring: boolean): boolean {
  const t = text.trim()
  return t === phrase || (allowSubstring && t.includes(phrase))
}

export function matchOrderText(text: string, allowSubstring: boolean): OrderRule | undefined {
  if (text === '') return undefined
  return ORDER_TEXT_RULES.find((rule) => phraseMatches(text, rule.phrase, allowSubstring))
}

export function matchCardTitle(title: string | undefined, buttonText: string | undefined): OrderRule | undefined {
  if (!title) return undefined
  if (title.trim() === REFUND_CARD_TITLE) {
    const st = buttonText ? REFUND_BUTTONS[buttonText.trim()] : undefined
    return r(REFUND_CARD_TITLE, st ?? 'refunding')
  }
  return ORDER_CARD_TITLES.find((rule) => title.trim() === rule.phrase) ?? matchOrderText(title, false)
}

export function matchRedReminder(label: string | undefined): OrderRule | undefined {
  if (!label) return undefined
  const st = RED_REMINDER_STATES[label.trim()]
  return st ? r(label.trim(), st) : undefined
}

export function isPlatformNotice(text: string, allowSubstring: boolean): boolean {
  if (text === '') return false
  return PLATFORM_NOTICES.some((p) => phraseMatches(text, p, allowSubstring) || (allowSubstring && text.includes(p.trim())))
}
