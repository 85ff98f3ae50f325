import type { Account, Api, CallKey, ErrorCode, EventKey, EventPayload } from '@contract'
import { createBridge } from '../../src-renderer/src/bridge/client'
import type { Bridge } from '../../src-renderer/src/bridge/types'

/** Thrown by a fake handler to produce `{ok:false,error}`, like core's AppError through dispatch. */
export class FakeFailure extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message)
  }
}

export interface FakeBridge {
  readonly bridge: Bridge
  readonly calls: Array<{ key: string; input: unknown }>
  emit<E extends EventKey>(event: E, payload: EventPayload<E>): void
  reconnect(): void
  /** Reports the link down (false) or back (true), as the HTTP transport does. */
  connection(up: boolean): void
  listenerCount(event: string): number
}

/**
 * A fake Api behind the real typed client: handlers return values or throw FakeFailure, and the
 * transport turns that into the contract's Result envelope exactly as the IPC/HTTP bindings do.
 */
export function fakeBridge(impl: Partial<Api>): FakeBridge {
  const calls: Array<{ key: string; input: unknown }> = []
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const reconnects = new Set<() => void>()
  const connection = new Set<(up: boolean) => void>()
  const bridge = createBridge({
    async call(key, input) {
      calls.push({ key, input })
      const handler = impl[key as CallKey] as ((i: unknown) => Promise<unknown>) | undefined
      if (!handler) return { ok: false, error: { code: 'NOT_FOUND', message: `no fake for ${key}` } }
      try {
        return { ok: true, value: await handler(input) }
      } catch (err) {
        if (err instanceof FakeFailure) return { ok: false, error: { code: err.code, message: err.message } }
        throw err
      }
    },
    on(event, cb) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(cb)
      return () => void set.delete(cb)
    },
    onReconnect(cb) {
      reconnects.add(cb)
      return () => void reconnects.delete(cb)
    },
    onConnection(cb) {
      connection.add(cb)
      return () => void connection.delete(cb)
    }
  })
  return {
    bridge,
    calls,
    emit: (event, payload) => listeners.get(event)?.forEach((cb) => cb(payload)),
    reconnect: () => reconnects.forEach((cb) => cb()),
    connection: (up) => connection.forEach((cb) => cb(up)),
    listenerCount: (event) => listeners.get(event)?.size ?? 0
  }
}

export function account(over: Partial<Account> = {}): Account {
  return {
    id: 'acc1',
    kind: 'xianyu',
    unb: '2201234567',
    nick: 'tb_seller',
    remark: '',
    enabled: true,
    status: 'connecting',
    statusReason: '',
    verifyUrl: null,
    connection: 'CONNECTING',
    lastMessageAt: null,
    createdAt: 1_700_000_000_000,
    hasCookies: true,
    ...over
  }
}

/** A promise you resolve from the test, to observe in-flight state. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
