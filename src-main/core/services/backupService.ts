import { chmodSync, mkdirSync, renameSync, statSync } from 'node:fs'
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
import { backupDir, listBackups, rotateAutoBackups, stageRestore, stampOf, type BackupFile } from '../db/backups'

const SettingsFile = z.object({
  format: z.literal('xianyu-desk.settings'),
  version: z.literal(1),
  global: GlobalSettings.partial(),
  accounts: z.array(z.object({ unb: z.string(), kind: z.enum(['xianyu', 'demo']), settings: AccountSettings.partial() })),
  rules: z.string()
})

const DAY_MS = 24 * 60 * 60_000

interface BackupDeps {
  readonly db: Db
  /** The database file (what a restore replaces). */
  readonly dbFile: string
  readonly nativeBinding?: string
  readonly dataDir: string
  readonly accounts: AccountRepo
  readonly settings: SettingsRepo
  readonly rules: RuleService
  readonly clock: Clock
}

/** Export/import of settings + rules (no secrets), and online database backups. */
export class BackupService {
  readonly #d: BackupDeps
  constructor(deps: BackupDeps) {
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

  async backup(opts: { auto?: boolean } = {}): Promise<{ path: string; bytes: number }> {
    const dir = backupDir(this.#d.dataDir)
    mkdirSync(dir, { recursive: true })
    const path = join(dir, `xianyu-desk-${opts.auto ? 'auto-' : ''}${stampOf(this.#d.clock.now())}.db`)
    // the backup attaches its target file, which SQLite refuses inside a transaction: commit the open batch first
    flushWrites(this.#d.db)
    // written under a temporary name: a half-written file must never look like the newest backup
    const part = `${path}.part`
    await this.#d.db.backup(part)
    chmodSync(part, 0o600)
    renameSync(part, path)
    return { path, bytes: statSync(path).size }
  }

  /** The daily automatic backup (online backup API), when the newest is ≥ 24 h old; keeps the newest 7 automatic ones. */
  async autoBackupIfDue(): Promise<{ path: string; bytes: number; rotated: string[] } | null> {
    const last = listBackups(this.#d.dataDir).find((b) => b.auto)
    if (last && this.#d.clock.now() - last.createdAt < DAY_MS) return null
    const made = await this.backup({ auto: true })
    return { ...made, rotated: rotateAutoBackups(this.#d.dataDir) }
  }

  list(): BackupFile[] {
    return listBackups(this.#d.dataDir)
  }

  /**
   * Checks a backup (by its name in backups/) and stages it: the running app cannot swap the file it
   * has open, so the next start puts it in place (the current database is kept aside, not deleted).
   */
  stageRestore(name: string): { staged: string; backup: string } {
    const backup = listBackups(this.#d.dataDir).find((b) => b.name === name)
    if (!backup) throw new AppError('NOT_FOUND', `没有这个备份 / No such backup: ${name}`)
    try {
      return { staged: stageRestore({ file: this.#d.dbFile, backup: backup.path, nativeBinding: this.#d.nativeBinding }), backup: backup.path }
    } catch (err) {
      throw new AppError('CONFLICT', (err as Error).message, { cause: err })
    }
  }
}
