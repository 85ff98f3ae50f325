/**
 * The demo world the hosts plug into core (`CorePorts.demo`): the bundled simulator on a free
 * loopback port, playing the `demo` scenario when core says so. Each run gets new chats and
 * fresh buyer names, so a restarted demo never lands in the old conversations.
 */
import type { Endpoints } from '../contract/schemas'
import type { DemoWorld, Logger } from '../core/ports'
import { startSimulator, type Simulator } from './index'
import { loadScenario, type ScenarioInput } from './scenario'

/** Masked like Xianyu shows buyers; each run takes the next ones. */
const NICKS = ['小***鱼', '考***岸', '玩***家', '路***人', '阿***喵', '柠***茶', '星***河', '橘***猫', '山***风', '晴***天', '木***子', '大***熊']

/**
 * Run `run` of the demo scenario: the same script, new buyer ids, chat ids and names. `stamp`
 * (epoch ms) keeps chat ids apart from every earlier run, also those of an earlier app start.
 */
export function demoRun(run: number, stamp: number): ScenarioInput {
  const base = loadScenario('demo')
  const n = base.buyers.length
  const serial = String(stamp).slice(-10)
  return {
    ...base,
    name: `demo-${run}`,
    buyers: base.buyers.map((b, i) => ({
      ...b,
      buyerId: `33${serial}${i}`,
      cid: `5${serial}${i}`,
      nick: NICKS[((run - 1) * n + i) % NICKS.length] ?? b.nick
    }))
  }
}

/** `speed` divides the script's pauses (tests); the app plays it at 1. */
export function simulatorDemoWorld(logger: Logger, opts: { readonly speed?: number } = {}): DemoWorld {
  let sim: Promise<Simulator> | null = null
  const start = (): Promise<Simulator> => {
    sim ??= startSimulator({ scenario: null }).then((s) => {
      logger.info('demo simulator started', { http: s.urls.http })
      return s
    })
    return sim
  }
  return {
    async endpoints(): Promise<Endpoints> {
      const { urls } = await start()
      return { mtopBase: urls.mtopBase, passportBase: urls.passportBase, wsUrl: urls.wsUrl, uploadUrl: urls.uploadUrl, syncStart: 'ackDiffNow' }
    },
    async login(seller) {
      return (await start()).control.mintCookie({ unb: seller.unb, nick: seller.nick })
    },
    async play(o) {
      const s = await start()
      s.play(demoRun(o.run, Date.now()), { sellerUnb: o.seller, speed: opts.speed ?? 1 })
      logger.info('demo buyers started', { run: o.run })
    },
    get running() {
      return sim !== null
    },
    async close() {
      const s = sim
      sim = null
      if (s) await (await s).close()
    }
  }
}
