/**
 * The simulated marketplace: sellers, items, conversations, stored messages and orders. The
 * gateway pushes from here, the backfill RPCs list from here, the mtop APIs read from here.
 */
import { randomBytes } from 'node:crypto'

export interface SimSku {
  readonly spec: string
  /** Yuan, e.g. "99.00". */
  readonly price: string
  readonly quantity: number
}

export interface SimItem {
  readonly itemId: string
  readonly title: string
  readonly desc: string
  /** Yuan, e.g. "120.00". */
  readonly price: string
  readonly quantity: number
  readonly images: ReadonlyArray<string>
  readonly skus: ReadonlyArray<SimSku>
  /** Seller owning the item; undefined = whichever seller the scenario binds to. */
  readonly sellerId?: string
  /** Virtual goods (codes, memberships): nothing to post, shipped with consign.dummy. */
  readonly virtual?: boolean
  /** Label of the spec row in the order detail: `规格` (default) or `型号`. */
  readonly specLabel?: '规格' | '型号'
}

export interface SimConversation {
  readonly cid: string
  readonly sellerId: string
  readonly buyerId: string
  readonly buyerNick: string
  readonly itemId: string
  readonly createAt: number
}

export type MessageOrigin = 'buyer' | 'seller-send' | 'seller-elsewhere' | 'system'

export interface SimMessage {
  /** Server message id `["1"]["3"]`, e.g. `3900000000001.PNM`. */
  readonly serverId: string
  /** `bizTag.messageId` / `extJson.messageId`: 32 hex. */
  readonly messageId: string
  readonly cid: string
  readonly senderId: string
  readonly senderNick: string
  readonly receiverId: string
  readonly itemId: string
  readonly createAt: number
  /** Inner content type: 1 text, 2 image, 26 card. */
  readonly contentType: number
  /** reminderContent / summary text. */
  readonly text: string
  /** Content JSON as placed in `["1"]["6"]["3"]["5"]`. */
  readonly contentJson: string
  readonly origin: MessageOrigin
  readonly needPush: boolean
  readonly reminderTitle: string
  readonly redReminder: string
  readonly redReminderStyle: string
  readonly bizTag: string
  readonly extJson: string
  /** Client uuid of a seller send. */
  readonly uuid?: string
}

export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunding'

export interface SimOrder {
  readonly orderId: string
  readonly cid: string
  readonly buyerId: string
  readonly sellerId: string
  readonly itemId: string
  /** Unit price, yuan. */
  readonly price: string
  /** SKU text as the platform shows it (`豪华版`, `颜色:黑色;版本:月卡`); '' without SKUs. */
  readonly spec: string
  readonly quantity: number
  /** What the buyer paid (price × quantity), yuan. */
  readonly amount: string
  /** 小刀 (group-discount) order: paid, waiting for the group until the seller calls freeshipping (免拼发货). */
  readonly xiaodao: boolean
  readonly createAt: number
  status: OrderStatus
  /** The buyer asked for a refund (status `refunding`) from this status; restored when the refund is withdrawn. */
  refundFrom: OrderStatus | null
  paidAt: number | null
  shippedAt: number | null
  /** Successful consign.dummy / freeshipping calls (must be 1 at most together). */
  shippedCalls: number
  /** Every consign.dummy / freeshipping call on this order, successful or not. */
  shipAttempts: number
}

export interface OrderOptions {
  readonly spec?: string
  readonly quantity?: number
  readonly xiaodao?: boolean
}

export const hex32 = (): string => randomBytes(16).toString('hex')

export class World {
  readonly #items = new Map<string, SimItem>()
  readonly #convs = new Map<string, SimConversation>()
  /** `seller/buyer/item` → conversation (one chat per item). */
  readonly #convByPair = new Map<string, SimConversation>()
  readonly #messages = new Map<string, SimMessage[]>()
  readonly #orders = new Map<string, SimOrder>()
  /** Orders in creation order (the sold list is served newest first from it). */
  readonly #orderList: SimOrder[] = []
  readonly #nicks = new Map<string, string>()
  #nextCid = 51000000001
  #nextServerId = 3900000000001
  #nextOrder = 1
  #lastAt = 0

