import type { AccountSettings, Intent } from '@contract/schemas'
import type { CheckCode, Decision, DecisionCheck, DecisionWhy, HistoryEntry, ReasonCode, ReasonParams } from '@contract/reply'
import type { ReplyPart } from '@contract/rules'
import { cleanPartialAnswer, LlmError, type LlmClient, type LlmMessage, type LlmRequest, type LlmResult } from '../ai'
import {
  authorOf, checkPrice, checkReply, counterOfferTemplate, countsAsBargain, describeBlock, detectInjection, detectIntent, guardOutbound, minimumPrice, priceTerms,
  type Author, type GuardResult, type PriceTerms
} from '../reply'
import type { RuleAnswer } from '../rules/ruleService'
import { buildMessages, buildSystemPrompt, correctionMessage, type ItemContext, type PricePlan } from './prompt'

export interface DecideInput {
  readonly settings: AccountSettings
  readonly item: (ItemContext & { floorPrice: number | null }) | null
  /** Earlier messages of the chat, oldest first (not including the burst). */
  readonly history: ReadonlyArray<HistoryEntry>
  /** The buyer messages being answered together (a debounced burst), oldest first. */
  readonly burst: ReadonlyArray<string>
  /** Bargaining buyer messages in this chat since the last reset, including this burst's. */
  readonly round: number
  /** Keyword rules (and the default reply) for the merged text. */
  readonly rules: (text: string) => RuleAnswer
  /** null when the AI is off, unconfigured, over budget or paused. */
  readonly llm: LlmClient | null
  /** Why `llm` is null, for the decision record. */
  readonly llmUnavailable?: string
  /** The same as a code (ai_off, no_api_key, budget, …), for the record in the seller's language. */
  readonly llmUnavailableCode?: string | null
  readonly signal?: AbortSignal
  /** A cached answer for this (item, question), if any: skips the LLM for non-price questions. */
  readonly cached?: string | null
  /**
   * Copilot only: the AI's first answer is streamed and this receives the text written so far
   * (throttled). A preview for the seller: what is stored and sent still passes every check below.
   */
  readonly onDraftText?: (textSoFar: string) => void
}

export interface Outcome {
  readonly decision: Decision
  /** What to send: the reply split into parts (keyword rules may add images). Empty: send nothing. */
  readonly parts: ReplyPart[]
  /** Set when the LLM produced the text (so the caller may cache it). */
  readonly fromLlm: LlmResult | null
}

/**
 * The burst's intent: price if any message bargains, else tech if any asks about the item. With the
 * item's price known, a bare number near it is an offer ("那2000呢").
 */
export function burstIntent(burst: ReadonlyArray<string>, listPrice: number | null = null): Intent {
  const intents = burst.map((t) => detectIntent(t, { listPrice }).intent)
  if (intents.includes('price')) return 'price'
  return intents.includes('tech') ? 'tech' : 'default'
}

/**
 * The bargaining round of a buyer message given the chat so far (the replay tools' count: the live
 * pipeline reads the same number from the stored messages).
 */
export function roundOf(history: ReadonlyArray<HistoryEntry>, message: string, listPrice: number | null): number {
  const bargains = (t: string): boolean => countsAsBargain(t, { listPrice })
  return history.filter((h) => h.role === 'buyer' && bargains(h.text)).length + (bargains(message) ? 1 : 0)
}

/**
 * The chat's price terms whenever the item's price is known — for every intent: the floor belongs
 * to the outbound text, not to what the classifier made of the buyer's message.
 */
function planFor(input: DecideInput, bargaining: boolean): PricePlan | null {
  const s = input.settings
  // a postage or tech question past the last round is answered at the floor, not refused as haggling
  const round = bargaining ? input.round : Math.min(input.round, s.maxBargainRounds)
  return priceTerms({ price: input.item?.price, floorPrice: input.item?.floorPrice, settings: s, round })
}

