import { NewKeywordRule, RulesFile, type KeywordRule, type ReplyPart } from '@contract/rules'
import type { CallInput, CallOutput } from '@contract/api'
import { AppError } from '../errors'
import type { Db } from '../db/open'
import type { RuleRepo } from '../db/repos/ruleRepo'
import type { AccountRepo } from '../db/repos/accountRepo'
import type { ItemRepo, ItemRow } from '../db/repos/itemRepo'
import type { AccountSettings } from '@contract/schemas'
import { checkPrice, formatYuan, priceTerms } from '../reply'
import type { Clock } from '../ports'
import { parseOrBadInput } from '../services/settingsService'
import { selectRule, validatePattern } from './match'
import { renderTemplate, unknownVariables, type TemplateVars } from './template'
import { atomic } from '../db/cache'

export interface RuleAnswer {
  readonly rule: KeywordRule | null
  readonly replies: ReplyPart[]
  readonly usedDefault: boolean
}

/** Keyword rules: validated CRUD, import/export, and the matching used by the reply pipeline. */
export class RuleService {
  readonly #db: Db
  readonly #rules: RuleRepo
  readonly #accounts: AccountRepo
  readonly #clock: Clock
  readonly #floors: FloorDeps | null

  constructor(deps: { db: Db; rules: RuleRepo; accounts: AccountRepo; clock: Clock; floors?: FloorDeps }) {
    this.#db = deps.db
    this.#rules = deps.rules
    this.#accounts = deps.accounts
    this.#clock = deps.clock
    this.#floors = deps.floors ?? null
  }

  list(accountId?: string): KeywordRule[] {
    return this.#rules.list(accountId)
  }

