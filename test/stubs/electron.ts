// A stand-in for the 'electron' module in the shell tests: the real package would try to
// download its binary. Only what the shell touches is here, and it records what it is given.
import { tmpdir } from 'node:os'
import { join } from 'node:path'

type Handler = (event: unknown, ...args: unknown[]) => unknown
export const handlers = new Map<string, Handler>()

export const ipcMain = {
  handle: (channel: string, fn: Handler): void => void handlers.set(channel, fn),
  removeHandler: (channel: string): void => void handlers.delete(channel),
  on: (): void => {}
}
export const app = {
  isPackaged: false,
  getPath: (_n: string): string => join(tmpdir(), 'xd-shell-test'),
  getVersion: (): string => '0.0.0-test',
  getAppPath: (): string => process.cwd()
}
export const shell = { openExternal: async (_url: string): Promise<void> => {} }
/** A session that keeps the handlers it is given (the login window's partition is checked through it). */
export class FakeSession {
  permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null
  permissionCheck: ((wc: unknown, permission: string) => boolean) | null = null
  setPermissionRequestHandler(fn: FakeSession['permissionRequest']): void { this.permissionRequest = fn }
  setPermissionCheckHandler(fn: FakeSession['permissionCheck']): void { this.permissionCheck = fn }
  setUserAgent(): void {}
  cookies = { get: async (): Promise<unknown[]> => [], set: async (): Promise<void> => {} }
}
export const partitions = new Map<string, FakeSession>()
export const session = {
  defaultSession: { setPermissionRequestHandler: (): void => {}, setPermissionCheckHandler: (): void => {}, webRequest: { onBeforeRequest: (): void => {} } },
  fromPartition: (name: string): FakeSession => {
    const s = partitions.get(name) ?? new FakeSession()
    partitions.set(name, s)
    return s
  }
}
export const protocol = { registerSchemesAsPrivileged: (): void => {}, handle: (): void => {} }
export const net = { fetch: async (): Promise<Response> => new Response('') }
export const contextBridge = { exposeInMainWorld: (): void => {} }
export const ipcRenderer = { invoke: async (): Promise<undefined> => undefined, on: (): void => {}, removeListener: (): void => {} }
let nextId = 1
export class BrowserWindow {
  static fromWebContents(): null { return null }
  readonly webContents = { id: nextId++, on: (): void => {} }
  #closed: Array<() => void> = []
  on(event: string, fn: () => void): void { if (event === 'closed') this.#closed.push(fn) }
  isDestroyed(): boolean { return false }
  close(): void { for (const fn of this.#closed) fn() }
  async loadURL(): Promise<void> {}
}
export const screen = { getAllDisplays: (): unknown[] => [] }
export class Tray { setToolTip(): void {} setContextMenu(): void {} on(): void {} destroy(): void {} }
export const Menu = { buildFromTemplate: (t: unknown[]): unknown[] => t }
export const nativeImage = { createFromPath: () => ({ isEmpty: () => true, resize: () => ({}) }), createEmpty: () => ({}) }
export class Notification { static isSupported(): boolean { return false } on(): void {} show(): void {} }
export const nativeTheme = { shouldUseDarkColors: false }
export const dialog = {
  showErrorBox: (_t: string, _m: string): void => {},
  showMessageBox: async (..._a: unknown[]): Promise<{ response: number }> => ({ response: 0 }),
  showMessageBoxSync: (_o: unknown): number => 1
}
export default { app, ipcMain, shell, session, protocol, net, contextBridge, ipcRenderer, BrowserWindow, screen, nativeTheme, dialog }
