/**
 * The fault scenarios of test/core/scenarios (same code, same checks) with their recovery times:
 * each fault on a fresh simulator + core, keyword replies on, short client timers (FAST_CLIENT).
 */
import { FAULTS, type FaultName } from '../../test/core/scenarios/faults'
import { startWorld } from '../../test/core/scenarios/world'

export async function benchRecovery(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(FAULTS) as FaultName[]) {
    const w = await startWorld({ keyword: true })
    try {
      const r = await FAULTS[name](w)
      out[name] = { recoveryMs: r.recoveryMs, messages: r.messages, replies: r.replies, reconnects: r.reconnects, ...(r.detail?.status ? { status: r.detail.status } : {}) }
    } catch (err) {
      out[name] = { error: err instanceof Error ? err.message : String(err) }
    } finally {
      await w.dispose()
    }
  }
  return {
    faults: out,
    measures: 'fault injected → client CONNECTED again and every message written during the fault persisted (human-needed faults: → account status)',
    clientTimers: 'heartbeat 400 ms × 4 silent, probe 2.5 s (grace 400 ms), backoff from 100 ms (production: 15 s × 3, 120 s, 1 s)'
  }
}
