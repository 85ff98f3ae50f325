/**
 * Fuzzing of decode + classify: random bytes, random base64-ish text, and mutated valid
 * payloads. Proves no exception escapes (`npm run fuzz`; a smaller count runs in the tests).
 */
import { classifyPayload, type GoofishEvent } from './classify'
import { fuzzSeeds } from './fuzzSeeds'
import { decodePayload } from './payload'
import { decodeSyncFrame } from './push'

export interface FuzzSummary {
  readonly inputs: number
  readonly seed: number
  readonly randomBytes: number
  readonly randomText: number
  readonly mutated: number
  readonly frames: number
  readonly decoded: number
  readonly decodeErrors: Readonly<Record<string, number>>
  readonly events: Readonly<Record<string, number>>
  /** Exceptions that escaped decode/classify: must be 0. */
  readonly exceptions: number
  readonly firstException: { readonly input: string; readonly message: string } | null
  readonly durationMs: number
  readonly inputsPerSecond: number
}

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const INTERESTING = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xca, 0xcb, 0xcc, 0xcf, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff, 0x7b, 0x22, 0x5b]
const TEXT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\t.!{"'

function randomBytes(r: () => number, max: number): Uint8Array {
  const b = new Uint8Array(Math.floor(r() * max))
  for (let i = 0; i < b.length; i++) b[i] = r() < 0.25 ? (INTERESTING[Math.floor(r() * INTERESTING.length)] ?? 0) : Math.floor(r() * 256)
  return b
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  let b: Uint8Array = Uint8Array.from(src)
  const n = 1 + Math.floor(r() * 4)
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * Math.max(1, b.length))
    const op = Math.floor(r() * 6)
    if (op === 0 && b.length > 0) b[i] = (b[i] ?? 0) ^ (1 << Math.floor(r() * 8))
    else if (op === 1 && b.length > 0) b[i] = INTERESTING[Math.floor(r() * INTERESTING.length)] ?? 0
    else if (op === 2) b = concat(b.subarray(0, i), Uint8Array.of(Math.floor(r() * 256)), b.subarray(i))
    else if (op === 3) b = concat(b.subarray(0, i), b.subarray(i + 1))
    else if (op === 4) b = b.subarray(0, i)
    else b = concat(b, b.subarray(i, Math.min(b.length, i + 1 + Math.floor(r() * 16))))
  }
  return b
}

function randomText(r: () => number): string {
  let s = ''
  const len = Math.floor(r() * 96)
  for (let i = 0; i < len; i++) s += TEXT_CHARS[Math.floor(r() * TEXT_CHARS.length)] ?? 'A'
  return s
}

const CTX = { unb: '2200000000001', isOwnSend: (): boolean => false }

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1
}

interface Tally {
  decoded: number
  exceptions: number
  firstException: { input: string; message: string } | null
  readonly errors: Record<string, number>
  readonly events: Record<string, number>
}

function check(t: Tally, input: string, run: () => void): void {
  try {
    run()
  } catch (err) {
    t.exceptions++
    t.firstException ??= { input: input.slice(0, 512), message: err instanceof Error ? err.message : String(err) }
  }
}

function decodeAndClassify(t: Tally, b64: string): void {
  const d = decodePayload(b64)
  if (!d.ok) return count(t.errors, d.error.reason)
  t.decoded++
  const e: GoofishEvent = classifyPayload(d.value, CTX)
  count(t.events, e.kind)
}

export function runFuzz(o: { count: number; seed?: number }): FuzzSummary {
  const seed = o.seed ?? 1
  const r = prng(seed)
  const seeds = fuzzSeeds().map((s) => Buffer.from(s, 'base64'))
  const t: Tally = { decoded: 0, exceptions: 0, firstException: null, errors: {}, events: {} }
  const kinds = { randomBytes: 0, randomText: 0, mutated: 0, frames: 0 }
  const started = Date.now()
  for (let i = 0; i < o.count; i++) {
    const pick = r()
    if (pick < 0.3) {
      kinds.randomBytes++
      const b64 = Buffer.from(randomBytes(r, 200)).toString('base64')
      check(t, b64, () => decodeAndClassify(t, b64))
    } else if (pick < 0.4) {
      kinds.randomText++
      const s = randomText(r)
      check(t, s, () => decodeAndClassify(t, s))
    } else if (pick < 0.98) {
      kinds.mutated++
      const b64 = Buffer.from(mutate(seeds[Math.floor(r() * seeds.length)] ?? new Uint8Array(), r)).toString('base64')
      check(t, b64, () => decodeAndClassify(t, b64))
    } else {
      kinds.frames++
      const items = [0, 1, 2].map(() => ({ bizType: 40000, data: Buffer.from(mutate(seeds[Math.floor(r() * seeds.length)] ?? new Uint8Array(), r)).toString('base64') }))
      const frame = { lwp: '/s/sync', headers: { mid: '1 0' }, body: { syncPushPackage: { data: [...items, { data: null }, 5] } } }
      check(t, JSON.stringify(frame), () => void decodeSyncFrame(frame, CTX))
    }
  }
  const durationMs = Date.now() - started
  return {
    inputs: o.count, seed, ...kinds, decoded: t.decoded, decodeErrors: t.errors, events: t.events, exceptions: t.exceptions,
    firstException: t.firstException, durationMs, inputsPerSecond: Math.round(o.count / Math.max(1, durationMs / 1000))
  }
}
