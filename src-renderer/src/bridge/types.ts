import type { CallInput, CallKey, CallOutput, ErrorCode, ErrorInfo, EventKey, EventPayload, Result } from '@contract'

/**
 * What a transport moves: untyped keys and payloads, and the contract's Result envelope.
 * The Electron preload (`window.api`) has exactly this shape; the HTTP transport mimics it.
 */
export interface Transport {
  call(key: string, input: unknown): Promise<unknown>
  on(event: string, callback: (payload: unknown) => void): () => void
  /** Called after the event stream came back from an outage, so stores can refetch what they missed. */
  onReconnect?(callback: () => void): () => void
  /** Called when the link to the app's core goes down (false) or comes back (true). */
  onConnection?(callback: (up: boolean) => void): () => void
}

/** The typed client every store uses. Components never see a transport. */
export interface Bridge {
  /** Resolves with the call's output, or rejects with a {@link BridgeError}. */
  call<K extends CallKey>(key: K, input: CallInput<K>): Promise<CallOutput<K>>
  /** Subscribes to a contract event; returns the unsubscribe. */
  on<E extends EventKey>(event: E, callback: (payload: EventPayload<E>) => void): () => void
  /** Subscribes to "the event stream reconnected"; a no-op for transports that never drop. */
  onReconnect(callback: () => void): () => void
  /** Subscribes to the link's state: false while the event stream is down, true once it is back. */
  onConnection(callback: (up: boolean) => void): () => void
}

/** A failed call: the contract's error code and message (already user-readable, "中文 / English"). */
export class BridgeError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  constructor(info: ErrorInfo) {
    super(info.message)
    this.name = 'BridgeError'
    this.code = info.code
    this.details = info.details
  }

  toInfo(): ErrorInfo {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** Narrows anything a transport returned to the Result envelope, or null if it is not one. */
export function asResult(raw: unknown): Result<unknown> | null {
  if (!isObject(raw) || typeof raw.ok !== 'boolean') return null
  if (raw.ok) return 'value' in raw ? { ok: true, value: raw.value } : null
  const err = raw.error
  if (!isObject(err) || typeof err.code !== 'string' || typeof err.message !== 'string') return null
  return { ok: false, error: { code: err.code as ErrorCode, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } }
}

/** Any thrown value as ErrorInfo, for stores to keep in state. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof BridgeError) return err.toInfo()
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message }
}
