import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CALL_KEYS, CALL_PREFIX, EVENT_KEYS, EVENT_PREFIX } from '@contract/channels'

/**
 * Forwards contract calls and events, nothing else: no ipcRenderer, no process, no Node.
 * Unknown keys are refused here before they reach the main process.
 */
const calls = new Set<string>(CALL_KEYS)
const events = new Set<string>(EVENT_KEYS)

const api = {
  call(key: string, input: unknown): Promise<unknown> {
    if (!calls.has(key)) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `unknown call ${String(key)}` } })
    return ipcRenderer.invoke(`${CALL_PREFIX}${key}`, input)
  },
  on(event: string, callback: (payload: unknown) => void): () => void {
    if (!events.has(event) || typeof callback !== 'function') return () => {}
    const channel = `${EVENT_PREFIX}${event}`
    const listener = (_e: IpcRendererEvent, payload: unknown): void => callback(payload)
    ipcRenderer.on(channel, listener)
    return () => void ipcRenderer.removeListener(channel, listener)
  }
}

contextBridge.exposeInMainWorld('api', Object.freeze(api))
