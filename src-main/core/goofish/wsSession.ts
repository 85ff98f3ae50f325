/**
 * One WebSocket connection (goofish-protocol.md §4): request/response pairing by `mid`, ACK of
 * every push, frame bookkeeping for health checks. Lifecycle decisions (reg, sync, heartbeat,
 * reconnect) belong to GoofishClient; this class never reconnects by itself.
 */
import type { Clock, Logger } from '../ports'
import { at, num } from './extract'
import { ackFrame, type LwpRequest } from './frames'
import { generateMid, type RandomFn } from './ids'
import { isJsonObject, type JsonValue, type WsConstructor, type WsLike } from './types'

export interface LwpResponse {
  readonly code: number
  readonly headers: Readonly<Record<string, JsonValue>>
  readonly body: JsonValue | undefined
}

export interface SessionHooks {
  /** A push (any frame with `lwp`); its ACK goes out with this turn's other frames. */
  onPush(frame: JsonValue): void
  /** A frame that is not JSON. */
  onBadFrame(raw: string, message: string): void
  onClose(code: number, reason: string): void
}

export interface SessionOptions {
  readonly WebSocket: WsConstructor
  readonly url: string
  readonly headers: Record<string, string>
  readonly clock: Clock
  readonly random: RandomFn
  readonly logger: Logger | undefined
  readonly hooks: SessionHooks
  readonly openTimeoutMs: number
}

interface Pending {
  resolve(r: LwpResponse): void
  reject(e: Error): void
  cancelTimer(): void
}

export class SessionClosedError extends Error {}
export class RequestTimeoutError extends Error {}

export class WsSession {
  readonly #o: SessionOptions
  readonly #pending = new Map<string, Pending>()
  #ws: WsLike | undefined
  #closed = false
  /** Frames of this turn of the event loop, written together (one syscall) by `#flush`. */
  #outbox: string[] = []
  #flushing: NodeJS.Immediate | undefined
  /** Time of the last frame of any kind (zombie detection). */
  lastFrameAt = 0
  readonly openedAt: number

  constructor(o: SessionOptions) {
    this.#o = o
    this.openedAt = o.clock.now()
  }

