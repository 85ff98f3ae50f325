import type { Core } from '../../src-main/core/app'
import { startSimulator, type Simulator } from '../../src-main/simulator'

/**
 * Points new logins at a local simulator (the cookie check of accounts.addByCookie calls the
 * platform). Returns the simulator; close it after the test.
 */
export async function simPlatform(core: Core, opts: { scenario?: string } = {}): Promise<Simulator> {
  const sim = await startSimulator({ scenario: opts.scenario ?? 'quiet' })
  const u = sim.urls
  await core.api['settings.update']({
    global: { platformEndpoints: { mtopBase: u.mtopBase, passportBase: u.passportBase, wsUrl: u.wsUrl, uploadUrl: u.uploadUrl, syncStart: 'ackDiffNow', webBase: u.passportBase } }
  })
  return sim
}
