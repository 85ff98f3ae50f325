import type { Endpoints } from '@contract/schemas'

/**
 * What core needs from its host (Electron shell, headless host, tests). Core never reaches
 * the OS keychain, the file system layout or the clock except through these.
 */

/** Secret storage. The real one is the OS keychain; values never leave core unencrypted. */
export interface SecretStore {
  /** Which backend this is; 'memory' only in tests. */
  readonly backend: 'keychain' | 'passphrase' | 'memory'
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<boolean>
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface LogRecord {
  readonly level: LogLevel
  readonly time: number
  readonly scope: string
  readonly msg: string
  readonly data?: Record<string, unknown>
}
export interface Logger {
  child(scope: string): Logger
  debug(msg: string, data?: Record<string, unknown>): void
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

export interface Paths {
  /** Folder holding the database and logs. */
  readonly dataDir: string
}

export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): { cancel(): void }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const h = setTimeout(fn, ms)
    h.unref?.()
    return { cancel: () => clearTimeout(h) }
  }
}

/** A cookie as a browser reports it. */
export interface PortCookie {
  readonly name: string
  readonly value: string
  readonly domain?: string
  readonly path?: string
}

/**
 * A real browser window a human works in (the desktop app's embedded window on the account's own
 * persistent partition; headless: a visible Chromium when a display exists). Resolves with the
 * session's cookies once `done` accepts them, or null if the human closed the window.
 */
export interface InteractiveBrowser {
  open(o: {
    readonly profile: string
    readonly url: string
    readonly userAgent: string
    readonly title: string
    readonly cookies: ReadonlyArray<{ name: string; value: string; url: string }>
    readonly done: (cookies: ReadonlyArray<PortCookie>) => boolean
    readonly timeoutMs: number
  }): Promise<ReadonlyArray<PortCookie> | null>
}

/**
 * The demo's platform: a world with scripted buyers that the demo account connects to (the hosts
 * plug in the bundled simulator). Core owns the product side — the demo account, its starter rules
 * and demo model, and when the buyers play; the world only plays them.
 */
export interface DemoWorld {
  /** Where the demo seller's client connects; starts the world on first use. */
  endpoints(): Promise<Endpoints>
  /** A fresh login for the demo seller. */
  login(seller: { readonly unb: string; readonly nick: string }): Promise<string>
  /**
   * Sends in the scripted buyers of run `run` (1, 2, …): new chats with fresh buyer names, each
   * starting once the seller is online. The previous run's buyers stop talking.
   */
  play(o: { readonly seller: string; readonly run: number }): Promise<void>
  /** The world is started (or starting). */
  readonly running: boolean
  close(): Promise<void>
}

export interface CorePorts {
  readonly secrets: SecretStore | null
  readonly logger: Logger
  readonly paths: Paths
  readonly clock?: Clock
  readonly host: 'electron' | 'headless'
  readonly appVersion: string
  /** Absent where no window can be shown (then browser login/verification explain what to do). */
  readonly browser?: InteractiveBrowser
  /** Why `secrets` is null (shown to the user). */
  readonly secretsUnavailableReason?: string
  /** The demo's world; absent, the host offers no demo account. */
  readonly demo?: DemoWorld
}
