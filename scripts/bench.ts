/**
 * npm run bench [-- --only db,ai,...] — prints one JSON document with every benchmark.
 * Figures are recorded in docs/benchmarks.md.
 */
import { parseArgs } from 'node:util'
import { benchDb } from './bench/db'
import { benchAiOverhead } from './bench/ai'
import { rssMb } from './bench/stats'

const SECTIONS: Record<string, () => Promise<unknown> | unknown> = {
  db: () => benchDb(),
  ai: () => benchAiOverhead()
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } })
  const wanted = values.only ? values.only.split(',') : Object.keys(SECTIONS)
  const out: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length, platform: process.platform } }
  for (const name of wanted) {
    const run = SECTIONS[name]
    if (!run) throw new Error(`unknown section ${name}; known: ${Object.keys(SECTIONS).join(', ')}`)
    process.stderr.write(`bench: ${name}…\n`)
    out[name] = await run()
  }
  out.rssMbAtEnd = rssMb()
  process.stdout.write(JSON.stringify(out, null, 2) + '\n')
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
