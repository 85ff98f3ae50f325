import { describe, expect, it } from 'vitest'
import { classifyPayload, type ClassifyContext, type GoofishEvent } from '../../../src-main/core/goofish/classify'
import { ORDER_TEXT_RULES, PLATFORM_NOTICES } from '../../../src-main/core/goofish/orderStates'
import { decodePayload } from '../../../src-main/core/goofish/payload'
import type { JsonObject, JsonValue } from '../../../src-main/core/goofish/types'
import { loadVectors } from './helpers/vectors'

const SELLER = '2200000000001'
const BUYER = '3300000000002'
const ctx: ClassifyContext = { unb: SELLER }
const { vectors } = loadVectors<{ vectors: Array<{ name: string; input_base64: string }> }>('msgpack-decode-vectors.json')

function vectorEvent(name: string, c: ClassifyContext = ctx): GoofishEvent {
  const v = vectors.find((x) => x.name === name)
  if (!v) throw new Error(name)
  const d = decodePayload(v.input_base64)
  if (!d.ok) throw new Error('decode failed')
  return classifyPayload(d.value, c)
}

/** A chat push in the layout of §5.3 (a). */
function chat(o: { text: string; sender?: string; innerType?: number; content?: JsonObject; ext?: JsonObject; needPush?: string; serverId?: string }): JsonObject {
  const sender = o.sender ?? BUYER
  const content = o.content ?? { contentType: o.innerType ?? 1, text: { text: o.text } }
  return {
    '1': {
      '1': { '1': `${sender}@goofish` },
      '2': '51000000003@goofish',
      '3': o.serverId ?? '3900000000009.PNM',
      '5': 1760000000999,
      '6': { '1': 101, '3': { '1': '', '2': o.text, '3': '', '4': o.innerType ?? 1, '5': JSON.stringify(content) } },
      '10': {
        senderUserId: sender,
        reminderTitle: '买家昵称',
        reminderContent: o.text,
        reminderUrl: `fleamarket://message_chat?itemId=800000000004&peerUserId=${sender}&peerUserNick=%E7%94%B7***y&sid=51000000003`,
        bizTag: JSON.stringify({ sourceId: 'S:1', messageId: 'aaaabbbbccccddddeeeeffff00001111' }),
        ...(o.ext ?? {})
      }
    },
    '3': { needPush: o.needPush ?? 'true' }
  }
}

describe('classify: reference vectors', () => {
  it('buyer text → message with every field', () => {
    const e = vectorEvent('chat_text_from_buyer')
    expect(e.kind).toBe('message')
    if (e.kind !== 'message') return
    expect(e.message).toMatchObject({
      cid: '51000000003', senderId: BUYER, senderNick: '买家昵称', itemId: '800000000004',
      platformMessageId: '3900000000001.PNM', timestamp: 1760000000123, text: '你好，这个还在吗？',
      contentType: 'text', rawContentType: 1, needPush: true, senderIsSelf: false, source: 'push'
    })
    expect(e.message.messageIds).toEqual(['3900000000001.PNM', '0a1b2c3d4e5f60718293a4b5c6d7e8f9'])
  })
  it('seller typing on another device → self_message; an echo of our own send → own_echo', () => {
    expect(vectorEvent('chat_text_from_seller_self').kind).toBe('self_message')
    const echo = vectorEvent('chat_text_from_seller_self', { unb: SELLER, isOwnSend: (m) => m.text === '稍等，我看一下' })
    expect(echo.kind).toBe('own_echo')
  })
  it('paid card → order paid, auto-delivery trigger, 19-digit order id kept exact', () => {
    const e = vectorEvent('order_paid_card')
    expect(e.kind).toBe('order')
    if (e.kind !== 'order') return
    expect(e.order).toEqual({ state: 'paid', orderId: '4100000000000000005', autoDeliveryTrigger: true, matched: '[我已付款，等待你发货]' })
    expect(e.message.contentType).toBe('card')
    expect(e.message.cardTitle).toBe('我已付款，等待你发货')
    expect(e.message.redReminder).toBe('等待卖家发货')
    expect(e.message.senderNick).toBe('等待你发货') // only the reminderUrl nick is left on cards
    expect(e.message.platformMessageId).toBe('3900000000001.PNM')
  })
  it('typing → typing with peer and cid', () => {
    expect(vectorEvent('typing_status')).toMatchObject({ kind: 'typing', userId: BUYER, cid: '51000000003' })
  })
  it('needPush=false platform notice → notice', () => {
    const e = vectorEvent('system_message_needpush_false')
    expect(e.kind).toBe('notice')
    if (e.kind === 'notice') expect(e.message.needPush).toBe(false)
  })
  it('non-message vectors → unknown, kept raw', () => {
    const e = vectorEvent('nested_maps_arrays')
    expect(e.kind).toBe('unknown')
    expect(e.raw).toBeTruthy()
  })
})