  constructor(readonly now: () => number) {}

  setNick(userId: string, nick: string): void {
    this.#nicks.set(userId, nick)
  }

  nick(userId: string): string {
    return this.#nicks.get(userId) ?? `用户${userId.slice(-4)}`
  }

  addItem(item: SimItem): void {
    this.#items.set(item.itemId, item)
  }

  item(itemId: string): SimItem | undefined {
    return this.#items.get(itemId)
  }

  items(): SimItem[] {
    return [...this.#items.values()]
  }

  /** Idempotent per (seller, buyer, item) — one chat per item, as in the Xianyu app. */
  ensureConversation(sellerId: string, buyerId: string, itemId: string, cid?: string): SimConversation {
    const key = `${sellerId}/${buyerId}/${itemId}`
    const existing = this.#convByPair.get(key)
    if (existing) return existing
    const id = cid ?? String(this.#nextCid++)
    const conv: SimConversation = { cid: id, sellerId, buyerId, buyerNick: this.nick(buyerId), itemId, createAt: this.now() }
    this.#convs.set(id, conv)
    this.#convByPair.set(key, conv)
    this.#messages.set(id, [])
    return conv
  }

  conversation(cid: string): SimConversation | undefined {
    return this.#convs.get(cid)
  }

  allConversations(): SimConversation[] {
    return [...this.#convs.values()]
  }

  conversationsOf(userId: string): SimConversation[] {
    return [...this.#convs.values()].filter((c) => c.sellerId === userId || c.buyerId === userId)
  }

  messages(cid: string): ReadonlyArray<SimMessage> {
    return this.#messages.get(cid) ?? []
  }

  allMessages(): SimMessage[] {
    return [...this.#messages.values()].flat().sort((a, b) => a.createAt - b.createAt)
  }

  lastMessage(cid: string): SimMessage | undefined {
    const list = this.#messages.get(cid)
    return list?.[list.length - 1]
  }

  nextServerId(): string {
    return `${this.#nextServerId++}.PNM`
  }

  /** Store a message; createAt is strictly increasing across the world so listing cursors are exact. */
  addMessage(msg: Omit<SimMessage, 'serverId' | 'createAt'> & { createAt?: number }): SimMessage {
    const list = this.#messages.get(msg.cid) ?? []
    const createAt = Math.max(msg.createAt ?? this.now(), this.#lastAt + 1)
    this.#lastAt = createAt
    const stored: SimMessage = { ...msg, serverId: this.nextServerId(), createAt }
    list.push(stored)
    this.#messages.set(msg.cid, list)
    return stored
  }

  /** A new order in `conv`: unpaid, or — a 小刀 order — paid and waiting for the group. */
  createOrder(conv: SimConversation, price: string, opts: OrderOptions = {}): SimOrder {
    const orderId = `41${String(this.now() % 1e10).padStart(10, '0')}${String(this.#nextOrder++).padStart(7, '0')}`
    const quantity = Math.max(1, Math.floor(opts.quantity ?? 1))
    const xiaodao = opts.xiaodao ?? false
    const now = this.now()
    const order: SimOrder = {
      orderId, cid: conv.cid, buyerId: conv.buyerId, sellerId: conv.sellerId, itemId: conv.itemId,
      price, spec: opts.spec ?? '', quantity, amount: ((Math.round(Number(price) * 100) * quantity) / 100).toFixed(2), xiaodao,
      createAt: now, status: xiaodao ? 'paid' : 'unpaid', refundFrom: null, paidAt: xiaodao ? now : null, shippedAt: null,
      shippedCalls: 0, shipAttempts: 0
    }
    this.#orders.set(orderId, order)
    this.#orderList.push(order)
    return order
  }

  order(orderId: string): SimOrder | undefined {
    return this.#orders.get(orderId)
  }

  orders(): SimOrder[] {
    return [...this.#orderList]
  }

  latestOrder(cid: string): SimOrder | undefined {
    for (let i = this.#orderList.length - 1; i >= 0; i--) {
      const o = this.#orderList[i]
      if (o?.cid === cid) return o
    }
    return undefined
  }
}
