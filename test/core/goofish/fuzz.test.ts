import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runFuzz } from '../../../src-main/core/goofish/fuzz'
import { loadVectors } from './helpers/vectors'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')

describe('fuzz: decode + classify never throw', () => {
  it('20,000 random and mutated inputs, two seeds, zero escaped exceptions', () => {
    for (const seed of [1, 7]) {
      const s = runFuzz({ count: 10_000, seed })
      expect(s.exceptions, JSON.stringify(s.firstException)).toBe(0)
      expect(s.inputs).toBe(10_000)
      // the mix really exercised both sides: decode errors and decoded, classified messages
      expect(s.decoded).toBeGreaterThan(1000)
      expect(Object.values(s.decodeErrors).reduce((a, b) => a + b, 0)).toBeGreaterThan(1000)
      expect(s.events['message'] ?? 0).toBeGreaterThan(0)
      expect(s.events['order'] ?? 0).toBeGreaterThan(0)
    }
  })
})

function cli(script: string, args: string[]): { status: number | null; stdout: string } {
  const tsx = resolve(ROOT, 'node_modules/.bin/tsx')
  const r = spawnSync(tsx, ['--tsconfig', 'tsconfig.node.json', script, ...args], { cwd: ROOT, encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout }
}

describe('CLI tools', () => {
  const { vectors } = loadVectors<{ vectors: Array<{ name: string; input_base64: string }> }>('msgpack-decode-vectors.json')
  it('goofish decode: JSON on stdout, exit 0; typed error, exit 2', () => {
    const ok = cli('scripts/goofish.ts', ['decode', vectors[0]!.input_base64])
    expect(ok.status).toBe(0)
    expect(ok.stdout).toContain('"7": "18446744073709551615"')
    const bad = cli('scripts/goofish.ts', ['decode', 'ggE='])
    expect(bad.status).toBe(2)
    expect(JSON.parse(bad.stdout)).toMatchObject({ type: 'payload_decode_error', reason: 'msgpack', rawBase64: 'ggE=' })
  })
  it('goofish sign prints the vector sign', () => {
    const r = cli('scripts/goofish.ts', ['sign', 'a1b2c3d4e5f60718293a4b5c6d7e8f90', '1760000000000', '34839810', '{"itemId":"800000000004"}'])
    expect(r.stdout.trim()).toBe('29d5619640f5be256c7fc6375d35f33b')
  })
  it('fuzz --count prints a JSON summary with zero exceptions', () => {
    const r = cli('scripts/fuzz.ts', ['--count', '500'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ inputs: 500, exceptions: 0 })
  })
})
