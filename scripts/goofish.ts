/**
 * npm run goofish -- decode <base64 | frame JSON | ->  [--unb ID] [--event]
 *   Decodes one push payload (base64: whitespace, missing padding and base64url tolerated) and
 *   prints it as JSON (exit 0), or prints the typed decode error as JSON (exit 2). A whole
 *   `/s/sync` frame (JSON) is accepted too: every item is decoded. `--event` adds the normalised
 *   event (classification); `--unb` tells it the seller's id.
 * npm run goofish -- sign <token> <t> <appKey> <data>
 *   Prints the mtop sign: md5(token&t&appKey&data).
 */
import { readFileSync } from 'node:fs'
import { classifyPayload } from '../src-main/core/goofish/classify'
import { decodePayload } from '../src-main/core/goofish/payload'
import { syncPackageItems } from '../src-main/core/goofish/push'
import { mtopSign } from '../src-main/core/goofish/sign'
import type { JsonValue } from '../src-main/core/goofish/types'

const USAGE = 'usage: npm run goofish -- decode <base64|frame-json|-> [--unb ID] [--event]\n       npm run goofish -- sign <token> <t> <appKey> <data>\n'

function print(v: unknown): void {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n')
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const v = args[i + 1]
  args.splice(i, 2)
  return v
}

/** Decode one payload; returns the exit code contribution (0 ok, 2 error). */
function decodeOne(b64: unknown, unb: string, withEvent: boolean): { out: unknown; ok: boolean } {
  const d = decodePayload(b64)
  if (!d.ok) return { out: d.error, ok: false }
  if (!withEvent) return { out: d.value, ok: true }
  return { out: { format: d.format, value: d.value, event: classifyPayload(d.value, { unb }) }, ok: true }
}

function asFrame(input: string): JsonValue | undefined {
  if (!input.trimStart().startsWith('{')) return undefined
  try {
    const f = JSON.parse(input) as JsonValue
    return syncPackageItems(f) ? f : undefined
  } catch {
    return undefined
  }
}

function decode(args: string[]): number {
  const withEvent = args.includes('--event')
  const rest = args.filter((a) => a !== '--event')
  const unb = flag(rest, '--unb') ?? ''
  const arg = rest[0]
  if (arg === undefined) {
    process.stderr.write(USAGE)
    return 64
  }
  const input = arg === '-' ? readFileSync(0, 'utf8').trim() : arg
  const frame = asFrame(input)
  if (!frame) {
    const r = decodeOne(input, unb, withEvent)
    print(r.out)
    return r.ok ? 0 : 2
  }
  const results = (syncPackageItems(frame) ?? []).map((item) => decodeOne((item as { data?: unknown }).data, unb, withEvent))
  print(results.map((r) => r.out))
  return results.every((r) => r.ok) ? 0 : 2
}

function sign(args: string[]): number {
  if (args.length !== 4) {
    process.stderr.write(USAGE)
    return 64
  }
  const [token, t, appKey, data] = args as [string, string, string, string]
  process.stdout.write(mtopSign(token, t, appKey, data) + '\n')
  return 0
}

function main(argv: string[]): number {
  const [cmd, ...args] = argv
  if (cmd === 'decode') return decode(args)
  if (cmd === 'sign') return sign(args)
  process.stderr.write(USAGE)
  return cmd === '--help' || cmd === '-h' ? 0 : 64
}

process.exitCode = main(process.argv.slice(2))
