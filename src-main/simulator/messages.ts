/**
 * Builders for the messages the simulated world stores and pushes: text, image, and the
 * order/system cards of goofish-protocol.md §7.1 with their exact strings.
 */
import { hex32, type MessageOrigin, type SimConversation, type SimMessage, type SimOrder, type World } from './world'

/** Python `json.dumps(ensure_ascii=False)` spacing, as in the gateway's content JSON. */
function textContentJson(text: string): string {
  return `{"contentType": 1, "text": {"text": ${JSON.stringify(text)}}}`
}

export interface ImagePic {
  readonly url: string
  readonly width: number
  readonly height: number
}

function imageContentJson(pic: ImagePic): string {
  return JSON.stringify({ contentType: 2, image: { pics: [{ height: pic.height, type: 0, url: pic.url, width: pic.width }] } })
}

function chatTags(messageId: string): { bizTag: string; extJson: string } {
  return {
    bizTag: JSON.stringify({ sourceId: 'S:1', messageId }),
    extJson: JSON.stringify({ quickReply: '1', messageId, tag: 'u' })
  }
}

interface Party {
  readonly senderId: string
  readonly receiverId: string
}

function parties(conv: SimConversation, fromSeller: boolean): Party {
  return fromSeller ? { senderId: conv.sellerId, receiverId: conv.buyerId } : { senderId: conv.buyerId, receiverId: conv.sellerId }
}

export interface ChatInput {
  readonly conv: SimConversation
  readonly origin: MessageOrigin
  readonly text?: string
  readonly image?: ImagePic
  readonly uuid?: string
  readonly needPush?: boolean
}

/** A text or image chat message from the buyer or the seller; stored in the world. */
export function addChatMessage(world: World, input: ChatInput): SimMessage {
  const fromSeller = input.origin === 'seller-send' || input.origin === 'seller-elsewhere'
  const p = parties(input.conv, fromSeller)
  const messageId = hex32()
  const isImage = input.image !== undefined
  const text = isImage ? '[图片]' : (input.text ?? '')
  return world.addMessage({
    ...p,
    messageId,
    cid: input.conv.cid,
    senderNick: world.nick(p.senderId),
    itemId: input.conv.itemId,
    contentType: isImage ? 2 : 1,
    text,
    contentJson: input.image ? imageContentJson(input.image) : textContentJson(text),
    origin: input.origin,
    needPush: input.needPush ?? true,
    reminderTitle: world.nick(p.senderId),
    redReminder: '',
    redReminderStyle: '',
    ...chatTags(messageId),
    ...(input.uuid !== undefined ? { uuid: input.uuid } : {})
  })
}

export type CardKind = 'ordered' | 'paid' | 'remind' | 'shipped' | 'confirmed' | 'rate' | 'cancelled' | 'refund' | 'refundAgreed' | 'refunded' | 'xiaodao'

interface CardSpec {
  /** reminderContent, exactly as §7.1 lists it. */
  readonly text: string
  readonly title: string
  readonly cardTitle: string
  readonly desc: string
  readonly redReminder: string
  readonly task: string
  readonly updateKey: string
  readonly button: string
}

