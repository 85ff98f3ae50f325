import { create } from 'zustand'

/**
 * The page's link to the app's core (the headless host's event stream; inside Electron it never
 * drops). While it is down nothing on the page is live, so the page says so instead of showing
 * stale counts as if they were current.
 */
export interface ConnectionState {
  /** null until the first open or failure. */
  readonly up: boolean | null
  /** When the link last went down (ms), for "disconnected since". */
  readonly downSince: number | null
  apply(up: boolean, now?: number): void
}

export function createConnectionStore() {
  return create<ConnectionState>()((set, get) => ({
    up: null,
    downSince: null,
    apply(up, now = Date.now()) {
      if (get().up === up) return
      set({ up, downSince: up ? null : now })
    }
  }))
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>
export const useConnectionStore: ConnectionStore = createConnectionStore()

/** True only when the link is known to be down (not before the first connect). */
export const selectDisconnected = (s: ConnectionState): boolean => s.up === false
