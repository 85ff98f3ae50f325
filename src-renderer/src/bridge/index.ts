import { createBridge } from './client'
import { electronTransport } from './electron'
import { httpTransport } from './http'
import type { Bridge, Transport } from './types'

export { BridgeError, toErrorInfo, type Bridge, type Transport } from './types'
export { createBridge } from './client'

/** The preload's `window.api` inside Electron; the headless host's HTTP + WebSocket in a browser. */
function pickTransport(): Transport {
  if (window.api) return electronTransport(window.api)
  return httpTransport({
    origin: window.location.origin,
    fetch: (input, init) => window.fetch(input, init),
    openSocket: (url, h) => {
      const ws = new WebSocket(url)
      ws.onopen = () => h.onOpen()
      ws.onmessage = (e: MessageEvent) => h.onMessage(e.data)
      ws.onclose = () => h.onClose()
      return ws
    }
  })
}

let instance: Bridge | null = null

/**
 * The app's bridge. Resolved on first use, so modules that import it (stores) also load in tests,
 * where no `window` exists and a fake bridge is passed to the store factories instead.
 */
export const bridge: Bridge = {
  call: (key, input) => (instance ??= createBridge(pickTransport())).call(key, input),
  on: (event, callback) => (instance ??= createBridge(pickTransport())).on(event, callback),
  onReconnect: (callback) => (instance ??= createBridge(pickTransport())).onReconnect(callback),
  onConnection: (callback) => (instance ??= createBridge(pickTransport())).onConnection(callback)
}
