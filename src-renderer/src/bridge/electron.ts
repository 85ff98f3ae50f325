import type { Transport } from './types'

/** The object the preload exposes with contextBridge: contract calls and events, nothing else. */
export interface PreloadApi {
  call(key: string, input: unknown): Promise<unknown>
  on(event: string, callback: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    /** Present only inside the Electron app (see src-preload/index.ts). */
    readonly api?: PreloadApi
  }
}

/** IPC never drops events while the window lives, so there is no reconnect to report. */
export function electronTransport(api: PreloadApi): Transport {
  return {
    call: (key, input) => api.call(key, input),
    on: (event, callback) => api.on(event, callback)
  }
}
