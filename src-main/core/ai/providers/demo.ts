/**
 * The built-in demo model (演示模型): a local, deterministic "LLM" with no key and no network, so
 * the demo account shows AI replies before anyone has an API key. It reads only what a real model
 * reads — the system prompt the pipeline built (item, price terms of this round) and the quoted
 * conversation — and answers from it; the same request always gets the same answer.
 *
 * It goes through the real client (usage records, failure monitor) and the real reply engine, so
 * every safeguard applies to it as to any provider. Twice it behaves like a careless model on
 * purpose, so the demo shows those safeguards working:
 *  - on the last bargaining round it gives in to an offer below the floor — the price check
 *    catches it and asks for one correction, and the decision record shows "AI 报价已更正";
 *  - asked to move the deal to WeChat, it offers a WeChat id — outbound safety drops it, nothing is
 *    sent, and the message goes to 需处理 for the seller to answer by hand.
 */
import { LlmError, type LlmMessage, type LlmProvider, type LlmRequest, type ProviderChunk, type ProviderConfig, type ProviderOutput } from '../types'

export const DEMO_MODEL = 'demo-1'

/** What the demo model understood from the system prompt. */
export interface DemoPromptFacts {
  readonly title: string | null
  readonly description: string
  readonly listPrice: number | null
  /** This round's allowed price (bargaining, or the cap a non-bargaining reply may mention). */
  readonly allowed: number | null
  /** Present while the buyer bargains: the round and the last one. */
  readonly round: number | null
  readonly maxRounds: number | null
}

const num = (s: string | undefined): number | null => {
  if (s === undefined) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

export function readPrompt(system: string): DemoPromptFacts {
  const title = /【商品】(.+)/.exec(system)?.[1]?.trim() ?? null
  const known = title !== null && !title.startsWith('未知') && title !== '（无标题）'
  const rounds = /这是买家第 (\d+) 次议价（最多 (\d+) 次）/.exec(system)
  return {
    title: known ? title : null,
    description: /描述：(.+)/.exec(system)?.[1]?.trim() ?? '',
    listPrice: num(/标价[：\s]*¥([\d.]+)/.exec(system)?.[1]),
    allowed: num(/(?:最多只能让到|只能报) ¥([\d.]+)/.exec(system)?.[1]),
    round: rounds ? Number(rounds[1]) : null,
    maxRounds: rounds ? Number(rounds[2]) : null
  }
}

/** The buyer's latest words: the last quoted message of the last user turn. */
function lastBuyerText(messages: ReadonlyArray<LlmMessage>): string {
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? ''
  const quotes = [...last.matchAll(/买家说：「([^」]*)」/g)].map((m) => m[1] ?? '')
  return quotes.length > 0 ? quotes.join(' ') : last
}

/** The pipeline's correction after a price below the allowed one: "只报 ¥X". */
function correctionPrice(messages: ReadonlyArray<LlmMessage>): number | null {
  const last = messages.at(-1)
  if (!last || last.role !== 'user' || !last.content.startsWith('（系统校验')) return null
  return num(/只报 ¥([\d.]+)/.exec(last.content)?.[1])
}

/** The buyer's offer: the last number that looks like a price for this item. */
function offerIn(text: string, listPrice: number | null): number | null {
  const numbers = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(k|K|千)?/g)].map((m) => Number(m[1]) * (m[2] ? 1000 : 1))
  const plausible = numbers.filter((n) => n > 0 && (listPrice === null || (n >= listPrice * 0.3 && n <= listPrice * 1.2)))
  return plausible.at(-1) ?? null
}

const yuan = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ''))

/** The first clauses of the description, up to about `max` characters. */
function describe(description: string, max: number): string {
  const clauses = description.split(/(?<=[，。；！])/)
  let out = ''
  for (const c of clauses) {
    if (out.length + c.length > max) break
    out += c
  }
  return (out || description.slice(0, max)).replace(/[，。；！]$/, '')
}

