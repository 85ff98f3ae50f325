/**
 * Scripted buyers: each runs its steps in order against one conversation, waiting for the
 * seller's replies (sends through the gateway) and emitting the order cards of §7.1.
 */
import type { SimContext } from './context'
import { addCardMessage, addChatMessage, addSystemNotice, messagePlainText, type CardKind } from './messages'
import { stepAction, type Scenario, type ScenarioBuyer, type Step } from './scenario'
import type { SimConversation, SimMessage, SimOrder } from './world'

export type BuyerState = 'waiting-seller' | 'running' | 'waiting-reply' | 'waiting-shipped' | 'done' | 'ended' | 'failed'

export interface BuyerStatus {
  readonly buyerId: string
  readonly nick: string
  readonly itemId: string
  readonly cid: string | null
  readonly state: BuyerState
  readonly step: number
  readonly log: ReadonlyArray<string>
}

const DEFAULT_ACCEPT = '可以|行|好的|好吧|成交|没问题|ok|OK'
const DEFAULT_REPLY_TIMEOUT = 120_000

class BuyerRun {
  state: BuyerState = 'waiting-seller'
  step = 0
  conv: SimConversation | null = null
  price: string
  /** The seller accepted an offer: the order takes that price. */
  bargained = false
  order: SimOrder | null = null
  readonly log: string[] = []
  readonly #inbox: SimMessage[] = []
  #wake: (() => void) | null = null
  /** Set when a newer run replaces this one: the buyer says nothing more. */
  #stopped = false

  constructor(readonly ctx: SimContext, readonly buyer: ScenarioBuyer, readonly speed: number) {
    this.price = ctx.world.item(buyer.itemId)?.price ?? '0.00'
  }

  stop(): void {
    this.#stopped = true
    this.notify()
  }

