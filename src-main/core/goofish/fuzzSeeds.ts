/**
 * Valid payloads the fuzzer mutates: realistic push layouts (goofish-protocol.md §5.3), encoded
 * the way the gateway does (integer-like keys, uint64 timestamps, map16 extension maps), plus a
 * plain-JSON system hint.
 */
import { encode } from '@msgpack/msgpack'

const BUYER = '3300000000002'
const SELLER = '2200000000001'
const CID = '51000000003@goofish'

function ext(sender: string, text: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    bizTag: '{"sourceId":"S:1","messageId":"0a1b2c3d4e5f60718293a4b5c6d7e8f9"}', closePushReceiver: 'false', closeUnreadNumber: 'false',
    detailNotice: text, extJson: '{"quickReply":"1","messageId":"0a1b2c3d4e5f60718293a4b5c6d7e8f9","tag":"u"}', receiver: SELLER,
    redReminder: '', redReminderStyle: '', reminderContent: text, reminderNotice: `买家: ${text}`, reminderTitle: '买家',
    reminderUrl: `fleamarket://message_chat?itemId=800000000004&peerUserId=${sender}&peerUserNick=买家&sid=51000000003&adv=no`,
    senderUserId: sender, senderUserType: '0', sessionType: '1', updateHead: 'true', ...extra
  }
}

function chat(sender: string, text: string, c: { content: unknown; innerType: number; extra?: Record<string, string> }): unknown {
  const { content, innerType, extra = {} } = c
  return {
    '1': {
      '1': { '1': `${sender}@goofish` }, '2': CID, '3': '3900000000001.PNM', '4': 0, '5': 1760000000123n,
      '6': { '1': 101, '3': { '1': '', '2': text, '3': '', '4': innerType, '5': JSON.stringify(content) } },
      '7': 1, '8': 1, '9': 0, '10': ext(sender, text, extra), '12': 1
    },
    '3': { needPush: 'true' }
  }
}

const PAID_CARD = {
  contentType: 26,
  dxCard: { item: { main: { exContent: { title: '我已付款，等待你发货', button: { text: '去发货', targetUrl: 'fleamarket://order_detail?id=4100000000000000005&role=seller' } }, targetUrl: 'fleamarket://order_detail?id=4100000000000000005' } } }
}

const OBJECTS: ReadonlyArray<unknown> = [
  chat(BUYER, '你好，这个还在吗？', { content: { contentType: 1, text: { text: '你好，这个还在吗？' } }, innerType: 1 }),
  chat(SELLER, '稍等，我看一下', { content: { contentType: 1, text: { text: '稍等，我看一下' } }, innerType: 1 }),
  chat(BUYER, '[图片]', { content: { contentType: 2, image: { pics: [{ url: 'https://img.example/a.jpg', width: 800, height: 600 }] } }, innerType: 2 }),
  chat(BUYER, '[我已付款，等待你发货]', { content: PAID_CARD, innerType: 26, extra: { redReminder: '等待卖家发货' } }),
  { '1': [{ '1': `${BUYER}@goofish`, '2': CID, '3': 1, '4': 1760000000123n }], '2': 1 },
  { '1': 'x', '2': CID, '3': '3900000000002.PNM', '4': { reminderContent: '[我已拍下，待付款]', senderUserId: BUYER, redReminder: '等待买家付款' }, '5': 1760000000123n },
  { '1': `${BUYER}@goofish`, '3': { redReminder: '交易关闭' } },
  { nums: [0, -1, 127, 255, 65535, 4294967295, 2n ** 64n - 1n, -9223372036854775808n, 1.5], bin: new Uint8Array([0, 1, 254, 255]) }
]

/** Base64 seed payloads (MessagePack and one JSON). */
export function fuzzSeeds(): string[] {
  const out = OBJECTS.map((o) => Buffer.from(encode(o, { useBigInt64: true })).toString('base64'))
  out.push(Buffer.from('{"chatType":1,"operation":{"content":{"sessionArouse":{"id":4100000000000000005}}}}').toString('base64'))
  return out
}
