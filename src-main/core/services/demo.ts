import { randomInt } from 'node:crypto'
import type { CardPool, DeliveryRule, NewDeliveryRule } from '@contract/orders'
import { DEMO_BASE_URL, DEMO_VIRTUAL_ITEM } from '@contract/presets'
import type { Account, DemoStatus } from '@contract/schemas'
import { AppError } from '../errors'
import type { CoreEvents } from '../events'
import type { DeliveryCatalog } from '../orders/catalog'
import type { Clock, DemoWorld, Logger } from '../ports'
import type { RuleService } from '../rules/ruleService'
import type { AccountService } from './accountService'
import type { SettingsService } from './settingsService'

export const DEMO_UNB = '2200000009999'
export const DEMO_NICK = '演示卖家'

/**
 * Starter keyword rules of the demo account (the seller can edit or delete them): a greeting and
 * postage. Nothing about price — offers are the AI's, within the bargaining limits (issue 18.6).
 */
export const DEMO_RULES = [
  { matchMode: 'contains' as const, keywords: ['在吗', '在不在', '你好'], replies: [{ kind: 'text' as const, text: '{buyer}您好，在的～ {item_title} 还在，有什么想了解的？' }] },
  { matchMode: 'contains' as const, keywords: ['包邮', '运费', '邮费'], replies: [{ kind: 'text' as const, text: '亲，{item_title} 全国包邮（偏远地区除外）' }] }
]

/**
 * The demo account answers with the built-in demo model (no key, no network), quickly. Only the
 * demo account gets it; a seller may pick it for another account in the AI settings.
 */
export const DEMO_AI_SETTINGS = {
  aiEnabled: true, provider: 'demo', preset: 'demo', baseUrl: DEMO_BASE_URL, model: 'demo-1', debounceSeconds: 1
} as const

/**
 * The demo's automatic delivery (issue 18 × 16): a card pool of obviously fake codes and a rule
 * for the demo's virtual item, set up like a seller would (through the delivery catalog), shown
 * in 自动发货 / 卡密库 like any other. The pool is topped up on restart when it runs low.
 */
export const DEMO_DELIVERY = {
  poolName: '演示卡密 / Demo codes',
  /**
   * Codes in a fresh (or topped-up) pool; a restart tops it up when fewer than `low` are left, so
   * the one code a run delivers never takes it down to the low-stock threshold (no notice).
   */
  size: 8,
  low: 4,
  /** The pool's low-stock notice threshold, as a seller would set it. */
  lowStockThreshold: 2,
  rule: {
    itemId: DEMO_VIRTUAL_ITEM.itemId,
    spec: '',
    name: '演示：付款后自动发激活码 / Demo: the code goes out on payment',
    enabled: true,
    messages: [{ kind: 'text' as const, text: '感谢购买「{item_title}」！激活码：{code}\n这是演示卡密，不能真的激活 / This is a demo code; it activates nothing.' }],
    delaySeconds: 0,
    shipMode: 'after_ack' as const
  }
} as const

/** Letters only: the masked code the seller's chat shows (`DE******QF`) carries no digit a price check could read. */
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

/** `DEMO-0007-KXQF`: clearly a demo, numbered, with a random tail (codes are unique per account). */
function demoCode(n: number): string {
  let tail = ''
  for (let i = 0; i < 4; i++) tail += CODE_CHARS[randomInt(CODE_CHARS.length)]
  return `DEMO-${String(n % 10_000).padStart(4, '0')}-${tail}`
}

export interface DemoDeps {
  readonly accounts: AccountService
  readonly rules: RuleService
  readonly settings: SettingsService
  /** The seller's delivery settings, rules and card pools (the 自动发货 / 卡密库 calls). */
  readonly delivery: DeliveryCatalog
  readonly events: CoreEvents
  readonly clock: Clock
  readonly logger: Logger
}

const NO_DEMO = '这个版本没有内置演示 / This host has no demo world'

/**
 * Demo mode, the product side: the demo account (its login stays in memory), its starter rules
 * and demo model, and when its scripted buyers play — only once the seller presses start, and
 * again, on fresh chats, on restart. The world itself (the bundled simulator) is a port.
 */
export class DemoService {
  readonly #world: DemoWorld | null
  readonly #d: DemoDeps
  #run = 0
  #startedAt: number | null = null

  constructor(world: DemoWorld | null, deps: DemoDeps) {
    this.#world = world
    this.#d = deps
  }

  #worldOrThrow(): DemoWorld {
    if (!this.#world) throw new AppError('UNAVAILABLE', NO_DEMO)
    return this.#world
  }

  endpoints(): ReturnType<DemoWorld['endpoints']> {
    return this.#worldOrThrow().endpoints()
  }

  /** A fresh login for the demo seller (never stored: no keychain needed). */
  cookie(): Promise<string> {
    return this.#worldOrThrow().login({ unb: DEMO_UNB, nick: DEMO_NICK })
  }

  /** The world is started (or starting). */
  get running(): boolean {
    return this.#world?.running ?? false
  }

