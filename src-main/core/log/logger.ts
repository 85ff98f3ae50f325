import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger, LogLevel, LogRecord } from '../ports'
import { redact, redactString } from './redact'

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type LogSink = (record: LogRecord) => void

/** A JSON-lines file sink. Sync appends: a crash must not lose the line that explains it. */
export function fileSink(file: string): LogSink {
  mkdirSync(dirname(file), { recursive: true })
  return (r) => {
    try {
      appendFileSync(file, JSON.stringify(r) + '\n', { mode: 0o600 })
    } catch {
      // best effort: logging must never take the app down
    }
  }
}

export const consoleSink: LogSink = (r) => {
  const line = `${new Date(r.time).toISOString()} ${r.level.toUpperCase()} [${r.scope}] ${r.msg}${r.data ? ' ' + JSON.stringify(r.data) : ''}`
  if (r.level === 'error' || r.level === 'warn') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

/** Structured logger; every message and field passes through `redact` before any sink sees it. */
export function createLogger(opts: { sinks: ReadonlyArray<LogSink>; level?: LogLevel; scope?: string; now?: () => number }): Logger {
  const min = ORDER[opts.level ?? 'info']
  const now = opts.now ?? Date.now
  const make = (scope: string): Logger => {
    const emit = (level: LogLevel, msg: string, data?: Record<string, unknown>): void => {
      if (ORDER[level] < min) return
      const record: LogRecord = data === undefined
        ? { level, time: now(), scope, msg: redactString(msg) }
        : { level, time: now(), scope, msg: redactString(msg), data: redact(data) as Record<string, unknown> }
      for (const s of opts.sinks) s(record)
    }
    return {
      child: (s) => make(`${scope}.${s}`),
      debug: (m, d) => emit('debug', m, d),
      info: (m, d) => emit('info', m, d),
      warn: (m, d) => emit('warn', m, d),
      error: (m, d) => emit('error', m, d)
    }
  }
  return make(opts.scope ?? 'app')
}
