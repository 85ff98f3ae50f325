import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteBelowFloor, startFakeOpenAI, type FakeLlmServer } from '../../fakes/llm'

let llm: FakeLlmServer
let dir: string
beforeAll(async () => {
  llm = await startFakeOpenAI({ behaviour: quoteBelowFloor({ style: 'chinese' }) })
  dir = mkdtempSync(join(tmpdir(), 'xd-reply-'))
})
afterAll(async () => {
  await llm.close()
  rmSync(dir, { recursive: true, force: true })
})

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.node.json', 'scripts/reply.ts', ...args])
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('close', (code) => res({ code, out, err }))
  })
}

describe('npm run reply', () => {
  it('prints the live pipeline’s decision: round from the history, never below the floor', async () => {
    const s = join(dir, 'S.json'); const i = join(dir, 'I.json'); const h = join(dir, 'H.json')
    writeFileSync(s, JSON.stringify({ provider: 'openai-compatible', baseUrl: llm.url, apiKey: 'sk-x', model: 'qwen-plus', maxDiscountPercent: 20, maxDiscountAmount: 50, maxBargainRounds: 3 }))
    writeFileSync(i, JSON.stringify({ title: '九成新 Switch', price: 1200, description: '国行' }))
    writeFileSync(h, JSON.stringify([{ role: 'buyer', text: '1000出吗' }, { role: 'seller', text: '不行哦' }, { role: 'buyer', text: '在吗' }]))
    const r = await run(['--settings', s, '--item', i, '--history', h, '--message', '一千一行不行'])
    expect(r.code, r.err).toBe(0)
    const d = JSON.parse(r.out) as { source: string; intent: string; round: number; floorPrice: number; allowedPrice: number; reply: string }
    expect(d).toMatchObject({ intent: 'price', round: 2, floorPrice: 1150 })
    expect(d.allowedPrice).toBeGreaterThanOrEqual(1150)
    expect(d.reply).toMatch(/\d/)
    expect(d.source).toBe('ai')
  })

  it('bad files give a clear error and exit 2', async () => {
    const s = join(dir, 'bad.json')
    writeFileSync(s, JSON.stringify({ maxDiscountPercent: 90 }))
    const r = await run(['--settings', s, '--message', '在吗'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.err.trim().split('\n').at(-1) ?? '{}').error).toMatch(/maxDiscountPercent/)
  })
})