/** The price check's context for a text by `author`: the AI down to this round's price, the seller's texts down to the floor. */
function priceCheck(plan: PricePlan | null, author: Author): { allowedPrice: number; floor: number; listPrice: number } | undefined {
  return plan ? { allowedPrice: minimumPrice(plan, author), floor: plan.floor, listPrice: plan.listPrice } : undefined
}

/** What a guarded text was (a check parameter the renderer words). */
type Guarded = 'keyword_reply' | 'refusal' | 'ai_reply' | 'ai_regeneration' | 'default_reply'
const GUARDED_TEXT: Record<Guarded, string> = {
  keyword_reply: 'keyword reply', refusal: 'refusal', ai_reply: 'AI reply', ai_regeneration: 'AI regeneration', default_reply: 'default reply'
}

class Recorder {
  readonly checks: DecisionCheck[] = []
  add(kind: string, ok: boolean, detail: string, code: CheckCode, params: ReasonParams = {}): void {
    this.checks.push({ kind, ok, detail, code, params })
  }
  guard(g: GuardResult, what: Guarded): void {
    const text = GUARDED_TEXT[what]
    for (const a of g.actions) this.add(`safety.${a.kind}`, false, `${text}: ${a.detail}`, 'safety_action', { what, action: a.kind, detail: a.detail })
    if (g.actions.length === 0) this.add('safety', true, `${text}: passed`, 'safety_passed', { what })
  }
}

/** A decision's reason: the English text (kept for logs and old readers) and the code the UI words. */
type Why = Pick<Decision, 'reason' | 'why'>
const why = (code: ReasonCode, reason: string, params: ReasonParams = {}): Why => ({ reason, why: { code, params } satisfies DecisionWhy })

/** `round` only for a message that used a bargaining round (包邮吗 has price terms but is no round). */
function base(intent: Intent, plan: PricePlan | null, bargaining: boolean, reason: string): Decision {
  return {
    source: 'none', intent, reply: null, allowedPrice: plan?.allowed ?? null, floorPrice: plan?.floor ?? null, round: bargaining ? plan?.round ?? null : null,
    reason, why: null, sentText: null, ruleId: null, provider: null, model: null, tokensIn: null, tokensOut: null, latencyMs: null, checks: []
  }
}

/** A rule as the seller knows it: its first keyword(s). */
function ruleName(keywords: ReadonlyArray<string>): string {
  const name = keywords.slice(0, 2).join(' / ')
  return name.length > 40 ? `${name.slice(0, 39)}…` : name
}

/**
 * Decides what (if anything) to answer. Order: keyword rules → bargain gate (refusal at max
 * rounds, no LLM) → AI with the round's allowed price → default reply. Every text that would be
 * sent passes outbound safety and, when a price applies, the floor check — whatever the buyer
 * wrote and whatever the LLM said.
 */
