import type { CallInput } from '@contract/api'
import type { Decision, DecisionRecord, Draft, HistoryEntry, ItemInfo, Pricing, ReplyStatus } from '@contract/reply'
import type { Conversation, Message } from '@contract/schemas'
import { AppError } from '../errors'
import { allowedPriceForRound, computeFloor, concessionLadder, countsAsBargain } from '../reply'
import { decide, roundOf } from './decide'
import type { PipelineDeps } from './deps'
import type { ItemRow } from '../db/repos/itemRepo'
import { templateVars } from './vars'

const toItemInfo = (r: ItemRow): ItemInfo => ({
  itemId: r.itemId, title: r.title, price: r.price, floorPrice: r.floorPrice, description: r.description, skus: r.skus, images: r.images, stock: r.stock, fetchedAt: r.fetchedAt
})
import type { ReplyPipeline } from './pipeline'

const DRAFT_REFUSED: Record<Exclude<ReplyStatus['ai'], 'on'>, string> = {
  off: 'AI 回复已关闭，请先在 AI 设置中开启 / AI replies are off; turn them on in AI settings',
  no_key: '还没有配置 API Key，请先在 AI 设置中填写 / No API key is configured; add one in AI settings',
  budget: '今日 AI 预算已用完 / Today’s AI budget is used up',
  paused_all: '所有自动回复已暂停 / All automatic replies are paused'
}

/** The seller's side of replies: preview, takeover, manual sends and copilot drafts. */
export class ReplyService {
  readonly #d: PipelineDeps
  readonly #pipeline: ReplyPipeline

  constructor(deps: PipelineDeps, pipeline: ReplyPipeline) {
    this.#d = deps
    this.#pipeline = pipeline
  }

