import { BridgeError, type Transport } from './types'

/** What the event stream needs to hear from a socket; `openSocket` wires a real WebSocket (or a fake) to it. */
export interface SocketHandlers {
  onOpen(): void
  onMessage(data: unknown): void
  /** After an error too: a failed socket always closes. */
  onClose(): void
}

export interface SocketLike {
  close(): void
}

export interface HttpTransportOptions {
  /** Origin of the headless host, e.g. `http://127.0.0.1:8765`. */
  readonly origin: string
  readonly fetch: typeof fetch
  readonly openSocket: (url: string, handlers: SocketHandlers) => SocketLike
  readonly setTimer?: (fn: () => void, ms: number) => unknown
  readonly clearTimer?: (handle: unknown) => void
  /** Backoff bounds for reconnecting the event stream. */
  readonly minDelayMs?: number
  readonly maxDelayMs?: number
  /** Jitter source (tests pin it). */
  readonly random?: () => number
}

/**
 * The headless host's transport: `POST /api/<key>` → Result JSON, events over `ws(s)://<origin>/events`.
 * Auth is the host's HttpOnly same-origin cookie, hence `credentials: 'same-origin'` and no token here.
 */
export function httpTransport(opts: HttpTransportOptions): Transport {
  const events = new EventStream(opts)
  return {
    call: (key, input) => postCall(opts, key, input),
    on: (event, callback) => events.add(event, callback),
    onReconnect: (callback) => events.addReconnect(callback),
    onConnection: (callback) => events.addConnection(callback)
  }
}

async function postCall(opts: HttpTransportOptions, key: string, input: unknown): Promise<unknown> {
  let res: Response
  try {
    res = await opts.fetch(`${opts.origin}/api/${encodeURIComponent(key)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {})
    })
  } catch (err) {
    throw new BridgeError({ code: 'UNAVAILABLE', message: `无法连接到服务 / Cannot reach the host: ${(err as Error)?.message ?? String(err)}` })
  }
  try {
    // the host answers every call (and its 401/403/4xx refusals) with the Result envelope
    return await res.json()
  } catch {
    throw new BridgeError({ code: res.status === 401 ? 'FORBIDDEN' : 'UNAVAILABLE', message: `服务返回了无效响应（HTTP ${res.status}）/ The host sent an invalid response (HTTP ${res.status})` })
  }
}

type Listener = (payload: unknown) => void

/** One WebSocket, opened with the first listener, reconnecting with capped exponential backoff. */
class EventStream {
  readonly #opts: HttpTransportOptions
  readonly #listeners = new Map<string, Set<Listener>>()
  readonly #reconnectListeners = new Set<() => void>()
  readonly #connectionListeners = new Set<(up: boolean) => void>()
  /** The link as last reported: null until the first open or failure. */
  #up: boolean | null = null
  #socket: SocketLike | null = null
  #timer: unknown = null
  #attempt = 0
  #everOpened = false

  constructor(opts: HttpTransportOptions) {
    this.#opts = opts
  }

  add(event: string, callback: Listener): () => void {
    let set = this.#listeners.get(event)
    if (!set) this.#listeners.set(event, (set = new Set()))
    const entry: Listener = (p) => callback(p)
    set.add(entry)
    this.#ensure()
    return () => {
      set.delete(entry)
      if (set.size === 0) this.#listeners.delete(event)
      if (this.#listeners.size === 0) this.#stop()
    }
  }

  addReconnect(callback: () => void): () => void {
    const entry = (): void => callback()
    this.#reconnectListeners.add(entry)
    return () => void this.#reconnectListeners.delete(entry)
  }

  addConnection(callback: (up: boolean) => void): () => void {
    const entry = (up: boolean): void => callback(up)
    this.#connectionListeners.add(entry)
    if (this.#up !== null) entry(this.#up)
    return () => void this.#connectionListeners.delete(entry)
  }

  #report(up: boolean): void {
    if (this.#up === up) return
    this.#up = up
    for (const cb of [...this.#connectionListeners]) {
      try {
        cb(up)
      } catch (err) {
        console.error('bridge: connection listener failed', err)
      }
    }
  }

  #ensure(): void {
    if (this.#socket || this.#timer !== null) return
    this.#connect()
  }

  #connect(): void {
    this.#timer = null
    const url = this.#opts.origin.replace(/^http/, 'ws') + '/events'
    let socket: SocketLike | null = null
    const current = (): boolean => socket !== null && this.#socket === socket
    try {
      socket = this.#opts.openSocket(url, {
        onOpen: () => current() && this.#opened(),
        onMessage: (data) => current() && this.#dispatch(data),
        onClose: () => {
          if (!current()) return
          this.#socket = null
          if (this.#listeners.size > 0) {
            this.#report(false)
            this.#schedule()
          }
        }
      })
    } catch {
      this.#report(false)
      this.#schedule()
      return
    }
    this.#socket = socket
  }

  #opened(): void {
    const wasReconnect = this.#everOpened
    this.#everOpened = true
    this.#attempt = 0
    this.#report(true)
    if (!wasReconnect) return
    for (const cb of [...this.#reconnectListeners]) {
      try {
        cb()
      } catch (err) {
        console.error('bridge: reconnect listener failed', err)
      }
    }
  }

  #dispatch(data: unknown): void {
    let frame: unknown
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data))
    } catch {
      return // best effort: a garbled frame is dropped, the next one is independent
    }
    if (typeof frame !== 'object' || frame === null) return
    const { event, payload } = frame as { event?: unknown; payload?: unknown }
    if (typeof event !== 'string') return
    for (const cb of [...(this.#listeners.get(event) ?? [])]) {
      try {
        cb(payload)
      } catch (err) {
        console.error(`bridge: listener for ${event} failed`, err)
      }
    }
  }

  #schedule(): void {
    const min = this.#opts.minDelayMs ?? 500
    const max = this.#opts.maxDelayMs ?? 30_000
    const delay = Math.min(max, min * 2 ** this.#attempt)
    this.#attempt += 1
    // jitter keeps many tabs from hammering a restarted host in lockstep
    const jittered = Math.round(delay * (0.75 + (this.#opts.random ?? Math.random)() * 0.25))
    const setTimer = this.#opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this.#timer = setTimer(() => this.#connect(), jittered)
  }

  #stop(): void {
    if (this.#timer !== null) (this.#opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.#timer)
    this.#timer = null
    const s = this.#socket
    this.#socket = null
    s?.close()
  }
}
