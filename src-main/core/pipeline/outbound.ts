import type { Message } from '@contract/schemas'
import type { ReplyPart } from '@contract/rules'
import type { ReplyIntent } from '../db/repos/intentRepo'
import { authorOf, checkPrice, describeBlock, priceTerms, type Author, type PriceTerms } from '../reply'
import { Delivery, type SendOpts } from './delivery'
import type { PipelineDeps } from './deps'

/** Sources of automated text: what the bot sends without the seller writing it. */
export type AutomatedSource = 'ai' | 'keyword' | 'fallback' | 'refusal'
/** The seller's own words: typed in the app, or a draft they approved (maybe edited). */
export type SellerSource = 'manual' | 'draft'

export type AutomatedSend =
  | { readonly ok: true; readonly sent: Message[] }
  /** Nothing was sent: `reason` names the price and the floor (or the round's allowed price). */
  | { readonly ok: false; readonly reason: string }

/**
 * The only way anything reaches a buyer (through `delivery`, the only caller of the connection's
 * send). Automated text passes the price check against the chat's item right before it leaves —
 * whatever the buyer wrote, the classifier said or decide() did — so a new automated path cannot
 * skip the floor: it has no other way out. The seller's own words go out as written (it is their
 * price; the composer warns). A bot reply is a durable intent first (issue 15.1, delivery.ts).
 */
export class Outbound {
  readonly #d: PipelineDeps
  readonly delivery: Delivery

  constructor(deps: PipelineDeps) {
    this.#d = deps
    this.delivery = new Delivery(deps)
  }

  /** Where bargaining stands in this chat now, or null when the item's price is unknown. */
  terms(accountId: string, cid: string): PriceTerms | null {
    const conv = this.#d.conversations.get(accountId, cid)
    const item = conv?.itemId ? this.#d.items.get(accountId, conv.itemId) : null
    if (!item || item.price === null || !(item.price > 0)) return null
    const round = this.#d.messages.countPriceIntent(accountId, cid, this.#d.conversations.bargainResetAt(accountId, cid))
    return priceTerms({ price: item.price, floorPrice: item.floorPrice, settings: this.#d.settings.account(accountId), round })
  }

  /** Why these parts must not go out for `author` in this chat, or null when they may. */
  blockReason(accountId: string, cid: string, parts: ReadonlyArray<ReplyPart>, author: Author): string | null {
    if (!parts.some((p) => p.kind === 'text')) return null
    const terms = this.terms(accountId, cid)
    if (!terms) return null
    for (const p of parts) {
      if (p.kind !== 'text') continue
      const check = checkPrice(p.text, terms, author)
      if (!check.ok) return describeBlock(check, terms, author)
    }
    return null
  }

  /** The seller's prices below the floor in a text they are about to send (the composer's warning). */
  sellerWarning(accountId: string, cid: string, text: string): { floor: number | null; below: Array<{ raw: string; value: number }> } {
    const terms = this.terms(accountId, cid)
    if (!terms) return { floor: null, below: [] }
    return { floor: terms.floor, below: checkPrice(text, terms, 'seller').violations.map((v) => ({ raw: v.raw, value: v.value })) }
  }

  /**
   * Automated text: checked against the floor (and the round's allowed price for the AI's words),
   * then sent — as durable intents when it answers a stored buyer message (`opts.answers`).
   */
  async sendAutomated(accountId: string, cid: string, parts: ReadonlyArray<ReplyPart>, source: AutomatedSource, opts: SendOpts = {}): Promise<AutomatedSend> {
    const blocked = this.blockReason(accountId, cid, parts, authorOf(source))
    if (blocked) return { ok: false, reason: blocked }
    return { ok: true, sent: await this.delivery.send(accountId, cid, parts, source, opts) }
  }

  /** After a crash: a reply intent that never reached the platform, checked again now, then sent with its own key. */
  async resendAutomated(intent: ReplyIntent): Promise<{ ok: true; sent: Message | null } | { ok: false; reason: string }> {
    const source = intent.source
    if (source === 'manual' || source === 'draft' || source === 'other_device') return { ok: true, sent: await this.delivery.resend(intent) }
    // an order's delivery text is the seller's template: checked down to the floor, like a keyword reply
    const blocked = this.blockReason(intent.accountId, intent.cid, [intent.part], authorOf(source === 'delivery' ? 'keyword' : source))
    if (blocked) return { ok: false, reason: blocked }
    return { ok: true, sent: await this.delivery.resend(intent) }
  }

  /**
   * An order's delivery message (issue 16), sent with the send uuid stored with it before the send.
   * The text passes the same floor check as every automated text, with the codes it carries
   * replaced by a word first (a code's own digits are not a price); the chat records `recordText`
   * (codes masked).
   */
  async sendDelivery(accountId: string, cid: string, part: ReplyPart, o: { key: string; codes: ReadonlyArray<string>; recordText: string }): Promise<{ ok: true; sent: Message | null; confirmed: boolean } | { ok: false; reason: string }> {
    if (part.kind === 'text') {
      let checked = part.text
      for (const code of [...o.codes].sort((a, b) => b.length - a.length)) if (code) checked = checked.split(code).join('卡密')
      const blocked = this.blockReason(accountId, cid, [{ kind: 'text', text: checked }], authorOf('keyword'))
      if (blocked) return { ok: false, reason: blocked }
    }
    const record: ReplyPart = part.kind === 'text' ? { kind: 'text', text: o.recordText } : part
    const r = await this.delivery.sendKeyed(accountId, cid, part, record, 'delivery', o.key)
    return { ok: true, sent: r.message, confirmed: r.confirmed }
  }

  /** The seller's own words, as written. */
  sendBySeller(accountId: string, cid: string, parts: ReadonlyArray<ReplyPart>, source: SellerSource): Promise<Message[]> {
    return this.delivery.send(accountId, cid, parts, source)
  }
}

