import type { Endpoints } from '@contract/schemas'
import { startSimulator, type Simulator } from '../../simulator'
import type { Logger } from '../ports'

export const DEMO_UNB = '2200000009999'
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

  async close(): Promise<void> {
    const sim = this.#sim
    this.#sim = null
    if (sim) await (await sim).close()
  }
}