const CARDS: Readonly<Record<CardKind, CardSpec>> = {
  ordered: { text: '[我已拍下，待付款]', title: '买家已拍下，待付款', cardTitle: '我已拍下，待付款', desc: '请等待买家付款', redReminder: '等待买家付款', task: '已拍下_待付款_卖家', updateKey: '1_unpaid_seller', button: '修改价格' },
  paid: { text: '[我已付款，等待你发货]', title: '等待你发货', cardTitle: '我已付款，等待你发货', desc: '请包装好商品，并按我在闲鱼上提供的地址发货', redReminder: '等待卖家发货', task: '已付款_待发货_卖家', updateKey: '2_paid_seller', button: '去发货' },
  remind: { text: '[记得及时发货]', title: '等待你发货', cardTitle: '记得及时发货', desc: '买家已付款，请尽快发货', redReminder: '等待卖家发货', task: '催发货_卖家', updateKey: '2_remind_seller', button: '去发货' },
  shipped: { text: '[你已发货]', title: '等待买家收货', cardTitle: '你已发货', desc: '请等待买家确认收货', redReminder: '等待买家收货', task: '已发货_待收货_卖家', updateKey: '3_shipped_seller', button: '查看详情' },
  confirmed: { text: '[买家确认收货，交易成功]', title: '交易成功', cardTitle: '买家确认收货，交易成功', desc: '钱款已转入你的账户', redReminder: '交易成功', task: '交易成功_卖家', updateKey: '4_success_seller', button: '去评价' },
  rate: { text: '快给ta一个评价吧~', title: '交易成功', cardTitle: '快给ta一个评价吧~', desc: '评价一下这次交易', redReminder: '', task: '评价提醒_卖家', updateKey: '5_rate_seller', button: '去评价' },
  cancelled: { text: '[你关闭了订单，钱款已原路退返]', title: '交易关闭', cardTitle: '你关闭了订单，钱款已原路退返', desc: '订单已关闭', redReminder: '交易关闭', task: '交易关闭_卖家', updateKey: '9_closed_seller', button: '查看详情' },
  refundAgreed: { text: '[卖家同意退款]', title: '卖家同意退款', cardTitle: '我发起了退款申请', desc: '已同意', redReminder: '退款中', task: '退款中_同意_卖家', updateKey: '6_refund_agreed_seller', button: '已同意' },
  refunded: { text: '[退款成功，钱款已原路退返]', title: '交易关闭', cardTitle: '退款成功，钱款已原路退返', desc: '订单已关闭', redReminder: '交易关闭', task: '退款成功_卖家', updateKey: '9_refunded_seller', button: '查看详情' },
  refund: { text: '[买家申请退款]', title: '买家申请退款', cardTitle: '我发起了退款申请', desc: '请尽快处理退款申请', redReminder: '退款中', task: '退款中_卖家', updateKey: '6_refund_seller', button: '去处理' },
  xiaodao: { text: '[卡片消息]', title: '我已小刀，待刀成', cardTitle: '我已小刀，待刀成', desc: '小刀成功后请发货', redReminder: '等待卖家发货', task: '小刀_待刀成_卖家', updateKey: '2_xiaodao_seller', button: '去发货' }
}

export function cardText(kind: CardKind): string {
  return CARDS[kind].text
}

function cardContentJson(spec: CardSpec, orderId: string): string {
  const url = `fleamarket://order_detail?id=${orderId}&role=seller`
  return JSON.stringify({
    contentType: 26,
    dxCard: {
      item: { main: { exContent: { title: spec.cardTitle, desc: spec.desc, button: { text: spec.button, targetUrl: url } }, targetUrl: url } },
      template: { name: 'idlefish_message_trade_chat_card', version: '1' }
    }
  })
}

/**
 * A trade card (content type 26) in the buyer's conversation, pushed to the seller. Like the real
 * sample, the sender is the buyer and `reminderTitle` is the status phrase (§5.3 field table).
 */
export function addCardMessage(world: World, conv: SimConversation, order: SimOrder, kind: CardKind): SimMessage {
  const spec = CARDS[kind]
  const messageId = hex32()
  const taskId = hex32().slice(0, 12)
  return world.addMessage({
    senderId: conv.buyerId,
    receiverId: conv.sellerId,
    senderNick: world.nick(conv.buyerId),
    messageId,
    cid: conv.cid,
    itemId: conv.itemId,
    contentType: 26,
    text: spec.text,
    contentJson: cardContentJson(spec, order.orderId),
    origin: 'system',
    needPush: true,
    reminderTitle: spec.title,
    redReminder: spec.redReminder,
    redReminderStyle: spec.redReminder === '' ? '' : '1',
    bizTag: JSON.stringify({ sourceId: `C2C:${taskId}`, taskName: spec.task, taskId }),
    extJson: JSON.stringify({ msgArg1: 'MsgCard', updateKey: `${conv.cid}:${order.orderId}:${spec.updateKey}`, messageId, contentType: '26' })
  })
}

/** A platform notice such as `[不想宝贝被砍价?设置不砍价回复  ]`, optionally silent (needPush=false). */
export function addSystemNotice(world: World, conv: SimConversation, text: string, needPush: boolean): SimMessage {
  const messageId = hex32()
  return world.addMessage({
    senderId: conv.buyerId,
    receiverId: conv.sellerId,
    senderNick: world.nick(conv.buyerId),
    messageId,
    cid: conv.cid,
    itemId: conv.itemId,
    contentType: 1,
    text,
    contentJson: textContentJson(text),
    origin: 'system',
    needPush,
    reminderTitle: world.nick(conv.buyerId),
    redReminder: '',
    redReminderStyle: '',
    ...chatTags(messageId)
  })
}

/** Plain text of a stored message's content JSON (text.text), or the summary. */
export function messagePlainText(m: SimMessage): string {
  if (m.contentType !== 1) return m.text
  try {
    const parsed = JSON.parse(m.contentJson) as { text?: { text?: unknown } }
    return typeof parsed.text?.text === 'string' ? parsed.text.text : m.text
  } catch {
    return m.text
  }
}