  save(input: { id?: number | undefined; rule: NewKeywordRule }): KeywordRule {
    const rule = this.#validate(input.rule)
    const now = this.#clock.now()
    let id = input.id
    if (id === undefined) id = this.#rules.insert(rule, now)
    else if (!this.#rules.update(id, rule, now)) throw new AppError('NOT_FOUND', `规则不存在 / No such rule: ${id}`)
    const saved = this.#rules.get(id)
    if (!saved) throw new AppError('INTERNAL', 'rule vanished after save')
    return saved
  }

  remove(id: number): boolean {
    return this.#rules.remove(id)
  }

  export(accountId?: string): string {
    const file: RulesFile = {
      format: 'xianyu-desk.rules',
      version: 1,
      rules: this.#rules.list(accountId).map(({ id: _id, createdAt: _c, updatedAt: _u, ...r }) => r)
    }
    return JSON.stringify(file, null, 2)
  }

  import(input: CallInput<'rules.import'>): CallOutput<'rules.import'> {
    let raw: unknown
    try {
      raw = JSON.parse(input.json)
    } catch (err) {
      throw new AppError('BAD_INPUT', `不是有效的 JSON / Not valid JSON: ${(err as Error).message}`)
    }
    const file = parseOrBadInput(RulesFile, raw)
    const target = input.targetAccountId
    const rules = file.rules.map((r) => this.#validate(target && r.scope !== 'global' ? { ...r, accountId: target } : r))
    const now = this.#clock.now()
    atomic(this.#db, () => {
      if (input.mode === 'replace') {
        for (const r of this.#rules.list(target)) if (target === undefined || r.accountId === target) this.#rules.remove(r.id)
      }
      for (const r of rules) this.#rules.insert(r, now)
    })()
    return { imported: rules.length }
  }

  /** The rule that answers `text` in this chat, its rendered replies, or the account's default reply. */
  answer(ctx: { accountId: string; cid: string | null; itemId: string | null; text: string; vars: TemplateVars; defaultReply: string }): RuleAnswer {
    const alreadyHit = (ruleId: number): boolean => ctx.cid !== null && this.#rules.wasHit(ruleId, ctx.accountId, ctx.cid)
    return answerFromRules(this.#rules.list(ctx.accountId), { ...ctx, alreadyHit })
  }

  recordHit(rule: KeywordRule, accountId: string, cid: string): void {
    if (rule.replyOnce) this.#rules.recordHit(rule.id, accountId, cid, this.#clock.now())
  }

  #validate(input: unknown): NewKeywordRule {
    const rule = parseOrBadInput(NewKeywordRule, input)
    if (rule.accountId !== null && !this.#accounts.get(rule.accountId)) throw new AppError('BAD_INPUT', `规则指向的账号不存在 / The rule names an unknown account: ${rule.accountId}`)
    if (rule.matchMode === 'regex') {
      for (const k of rule.keywords) {
        const problem = validatePattern(k)
        if (problem) throw new AppError('BAD_INPUT', `${problem}: ${k}`)
      }
    }
    for (const part of rule.replies) {
      const unknown = part.kind === 'text' ? unknownVariables(part.text) : []
      if (unknown.length > 0) throw new AppError('BAD_INPUT', `未知变量 / Unknown variable: ${unknown.map((v) => `{${v}}`).join(', ')}`)
    }
    this.#checkFloor(rule)
    return rule
  }

  /**
   * A rule that would quote below the floor of an item it can answer for is refused when saved
   * (the outbound check would block it at send time anyway). Checked per item with the rule's
   * template rendered for it ({price}打五折 is half of each item's price), against the floor a
   * keyword reply may quote down to.
   */
  #checkFloor(rule: NewKeywordRule): void {
    const f = this.#floors
    if (!f) return
    const texts = rule.replies.flatMap((p) => (p.kind === 'text' ? [p.text] : []))
    if (texts.length === 0) return
    const items = rule.scope === 'item' ? [f.items.get(rule.accountId ?? '', rule.itemId ?? '')].filter((i): i is ItemRow => i !== null) : f.items.priced(rule.accountId)
    for (const item of items) {
      const settings = f.settings(item.accountId)
      const terms = priceTerms({ price: item.price, floorPrice: item.floorPrice, settings, round: 1 })
      if (!terms) continue
      for (const text of texts) {
        const check = checkPrice(renderTemplate(text, f.vars(item, settings)), terms, 'seller')
        const v = check.violations[0]
        if (!v) continue
        throw new AppError('BAD_INPUT', `回复报价 ${v.raw.trim()}（¥${formatYuan(v.value)}）低于商品「${item.title || item.itemId}」的底价 ¥${formatYuan(terms.floor)}，这条规则会被拦截 / ` +
          `The reply quotes ${v.raw.trim()} (¥${formatYuan(v.value)}), below the floor ¥${formatYuan(terms.floor)} of item "${item.title || item.itemId}" (${item.itemId}); it would be blocked`, { details: { floor: terms.floor, itemId: item.itemId, price: v.value } })
      }
    }
  }
}

/** What the floor check on saved rules needs: the cached items, each account's settings and the template values. */
export interface FloorDeps {
  readonly items: Pick<ItemRepo, 'get' | 'priced'>
  readonly settings: (accountId: string) => AccountSettings
  readonly vars: (item: ItemRow, settings: AccountSettings) => TemplateVars
}

/** Pure: the first matching rule's rendered replies, else the rendered default reply. */
export function answerFromRules(rules: ReadonlyArray<KeywordRule>, ctx: { accountId: string; itemId: string | null; text: string; vars: TemplateVars; defaultReply: string; alreadyHit: (ruleId: number) => boolean }): RuleAnswer {
  const rule = selectRule(rules, ctx)
  if (rule) return { rule, replies: render(rule.replies, ctx.vars), usedDefault: false }
  const fallback = renderTemplate(ctx.defaultReply, ctx.vars)
  return { rule: null, replies: fallback ? [{ kind: 'text', text: fallback }] : [], usedDefault: fallback !== '' }
}

function render(parts: ReadonlyArray<ReplyPart>, vars: TemplateVars): ReplyPart[] {
  return parts.flatMap((p): ReplyPart[] => {
    if (p.kind === 'image') return [p]
    const text = renderTemplate(p.text, vars)
    return text ? [{ kind: 'text', text }] : []
  })
}
