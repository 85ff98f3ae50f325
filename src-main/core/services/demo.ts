import type { Endpoints } from '@contract/schemas'
import { startSimulator, type Simulator } from '../../simulator'
import type { Logger } from '../ports'

export const DEMO_UNB = '2200000009999'

/** Starter keyword rules of the demo account (the seller can edit or delete them). */
export const DEMO_RULES = [
  { matchMode: 'contains' as const, keywords: ['在吗', '在不在', '你好'], replies: [{ kind: 'text' as const, text: '{buyer}您好，在的～ {item_title} 还在，有什么想了解的？' }] },
  { matchMode: 'contains' as const, keywords: ['包邮', '运费', '邮费'], replies: [{ kind: 'text' as const, text: '亲，{item_title} 全国包邮（偏远地区除外）' }] },
  { matchMode: 'contains' as const, keywords: ['发货', '几天到', '什么时候到'], replies: [{ kind: 'text' as const, text: '拍下后24小时内发货，一般2-3天到' }] },
  { matchMode: 'contains' as const, keywords: ['便宜', '少点', '最低', '出吗', '卖不卖', '刀'], replies: [{ kind: 'text' as const, text: '亲，{item_title} 标价{price}元，诚心要可以小刀，您出个价～' }] }
]
export const DEMO_NICK = '演示卖家'

/**
 * Demo mode: a bundled simulator with scripted buyers, so a new user sees the whole product work
 * without a Xianyu account. Started on first use, on a free loopback port, stopped with the app.
 */
export class DemoWorld {
  #sim: Promise<Simulator> | null = null
  readonly #logger: Logger
  constructor(logger: Logger) {
    this.#logger = logger
  }

  #start(): Promise<Simulator> {
    this.#sim ??= startSimulator({ scenario: 'demo', sellerUnb: DEMO_UNB }).then((sim) => {
      this.#logger.info('demo simulator started', { http: sim.urls.http })
      return sim
    })
    return this.#sim
  }

  async endpoints(): Promise<Endpoints> {
    const { urls } = await this.#start()
    return { mtopBase: urls.mtopBase, passportBase: urls.passportBase, wsUrl: urls.wsUrl, uploadUrl: urls.uploadUrl, syncStart: 'ackDiffNow' }
  }

  async cookie(): Promise<string> {
    return (await this.#start()).control.mintCookie({ unb: DEMO_UNB, nick: DEMO_NICK })
  }

  /** The bundled simulator is started (or starting). */
  get running(): boolean {
    return this.#sim !== null
  }

  async close(): Promise<void> {
    const sim = this.#sim
    this.#sim = null
    if (sim) await (await sim).close()
  }
}
