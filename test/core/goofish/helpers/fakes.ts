import type { Clock } from '../../../../src-main/core/ports'
import type { FetchLike, ResponseLike } from '../../../../src-main/core/goofish/types'

/** A clock whose timers fire immediately (after a microtask) while recording requested delays. */
export function instantClock(start = 1760000000000): Clock & { delays: number[]; advance(ms: number): void } {
  let now = start
  const delays: number[] = []
  return {
    delays,
    now: () => now,
    advance(ms: number) {
      now += ms
    },
    setTimeout(fn, ms) {
      delays.push(ms)
      now += ms
      let cancelled = false
      queueMicrotask(() => {
        if (!cancelled) fn()
      })
      return { cancel: () => void (cancelled = true) }
    }
  }
}

export interface Recorded {
  readonly url: URL
  readonly method: string
  readonly headers: Record<string, string>
  readonly body: string | FormData | Uint8Array | undefined
}

export function response(body: unknown, o: { status?: number; setCookie?: string[] } = {}): ResponseLike {
  const h = new Headers()
  for (const c of o.setCookie ?? []) h.append('set-cookie', c)
  return { status: o.status ?? 200, headers: h, text: async () => (typeof body === 'string' ? body : JSON.stringify(body)) }
}

/** fetch that answers from a queue of handlers and records every request. */
export function fakeFetch(handlers: Array<(r: Recorded) => ResponseLike | Promise<ResponseLike>>): FetchLike & { calls: Recorded[] } {
  const calls: Recorded[] = []
  const f = (async (url: string, init: { method: string; headers: Record<string, string>; body?: string | FormData | Uint8Array }) => {
    const rec: Recorded = { url: new URL(url), method: init.method, headers: init.headers, body: init.body }
    calls.push(rec)
    const h = handlers.shift()
    if (!h) throw new Error('fakeFetch: no handler left for ' + url)
    return h(rec)
  }) as FetchLike & { calls: Recorded[] }
  f.calls = calls
  return f
}

export const OK = (data: unknown = {}): unknown => ({ api: 'x', v: '1.0', ret: ['SUCCESS::调用成功'], data })
