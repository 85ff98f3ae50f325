import { spawnSync } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/core/log/logger'
import type { LogRecord } from '../../src-main/core/ports'
import { fatalMessage, installProcessGuards } from '../../src-main/core/processGuard'

describe('process-level policy', () => {
  it('logs an unhandled rejection (redacted) and keeps going; an uncaught exception flushes and exits with the log path', () => {
    const proc = new EventEmitter()
    const logs: LogRecord[] = []
    const exits: Array<{ message: string; code: number }> = []
    let flushed = 0
    const dispose = installProcessGuards({
      logger: createLogger({ sinks: [(r) => logs.push(r)] }), logFile: '/data/logs/headless.log', proc,
      flush: () => void flushed++, exit: (message, code) => void exits.push({ message, code })
    })
    proc.emit('unhandledRejection', new Error('fetch failed for sk-abcdefghijklmnopqrstuvwx'))
    expect(exits).toEqual([])
    expect(logs[0]).toMatchObject({ level: 'error', scope: 'app.process', msg: 'unhandled promise rejection (kept running)' })
    expect(JSON.stringify(logs)).not.toContain('sk-abcdefghijklmnopqrstuvwx')
    proc.emit('uncaughtException', new Error('boom'), 'uncaughtException')
    proc.emit('uncaughtException', new Error('again'), 'uncaughtException')
    expect(flushed).toBe(1)
    expect(exits).toEqual([{ message: fatalMessage('/data/logs/headless.log'), code: 70 }])
    expect(exits[0]?.message).toContain('/data/logs/headless.log')
    dispose()
    expect(proc.listenerCount('unhandledRejection') + proc.listenerCount('uncaughtException')).toBe(0)
  })

  it('in a real process: serves on after a rejection, stops with the message after an exception', () => {
    const tsx = resolve('node_modules/.bin/tsx')
    const r = spawnSync(tsx, ['--tsconfig', 'tsconfig.node.json', join('test/core/fixtures/guardedProcess.ts')], { encoding: 'utf8', timeout: 30_000 })
    expect(r.stdout).toContain('LOG error unhandled promise rejection (kept running)')
    expect(r.stdout).not.toContain('supersecretcookievalue')
    expect(r.stdout).toContain('STILL SERVING')
    expect(r.stdout).toContain('LOG error uncaught exception: stopping')
    expect(r.stderr).toContain('Xianyu Desk hit an unexpected error')
    expect(r.stderr).toContain('/tmp/xd-guard.log')
    expect(r.stderr).toContain('flushed')
    expect(r.status).toBe(70)
  })
})
