import type { AccountStatus } from '@contract/schemas'
import type { GoofishEvent, ItemDetail, MessageFields, StateChange } from '../goofish'
import type { ItemRow } from '../db/repos/itemRepo'
import type { InboundMessage } from './ingest'

/** Account status shown to the seller for a connection state change. */
export function statusFor(change: StateChange): { status: AccountStatus; reason: string; verifyUrl: string | null } {
  switch (change.state) {
    case 'CONNECTED':
      return { status: 'online', reason: '', verifyUrl: null }
    case 'CONNECTING':
    case 'RECONNECTING':
    case 'DISCONNECTED':
      return { status: 'connecting', reason: change.reason, verifyUrl: null }
    case 'CLOSED':
      return { status: 'disabled', reason: '', verifyUrl: null }
    case 'FAILED': {
      const kind = change.error?.kind
      if (kind === 'needs_login') return { status: 'needs_login', reason: '登录已失效，请重新登录 / The login expired; log in again', verifyUrl: null }
      if (kind === 'needs_verification') return { status: 'needs_verification', reason: '平台要求安全验证（滑块）/ Xianyu asks for a security check (slider)', verifyUrl: change.error?.verifyUrl ?? null }
      if (kind === 'kicked_out') return { status: 'error', reason: '账号在别处登录，连接被挤下线 / The account was signed in elsewhere and this connection was dropped', verifyUrl: null }
      return { status: 'error', reason: change.reason, verifyUrl: null }
    }
  }
}

function contentType(m: MessageFields): InboundMessage['contentType'] {
  switch (m.contentType) {
    case 'text': return 'text'
    case 'image': return 'image'
    case 'card': return 'card'
    case 'system': return 'system'
    default: return 'other'
  }
}

function base(accountId: string, m: MessageFields, now: number): Omit<InboundMessage, 'direction'> {
  return {
    accountId, cid: m.cid, senderId: m.senderId, senderNick: m.senderNick, contentType: contentType(m),
    text: m.contentType === 'image' && !m.text ? '[图片]' : m.text, imageUrl: m.images[0]?.url ?? null,
    platformMessageId: m.platformMessageId, createdAt: m.timestamp ?? now, itemId: m.itemId
  }
}

/** A protocol event as a message to store, or null for what is not stored (typing, unknown). */
export function toInbound(accountId: string, e: GoofishEvent, now: number, raw: string | null): InboundMessage | null {
  switch (e.kind) {
    case 'message':
      return { ...base(accountId, e.message, now), direction: 'in', buyerId: e.message.senderId, buyerNick: e.message.senderNick, raw }
    case 'self_message':
      return { ...base(accountId, e.message, now), direction: 'out', raw }
    case 'own_echo':
      return { ...base(accountId, e.message, now), direction: 'out', ownSend: true, raw }
    case 'order':
      return { ...base(accountId, e.message, now), direction: 'in', contentType: 'card', text: e.message.cardTitle ?? e.order.matched, buyerId: e.message.senderId, raw }
    case 'notice':
      if (!e.message.needPush || !e.message.text.trim()) return null
      return { ...base(accountId, e.message, now), direction: 'in', contentType: 'system', raw }
    case 'typing':
    case 'unknown':
      return null
  }
}

const yuan = (s: string | null): number | null => {
  if (s === null) return null
  const v = Number(s)
  return Number.isFinite(v) && v >= 0 ? v : null
}

/** Item detail from mtop as the cached row the AI and the inbox use. */
export function toItemRow(accountId: string, d: ItemDetail, now: number): Omit<ItemRow, 'floorPrice'> {
  return {
    accountId, itemId: d.itemId, title: d.title, price: yuan(d.soldPrice) ?? yuan(d.minPrice), description: d.desc,
    skus: d.skus.map((s, i) => ({ id: String(i), name: s.props.join(' / '), price: s.priceFen === null ? null : s.priceFen / 100, stock: s.quantity })),
    images: [...d.images], stock: d.quantity, fetchedAt: now
  }
}
