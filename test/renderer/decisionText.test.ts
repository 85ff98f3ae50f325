import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import type { DecisionCheck } from '../../src-main/contract/reply'
import { checkText, reasonText, type Translate } from '../../src-renderer/src/lib/decisionText'
import { en } from '../../src-renderer/src/i18n/en'
import { zhCN } from '../../src-renderer/src/i18n/zh-CN'
import { decision } from './inboxFixtures'

function translator(lng: 'zh-CN' | 'en'): Translate {
  const i = i18next.createInstance()
  void i.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng, fallbackLng: 'zh-CN', interpolation: { escapeValue: false }, initAsync: false })
  return (key, params) => String(i.t(key as never, params as never))
}
const zh = translator('zh-CN')
const english = translator('en')

describe('decision reasons in the seller’s language (issue 18)', () => {
  it('a keyword rule by its keywords, its number as the fallback', () => {
    const d = decision({ why: { code: 'keyword_rule', params: { ruleId: 3, ruleName: '包邮 / 运费' } }, ruleId: 3 })
    expect(reasonText(zh, d)).toBe('命中关键词规则「包邮 / 运费」')
    expect(reasonText(english, d)).toBe('Matched keyword rule “包邮 / 运费”')
    const unnamed = decision({ why: { code: 'keyword_rule', params: { ruleId: 3 } }, ruleId: 3 })
    expect(reasonText(zh, unnamed)).toBe('命中关键词规则 #3')
    expect(reasonText(zh, unnamed, () => '在吗')).toBe('命中关键词规则「在吗」')
  })

  it('every reason code has a zh-CN and an English text, with its parameters filled in', () => {
    const cases: Array<[Parameters<typeof decision>[0], string, string]> = [
      [{ why: { code: 'ai', params: { intent: 'price' } } }, 'AI 回答（议价）', 'AI answer (Bargaining)'],
      [{ why: { code: 'rounds_used_up', params: { round: 4, max: 3 } } }, '议价已到上限（第 4 轮，最多 3 轮），回复了拒绝话术', 'Bargaining limit reached (round 4 of at most 3): the refusal was sent'],
      [{ why: { code: 'ai_corrected', params: { allowed: 950 } } }, 'AI 首次报价低于本轮可让到的 ¥950，按规则修正后重新回答', 'The AI first quoted below this round’s ¥950; it answered again after a correction'],
      [{ why: { code: 'ai_template', params: { allowed: 950 } } }, 'AI 两次报价都低于 ¥950，改用模板还价', 'The AI quoted below ¥950 twice: a templated counter-offer was used'],
      [{ why: { code: 'unanswered', params: { outcome: 'ai_off', decided: 'no_answer' } } }, '没有自动回复：AI 已关闭，也没有匹配的关键词规则', 'Not answered automatically: the AI is off and no keyword rule matched'],
      [{ why: { code: 'price_blocked', params: { source: 'ai' } } }, 'AI 回复报价低于允许的价格，已拦下，没有发出', 'The AI reply quoted below the allowed price and was held, not sent']
    ]
    for (const [over, zhText, enText] of cases) {
      const d = decision(over)
      expect(reasonText(zh, d)).toBe(zhText)
      expect(reasonText(english, d)).toBe(enText)
    }
    for (const code of ['cache_hit', 'ai_unavailable_template', 'default_reply', 'no_answer'] as const) {
      const d = decision({ why: { code, params: { allowed: 900 } } })
      expect(reasonText(zh, d)).not.toMatch(/inbox\.|[A-Za-z]{4,}/)
      expect(reasonText(english, d)).not.toMatch(/inbox\.|[\u4e00-\u9fff]/)
    }
  })

  it('a record from before the codes shows its stored reason and checks', () => {
    const d = decision({ why: null, reason: 'keyword rule #1' })
    expect(reasonText(zh, d)).toBe('keyword rule #1')
    expect(checkText(zh, { kind: 'safety', ok: true, detail: 'keyword reply: passed' })).toBe('keyword reply: passed')
  })

  it('checks in both languages', () => {
    const checks: Array<[DecisionCheck, string, string]> = [
      [{ kind: 'safety', ok: true, detail: 'keyword reply: passed', code: 'safety_passed', params: { what: 'keyword_reply' } }, '关键词回复：通过安全检查', 'Keyword reply: passed the safety check'],
      [{ kind: 'safety.contact', ok: false, detail: 'AI reply: wechat', code: 'safety_action', params: { what: 'ai_reply', action: 'contact', detail: 'wechat' } }, 'AI 回复：去掉了联系方式', 'AI reply: contact details removed'],
      [{ kind: 'bargain', ok: true, detail: '', code: 'bargain_round', params: { round: 1, max: 3, allowed: 970, floor: 900, list: 1000 } }, '第 1/3 轮：可让到 ¥970，底价 ¥900，标价 ¥1000', 'Round 1/3: allowed ¥970, floor ¥900, list ¥1000'],
      [{ kind: 'ai', ok: false, detail: '', code: 'ai_unavailable', params: { why: 'no_api_key' } }, 'AI 不可用：没有配置 API Key', 'AI unavailable: no API key is configured'],
      [{ kind: 'ai', ok: false, detail: '', code: 'ai_error', params: { kind: 'timeout' } }, 'AI 调用失败（超时）', 'The AI call failed (timed out)']
    ]
    for (const [c, zhText, enText] of checks) {
      expect(checkText(zh, c)).toBe(zhText)
      expect(checkText(english, c)).toBe(enText)
    }
    for (const code of ['injection', 'bargain_exhausted', 'cache_hit', 'ai_blocked_safety', 'price_correction', 'regeneration_failed', 'price_twice_no_answer', 'price_blocked'] as const) {
      const c: DecisionCheck = { kind: 'x', ok: false, detail: 'english detail', code, params: { round: 4, max: 3, allowed: 950, patterns: 'ignore', source: 'ai' } }
      expect(checkText(zh, c)).toMatch(/[\u4e00-\u9fff]/)
      expect(checkText(english, c)).not.toMatch(/[\u4e00-\u9fff]|inbox\./)
    }
  })
})