/** The answer to one request: a pure function of the prompt and the conversation. */
export function demoAnswer(req: Pick<LlmRequest, 'system' | 'messages'>): string {
  const facts = readPrompt(req.system)
  const fixed = correctionPrice(req.messages)
  if (fixed !== null) return `抱歉刚才说错了，最低只能 ¥${yuan(fixed)}，这是底价了。`
  const buyer = lastBuyerText(req.messages)
  const title = facts.title ?? '这件宝贝'

  if (facts.round !== null && facts.allowed !== null) {
    const offer = offerIn(buyer, facts.listPrice)
    if (offer !== null && offer >= facts.allowed) return `可以，¥${yuan(offer)} 成交，直接拍下我改价～`
    const last = facts.maxRounds !== null && facts.round >= facts.maxRounds
    // the deliberate slip: a soft-hearted "model" gives in below the floor on the last round
    if (last && offer !== null) return `唉，算了，¥${yuan(offer)} 给你吧。`
    if (last) return `最后一口价 ¥${yuan(facts.allowed)}，真的不能再少了。`
    if (facts.round <= 1 && facts.listPrice !== null) return `标价 ¥${yuan(facts.listPrice)} 已经很实在了，诚心要的话 ¥${yuan(facts.allowed)} 给你。`
    return `再让一点，¥${yuan(facts.allowed)}，不能再少了。`
  }
  if (/不知道商品价格/.test(req.system) && /便宜|少点|少点儿|刀|价|出吗|卖不卖|\d/.test(buyer)) return '稍等，我确认一下价格再回复您～'
  if (/微信|vx|wx|加你|转账|QQ|电话/i.test(buyer)) {
    // the deliberate slip: outbound safety drops this, and the chat waits for the seller
    return '加我微信xianyu_demo详聊'
  }
  if (/在吗|还在|有货|还有吗|卖了吗/.test(buyer)) return `在的，${title} 还在，喜欢可以直接拍～`
  if (/包邮|运费|邮费|快递|几天到|发货|多久/.test(buyer)) {
    if (/自动发货/.test(facts.description)) return '付款后系统自动发货，几秒钟就到～'
    return /包邮/.test(facts.description) ? '包邮的，拍下后24小时内发货～' : '拍下后24小时内发货，一般2-3天到～'
  }
  if (/拍了|拍下|下单|付款了|买了/.test(buyer)) return '收到，马上给你安排～'
  if (/谢谢|收到了|好评/.test(buyer)) return '不客气，有问题随时找我～'
  if (facts.description && /成色|划痕|新|维修|拆|续航|电池|配件|功能|质量|问题|怎么样|区别|版本/.test(buyer)) {
    return `${describe(facts.description, 30)}，放心～`
  }
  return facts.title ? `您好，${facts.title} 有什么想了解的可以问我～` : '您好，在的，有什么想了解的可以问我～'
}

function output(text: string): ProviderOutput {
  return { text, tokensIn: null, tokensOut: null, model: DEMO_MODEL, finishReason: 'stop' }
}

/** The demo model as a provider: answers at once, streams in small pieces like a real one. */
export function createDemoProvider(_cfg: ProviderConfig): LlmProvider {
  const aborted = (signal: AbortSignal): LlmError => new LlmError('aborted', 'demo: aborted', { cause: signal.reason })
  return {
    kind: 'demo',
    model: DEMO_MODEL,
    async complete(req, signal) {
      if (signal.aborted) throw aborted(signal)
      return output(demoAnswer(req))
    },
    async *stream(req, signal): AsyncIterable<ProviderChunk> {
      const text = demoAnswer(req)
      for (let i = 0; i < text.length; i += 4) {
        if (signal.aborted) throw aborted(signal)
        yield { type: 'delta', text: text.slice(i, i + 4) }
      }
      yield { type: 'done', output: output(text) }
    }
  }
}