  get #over(): boolean {
    return this.#stopped || this.ctx.timers.closed
  }

  /** A seller message in this conversation (or an order change) wakes a waiting step. */
  notify(msg?: SimMessage): void {
    if (msg) this.#inbox.push(msg)
    this.#wake?.()
  }

  #sleep(ms: number): Promise<void> {
    return this.ctx.timers.sleep(ms / this.speed)
  }

  /** Resolves on the next notify() or after `ms` (scaled); false on timeout. */
  #nextEvent(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.ctx.timers.after(ms / this.speed, () => {
        this.#wake = null
        resolve(false)
      })
      this.#wake = () => {
        this.#wake = null
        cancel()
        resolve(true)
      }
      if (this.#over) resolve(false)
    })
  }

  async run(sellerId: string): Promise<void> {
    const b = this.buyer
    this.ctx.world.setNick(b.buyerId, b.nick)
    this.conv = this.ctx.world.ensureConversation(sellerId, b.buyerId, b.itemId, b.cid)
    this.state = 'running'
    await this.#sleep(b.startMs)
    for (; this.step < b.steps.length; this.step++) {
      if (this.#over) return
      const s = b.steps[this.step] as Step
      if (s.delayMs) await this.#sleep(s.delayMs)
      if (this.#over) return
      this.state = 'running'
      const go = await this.#exec(s)
      if (!go) {
        this.state = 'ended'
        return
      }
    }
    this.state = 'done'
  }

  #emit(msg: SimMessage): void {
    this.log.push(`${msg.origin}: ${msg.text}`)
    this.ctx.deliver(msg)
  }

  #say(text: string): void {
    if (this.conv) this.#emit(addChatMessage(this.ctx.world, { conv: this.conv, origin: 'buyer', text }))
  }

  #card(kind: CardKind): void {
    if (this.conv && this.order) this.#emit(addCardMessage(this.ctx.world, this.conv, this.order, kind))
  }

  /** Next unconsumed seller reply matching `re`, waiting up to `timeoutMs`. */
  async waitReply(re: RegExp | null, timeoutMs: number): Promise<SimMessage | null> {
    this.state = 'waiting-reply'
    const deadline = this.ctx.now() + timeoutMs / this.speed
    for (;;) {
      const msg = this.#inbox.shift()
      if (msg) {
        if (!re || re.test(messagePlainText(msg))) return msg
        continue
      }
      const left = (deadline - this.ctx.now()) * this.speed
      if (left <= 0 || this.#over) return null
      await this.#nextEvent(left)
    }
  }

  async #exec(s: Step): Promise<boolean> {
    const action = stepAction(s)
    switch (action) {
      case 'say':
        this.#say(s.say ?? '')
        return true
      case 'image':
        return this.#image(s)
      case 'waitReply': {
        const w = s.waitReply === true || s.waitReply === undefined ? {} : s.waitReply
        const got = await this.waitReply(w.match ? new RegExp(w.match) : null, w.timeoutMs ?? DEFAULT_REPLY_TIMEOUT)
        return got !== null || w.onTimeout !== 'end'
      }
      case 'bargain':
        return this.#bargain(s)
      case 'waitShipped':
        return this.#waitShipped(s)
      case 'wait':
        await this.#sleep(s.wait ?? 0)
        return true
      default:
        return this.#trade(action, s)
    }
  }

  #image(s: Step): boolean {
    if (!this.conv) return true
    const w = s.image?.width ?? 800
    const h = s.image?.height ?? 600
    const url = s.image?.url ?? `${this.ctx.baseUrl}/img/placeholder-${w}x${h}.svg`
    this.#emit(addChatMessage(this.ctx.world, { conv: this.conv, origin: 'buyer', image: { url, width: w, height: h } }))
    return true
  }

  async #bargain(s: Step): Promise<boolean> {
    const b = s.bargain
    if (!b) return true
    const accept = new RegExp(b.accept ?? DEFAULT_ACCEPT)
    for (const offer of b.offers) {
      this.#say((b.text ?? '{price}可以吗？').replaceAll('{price}', String(offer)))
      const reply = await this.waitReply(null, b.timeoutMs ?? DEFAULT_REPLY_TIMEOUT)
      if (reply && accept.test(messagePlainText(reply))) {
        this.price = offer.toFixed(2)
        this.bargained = true
        this.log.push(`bargain: accepted ${this.price}`)
        return true
      }
      if (!reply) break
    }
    this.log.push('bargain: refused')
    return b.onReject !== 'end'
  }

  async #waitShipped(s: Step): Promise<boolean> {
    const w = s.waitShipped ?? {}
    this.state = 'waiting-shipped'
    const deadline = this.ctx.now() + (w.timeoutMs ?? DEFAULT_REPLY_TIMEOUT) / this.speed
    while (this.order && this.order.status === 'paid') {
      const left = (deadline - this.ctx.now()) * this.speed
      if (left <= 0 || this.#over) return w.onTimeout !== 'end'
      await this.#nextEvent(left)
    }
    return true
  }

  #trade(action: 'order' | 'pay' | 'confirm' | 'cancel' | 'refund' | 'sellerSays' | 'typing' | 'notice', s: Step): boolean {
    const conv = this.conv
    if (!conv) return true
    const ctx = this.ctx
    switch (action) {
      case 'order': {
        const o = s.order ?? {}
        const sku = o.spec !== undefined ? ctx.world.item(conv.itemId)?.skus.find((k) => k.spec === o.spec) : undefined
        if (o.spec !== undefined && !sku) throw new Error(`item ${conv.itemId} has no spec ${o.spec}`)
        const price = o.price ?? (this.bargained ? this.price : sku?.price ?? this.price)
        this.order = ctx.world.createOrder(conv, price, {
          ...(o.spec !== undefined ? { spec: o.spec } : {}), ...(o.quantity !== undefined ? { quantity: o.quantity } : {}), ...(o.xiaodao ? { xiaodao: true } : {})
        })
        this.#card(o.xiaodao ? 'xiaodao' : 'ordered')
        ctx.events.emit('order', this.order)
        return true
      }
      case 'pay':
        return this.#setStatus('paid', 'paid')
      case 'confirm':
        this.#setStatus('completed', 'confirmed')
        this.#card('rate')
        return true
      case 'cancel':
        return this.#setStatus('cancelled', 'cancelled')
      case 'refund':
        return this.#setStatus('refunding', 'refund')
      case 'sellerSays':
        this.#emit(addChatMessage(ctx.world, { conv, origin: 'seller-elsewhere', text: s.sellerSays ?? '' }))
        return true
      case 'typing':
        ctx.deliverTyping(conv)
        return true
      case 'notice':
        this.#emit(addSystemNotice(ctx.world, conv, s.notice?.text ?? '', s.notice?.needPush ?? true))
        return true
    }
  }

  #setStatus(status: SimOrder['status'], card: CardKind): boolean {
    if (!this.order && this.conv) this.order = this.ctx.world.createOrder(this.conv, this.price)
    if (!this.order) return true
    if (status === 'refunding' && this.order.status !== 'refunding') this.order.refundFrom = this.order.status
    if (status === 'paid' && this.order.paidAt === null) this.order.paidAt = this.ctx.now()
    this.order.status = status
    this.#card(card)
    return true
  }

  status(): BuyerStatus {
    return { buyerId: this.buyer.buyerId, nick: this.buyer.nick, itemId: this.buyer.itemId, cid: this.conv?.cid ?? null, state: this.state, step: this.step, log: [...this.log] }
  }
}

