/**
 * The seller's side of delivery: per-account settings, rules, card pools and their codes, and the
 * readiness of an item ("no codes left", "auto-delivery off"). Codes leave in clear only through
 * `exportCodes`; every list shows them masked.
 */
import type { CardPool, DeliveryRule, DeliverySettings, ItemDelivery, NewDeliveryRule, PoolCode, ReadinessProblem } from '@contract/orders'
import { DELIVERY_VARIABLES } from '@contract/orders'
import { AppError } from '../errors'
import { fetchCode } from './http'
import { errText, type OrdersDeps } from './service'
import { publicPool, type OrdersStore, type PoolRecord } from './store'
import { maskCode, parseImport, unknownVariables } from './text'

export class DeliveryCatalog {
  readonly #d: OrdersDeps
  readonly #s: OrdersStore

  constructor(deps: OrdersDeps) {
    this.#d = deps
    this.#s = deps.store
  }

  /** `consumed`: codes were taken for an order (only that crosses the threshold downwards). */
  poolChanged(id: number, consumed = false): void {
    const p = this.#s.pool(id)
    this.#d.events.emit('pool.changed', { id, pool: p ? publicPool(p) : null })
    if (p) this.#checkLow(p, consumed)
  }

  /** pool_low once per crossing of the threshold by deliveries; re-armed when stock is above it again. */
  #checkLow(p: PoolRecord, consumed: boolean): void {
    if (p.lowStockThreshold <= 0) return
    const low = p.available <= p.lowStockThreshold
    if (low && !p.lowNotified && consumed) {
      this.#s.setLowNotified(p.id, true)
      this.#d.notice({ kind: 'pool_low', accountId: p.accountId, vars: { item: p.name, count: p.available } })
    } else if (!low && p.lowNotified) this.#s.setLowNotified(p.id, false)
  }

  settings(accountId: string): DeliverySettings {
    this.#account(accountId)
    return { accountId, autoDelivery: this.#s.autoDelivery(accountId) }
  }

  setSettings(s: DeliverySettings): DeliverySettings {
    this.#account(s.accountId)
    this.#s.setAutoDelivery(s.accountId, s.autoDelivery)
    this.#d.events.emit('delivery.changed', { accountId: s.accountId })
    return this.settings(s.accountId)
  }

  #account(accountId: string): void {
    if (!this.#d.accountExists(accountId)) throw new AppError('NOT_FOUND', `账号不存在 / No account ${accountId}`)
  }

  listRules(accountId?: string, itemId?: string): DeliveryRule[] {
    return this.#s.listRules(accountId, itemId)
  }

  saveRule(id: number | undefined, rule: NewDeliveryRule): DeliveryRule {
    this.#account(rule.accountId)
    if (id !== undefined && !this.#s.rule(id)) throw new AppError('NOT_FOUND', `规则不存在 / No rule ${id}`)
    for (const p of rule.messages) {
      if (p.kind !== 'text') continue
      const unknown = unknownVariables(p.text, DELIVERY_VARIABLES)
      if (unknown.length > 0) throw new AppError('BAD_INPUT', `未知变量 / Unknown variable: {${unknown.join('}, {')}}`)
      if (rule.source.kind === 'none' && p.text.includes('{code}')) throw new AppError('BAD_INPUT', '没有卡密来源时不能使用 {code} / {code} needs a pool or an HTTP source')
    }
    if (rule.source.kind !== 'none' && rule.shipMode !== 'ship_only' && !rule.messages.some((p) => p.kind === 'text' && p.text.includes('{code}'))) {
      throw new AppError('BAD_INPUT', '有卡密来源时，发货消息里需要 {code} / A text needs {code} to carry the code')
    }
    if (rule.source.kind === 'http') {
      const unknown = unknownVariables(rule.source.http.body, DELIVERY_VARIABLES.filter((v) => v !== 'code'))
      if (unknown.length > 0) throw new AppError('BAD_INPUT', `未知变量 / Unknown variable: {${unknown.join('}, {')}}`)
    }
    if (rule.source.kind === 'pool') {
      const pool = this.#s.pool(rule.source.poolId)
      if (!pool) throw new AppError('BAD_INPUT', `卡密库不存在 / No card pool ${rule.source.poolId}`)
      if (pool.accountId !== rule.accountId) throw new AppError('BAD_INPUT', '卡密库属于另一个账号 / The card pool belongs to another account')
    }
    const saved = this.#s.saveRule(id, rule, this.#d.clock.now())
    this.#d.events.emit('delivery.changed', { accountId: rule.accountId })
    return saved
  }

  removeRule(id: number): boolean {
    const r = this.#s.rule(id)
    const removed = this.#s.removeRule(id)
    if (removed) this.#d.events.emit('delivery.changed', { accountId: r?.accountId ?? null })
    return removed
  }

  /** Everything a delivery of this item needs, and what is missing. */
  item(accountId: string, itemId: string): ItemDelivery {
    this.#account(accountId)
    const rules = this.#s.rulesForItem(accountId, itemId)
    const poolIds = [...new Set(rules.flatMap((r) => (r.source.kind === 'pool' ? [r.source.poolId] : [])))]
    const pools = poolIds.map((id) => this.#s.pool(id)).filter((p): p is PoolRecord => p !== null)
    const autoDelivery = this.#s.autoDelivery(accountId)
    const problems: ReadinessProblem[] = []
    if (!autoDelivery) problems.push('auto_delivery_off')
    const enabled = rules.filter((r) => r.enabled)
    if (rules.length === 0) problems.push('no_rule')
    else if (enabled.length === 0) problems.push('rule_disabled')
    const anySpec = enabled.filter((r) => r.spec === '')
    const specs = new Map<string, number>()
    for (const r of enabled) if (r.spec !== '') specs.set(r.spec, (specs.get(r.spec) ?? 0) + 1)
    if (anySpec.length > 1 || [...specs.values()].some((n) => n > 1)) problems.push('rules_ambiguous')
    const usedPools = enabled.flatMap((r) => (r.source.kind === 'pool' ? [r.source.poolId] : []))
    const usedRecords = pools.filter((p) => usedPools.includes(p.id))
    if (usedRecords.some((p) => p.available === 0) || usedPools.some((id) => !pools.some((p) => p.id === id))) problems.push('pool_empty')
    else if (usedRecords.some((p) => p.lowStockThreshold > 0 && p.available <= p.lowStockThreshold)) problems.push('pool_low')
    if (!this.#d.accountOnline(accountId)) problems.push('account_offline')
    const title = this.#d.items.get(accountId, itemId)?.title ?? (this.#s.db.prepare("SELECT item_title FROM orders WHERE account_id = ? AND item_id = ? AND item_title <> '' LIMIT 1").pluck().get(accountId, itemId) as string | undefined) ?? ''
    const blocking = problems.filter((p) => p !== 'pool_low')
    return {
      accountId, itemId, itemTitle: title, autoDelivery, rules, pools: pools.map(publicPool), problems, ready: blocking.length === 0,
      waiting: this.#s.waitingForItem(accountId, itemId)
    }
  }

  items(accountId?: string): ItemDelivery[] {
    return this.#s.itemsOfInterest(accountId).filter((x) => this.#d.accountExists(x.accountId)).map((x) => this.item(x.accountId, x.itemId))
  }

  async testSource(ruleId: number): Promise<{ ok: boolean; masked: string; error: string }> {
    const rule = this.#s.rule(ruleId)
    if (!rule) throw new AppError('NOT_FOUND', `规则不存在 / No rule ${ruleId}`)
    if (rule.source.kind !== 'http') throw new AppError('BAD_INPUT', '这条规则不是 HTTP 卡密来源 / This rule has no HTTP source')
    try {
      const code = await fetchCode(rule.source.http, { order_id: 'TEST', buyer: '测试买家', item_title: '', quantity: '1', spec: rule.spec }, { fetch: this.#d.fetch, retryDelayMs: this.#d.options.retryMs ?? 1000, sleep })
      return { ok: true, masked: maskCode(code), error: '' }
    } catch (err) {
      return { ok: false, masked: '', error: errText(err) }
    }
  }

  listPools(accountId?: string): CardPool[] {
    return this.#s.pools(accountId).map(publicPool)
  }

  savePool(input: { id?: number; accountId: string; name: string; lowStockThreshold: number }): CardPool {
    this.#account(input.accountId)
    let id = input.id
    if (id === undefined) id = this.#s.insertPool(input.accountId, input.name, input.lowStockThreshold, this.#d.clock.now())
    else {
      const p = this.#s.pool(id)
      if (!p) throw new AppError('NOT_FOUND', `卡密库不存在 / No card pool ${id}`)
      if (p.accountId !== input.accountId) throw new AppError('BAD_INPUT', '不能把卡密库移到另一个账号 / A pool cannot move to another account')
      this.#s.updatePool(id, input.name, input.lowStockThreshold)
    }
    this.poolChanged(id)
    this.#d.events.emit('delivery.changed', { accountId: input.accountId })
    return publicPool(this.#s.pool(id) as PoolRecord)
  }

  removePool(id: number): boolean {
    const p = this.#s.pool(id)
    if (!p) return false
    if (p.reserved > 0) throw new AppError('CONFLICT', `还有 ${p.reserved} 张卡密正在发货中，不能删除 / ${p.reserved} codes are reserved for orders being delivered`)
    const inUse = this.#s.listRules(p.accountId).filter((r) => r.source.kind === 'pool' && r.source.poolId === id)
    if (inUse.length > 0) throw new AppError('CONFLICT', `发货规则 #${inUse.map((r) => r.id).join(', #')} 还在使用这个卡密库：先改用别的卡密库或删除这些规则 / rules still use this pool: point them at another pool or remove them first`)
    const removed = this.#s.removePool(id, this.#d.clock.now())
    this.#d.events.emit('pool.changed', { id, pool: null })
    this.#d.events.emit('delivery.changed', { accountId: p.accountId })
    return removed
  }

  importCodes(input: { poolId: number; text: string; format: 'lines' | 'csv'; column: number }): { added: number; duplicates: number; alreadyUsed: number; blank: number; tooLong: number } {
    const pool = this.#pool(input.poolId)
    const parsed = parseImport(input.text, input.format, input.column)
    const r = this.#s.importCodes(pool.id, pool.accountId, parsed.codes, this.#d.clock.now())
    this.poolChanged(pool.id)
    return { added: r.added, duplicates: r.duplicates + parsed.duplicates, alreadyUsed: r.alreadyUsed, blank: parsed.blank, tooLong: parsed.tooLong }
  }

  listCodes(input: { poolId: number; state?: PoolCode['state']; limit: number; offset: number }): { codes: PoolCode[]; total: number } {
    this.#pool(input.poolId)
    return this.#s.listCodes(input.poolId, input.state, input.limit, input.offset)
  }

  exportCodes(poolId: number, state: 'available' | 'used' | 'all'): { text: string; count: number } {
    this.#pool(poolId)
    const codes = this.#s.exportCodes(poolId, state)
    return { text: codes.length > 0 ? `${codes.join('\n')}\n` : '', count: codes.length }
  }

  deleteCodes(poolId: number, ids?: ReadonlyArray<number>): number {
    this.#pool(poolId)
    const n = this.#s.deleteCodes(poolId, ids)
    this.poolChanged(poolId)
    return n
  }

  #pool(id: number): PoolRecord {
    const p = this.#s.pool(id)
    if (!p) throw new AppError('NOT_FOUND', `卡密库不存在 / No card pool ${id}`)
    return p
  }

}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
