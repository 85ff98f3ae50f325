import type { CallOutput } from '@contract/api'
import { newestBackup } from '../db/backups'
import { quickCheck, quickCheckInWorker } from '../db/integrity'
import type { Db } from '../db/open'
import type { Incidents } from '../login/incidents'
import type { Clock, Logger } from '../ports'
import type { BackupService } from './backupService'

type Status = CallOutput<'app.integrity'>

export interface AutoBackupTiming {
  /** After start, before the first due-check (the accounts connect first). */
  readonly firstDelayMs: number
  /** How often it checks whether a daily backup is due. */
  readonly periodMs: number
}
export const AUTO_BACKUP: AutoBackupTiming = { firstDelayMs: 60_000, periodMs: 60 * 60_000 }

export interface IntegrityDeps {
  readonly db: Db
  readonly file: string
  readonly dataDir: string
  readonly nativeBinding?: string
  readonly clock: Clock
  readonly logger: Logger
  readonly incidents: Incidents
  readonly backups: BackupService
  readonly autoBackup: AutoBackupTiming | false
}

/**
 * The database's health after start, and the daily backups that depend on it. A large database
 * (see startup.ts) is fully checked in the background; damage found then becomes a notice and
 * `app.integrity` says 'damaged' with the newest backup. Automatic backups run only while the last
 * check said 'ok': a damaged copy must never rotate a good backup out.
 */
export class IntegrityService {
  readonly #d: IntegrityDeps
  #state: Status['state']
  #problems: string[] = []
  #checkedAt: number | null
  #timer: { cancel(): void } | null = null
  #closed = false

  constructor(deps: IntegrityDeps & { readonly fullyChecked: boolean }) {
    this.#d = deps
    this.#state = deps.fullyChecked ? 'ok' : 'checking'
    this.#checkedAt = deps.fullyChecked ? deps.clock.now() : null
  }

  status(): Status {
    return { state: this.#state, dbPath: this.#d.file, problems: this.#problems, checkedAt: this.#checkedAt, newestBackup: newestBackup(this.#d.dataDir)?.path ?? null }
  }

  /** Runs the owed full check (if any), then schedules the daily backups. */
  start(): Promise<void> {
    const checked = this.#state === 'checking' ? this.#fullCheck() : Promise.resolve()
    return checked.then(() => {
      if (this.#d.autoBackup) this.#schedule(this.#d.autoBackup.firstDelayMs)
    })
  }

  async #fullCheck(): Promise<void> {
    const t0 = performance.now()
    const problems = await quickCheckInWorker(this.#d.file, { nativeBinding: this.#d.nativeBinding, fallback: () => quickCheck(this.#d.db) })
    if (this.#closed) return
    this.#checkedAt = this.#d.clock.now()
    this.#problems = problems
    this.#state = problems.length === 0 ? 'ok' : 'damaged'
    this.#d.logger.info('database check finished', { ms: Math.round(performance.now() - t0), problems: problems.slice(0, 5) })
    if (problems.length > 0) this.#report()
  }

  #report(): void {
    const backup = newestBackup(this.#d.dataDir)?.path
    this.#d.logger.error('database damaged', { file: this.#d.file, problems: this.#problems.slice(0, 5), newestBackup: backup ?? null })
    this.#d.incidents.raise({
      kind: 'db_damaged', accountId: null,
      vars: { file: this.#d.file, backup: backup ? `最新备份 / Newest backup: ${backup}（设置 → 数据 → 恢复 / Settings → Data → Restore）` : '没有备份 / No backup' }
    })
  }

  #schedule(ms: number): void {
    if (this.#closed || !this.#d.autoBackup) return
    const period = this.#d.autoBackup.periodMs
    this.#timer = this.#d.clock.setTimeout(() => {
      this.#timer = null
      void this.backupIfDue().finally(() => this.#schedule(period))
    }, ms)
  }

  /** One automatic backup when the newest is a day old (or none exists), then rotation. Never while damaged. */
  async backupIfDue(): Promise<{ path: string } | null> {
    if (this.#state !== 'ok') return null
    try {
      return await this.#d.backups.autoBackupIfDue()
    } catch (err) {
      this.#d.logger.warn('automatic backup failed', { err })
      return null
    }
  }

  close(): void {
    this.#closed = true
    this.#timer?.cancel()
    this.#timer = null
  }
}