  #account(): Account | undefined {
    return this.#d.accounts.list().find((a) => a.kind === 'demo')
  }

  status(): DemoStatus {
    const account = this.#account()
    if (!account) return { state: 'none', accountId: null, run: 0, startedAt: null }
    return { state: this.#run > 0 ? 'playing' : 'ready', accountId: account.id, run: this.#run, startedAt: this.#startedAt }
  }

  #changed(): DemoStatus {
    const status = this.status()
    this.#d.events.emit('demo.changed', { status })
    return status
  }

  /** Adds the demo account with its starter rules and the demo model. Its buyers wait for start(). */
  async add(): Promise<Account> {
    const world = this.#worldOrThrow()
    let account: Account
    try {
      account = await this.#d.accounts.addByCookie({ cookie: await this.cookie(), remark: '演示账号 Demo' }, { kind: 'demo', nick: DEMO_NICK })
    } catch (err) {
      // nothing was added: the world must not keep listening for an account that is not there
      if (!this.#account()) await world.close()
      throw err
    }
    if (this.#d.rules.list(account.id).every((r) => r.accountId !== account.id)) {
      for (const r of DEMO_RULES) this.#d.rules.save({ rule: { ...r, scope: 'account', accountId: account.id, itemId: null, priority: 0, enabled: true, replyOnce: false } })
    }
    this.#d.settings.update({ accountId: account.id, account: { ...DEMO_AI_SETTINGS } })
    this.#setUpDelivery(account.id)
    this.#d.delivery.setSettings({ accountId: account.id, autoDelivery: true })
    this.#run = 0
    this.#startedAt = null
    this.#changed()
    return account
  }

  /** The scripted buyers start writing (the first run); pressing it again while they play changes nothing. */
  async start(): Promise<DemoStatus> {
    if (this.#run > 0) return this.status()
    return this.#play()
  }

  /** The whole scenario again, on new chats with fresh buyers; the previous run's buyers stop. */
  async restart(): Promise<DemoStatus> {
    return this.#play()
  }

  async #play(): Promise<DemoStatus> {
    const world = this.#worldOrThrow()
    const account = this.#account()
    if (!account) throw new AppError('NOT_FOUND', '请先添加演示账号 / Add the demo account first')
    // the pool and the rule again if the seller removed them, codes again if they ran low
    this.#setUpDelivery(account.id)
    const run = this.#run + 1
    await world.play({ seller: DEMO_UNB, run })
    this.#run = run
    this.#startedAt = this.#d.clock.now()
    this.#d.logger.info('demo started', { run })
    return this.#changed()
  }

  /**
   * The demo pool and the rule for the demo's virtual item; idempotent. A rule the seller already
   * has for that item (theirs or an earlier demo's) is kept as it is; the demo pool (by its name)
   * is topped up to `size` when fewer than `low` codes are left.
   */
  #setUpDelivery(accountId: string): { pool: CardPool | null; rule: DeliveryRule | null } {
    const d = this.#d.delivery
    const rules = d.listRules(accountId, DEMO_VIRTUAL_ITEM.itemId)
    let pool = d.listPools(accountId).find((p) => p.name === DEMO_DELIVERY.poolName) ?? null
    if (!pool && rules.length === 0) pool = d.savePool({ accountId, name: DEMO_DELIVERY.poolName, lowStockThreshold: DEMO_DELIVERY.lowStockThreshold })
    if (pool && pool.available < DEMO_DELIVERY.low) pool = this.#topUp(pool)
    let rule = rules[0] ?? null
    if (!rule && pool) {
      const fresh: NewDeliveryRule = { ...DEMO_DELIVERY.rule, messages: [...DEMO_DELIVERY.rule.messages], accountId, source: { kind: 'pool', poolId: pool.id } }
      rule = d.saveRule(undefined, fresh)
      this.#d.logger.info('demo delivery set up', { poolId: pool.id, ruleId: rule.id, codes: pool.available })
    }
    return { pool, rule }
  }

  /** New demo codes until the pool holds `size` available ones (a clash with an existing code is drawn again). */
  #topUp(pool: CardPool): CardPool {
    const d = this.#d.delivery
    let cur = pool
    for (let attempt = 0; attempt < 5 && cur.available < DEMO_DELIVERY.size; attempt++) {
      const first = cur.available + cur.reserved + cur.used + 1
      const codes = Array.from({ length: DEMO_DELIVERY.size - cur.available }, (_, i) => demoCode(first + i))
      d.importCodes({ poolId: cur.id, text: codes.join('\n'), format: 'lines', column: 0 })
      cur = d.listPools(cur.accountId).find((p) => p.id === cur.id) ?? cur
    }
    return cur
  }

  /** After an account was removed: the last demo account gone, the world stops (a new demo starts a fresh one). */
  async afterRemove(): Promise<void> {
    if (this.#account()) return
    const was = this.#run > 0 || this.running
    this.#run = 0
    this.#startedAt = null
    if (this.running) await this.#world?.close()
    if (was) this.#changed()
  }

  async close(): Promise<void> {
    await this.#world?.close()
  }
}
