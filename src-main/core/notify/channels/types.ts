import type { NotifyChannelConfig, NotifyChannelKind } from '@contract/notify'

/** One notice as a channel sends it. */
export interface OutNotice {
  readonly title: string
  readonly body: string
  readonly urgent: boolean
  /** The event kind, 'digest' or 'test' (the generic webhook passes it on). */
  readonly event: string
  readonly accountId: string | null
  readonly cid: string | null
  readonly orderId: string | null
  readonly createdAt: number
}

export interface NotifyResponse {
  readonly status: number
  text(): Promise<string>
}
/** The fetch channels use (global fetch in the app). */
export type NotifyFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<NotifyResponse>

/** Extra TLS trust for SMTP (tests trust their self-signed certificate; the app uses the system store). */
export interface SmtpTls {
  readonly ca?: string
}

export interface SendContext {
  readonly kind: NotifyChannelKind
  readonly config: NotifyChannelConfig
  /** The channel's secret fields, from the keychain. */
  readonly secrets: Readonly<Record<string, string>>
  readonly fetch: NotifyFetch
  readonly now: number
  readonly smtpTls?: SmtpTls
  readonly timeoutMs?: number
}

/** A channel refused or could not be reached. `retryable` errors are retried with backoff. */
export class ChannelError extends Error {
  readonly retryable: boolean
  constructor(message: string, retryable: boolean) {
    super(message)
    this.name = 'ChannelError'
    this.retryable = retryable
  }
}
