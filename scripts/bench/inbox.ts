import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { createCore } from '../../src-main/core/app'
import { createLogger } from '../../src-main/core/log/logger'
import { startHeadless } from '../../src-main/headless/server'
import { newToken } from '../../src-main/headless/auth'
import type { SecretStore } from '../../src-main/core/ports'
import { nowMs, summarize } from './stats'

class MemorySecrets implements SecretStore {
  readonly backend = 'memory' as const
  readonly #m = new Map<string, string>()
  async get(k: string): Promise<string | null> { return this.#m.get(k) ?? null }
  async set(k: string, v: string): Promise<void> { this.#m.set(k, v) }
  async delete(k: string): Promise<boolean> { return this.#m.delete(k) }
}

/** Seeds chats and messages straight into SQLite (the shape the ingest path writes). */
function seed(core: ReturnType<typeof createCore>, chats: number, perChat: number): void {
  const db = core.services.db
  db.prepare("INSERT INTO accounts (id, kind, unb, nick, device_id, user_agent, created_at, updated_at) VALUES ('acc_bench','xianyu','2200000000001','压测卖家','d','ua',0,0)").run()
  const conv = db.prepare(`INSERT INTO conversations (account_id, cid, buyer_id, buyer_nick, item_id, last_message_text, last_message_at, unread, bargain_count, created_at, updated_at)
    VALUES ('acc_bench', ?, ?, ?, '800000000101', ?, ?, ?, ?, 0, 0)`)
  const msg = db.prepare(`INSERT INTO messages (account_id, cid, direction, sender_id, text, dedupe_key, intent, created_at) VALUES ('acc_bench', ?, ?, 'u', ?, ?, ?, ?)`)
  db.prepare("INSERT INTO items (account_id, item_id, title, price, fetched_at) VALUES ('acc_bench','800000000101','九成新 Switch OLED',1650,0)").run()
  const base = Date.now() - chats * perChat * 1000
  db.transaction(() => {
    for (let c = 0; c < chats; c++) {
      const cid = String(51_000_000_000 + c)
      conv.run(cid, `33000${c}`, `买家${c}`, `能便宜点吗 #${perChat - 2}`, base + (c * perChat + perChat) * 1000, c % 7, c % 4)
      for (let m = 0; m < perChat; m++) msg.run(cid, m % 2 ? 'out' : 'in', m % 2 ? '可以的，今天发货' : `能便宜点吗 #${m}`, `k${c}-${m}`, m % 2 ? null : 'price', base + (c * perChat + m) * 1000)
    }
  })()
}

/**
 * Inbox first paint with 10,000 chats / 100,000 messages: from navigation to the first rendered
 * conversation row in real Chromium against the headless host (goal < 1 s), a few runs.
 */
export async function benchInbox(opts: { chats?: number; perChat?: number; runs?: number } = {}): Promise<Record<string, unknown>> {
  const chats = opts.chats ?? 10_000
  const perChat = opts.perChat ?? 10
  const dir = mkdtempSync(join(tmpdir(), 'xd-bench-inbox-'))
  const logger = createLogger({ sinks: [] })
  const core = createCore({ secrets: new MemorySecrets(), logger, paths: { dataDir: dir }, host: 'headless', appVersion: 'bench' })
  seed(core, chats, perChat)
  const token = newToken()
  const server = await startHeadless({ core, logger, rendererDir: resolve('out/renderer'), token })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] })
  const paints: number[] = []
  try {
    const s = nowMs()
    const list = await core.api['conversations.list']({ limit: 20_000 })
    const listMs = nowMs() - s
    for (let i = 0; i < (opts.runs ?? 5); i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(server.url)
      await page.waitForSelector('[data-testid=nav-inbox]')
      const t0 = nowMs()
      // the page is a browser context: pass the navigation as source text (no DOM types here)
      await page.evaluate("window.location.hash = '#/accounts'")
      await page.evaluate("window.location.hash = '#/inbox'")
      await page.waitForSelector('[data-testid=inbox-row]', { timeout: 30_000 })
      paints.push(nowMs() - t0)
      const cold = nowMs()
      await page.reload()
      await page.waitForSelector('[data-testid=inbox-row]', { timeout: 30_000 })
      paints.push(nowMs() - cold)
      await page.close()
    }
    return { chats, messages: chats * perChat, listed: list.length, listCallMs: Math.round(listMs), firstPaintMs: summarize(paints), goalMs: 1000, note: 'each run: an in-app switch to the inbox and a full page reload, both until the first row is rendered' }
  } finally {
    await browser.close()
    await server.close()
    await core.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