/** Runs a scenario's buyers; each starts once its seller is known (configured or first to register). */
export class ScenarioRunner {
  readonly #runs: BuyerRun[] = []
  readonly #off: Array<() => void> = []

  constructor(readonly ctx: SimContext, readonly scenario: Scenario, readonly opts: { speed: number; sellerUnb?: string }) {
    for (const item of scenario.items) ctx.world.addItem({ ...item, ...(scenario.seller ? { sellerId: scenario.seller.unb } : {}) })
    if (scenario.seller) ctx.world.setNick(scenario.seller.unb, scenario.seller.nick)
    for (const b of scenario.buyers) this.#runs.push(new BuyerRun(ctx, b, opts.speed))
    const onSent = (m: SimMessage): void => this.#runs.filter((r) => r.conv?.cid === m.cid).forEach((r) => r.notify(m))
    const onOrder = (o: SimOrder): void => this.#runs.filter((r) => r.order?.orderId === o.orderId).forEach((r) => r.notify())
    ctx.events.on('sellerSent', onSent)
    ctx.events.on('order', onOrder)
    this.#off.push(() => ctx.events.off('sellerSent', onSent), () => ctx.events.off('order', onOrder))
  }

  /**
   * Each buyer starts (its `startMs` counting) once its seller is online: the configured one
   * (buyer.sellerId, opts.sellerUnb, scenario.seller) when it registers — or at once if it already
   * has — else the first seller to register. A client without backfill thus sees every message.
   */
  start(): void {
    const fixed = this.opts.sellerUnb ?? this.scenario.seller?.unb
    const waiting = new Set(this.#runs)
    const online = new Set(this.ctx.onlineSellers())
    const launch = (r: BuyerRun, seller: string): void => {
      waiting.delete(r)
      void r.run(seller).catch((e: unknown) => this.#fail(r, e))
    }
    for (const r of [...waiting]) {
      const seller = r.buyer.sellerId ?? fixed
      if (seller !== undefined && online.has(seller)) launch(r, seller)
    }
    if (waiting.size === 0) return
    const onReg = (e: { unb: string; ok: boolean }): void => {
      if (!e.ok) return
      for (const r of [...waiting]) {
        const seller = r.buyer.sellerId ?? fixed ?? e.unb
        if (seller === e.unb) launch(r, seller)
      }
      if (waiting.size === 0) this.ctx.events.off('reg', onReg)
    }
    this.ctx.events.on('reg', onReg)
    this.#off.push(() => this.ctx.events.off('reg', onReg))
  }

  #fail(r: BuyerRun, e: unknown): void {
    r.state = 'failed'
    r.log.push(`error: ${e instanceof Error ? e.message : String(e)}`)
  }

  statuses(): BuyerStatus[] {
    return this.#runs.map((r) => r.status())
  }

  /** Ends the run: buyers still scripted say nothing more. */
  close(): void {
    for (const off of this.#off.splice(0)) off()
    for (const r of this.#runs) r.stop()
  }
}
