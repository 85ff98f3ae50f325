import type { Logger } from './ports'

/** The part of `process` the guard listens on (tests pass an EventEmitter). */
export type ProcessEvents = Pick<NodeJS.EventEmitter, 'on' | 'off'>

export interface ProcessGuardOptions {
  /** The redacting logger: a rejection's reason may carry a cookie or an API key. */
  readonly logger: Logger
  /** Where the log lines go, named in the fatal message. */
  readonly logFile: string
  /** Best effort before exiting: commit the open write batch (whole transactions only, see db/open.ts). */
  readonly flush?: () => void
  /** Shows `message` to the human and ends the process (headless: stderr + exit; desktop: a dialog + app.exit). */
  readonly exit: (message: string, code: number) => void
  readonly proc?: ProcessEvents
}

/**
 * The process-level policy of both hosts (headless and the Electron main process):
 * - an unhandled promise rejection is one async operation that failed after the stack unwound
 *   normally — nothing was left half-done by it that a caught error would not also leave — so it
 *   is logged and the app keeps serving;
 * - an uncaught exception interrupted synchronous code at an unknown point (Node's own docs: "it is
 *   not safe to resume normal operation"), so it is logged, the committed data is left as is, and
 *   the process ends with a message that says where the log is. Committed rows survive: SQLite's WAL.
 * Returns a disposer.
 */
export function installProcessGuards(opts: ProcessGuardOptions): () => void {
  const proc = opts.proc ?? process
  const log = opts.logger.child('process')
  let exiting = false
  const onRejection = (reason: unknown): void => {
    log.error('unhandled promise rejection (kept running)', { err: reason })
  }
  const onException = (err: Error, origin: string): void => {
    if (exiting) return
    exiting = true
    try {
      log.error('uncaught exception: stopping', { err, origin })
      opts.flush?.()
    } catch {
      // best effort: the exit below must happen whatever logging or flushing does
    }
    opts.exit(fatalMessage(opts.logFile), 70)
  }
  proc.on('unhandledRejection', onRejection)
  proc.on('uncaughtException', onException)
  return () => {
    proc.off('unhandledRejection', onRejection)
    proc.off('uncaughtException', onException)
  }
}

export function fatalMessage(logFile: string): string {
  return [
    '闲鱼客服台遇到未预料的错误，为保护数据已停止运行。已保存的数据不会丢失，重新启动即可继续。',
    'Xianyu Desk hit an unexpected error and stopped to protect your data. Saved data is kept; start it again to continue.',
    `日志 / Log: ${logFile}`
  ].join('\n')
}