  /** What the bot would answer — the same decision code as the live pipeline, nothing sent or stored. */
  async preview(input: CallInput<'reply.preview'>): Promise<Decision> {
    const settings = this.#d.settings.account(input.accountId)
    const conv = input.cid ? this.#conversation(input.accountId, input.cid) : null
    const itemId = input.itemId ?? conv?.itemId ?? null
    const cached = itemId ? this.#d.items.get(input.accountId, itemId) : null
    const item = cached ?? (input.samplePrice ? { title: '示例商品', price: input.samplePrice, floorPrice: null, description: '', skus: [] } : null)
    const listPrice = item?.price ?? null
    let history: HistoryEntry[] = input.history ?? []
    // the round the live pipeline would count: stored bargaining messages, or the given history's, plus this one
    let round = roundOf(history, input.text, listPrice)
    if (conv && !input.history) {
      history = this.#d.messages.lastN(input.accountId, conv.cid, settings.contextMessages).filter((m) => m.contentType === 'text' && m.text)
        .map((m) => ({ role: m.direction === 'in' ? 'buyer' : 'seller', text: m.text }))
      round = this.#d.messages.countPriceIntent(input.accountId, conv.cid, this.#d.conversations.bargainResetAt(input.accountId, conv.cid)) +
        (countsAsBargain(input.text, { listPrice }) ? 1 : 0)
    }
    const llm = this.#d.llm.get(input.accountId, settings, await this.#d.secrets.apiKey(input.accountId), settings.backup ? await this.#d.secrets.apiKey(input.accountId, 'backup') : null)
    const account = this.#d.accounts.get(input.accountId)
    const vars = templateVars({ buyerNick: conv?.buyerNick || '买家', sellerNick: account?.nick, itemId, item, settings, now: this.#d.clock.now() })
    const outcome = await decide({
      settings, item, history, burst: [input.text], round, llm: llm.client, llmUnavailable: llm.reason, llmUnavailableCode: llm.code,
      rules: (text) => this.#d.rules.answer({ accountId: input.accountId, cid: null, itemId, text, vars, defaultReply: settings.defaultReply })
    })
    return outcome.decision
  }

  /** Prices below the floor in a text the seller is about to send (the draft composer's warning). */
  checkPrice(accountId: string, cid: string, text: string): { floor: number | null; below: Array<{ raw: string; value: number }> } {
    this.#conversation(accountId, cid)
    return this.#pipeline.outbound.sellerWarning(accountId, cid, text)
  }

  detail(accountId: string, cid: string): { conversation: Conversation; item: ItemInfo | null; pricing: Pricing | null; drafts: Draft[]; accountCopilot: boolean } {
    const conversation = this.#conversation(accountId, cid)
    const row = conversation.itemId ? this.#d.items.get(accountId, conversation.itemId) : null
    const item = row ? toItemInfo(row) : null
    return { conversation, item, pricing: this.pricing(accountId, cid, row), drafts: this.#d.drafts.pending(accountId, cid), accountCopilot: this.#d.settings.account(accountId).copilot }
  }

  pricing(accountId: string, cid: string, item: { price: number | null; floorPrice: number | null } | null): Pricing | null {
    if (!item || item.price === null || !(item.price > 0)) return null
    const s = this.#d.settings.account(accountId)
    const floor = computeFloor({ price: item.price, maxDiscountPercent: s.maxDiscountPercent, maxDiscountAmount: s.maxDiscountAmount, floorPrice: item.floorPrice })
    const round = this.#d.messages.countPriceIntent(accountId, cid, this.#d.conversations.bargainResetAt(accountId, cid))
    const ladder = concessionLadder({ price: item.price, floor, maxRounds: s.maxBargainRounds })
    const next = round + 1 > s.maxBargainRounds ? null : allowedPriceForRound({ price: item.price, floor, maxRounds: s.maxBargainRounds, round: round + 1 })
    return { listPrice: item.price, floor, round, maxRounds: s.maxBargainRounds, nextAllowed: next, ladder }
  }

  setFloor(accountId: string, itemId: string, floorPrice: number | null): ItemInfo {
    if (!this.#d.items.setFloor(accountId, itemId, floorPrice)) throw new AppError('NOT_FOUND', `商品未缓存 / Item ${itemId} is not known yet`)
    const row = this.#d.items.get(accountId, itemId)
    if (!row) throw new AppError('NOT_FOUND', `商品未缓存 / Item ${itemId} is not known yet`)
    return toItemInfo(row)
  }

  /** The truth behind a chat's label: AI 自动 only when the AI can really answer (issue 14.3). */
  async replyStatus(accountId: string): Promise<ReplyStatus> {
    const s = this.#d.settings.account(accountId)
    const keywordRules = this.#d.rules.list(accountId).some((r) => r.enabled)
    let ai: ReplyStatus['ai'] = 'on'
    if (this.#d.settings.global().pauseAllAi) ai = 'paused_all'
    else if (!s.aiEnabled) ai = 'off'
    else if (!this.#d.llm.keyUsable(s, await this.#d.secrets.apiKey(accountId))) ai = 'no_key'
    else if (this.#d.llm.overBudget(accountId, s)) ai = 'budget'
    return { ai, keywordRules }
  }

  decisions(accountId: string, cid: string, limit: number): DecisionRecord[] {
    return this.#d.decisions.listChat(accountId, cid, limit)
  }

  takeover(accountId: string, cid: string): Conversation {
    this.#conversation(accountId, cid)
    this.#pipeline.takeover(accountId, cid)
    return this.#conversation(accountId, cid)
  }

  release(accountId: string, cid: string): Conversation {
    this.#conversation(accountId, cid)
    this.#pipeline.release(accountId, cid)
    return this.#conversation(accountId, cid)
  }

  setCopilot(accountId: string, cid: string, copilot: boolean | null): Conversation {
    this.#conversation(accountId, cid)
    this.#d.conversations.setCopilot(accountId, cid, copilot)
    return this.#changed(accountId, cid)
  }

  resetBargain(accountId: string, cid: string): Conversation {
    this.#conversation(accountId, cid)
    this.#d.conversations.resetBargain(accountId, cid, this.#d.clock.now())
    return this.#changed(accountId, cid)
  }

  markRead(accountId: string, cid: string): Conversation {
    this.#conversation(accountId, cid)
    this.#d.conversations.markRead(accountId, cid)
    return this.#changed(accountId, cid)
  }

  /** A reply typed in the app: sent now, and the bot pauses in this chat like after a phone reply. */
  async sendManual(accountId: string, cid: string, text: string): Promise<Message> {
    this.#conversation(accountId, cid)
    this.#pipeline.onSellerActivity(accountId, cid)
    const [m] = await this.#pipeline.outbound.sendBySeller(accountId, cid, [{ kind: 'text', text }], 'manual')
    if (!m) throw new AppError('INTERNAL', 'the sent message was not recorded')
    return m
  }

  /** A picture sent by hand: uploaded, sent, stored; the bot pauses in this chat. */
  async sendManualImage(accountId: string, cid: string, file: { bytes: Uint8Array; filename: string; mime: string }, upload: (accountId: string, f: typeof file) => Promise<{ url: string; width?: number | undefined; height?: number | undefined }>): Promise<Message> {
    this.#conversation(accountId, cid)
    this.#pipeline.onSellerActivity(accountId, cid)
    const img = await upload(accountId, file)
    const [m] = await this.#pipeline.outbound.sendBySeller(accountId, cid, [{ kind: 'image', url: img.url, ...(img.width ? { width: img.width } : {}), ...(img.height ? { height: img.height } : {}) }], 'manual')
    if (!m) throw new AppError('INTERNAL', 'the sent picture was not recorded')
    return m
  }

  drafts(accountId?: string, cid?: string): Draft[] {
    return this.#d.drafts.pending(accountId, cid)
  }

  editDraft(id: number, text: string): Draft {
    if (!this.#d.drafts.edit(id, text, this.#d.clock.now())) throw this.#draftGone(id)
    return this.#draftChanged(id)
  }

  /** Claimed atomically before sending: approving twice (two windows, a double click) sends once. */
  async approveDraft(id: number, text?: string): Promise<Draft> {
    const draft = this.#d.drafts.get(id)
    if (!draft || draft.status !== 'pending') throw this.#draftGone(id)
    const finalText = text ?? draft.text
    if (!this.#d.drafts.claim(id, 'sent', finalText, this.#d.clock.now())) throw this.#draftGone(id)
    try {
      const sent = await this.#pipeline.outbound.sendBySeller(draft.accountId, draft.cid, [{ kind: 'text', text: finalText }], 'draft')
      if (draft.decisionId !== null && sent[0]) {
        // the record shows what went out: the seller's words when they changed the AI's draft (editDraft or here)
        const written = this.#d.decisions.get(draft.decisionId)?.reply ?? draft.text
        this.#d.decisions.setSentDraft(draft.decisionId, sent[0].id, finalText.trim() === written.trim() ? null : finalText)
        const decision = this.#d.decisions.get(draft.decisionId)
        if (decision) this.#d.events.emit('decision.changed', { decision })
        // the drafted messages are answered now (and a bargaining round is used)
        this.#pipeline.outcomes.answered(draft.accountId, draft.cid, this.#d.outcomes.byDecision(draft.decisionId), draft.decisionId)
      }
    } catch (err) {
      this.#d.drafts.unclaim(id, this.#d.clock.now())
      this.#draftChanged(id)
      throw err
    }
    return this.#draftChanged(id)
  }

  /**
   * "AI 起草" on a buyer message (issue 18): a draft from the AI for that message, never sent.
   * Refused clearly when the AI cannot answer (off, no key, over budget, all paused).
   */
  async requestDraft(accountId: string, cid: string, messageId: number): Promise<Draft> {
    this.#conversation(accountId, cid)
    const m = this.#d.messages.get(messageId)
    if (!m || m.accountId !== accountId || m.cid !== cid) throw new AppError('NOT_FOUND', `消息不存在 / No such message: ${messageId}`)
    if (m.direction !== 'in' || m.contentType !== 'text' || m.text.trim() === '') {
      throw new AppError('BAD_INPUT', '只能为买家的文字消息起草 / Drafts are for the buyer’s text messages')
    }
    const status = await this.replyStatus(accountId)
    if (status.ai !== 'on') throw new AppError('UNAVAILABLE', DRAFT_REFUSED[status.ai], { details: { reason: status.ai } })
    return this.#pipeline.requestDraft(m)
  }

  discardDraft(id: number): Draft {
    const draft = this.#d.drafts.get(id)
    if (!draft || !this.#d.drafts.claim(id, 'discarded', draft.text, this.#d.clock.now())) throw this.#draftGone(id)
    return this.#draftChanged(id)
  }

  #draftGone(id: number): AppError {
    return new AppError('CONFLICT', `草稿已发送或已丢弃 / Draft ${id} was already sent or discarded`)
  }

  #draftChanged(id: number): Draft {
    const draft = this.#d.drafts.get(id)
    if (!draft) throw new AppError('NOT_FOUND', `草稿不存在 / No such draft: ${id}`)
    this.#d.events.emit('draft.changed', { draft })
    return draft
  }

  #conversation(accountId: string, cid: string): Conversation {
    const c = this.#d.conversations.get(accountId, cid)
    if (!c) throw new AppError('NOT_FOUND', `会话不存在 / No such conversation: ${cid}`)
    return c
  }

  #changed(accountId: string, cid: string): Conversation {
    const c = this.#conversation(accountId, cid)
    this.#d.events.emit('conversation.changed', { conversation: c })
    return c
  }
}
