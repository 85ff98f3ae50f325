/**
 * `npm run simulator -- [--port N] [--scenario NAME|FILE] [--speed X] [--seller UNB]
 *  [--bad-token 401|close|both] [--echo off|all|others] [--mint UNB]`
 * Prints ONE JSON line with the URLs (plus a minted cookie when `--mint` is given), then runs until
 * SIGINT/SIGTERM.
 */
import { startSimulator, type SimulatorOptions } from './index'
import type { BadTokenMode, EchoMode } from './context'

interface CliArgs {
  readonly options: SimulatorOptions
  readonly mint: string | undefined
}

function parseArgs(argv: ReadonlyArray<string>): CliArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`)
    if (i >= 0) return argv[i + 1]
    const eq = argv.find((a) => a.startsWith(`--${name}=`))
    return eq?.slice(name.length + 3)
  }
  const port = Number(get('port') ?? '0')
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${String(get('port'))}`)
  const badToken = get('bad-token') as BadTokenMode | undefined
  const echo = get('echo') as EchoMode | undefined
  const speed = get('speed')
  const seller = get('seller')
  return {
    mint: get('mint'),
    options: {
      port,
      scenario: get('scenario') ?? null,
      ...(speed !== undefined ? { speed: Number(speed) } : {}),
      ...(seller !== undefined ? { sellerUnb: seller } : {}),
      gateway: { ...(badToken ? { badTokenMode: badToken } : {}), ...(echo ? { echoOwnSends: echo } : {}) }
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const sim = await startSimulator(args.options)
  const cookie = args.mint ? sim.control.mintCookie({ unb: args.mint }) : undefined
  process.stdout.write(`${JSON.stringify({ ...sim.urls, ...(cookie ? { cookie } : {}) })}\n`)
  const stop = (): void => {
    void sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`simulator: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