  newMid(): string {
    return generateMid(this.#o.clock.now(), this.#o.random)
  }

  /** Resolves once the socket is open; rejects on error, close or timeout before that. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false
      const settle = (err?: Error): void => {
        if (settled) return
        settled = true
        timer.cancel()
        if (err) reject(err)
        else resolve()
      }
      const timer = this.#o.clock.setTimeout(() => {
        settle(new Error('open timeout'))
        this.close(4000, 'open timeout')
      }, this.#o.openTimeoutMs)
      let ws: WsLike
      try {
        ws = new this.#o.WebSocket(this.#o.url, { headers: this.#o.headers, handshakeTimeout: this.#o.openTimeoutMs })
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)))
        return
      }
      this.#ws = ws
      ws.on('open', () => {
        this.lastFrameAt = this.#o.clock.now()
        settle()
      })
      ws.on('message', (data) => this.#onMessage(data))
      ws.on('error', (err) => {
        this.#o.logger?.warn('ws: socket error', { error: err.message })
        settle(err)
      })
      ws.on('close', (code, reason) => {
        settle(new Error(`closed before open (${code})`))
        this.#onClose(code, typeof reason === 'string' ? reason : Buffer.isBuffer(reason) ? reason.toString('utf8') : '')
      })
    })
  }

  get isOpen(): boolean {
    return !this.#closed && this.#ws !== undefined && this.#ws.readyState === 1
  }

  /**
   * Queues a frame for this turn's write. Every frame of one turn (the ACKs of the pushes that
   * arrived, and the replies answered right after the turn's database commit) leaves in one
   * write at the end of the turn instead of one system call each. False when the socket is closed.
   */
  send(frame: unknown): boolean {
    if (!this.isOpen || !this.#ws) return false
    let text: string
    try {
      text = JSON.stringify(frame)
    } catch (err) {
      this.#o.logger?.warn('ws: frame not serializable', { error: err instanceof Error ? err.message : String(err) })
      return false
    }
    this.#outbox.push(text)
    this.#flushing ??= setImmediate(() => this.#flush())
    return true
  }

  #flush(): void {
    this.#flushing = undefined
    const frames = this.#outbox
    this.#outbox = []
    const ws = this.#ws
    if (!ws || !this.isOpen || frames.length === 0) return
    // ws writes each frame with its own write; corking its socket (the `ws` package's `_socket`,
    // absent on other implementations) makes the whole batch one writev
    const socket = (ws as { _socket?: { cork?: () => void; uncork?: () => void } })._socket
    const cork = frames.length > 1 && typeof socket?.cork === 'function' && typeof socket.uncork === 'function'
    if (cork) socket.cork?.()
    try {
      for (const text of frames) ws.send(text)
    } catch (err) {
      this.#o.logger?.warn('ws: send failed', { error: err instanceof Error ? err.message : String(err) })
    } finally {
      if (cork) socket.uncork?.()
    }
  }

  /** Send a request and wait for the response with the same mid. */
  request(build: (mid: string) => LwpRequest, timeoutMs: number): Promise<LwpResponse> {
    const mid = this.newMid()
    const frame = build(mid)
    return new Promise((resolve, reject) => {
      const timer = this.#o.clock.setTimeout(() => {
        this.#pending.delete(mid)
        reject(new RequestTimeoutError(`no response to ${frame.lwp} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.#pending.set(mid, { resolve, reject, cancelTimer: () => timer.cancel() })
      if (!this.send(frame)) {
        timer.cancel()
        this.#pending.delete(mid)
        reject(new SessionClosedError('socket not open'))
      }
    })
  }

  #onMessage(data: unknown): void {
    this.lastFrameAt = this.#o.clock.now()
    const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data as Buffer[]).toString('utf8') : String(data)
    let frame: JsonValue
    try {
      frame = JSON.parse(text) as JsonValue
    } catch (err) {
      this.#o.hooks.onBadFrame(text.slice(0, 4096), err instanceof Error ? err.message : String(err))
      return
    }
    if (!isJsonObject(frame)) return this.#o.hooks.onBadFrame(text.slice(0, 4096), 'frame is not an object')
    const headers = isJsonObject(frame['headers']) ? frame['headers'] : {}
    const mid = typeof headers['mid'] === 'string' ? headers['mid'] : undefined
    if (typeof frame['lwp'] === 'string' && frame['code'] === undefined) {
      // handled first, then ACKed: the handler's end-of-turn work (commit, debounce-0 replies) is
      // queued before the ACK's flush, so the reply leaves in the same write as the ACK
      try {
        this.#o.hooks.onPush(frame)
      } finally {
        this.send(ackFrame(headers, this.newMid()))
      }
      return
    }
    const pending = mid === undefined ? undefined : this.#pending.get(mid)
    if (pending && mid !== undefined) {
      this.#pending.delete(mid)
      pending.cancelTimer()
      pending.resolve({ code: num(at(frame, 'code')) ?? 0, headers, body: frame['body'] })
    }
  }

  #onClose(code: number, reason: string): void {
    if (this.#closed) return
    this.#closed = true
    if (this.#flushing) clearImmediate(this.#flushing)
    this.#flushing = undefined
    this.#outbox = []
    for (const p of this.#pending.values()) {
      p.cancelTimer()
      p.reject(new SessionClosedError(`socket closed (${code})`))
    }
    this.#pending.clear()
    this.#o.hooks.onClose(code, reason)
  }

  /** Close and forget; `onClose` fires once (from the socket, or synthesised here). */
  close(code = 1000, reason = 'client close'): void {
    const ws = this.#ws
    if (this.#flushing) {
      // what this turn queued still goes out before the close frame
      clearImmediate(this.#flushing)
      this.#flush()
    }
    if (ws) {
      try {
        if (ws.readyState === 0 && ws.terminate) ws.terminate()
        else ws.close(code, reason)
      } catch {
        // best effort: the socket may already be gone
      }
    }
    this.#onClose(code, reason)
  }
}