describe('classify: authored layouts', () => {
  it('image message: contentType image with pics, text [图片]', () => {
    const e = classifyPayload(chat({ text: '[图片]', innerType: 2, content: { contentType: 2, image: { pics: [{ url: 'https://img/x.jpg', width: 800, height: 600, type: 0 }] } } }), ctx)
    expect(e.kind).toBe('message')
    if (e.kind !== 'message') return
    expect(e.message.contentType).toBe('image')
    expect(e.message.images).toEqual([{ url: 'https://img/x.jpg', width: 800, height: 600 }])
    expect(e.message.peerUserNick).toBe('男***y')
  })
  it('voice and unknown inner content types are messages with their kind', () => {
    const v = classifyPayload(chat({ text: '[语音]', innerType: 3, content: { contentType: 3, audio: {} } }), ctx)
    expect(v.kind === 'message' && v.message.contentType).toBe('voice')
    const o = classifyPayload(chat({ text: 'x', innerType: 77, content: { contentType: 77 } }), ctx)
    expect(o.kind === 'message' && o.message.contentType).toBe('other')
  })
  it('old-format content in base64 ["6"]["3"]["1"] is read when "5" is absent', () => {
    const root = chat({ text: '摘要' })
    const c3 = ((root['1'] as JsonObject)['6'] as JsonObject)['3'] as JsonObject
    c3['5'] = ''
    c3['1'] = Buffer.from(JSON.stringify({ contentType: 1, text: { text: '完整文本' } })).toString('base64')
    const e = classifyPayload(root, ctx)
    expect(e.kind === 'message' && e.message.text).toBe('完整文本')
  })
  it('card-update shape (§5.3 c) with extension in ["4"]', () => {
    const root: JsonObject = {
      '1': 'x1', '2': '51000000003@goofish', '3': '3900000000002.PNM', '5': 1760000001000,
      '4': { reminderContent: '[我已拍下，待付款]', reminderTitle: '买家已拍下，待付款', senderUserId: BUYER, reminderUrl: 'fleamarket://message_chat?itemId=800000000004&sid=51000000003', redReminder: '等待买家付款', extJson: '{"msgArg1":"MsgCard","updateKey":"51000000003:4100000000000000005:1"}' }
    }
    const e = classifyPayload(root, ctx)
    expect(e.kind).toBe('order')
    if (e.kind !== 'order') return
    expect(e.order.state).toBe('awaiting_payment')
    expect(e.order.orderId).toBe('4100000000000000005')
    expect(e.message.cid).toBe('51000000003')
    expect(e.message.itemId).toBe('800000000004')
  })
  it('old order-status shape (§5.3 d): redReminder in ["3"]', () => {
    const e = classifyPayload({ '1': `${BUYER}@goofish`, '2': '51000000003@goofish', '3': { redReminder: '交易关闭' } }, ctx)
    expect(e).toMatchObject({ kind: 'order', order: { state: 'cancelled' } })
  })
  it('every §7 order string maps to its typed state when sent as a system card', () => {
    for (const rule of ORDER_TEXT_RULES) {
      const e = classifyPayload(chat({ text: rule.phrase, innerType: 26, content: { contentType: 26, dxCard: { item: { main: { targetUrl: 'fleamarket://order_detail?id=4100000000000000777' } } } } }), ctx)
      expect(e.kind, rule.phrase).toBe('order')
      if (e.kind !== 'order') continue
      expect(e.order.state, rule.phrase).toBe(rule.state)
      expect(e.order.autoDeliveryTrigger, rule.phrase).toBe(rule.trigger)
      expect(e.order.orderId).toBe('4100000000000000777')
    }
  })
  it('refund card title with its button; small-knife card title', () => {
    const card = (title: string, button: string): JsonValue => chat({ text: '[卡片消息]', innerType: 26, content: { contentType: 26, dxCard: { item: { main: { exContent: { title, button: { text: button, targetUrl: 'fleamarket://x?orderId=4100000000000000888' } } } } } } })
    expect(classifyPayload(card('我发起了退款申请', '已同意'), ctx)).toMatchObject({ kind: 'order', order: { state: 'refunding', orderId: '4100000000000000888' } })
    expect(classifyPayload(card('我发起了退款申请', '已撤销'), ctx)).toMatchObject({ kind: 'order', order: { state: 'refund_cancelled' } })
    expect(classifyPayload(card('我已小刀，待刀成', '去发货'), ctx)).toMatchObject({ kind: 'order', order: { state: 'bargain_pending' } })
  })
  it('plain buyer text containing an order phrase is NOT an order (exact match only)', () => {
    expect(classifyPayload(chat({ text: '你已发货了吗？' }), ctx).kind).toBe('message')
    expect(classifyPayload(chat({ text: '[你已发货]' }), ctx).kind).toBe('order')
  })
  it('every platform notice → notice, never a buyer message', () => {
    for (const p of PLATFORM_NOTICES) expect(classifyPayload(chat({ text: p }), ctx).kind, p).toBe('notice')
  })
  it('MsgTips marketing tip → notice', () => {
    const e = classifyPayload(chat({ text: '小贴士', ext: { extJson: '{"msgArg1":"MsgTips"}' } }), ctx)
    expect(e).toMatchObject({ kind: 'notice', reason: 'msg_tips' })
  })
  it('JSON system hint and garbage shapes → unknown', () => {
    expect(classifyPayload({ chatType: 1, operation: { content: { sessionArouse: {} } } }, ctx).kind).toBe('unknown')
    expect(classifyPayload(123, ctx).kind).toBe('unknown')
    expect(classifyPayload([1, 2], ctx).kind).toBe('unknown')
    expect(classifyPayload({ '1': { '10': 'x', '6': 5 } }, ctx).kind).toBe('unknown')
  })
})
