/**
 * npm run bench [-- --only db,ai,...] — prints one JSON document with every benchmark.
 * Figures are recorded in docs/benchmarks.md.
 */
import { parseArgs } from 'node:util'
import { benchDb } from './bench/db'
import { benchAiOverhead } from './bench/ai'
import { benchDecode } from './bench/decode'
import { benchLatency } from './bench/latency'
import { benchAccounts } from './bench/accounts'
import { benchKeyword } from './bench/keyword'
import { benchRecovery } from './bench/recovery'
import { benchInbox } from './bench/inbox'
import { benchIntegrity } from './bench/integrity'
import { benchDelivery } from './bench/delivery'
import { rssMb } from './bench/stats'

const SECTIONS: Record<string, () => Promise<unknown> | unknown> = {
  decode: () => benchDecode(),
  latency: () => benchLatency(),
  accounts: () => benchAccounts(),
  keyword: () => benchKeyword(),
  recovery: () => benchRecovery(),
  db: () => benchDb(),
  ai: () => benchAiOverhead(),
  inbox: () => benchInbox(),
  delivery: () => benchDelivery(),
  integrity: () => benchIntegrity()
}
/** Run only when named: integrity writes ~3 GB to /tmp. */
const OPT_IN = new Set(['integrity'])

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } })
  const wanted = values.only ? values.only.split(',') : Object.keys(SECTIONS).filter((k) => !OPT_IN.has(k))
  const out: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length, platform: process.platform } }
  // a section whose promise can never settle lets the event loop drain: print what we have
  let current = ''
  process.once('beforeExit', () => {
    out[current] = { error: 'the section never finished (its promise could not settle; the event loop drained)' }
    out.rssMbAtEnd = rssMb()
    process.stdout.write(JSON.stringify(out, null, 2) + '\n')
    process.exitCode = 1
  })
  for (const name of wanted) {
    current = name
    const run = SECTIONS[name]
    if (!run) throw new Error(`unknown section ${name}; known: ${Object.keys(SECTIONS).join(', ')}`)
    process.stderr.write(`bench: ${name}…\n`)
    const t0 = Date.now()
    out[name] = await run()
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
  }
  out.rssMbAtEnd = rssMb()
  process.removeAllListeners('beforeExit')
  process.stdout.write(JSON.stringify(out, null, 2) + '\n')
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
