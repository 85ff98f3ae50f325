import type { CallInput, CallKey, CallOutput, EventKey, EventPayload } from '@contract'
import { BridgeError, asResult, type Bridge, type Transport } from './types'

/** Wraps a transport into the typed client: unwraps `{ok,value}`, throws BridgeError for `{ok:false}`. */
export function createBridge(transport: Transport): Bridge {
  return {
    async call<K extends CallKey>(key: K, input: CallInput<K>): Promise<CallOutput<K>> {
      let raw: unknown
      try {
        raw = await transport.call(key, input ?? {})
      } catch (err) {
        throw err instanceof BridgeError ? err : new BridgeError({ code: 'UNAVAILABLE', message: `调用失败 / Call failed: ${(err as Error)?.message ?? String(err)}` })
      }
      const result = asResult(raw)
      if (!result) throw new BridgeError({ code: 'INTERNAL', message: `${key}: 返回格式无效 / ${key}: malformed result` })
      if (!result.ok) throw new BridgeError(result.error)
      // main validates outputs against the contract; the renderer trusts its own process boundary
      return result.value as CallOutput<K>
    },
    on<E extends EventKey>(event: E, callback: (payload: EventPayload<E>) => void): () => void {
      return transport.on(event, (payload) => callback(payload as EventPayload<E>))
    },
    onReconnect(callback: () => void): () => void {
      return transport.onReconnect ? transport.onReconnect(callback) : () => {}
    },
    onConnection(callback: (up: boolean) => void): () => void {
      return transport.onConnection ? transport.onConnection(callback) : () => {}
    }
  }
}