export async function decide(input: DecideInput): Promise<Outcome> {
  const text = input.burst.join('\n')
  const intent = burstIntent(input.burst, input.item?.price ?? null)
  const bargaining = input.burst.some((t) => countsAsBargain(t, { listPrice: input.item?.price ?? null }))
  const plan = planFor(input, bargaining)
  const rec = new Recorder()
  const inj = detectInjection(text)
  if (inj.suspicious) rec.add('injection', false, `prompt-injection patterns in buyer text: ${inj.patterns.join(', ')}`, 'injection', { patterns: inj.patterns.join(', ') })
  const safety = { riskyWords: input.settings.riskyWords, maxChars: Math.max(input.settings.replyMaxChars * 3, 60) }
  // seller-authored replies may quote the floor itself; AI replies only this round's allowed price
  const floorCheck = priceCheck(plan, 'seller')
  const finish = (d: Partial<Decision> & Pick<Decision, 'source' | 'reason'>, parts: ReplyPart[], fromLlm: LlmResult | null = null): Outcome => {
    const blocked = plan ? finalPriceCheck(parts, plan, authorOf(d.source)) : null
    if (blocked) {
      // never reached by the paths above (each corrects its own text first): the invariant, kept honest
      rec.add('price.blocked', false, `${d.source} reply ${blocked}`, 'price_blocked', { source: d.source })
      return finish({ source: 'none', ...why('price_blocked', `not sent: the ${d.source} reply ${blocked}`, { source: d.source }) }, [])
    }
    return {
      decision: { ...base(intent, plan, bargaining, d.reason), ...d, reply: parts.filter((p) => p.kind === 'text').map((p) => (p.kind === 'text' ? p.text : '')).join('\n') || null, checks: rec.checks },
      parts, fromLlm
    }
  }

  const answer = input.rules(text)
  if (answer.rule) {
    const parts = guardParts(answer.replies, { safety: { riskyWords: input.settings.riskyWords }, price: floorCheck }, rec, 'keyword_reply')
    const rule = answer.rule
    if (parts.length > 0) return finish({ source: 'keyword', ...why('keyword_rule', `keyword rule #${rule.id}`, { ruleId: rule.id, ruleName: ruleName(rule.keywords) }), ruleId: rule.id }, parts)
  }
  if (plan && plan.round > plan.maxRounds) {
    rec.add('bargain', false, `round ${plan.round} > max ${plan.maxRounds}: refusal without the LLM`, 'bargain_exhausted', { round: plan.round, max: plan.maxRounds })
    const g = guardOutbound(input.settings.refusalReply, { safety, price: floorCheck })
    rec.guard(g, 'refusal')
    return finish({ source: 'refusal', ...why('rounds_used_up', 'bargaining rounds used up', { round: plan.round, max: plan.maxRounds }) }, g.blocked ? [] : [{ kind: 'text', text: g.text }])
  }
  if (plan && bargaining) {
    rec.add('bargain', true, `round ${plan.round}/${plan.maxRounds}: allowed ¥${plan.allowed}, floor ¥${plan.floor}, list ¥${plan.listPrice}`, 'bargain_round',
      { round: plan.round, max: plan.maxRounds, allowed: plan.allowed, floor: plan.floor, list: plan.listPrice })
  }
  // a cached answer was checked in its own chat's round; this chat's round may allow less
  if (input.cached && intent !== 'price' && (!plan || checkPrice(input.cached, plan, 'ai').ok)) {
    rec.add('cache', true, 'same question on this item answered recently', 'cache_hit')
    return finish({ source: 'ai', ...why('cache_hit', 'reply cache hit') }, [{ kind: 'text', text: input.cached }])
  }
  if (input.llm) {
    const ai = await askLlm(input, intent, plan, rec, safety)
    if (ai) return finish(ai.decision, ai.parts, ai.result)
  } else {
    rec.add('ai', false, input.llmUnavailable ?? 'AI is off', 'ai_unavailable', { why: input.llmUnavailableCode ?? 'ai_off' })
  }
  return fallback(input, intent, plan, rec, answer, finish)
}

type Finish = (d: Partial<Decision> & Pick<Decision, 'source' | 'reason'>, parts: ReplyPart[], fromLlm?: LlmResult | null) => Outcome

function fallback(input: DecideInput, intent: Intent, plan: PricePlan | null, rec: Recorder, answer: RuleAnswer, finish: Finish): Outcome {
  if (plan && input.llm && intent === 'price') {
    // the LLM failed on a bargain: a templated counter-offer at exactly the allowed price
    return finish({ source: 'fallback', ...why('ai_unavailable_template', 'AI unavailable: templated counter-offer', { allowed: plan.allowed }) }, [{ kind: 'text', text: counterOfferTemplate(plan.allowed, plan.round, plan.maxRounds) }])
  }
  if (answer.usedDefault) {
    const parts = guardParts(answer.replies, { safety: { riskyWords: input.settings.riskyWords }, price: priceCheck(plan, 'seller') }, rec, 'default_reply')
    if (parts.length > 0) return finish({ source: 'fallback', ...why('default_reply', 'default reply') }, parts)
  }
  return finish({ source: 'none', ...why('no_answer', 'no rule matched and no AI answer') }, [])
}

/** The first text part that quotes below `author`'s minimum, described; null when every part passes. */
function finalPriceCheck(parts: ReadonlyArray<ReplyPart>, plan: PriceTerms, author: Author): string | null {
  for (const p of parts) {
    if (p.kind !== 'text') continue
    const check = checkPrice(p.text, plan, author)
    if (!check.ok) return describeBlock(check, plan, author)
  }
  return null
}

