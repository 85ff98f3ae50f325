import type { StateChange } from '../goofish'
import type { CoreEvents } from '../events'
import type { Clock, Logger, SecretStore } from '../ports'
import type { Db } from '../db/open'
import { NotifyRepo } from '../db/repos/notifyRepo'
import { NotifyService } from './notifyService'
import { NotifyRouter, type RetryPolicy } from './router'
import type { NotifyFetch, SmtpTls } from './channels/types'
import { notifyHooks, type HookDeps } from './hooks'

export { NotifyRouter, type NoticeInput } from './router'
export { NotifyService } from './notifyService'

export interface NotifyOptions {
  /** The fetch channels use (default: global fetch). */
  readonly fetch?: NotifyFetch
  /** Extra CA for SMTP TLS (tests with a self-signed server). */
  readonly smtpTls?: SmtpTls
  readonly retry?: RetryPolicy
}

export interface Notify {
  readonly service: NotifyService
  readonly router: NotifyRouter
  /** Connection changes: an account offline longer than the configured minutes is an incident. */
  onState(accountId: string, change: StateChange): void
  close(): void
}

export function createNotify(deps: {
  db: Db; store: SecretStore | null; unavailableReason: string; events: CoreEvents; clock: Clock; logger: Logger
  accountName: (accountId: string) => string; options?: NotifyOptions
} & Pick<HookDeps, 'chat' | 'today'>): Notify {
  const repo = new NotifyRepo(deps.db)
  const service = new NotifyService({ repo, store: deps.store, unavailableReason: deps.unavailableReason, clock: deps.clock, events: deps.events })
  const router = new NotifyRouter({
    repo, routing: () => service.routing(), secrets: (id) => service.secrets(id), accountName: deps.accountName,
    events: deps.events, clock: deps.clock, logger: deps.logger, fetch: deps.options?.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    smtpTls: deps.options?.smtpTls, retry: deps.options?.retry
  })
  service.attach(router)
  const offHooks = notifyHooks({ events: deps.events, router, clock: deps.clock, routing: () => service.routing(), chat: deps.chat, today: deps.today })
  const offline = new Map<string, { cancel(): void }>()
  return {
    service, router,
    onState(accountId, change) {
      if (change.state === 'CONNECTED' || change.state === 'CLOSED') {
        offline.get(accountId)?.cancel()
        offline.delete(accountId)
        router.resolve('account_offline', accountId)
        return
      }
      if (offline.has(accountId)) return
      const minutes = service.routing().offlineMinutes
      offline.set(accountId, deps.clock.setTimeout(() => {
        offline.delete(accountId)
        // offline because the login is gone: that incident is already with the seller, once
        if (router.isOpen('needs_login', accountId) || router.isOpen('needs_verification', accountId)) return
        router.raise({ kind: 'account_offline', accountId, vars: { minutes, reason: change.reason } })
      }, minutes * 60_000))
    },
    close() {
      offHooks()
      for (const t of offline.values()) t.cancel()
      offline.clear()
      router.close()
    }
  }
}
