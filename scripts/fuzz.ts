/**
 * npm run fuzz -- [--count N] [--seed S]
 * Feeds N inputs (default 1,000,000: random bytes, random base64-ish text, mutated valid
 * payloads, whole sync frames) through decode + classify and prints a JSON summary. Exit 1 if
 * any exception escaped.
 */
import { runFuzz } from '../src-main/core/goofish/fuzz'

function intArg(argv: readonly string[], name: string, dflt: number): number {
  const i = argv.indexOf(name)
  if (i < 0) return dflt
  const v = Number(argv[i + 1])
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer`)
  return v
}

function main(argv: readonly string[]): number {
  let count: number
  let seed: number
  try {
    count = intArg(argv, '--count', 1_000_000)
    seed = intArg(argv, '--seed', 1)
  } catch (err) {
    process.stderr.write(`fuzz: ${(err as Error).message}\nusage: npm run fuzz -- [--count N] [--seed S]\n`)
    return 64
  }
  const summary = runFuzz({ count, seed })
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
  return summary.exceptions === 0 ? 0 : 1
}

process.exitCode = main(process.argv.slice(2))