function guardParts(parts: ReadonlyArray<ReplyPart>, opts: Parameters<typeof guardOutbound>[1], rec: Recorder, what: Guarded): ReplyPart[] {
  const out: ReplyPart[] = []
  for (const p of parts) {
    if (p.kind === 'image') {
      out.push(p)
      continue
    }
    const g = guardOutbound(p.text, opts)
    rec.guard(g, what)
    if (!g.blocked) out.push({ kind: 'text', text: g.text })
  }
  return out.some((p) => p.kind === 'text') || parts.every((p) => p.kind === 'image') ? out : []
}

interface AiOutcome { decision: Partial<Decision> & Pick<Decision, 'source' | 'reason'>; parts: ReplyPart[]; result: LlmResult }

/** One LLM call (plus at most one correction for a price violation); null when it failed. */
async function askLlm(input: DecideInput, intent: Intent, plan: PricePlan | null, rec: Recorder, safety: { riskyWords: string[]; maxChars: number }): Promise<AiOutcome | null> {
  const llm = input.llm
  if (!llm) return null
  const system = buildSystemPrompt(input.settings, intent, input.item, plan)
  const messages = buildMessages(input.history.slice(-input.settings.contextMessages), input.burst)
  const priceCtx = priceCheck(plan, 'ai')
  const req: LlmRequest = { system, messages, maxTokens: 200, temperature: 0.7, signal: input.signal }
  let first: LlmResult
  try {
    first = input.onDraftText ? await streamWithPreview(llm, req, priceCtx ? guardedPreview(input.onDraftText, priceCtx) : input.onDraftText) : await llm.complete(req)
  } catch (err) {
    rec.add('ai', false, err instanceof LlmError ? `${err.kind}: ${err.message.slice(0, 200)}` : String(err).slice(0, 200), 'ai_error', { kind: err instanceof LlmError ? err.kind : 'unknown' })
    if (err instanceof LlmError && err.kind === 'aborted') throw err
    return null
  }
  const meta = { provider: first.provider, model: first.model, tokensIn: first.tokensIn, tokensOut: first.tokensOut, latencyMs: first.latencyMs }
  const g1 = guardOutbound(first.text, { safety, price: priceCtx })
  rec.guard(g1, 'ai_reply')
  if (!g1.blocked) return { decision: { source: 'ai', ...why('ai', `AI (${intent})`, { intent }), ...meta }, parts: [{ kind: 'text', text: g1.text }], result: first }
  if (!plan || g1.violations.length === 0) {
    rec.add('ai', false, 'AI reply blocked by outbound safety', 'ai_blocked_safety')
    return null
  }
  return correctOnce(input, { system, messages, first, plan, priceCtx, safety, rec, meta, bargaining: intent === 'price' })
}

/** A number at the very end of a preview: maybe still being written. */
const TRAILING_NUMBER = /[\d０-９零〇一二两俩三四五六七八九十百千万.．]+$/u

/**
 * The seller never sees, even for a moment, a price the reply could not send: a preview that
 * quotes below this round's allowed price is replaced by a note that the answer is being corrected
 * (the final draft then holds the corrected text or the templated counter-offer).
 */
function guardedPreview(onText: (textSoFar: string) => void, price: { allowedPrice: number; floor: number; listPrice: number }): (textSoFar: string, complete?: boolean) => void {
  let last = ''
  return (text, complete = false) => {
    // a number still being written is shown once complete (500 may yet become 5000)
    const settled = complete ? text : text.replace(TRAILING_NUMBER, '')
    const shown = checkReply(settled, price).ok
      ? settled
      : `⚠ AI 报价低于本轮允许的 ¥${price.allowedPrice}，正在按规则修正… / The AI quoted below the allowed ¥${price.allowedPrice}; correcting…`
    if (shown === last) return
    last = shown
    onText(shown)
  }
}

