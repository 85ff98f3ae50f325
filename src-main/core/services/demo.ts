import { DEMO_BASE_URL } from '@contract/presets'
import type { Account, DemoStatus } from '@contract/schemas'
import { AppError } from '../errors'
import type { CoreEvents } from '../events'
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

export interface DemoDeps {
  readonly accounts: AccountService
  readonly rules: RuleService
  readonly settings: SettingsService
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
    if (!this.#account()) throw new AppError('NOT_FOUND', '请先添加演示账号 / Add the demo account first')
    const run = this.#run + 1
    await world.play({ seller: DEMO_UNB, run })
    this.#run = run
    this.#startedAt = this.#d.clock.now()
    this.#d.logger.info('demo started', { run })
    return this.#changed()
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
