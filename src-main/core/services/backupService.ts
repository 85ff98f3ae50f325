import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { AccountSettings, GlobalSettings } from '@contract/schemas'
import { AppError } from '../errors'
import { flushWrites, type Db } from '../db/open'
import type { AccountRepo } from '../db/repos/accountRepo'
import type { SettingsRepo } from '../db/repos/settingsRepo'
import type { Clock } from '../ports'
import type { RuleService } from '../rules/ruleService'
import { parseOrBadInput } from './settingsService'
import { atomic } from '../db/cache'

const SettingsFile = z.object({
  format: z.literal('xianyu-desk.settings'),
  version: z.literal(1),
  global: GlobalSettings.partial(),
  accounts: z.array(z.object({ unb: z.string(), kind: z.enum(['xianyu', 'demo']), settings: AccountSettings.partial() })),
  rules: z.string()
})

/** Export/import of settings + rules (no secrets), and online database backups. */
export class BackupService {
  readonly #d: { db: Db; dataDir: string; accounts: AccountRepo; settings: SettingsRepo; rules: RuleService; clock: Clock }
  constructor(deps: { db: Db; dataDir: string; accounts: AccountRepo; settings: SettingsRepo; rules: RuleService; clock: Clock }) {
    this.#d = deps
  }

  export(): string {
    const accounts = this.#d.accounts.list().map((a) => ({ unb: a.unb, kind: a.kind, settings: this.#d.settings.getAccount(a.id) }))
    return JSON.stringify({ format: 'xianyu-desk.settings', version: 1, global: this.#d.settings.getGlobal(), accounts, rules: this.#d.rules.export() }, null, 2)
  }

  import(json: string): { accounts: number; rules: number } {
    let raw: unknown
    try {
      raw = JSON.parse(json)
    } catch (err) {
      throw new AppError('BAD_INPUT', `不是有效的 JSON / Not valid JSON: ${(err as Error).message}`)
    }
    const file = parseOrBadInput(SettingsFile, raw)
    const now = this.#d.clock.now()
    const global = parseOrBadInput(GlobalSettings, { ...this.#d.settings.getGlobal(), ...file.global })
    const matched = file.accounts.flatMap((a) => {
      const row = this.#d.accounts.findByUnb(a.kind, a.unb)
      return row && row.archivedAt === null ? [{ id: row.id, settings: parseOrBadInput(AccountSettings, { ...this.#d.settings.getAccount(row.id), ...a.settings }) }] : []
    })
    let rules = 0
    atomic(this.#d.db, () => {
      this.#d.settings.putGlobal(global, now)
      for (const m of matched) this.#d.settings.putAccount(m.id, m.settings, now)
    })()
    // global rules only: account rules name account ids of the exporting machine
    const r = JSON.parse(file.rules) as { rules?: Array<{ scope?: string }> }
    const globalRules = { ...r, rules: (r.rules ?? []).filter((x) => x.scope === 'global') }
    if (globalRules.rules.length > 0) rules = this.#d.rules.import({ json: JSON.stringify(globalRules), mode: 'merge' }).imported
    return { accounts: matched.length, rules }
  }

  async backup(): Promise<{ path: string; bytes: number }> {
    const dir = join(this.#d.dataDir, 'backups')
    mkdirSync(dir, { recursive: true })
    const stamp = new Date(this.#d.clock.now()).toISOString().replace(/[:.]/g, '-')
    const path = join(dir, `xianyu-desk-${stamp}.db`)
    // the backup attaches its target file, which SQLite refuses inside a transaction: commit the open batch first
    flushWrites(this.#d.db)
    await this.#d.db.backup(path)
    return { path, bytes: statSync(path).size }
  }
}
