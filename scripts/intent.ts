/**
 * npm run intent -- FILE   (or "-" / no argument for stdin)
 * Reads one buyer message per line and prints `intent<TAB>message` per line, in one process.
 */
import { readFileSync } from 'node:fs'
import { detectIntent } from '../src-main/core/reply/intent'

function main(argv: readonly string[]): number {
  const file = argv[0]
  if (file === '--help' || file === '-h') {
    process.stdout.write('usage: npm run intent -- FILE   (one buyer message per line; "-" reads stdin)\n')
    return 0
  }
  let input: string
  try {
    input = readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8')
  } catch (err) {
    process.stderr.write(`intent: cannot read ${file ?? 'stdin'}: ${(err as Error).message}\n`)
    return 2
  }
  const lines = input.replace(/^\ufeff/, '').split(/\r?\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  const out = lines.map((line) => `${detectIntent(line).intent}\t${line}`)
  process.stdout.write(out.length > 0 ? out.join('\n') + '\n' : '')
  return 0
}

process.exitCode = main(process.argv.slice(2))
