import { DELIVERY_VARIABLES, type CodeSource, type DeliveryRule, type HttpSource, type ItemDelivery, type NewDeliveryRule, type ShipMode } from '@contract'

export type SourceKind = CodeSource['kind']
export type PartDraft = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'image'; readonly url: string }

/** The rule editor's state: what the seller types, converted by `toDeliveryRule` on save. */
export interface DeliveryRuleForm {
  readonly accountId: string
  readonly itemId: string
  readonly spec: string
  readonly name: string
  readonly enabled: boolean
  readonly sourceKind: SourceKind
  readonly poolId: number | null
  readonly http: HttpSource
  readonly messages: ReadonlyArray<PartDraft>
  readonly delaySeconds: number
  readonly shipMode: ShipMode
}

export const MAX_MESSAGES = 5

export type RuleProblem =
  | 'needMessage' | 'emptyMessage' | 'badImage' | 'unknownVar' | 'codeWithoutSource' | 'needCode'
  | 'needPool' | 'badUrl' | 'badTimeout' | 'badRetries' | 'badDelay' | 'specTooLong'
/** The field each problem is shown next to. */
export type RuleField = 'spec' | 'pool' | 'url' | 'timeout' | 'retries' | 'messages' | 'delay'

export interface RuleProblems {
  readonly fields: Partial<Record<RuleField, RuleProblem>>
  /** Unknown `{names}` in the texts, for the message. */
  readonly unknownVars: ReadonlyArray<string>
}

const DEFAULT_HTTP: HttpSource = { url: '', method: 'GET', body: '', jsonPath: '', timeoutMs: 5000, retries: 1 }
const KNOWN_VARS = new Set<string>(DELIVERY_VARIABLES)
const isHttp = (s: string): boolean => /^https?:\/\/[^\s/]+/i.test(s.trim())
const varsIn = (text: string): string[] => [...text.matchAll(/\{([a-zA-Z_]+)\}/g)].map((m) => m[1] as string)

export function emptyRuleForm(accountId: string, itemId: string, poolId: number | null, spec = ''): DeliveryRuleForm {
  return {
    accountId, itemId, spec, name: '', enabled: true,
    sourceKind: poolId === null ? 'none' : 'pool', poolId, http: DEFAULT_HTTP,
    messages: [{ kind: 'text', text: '' }], delaySeconds: 0, shipMode: 'after_ack'
  }
}

export function ruleFormOf(r: DeliveryRule): DeliveryRuleForm {
  return {
    accountId: r.accountId, itemId: r.itemId, spec: r.spec, name: r.name, enabled: r.enabled,
    sourceKind: r.source.kind,
    poolId: r.source.kind === 'pool' ? r.source.poolId : null,
    http: r.source.kind === 'http' ? r.source.http : DEFAULT_HTTP,
    messages: r.messages.map((m) => (m.kind === 'text' ? { kind: 'text', text: m.text } : { kind: 'image', url: m.url })),
    delaySeconds: r.delaySeconds, shipMode: r.shipMode
  }
}

const intIn = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max

function messageProblem(f: DeliveryRuleForm, unknown: string[]): RuleProblem | undefined {
  if (f.shipMode === 'ship_only') return undefined
  if (f.messages.length === 0) return 'needMessage'
  if (f.messages.some((m) => (m.kind === 'text' ? !m.text.trim() : !m.url.trim()))) return 'emptyMessage'
  if (f.messages.some((m) => m.kind === 'image' && !isHttp(m.url))) return 'badImage'
  if (unknown.length > 0) return 'unknownVar'
  const usesCode = f.messages.some((m) => m.kind === 'text' && varsIn(m.text).includes('code'))
  if (f.sourceKind === 'none' && usesCode) return 'codeWithoutSource'
  // a code taken from a pool or the seller's source must reach the buyer
  if (f.sourceKind !== 'none' && !usesCode) return 'needCode'
  return undefined
}

/** Everything that keeps the rule from saving, each with its field, all at once; `fields` empty when it can be sent. */
export function ruleProblems(f: DeliveryRuleForm): RuleProblems {
  const fields: Partial<Record<RuleField, RuleProblem>> = {}
  const unknown = [...new Set(f.messages.flatMap((m) => (m.kind === 'text' ? varsIn(m.text) : [])).filter((v) => !KNOWN_VARS.has(v)))]
  if (f.spec.trim().length > 200) fields.spec = 'specTooLong'
  // ship-only sends nothing: no code source, no messages
  const kind = f.shipMode === 'ship_only' ? 'none' : f.sourceKind
  if (kind === 'pool' && f.poolId === null) fields.pool = 'needPool'
  if (kind === 'http') {
    if (!isHttp(f.http.url)) fields.url = 'badUrl'
    if (!intIn(f.http.timeoutMs, 500, 60_000)) fields.timeout = 'badTimeout'
    if (!intIn(f.http.retries, 0, 5)) fields.retries = 'badRetries'
  }
  const m = messageProblem(f, unknown)
  if (m) fields.messages = m
  if (!intIn(f.delaySeconds, 0, 3600)) fields.delay = 'badDelay'
  return { fields, unknownVars: unknown }
}

function sourceOf(f: DeliveryRuleForm): CodeSource {
  if (f.shipMode === 'ship_only') return { kind: 'none' }
  if (f.sourceKind === 'pool' && f.poolId !== null) return { kind: 'pool', poolId: f.poolId }
  if (f.sourceKind === 'http') {
    const h = f.http
    return { kind: 'http', http: { url: h.url.trim(), method: h.method, body: h.method === 'POST' ? h.body : '', jsonPath: h.jsonPath.trim(), timeoutMs: h.timeoutMs, retries: h.retries } }
  }
  return { kind: 'none' }
}

/** The contract's rule. Ship-only rules send nothing, so their messages and code source are dropped. */
export function toDeliveryRule(f: DeliveryRuleForm): NewDeliveryRule {
  return {
    accountId: f.accountId,
    itemId: f.itemId.trim(),
    spec: f.spec.trim(),
    name: f.name.trim(),
    enabled: f.enabled,
    source: sourceOf(f),
    messages: f.shipMode === 'ship_only' ? [] : f.messages.map((m) => (m.kind === 'text' ? { kind: 'text', text: m.text.trim() } : { kind: 'image', url: m.url.trim() })),
    delaySeconds: f.delaySeconds,
    shipMode: f.shipMode
  }
}

/** A rule's name for lists: its own, else its spec, else "#id". */
export const deliveryRuleName = (r: Pick<DeliveryRule, 'id' | 'name' | 'spec'>): string => r.name.trim() || r.spec.trim() || `#${r.id}`

export type DeliveryNeed = 'account' | 'auto' | 'rule' | 'codes'

/** What a delivery of the item needs, each met or not (codes only when a rule draws from a pool). */
export function deliveryNeeds(item: Pick<ItemDelivery, 'problems' | 'autoDelivery' | 'rules'>): ReadonlyArray<{ need: DeliveryNeed; ok: boolean }> {
  const has = (p: ItemDelivery['problems'][number]): boolean => item.problems.includes(p)
  const out: Array<{ need: DeliveryNeed; ok: boolean }> = [
    { need: 'account', ok: !has('account_offline') },
    { need: 'auto', ok: item.autoDelivery && !has('auto_delivery_off') },
    { need: 'rule', ok: !has('no_rule') && !has('rule_disabled') && !has('rules_ambiguous') }
  ]
  if (item.rules.some((r) => r.enabled && r.source.kind === 'pool')) out.push({ need: 'codes', ok: !has('pool_empty') })
  return out
}