/** At most one preview per this many ms while a draft streams (plus the complete text at the end). */
const PREVIEW_EVERY_MS = 50

/**
 * Streams one answer, handing `onText` the text so far at most every PREVIEW_EVERY_MS (a trailing
 * call catches up after a quiet spell) and once more when complete. Resolves and rejects like
 * `complete()`: the stream's errors are the same LlmErrors, 'aborted' included.
 */
async function streamWithPreview(llm: LlmClient, req: LlmRequest, onText: (textSoFar: string, complete?: boolean) => void): Promise<LlmResult> {
  const stream = llm.stream(req)
  let text = ''
  let shown = ''
  let shownAt = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  const show = (complete = false): void => {
    clearTimeout(timer)
    timer = undefined
    // reasoning (<think>…) and role labels are not part of the draft, not even while streaming
    const visible = cleanPartialAnswer(text)
    if (visible === shown || visible.trim() === '') return
    shown = visible
    shownAt = performance.now()
    try {
      onText(visible, complete)
    } catch {
      // best effort: a failing preview must not cost the answer
    }
  }
  try {
    for await (const delta of stream) {
      text += delta
      const wait = shownAt + PREVIEW_EVERY_MS - performance.now()
      if (wait <= 0) show()
      else timer ??= setTimeout(show, wait)
    }
  } finally {
    // no preview may follow the end of the call (the caller then announces it finished)
    clearTimeout(timer)
  }
  show(true)
  return stream.result
}

/**
 * One regeneration with a correction. If it still quotes too low: on a bargain, the templated
 * counter-offer at the allowed price; on any other question, no AI answer (the default reply or
 * nothing follows, with the checks in the decision record) — a counter-offer nobody asked for would be odd.
 */
async function correctOnce(input: DecideInput, c: {
  system: string; messages: LlmMessage[]; first: LlmResult; plan: PricePlan; priceCtx: { allowedPrice: number; floor: number; listPrice: number } | undefined
  safety: { riskyWords: string[]; maxChars: number }; rec: Recorder; meta: Partial<Decision>; bargaining: boolean
}): Promise<AiOutcome | null> {
  const template = (): AiOutcome | null => !c.bargaining ? null : ({
    decision: { source: 'ai', ...why('ai_template', 'AI quoted below the allowed price twice: templated counter-offer', { allowed: c.plan.allowed }), ...c.meta },
    parts: [{ kind: 'text', text: counterOfferTemplate(c.plan.allowed, c.plan.round, c.plan.maxRounds) }],
    result: c.first
  })
  c.rec.add('price', false, `AI quoted below ¥${c.plan.allowed}: one regeneration with a correction`, 'price_correction', { allowed: c.plan.allowed })
  let second: LlmResult
  try {
    second = await input.llm!.complete({ system: c.system, messages: [...c.messages, { role: 'assistant', content: c.first.text }, correctionMessage(c.plan)], maxTokens: 200, temperature: 0.3, signal: input.signal })
  } catch (err) {
    if (err instanceof LlmError && err.kind === 'aborted') throw err
    c.rec.add('ai', false, `regeneration failed: ${String(err).slice(0, 120)}`, 'regeneration_failed')
    return template()
  }
  const meta = { ...c.meta, tokensIn: (c.meta.tokensIn ?? 0) + second.tokensIn, tokensOut: (c.meta.tokensOut ?? 0) + second.tokensOut, latencyMs: (c.meta.latencyMs ?? 0) + second.latencyMs }
  const g2 = guardOutbound(second.text, { safety: c.safety, price: c.priceCtx })
  c.rec.guard(g2, 'ai_regeneration')
  if (!g2.blocked) return { decision: { source: 'ai', ...why('ai_corrected', 'AI reply after a price correction', { allowed: c.plan.allowed }), ...meta }, parts: [{ kind: 'text', text: g2.text }], result: second }
  const t = template()
  if (!t) c.rec.add('ai', false, 'AI quoted below the allowed price twice: no AI answer', 'price_twice_no_answer', { allowed: c.plan.allowed })
  return t && { ...t, decision: { ...t.decision, ...meta } }
}
