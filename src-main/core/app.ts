import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { probeBrowser } from './login/browserProbe'
import type { Api, ApiImpl } from '@contract/api'
import { validatedApi } from './dispatch'
import { CoreEvents } from './events'
import { AppError } from './errors'
import { closeDb, openDb, type Db } from './db/open'
import { openAppDb } from './db/startup'
import { IntegrityService, AUTO_BACKUP, type AutoBackupTiming } from './services/integrityService'
import { AccountRepo } from './db/repos/accountRepo'
import { ConversationRepo } from './db/repos/conversationRepo'
import { MessageRepo } from './db/repos/messageRepo'
import { SettingsRepo } from './db/repos/settingsRepo'
import { RuleRepo } from './db/repos/ruleRepo'
import { ItemRepo } from './db/repos/itemRepo'
import { RuleService } from './rules/ruleService'
import { DecisionRepo } from './db/repos/decisionRepo'
import { DraftRepo } from './db/repos/draftRepo'
import { UsageRepo } from './db/repos/usageRepo'
import { OutcomeRepo } from './db/repos/outcomeRepo'
import { IntentRepo } from './db/repos/intentRepo'
import { LlmFactory } from './pipeline/llmFactory'
import { ReplyPipeline } from './pipeline/pipeline'
import { ReplyService } from './pipeline/replyService'
import { IngestService } from './services/ingest'
import { templateVars } from './pipeline/vars'
import { DashboardService } from './services/dashboardService'
import { BackupService } from './services/backupService'
import { MediaService } from './services/mediaService'
import { AccountManager, realNet, XIANYU_ENDPOINTS, type NetPorts } from './services/accountManager'
import { DemoService } from './services/demo'
import { Endpoints, type Message } from '@contract/schemas'
import { createNotify, type NotifyOptions } from './notify'
import { LoginService } from './login/loginService'
import type { GoofishClientConfig, StateChange } from './goofish'
import type { ReplySender } from './pipeline/ports'
import type { LlmClientOptions } from './ai'
import { Vault } from './secrets/vault'
import { MtopOrderApi, OrdersService, OrdersStore, ordersApi, type OrdersOptions } from './orders'
import type { HttpFetch } from './orders/http'
import { AccountService } from './services/accountService'
import { ChatService } from './services/chatService'
import { SecretService } from './services/secretService'
import { SettingsService } from './services/settingsService'
import { systemClock, type CorePorts } from './ports'

export const DB_FILE_NAME = 'xianyu-desk.db'

export interface CoreOptions {
  /** Overrides `<dataDir>/xianyu-desk.db` (tests use ':memory:'). */
  readonly dbFile?: string
  /** Electron-ABI better-sqlite3 binary, supplied by the shell. */
  readonly nativeBinding?: string
  /** Test hooks for the LLM clients (retry sleeps, fixed randomness). */
  readonly llmOptions?: Partial<LlmClientOptions>
  /** WebSocket and fetch for the protocol clients (tests inject their own). */
  readonly net?: NetPorts
  /**
   * Overrides of the protocol clients' timings and limits (tests and benchmarks shorten heartbeat,
   * zombie and backoff timers). Applied last, over the values derived from the settings. Default: none.
   */
  readonly clientConfig?: Partial<GoofishClientConfig>
  /** Login keep-alive period (tests shorten it). */
  readonly keepAliveMs?: number
  /** The daily automatic backups' timers; false turns them off (tests that count files). Default AUTO_BACKUP. */
  readonly autoBackup?: AutoBackupTiming | false
  /** How the host tells a human to restore a backup (shown when a damaged database is refused). */
  readonly restoreHint?: (backup: string) => string
  /** Size up to which the full quick_check runs before serving (tests lower it). */
  readonly fullCheckBytes?: number
  /** Notification channels' fetch, SMTP trust and retry timings (tests). */
  readonly notify?: NotifyOptions
  /** Orders and delivery: the order APIs, the HTTP source's fetch, retry and reconcile timings (tests). */
  readonly orders?: OrdersOptions
}

/** The headless host's restore step; the desktop app offers a button instead. */
export const restoreCommand = (dataDir: string) => (backup: string): string => `npm run restore -- --data-dir "${dataDir}" "${backup}"`

export interface CoreServices {
  readonly db: Db
  readonly accounts: AccountService
  readonly chats: ChatService
  readonly settings: SettingsService
  readonly secrets: SecretService
  readonly rules: RuleService
  readonly items: ItemRepo
  readonly pipeline: ReplyPipeline
  readonly replies: ReplyService
  readonly ingest: IngestService
  readonly manager: AccountManager
  readonly login: LoginService
  readonly integrity: IntegrityService
  readonly backups: BackupService
  readonly notify: ReturnType<typeof createNotify>
  /** Orders and automatic delivery (issue 16). */
  readonly orders: OrdersService
  /** The demo account, its buyers' start and restart (the world behind it is the host's port). */
  readonly demo: DemoService
  /** The account manager plugs the live connections in here. */
  setSender(sender: ReplySender | null): void
}

export interface Core {
  /** Every contract call, input validated against the contract. */
  readonly api: Api
  readonly events: CoreEvents
  readonly services: CoreServices
  /** Connects every enabled account. */
  start(): Promise<void>
  close(): Promise<void>
}

/** Builds the whole app from its ports. Everything a user can do is a call on `api`. */
export function createCore(ports: CorePorts, options: CoreOptions = {}): Core {
  const clock = ports.clock ?? systemClock
  const logger = ports.logger
  const dbFile = options.dbFile ?? join(ports.paths.dataDir, DB_FILE_NAME)
  // a file database is checked before anything is served; a damaged one is refused (DbOpenError), never recreated
  const opened = dbFile === ':memory:'
    ? { db: openDb({ file: dbFile }), fullyChecked: true, checkMs: 0, restored: null }
    : openAppDb({ file: dbFile, dataDir: ports.paths.dataDir, nativeBinding: options.nativeBinding, now: clock.now(), restoreHint: options.restoreHint ?? restoreCommand(ports.paths.dataDir), fullCheckBytes: options.fullCheckBytes })
  const db = opened.db
  if (opened.restored) logger.warn('restored a backup at start', { ...opened.restored })
  logger.info('database checked', { ms: Math.round(opened.checkMs), full: opened.fullyChecked })
  const events = new CoreEvents((key, err) => logger.error('event listener failed', { key, err }))
  const accountRepo = new AccountRepo(db)
  const itemRepo = new ItemRepo(db, accountRepo)
  const repos = {
    accounts: accountRepo, conversations: new ConversationRepo(db, { accounts: accountRepo, items: itemRepo }), messages: new MessageRepo(db),
    settings: new SettingsRepo(db, accountRepo), rules: new RuleRepo(db, accountRepo), items: itemRepo,
    decisions: new DecisionRepo(db), drafts: new DraftRepo(db), usage: new UsageRepo(db), outcomes: new OutcomeRepo(db), intents: new IntentRepo(db)
  }
  const reason = ports.secretsUnavailableReason ?? ''
  const vault = new Vault(ports.secrets, reason)
  const secrets = new SecretService({ store: ports.secrets, accounts: repos.accounts, unavailableReason: reason })
  // assigned once the orders service exists (its delivery catalog sets up the demo's pool and rule), before anything can call it
  let demo: DemoService | null = null
  const accounts = new AccountService({ db, ...repos, vault, secrets, events, clock, logger: logger.child('accounts'), demoCookie: () => (demo as DemoService).cookie() })
  const chats = new ChatService({ db, ...repos, events })
  const settings = new SettingsService({ settings: repos.settings, accounts: repos.accounts, clock })
  settings.onChange((accountId) => events.emit('settings.changed', { accountId }))
  const rules = new RuleService({
    db, rules: repos.rules, accounts: repos.accounts, clock,
    floors: { items: repos.items, settings: (id) => settings.account(id), vars: (item, s) => templateVars({ buyerNick: null, sellerNick: null, itemId: item.itemId, item, settings: s, now: clock.now() }) }
  })
  const llm = new LlmFactory({ usage: repos.usage, clock, logger: logger.child('ai'), options: options.llmOptions })
  let sender: ReplySender | null = null
  let manager: AccountManager | null = null
  const pipelineDeps = {
    ...repos, db, chats, rules, settings, secrets, llm, events, clock, logger: logger.child('reply'), sender: () => sender,
    ensureItem: (accountId: string, itemId: string) => manager?.ensureItem(accountId, itemId)
  }
  const pipeline = new ReplyPipeline(pipelineDeps)
  const replies = new ReplyService(pipelineDeps, pipeline)
  // incidents is created below; buyer messages only arrive after start()
  let onBuyerMessage: (m: Message) => void = () => {}
  // the orders service is created below; our delivery messages come back only after start()
  let claimDelivery: (m: Parameters<OrdersService['claimEcho']>[0]) => boolean = () => false
  const listPrice = (accountId: string, cid: string, itemId: string | null): number | null => {
    const id = itemId ?? repos.conversations.get(accountId, cid)?.itemId
    return id ? (repos.items.get(accountId, id)?.price ?? null) : null
  }
  const ingest = new IngestService({ chats, messages: repos.messages, pipeline, onBuyerMessage: (m) => onBuyerMessage(m), listPrice, claimDelivery: (m) => claimDelivery(m) })
  const endpointsFor = async (row: { kind: string; endpointsJson: string | null }): Promise<Endpoints> => {
    if (row.kind === 'demo') return (demo as DemoService).endpoints()
    const custom = row.endpointsJson ? Endpoints.safeParse(JSON.parse(row.endpointsJson)) : null
    return custom?.success ? custom.data : XIANYU_ENDPOINTS
  }
  const net = options.net ?? realNet
  const dashboard = new DashboardService({ db, clock })
  const notify = createNotify({
    db, store: ports.secrets, unavailableReason: reason, events, clock, logger: logger.child('notify'), options: options.notify,
    accountName: (id) => repos.accounts.get(id)?.nick || id,
    chat: (accountId, cid) => repos.conversations.get(accountId, cid),
    today: () => {
      const s = dashboard.summary('today')
      const since = new Date(clock.now()).setHours(0, 0, 0, 0)
      const orders = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM conversations WHERE order_state IS NOT NULL AND updated_at >= ?').get(since)?.n ?? 0
      return { messages: s.messagesIn, replies: s.messagesOut, orders, costYuan: s.ai.costYuan }
    }
  })
  // every notice goes through the router: routing, quiet hours, rate limit, digest, delivery log
  const incidents = notify.router
  onBuyerMessage = (m) => {
    const conv = repos.conversations.get(m.accountId, m.cid)
    if (!conv || m.contentType === 'card' || m.contentType === 'system') return
    const paused = conv.mode === 'paused' && (conv.pausedUntil ?? 0) > clock.now()
    if (conv.mode !== 'takeover' && !paused) return
    incidents.once({
      kind: 'takeover_message', accountId: m.accountId, cid: m.cid,
      vars: { buyer: conv.buyerNick || '买家', item: conv.itemTitle ?? '', text: m.text.slice(0, 120), mode: paused ? '自动回复已暂停' : '人工接管中' }
    })
  }
  llm.onAlert((accountId, state) => {
    if (state === 'ok') return incidents.resolve('ai_failing', accountId)
    incidents.raise({ kind: 'ai_failing', accountId, vars: { rate: state === 'error' ? '超过 10%' : '超过 5%' } })
  })
  const login = new LoginService({
    accounts, events, incidents, clock, logger: logger.child('login'), fetch: net.fetch, browser: ports.browser,
    global: () => settings.global(), restart: async (id) => manager?.restart(id)
  })
  const onState = (accountId: string, change: StateChange): void => {
    notify.onState(accountId, change)
    recover(accountId, change).catch((err: unknown) => logger.warn('account recovery failed', { accountId, err }))
  }
  const recover = async (accountId: string, change: StateChange): Promise<void> => {
    if (change.state !== 'CONNECTED' && change.state !== 'FAILED') return
    const nick = accounts.row(accountId).nick || accountId
    if (change.state === 'CONNECTED') {
      incidents.resolve('needs_login', accountId)
      incidents.resolve('needs_verification', accountId)
    } else if (change.state === 'FAILED' && change.error?.kind === 'needs_login') {
      if (await login.refresh(accountId)) return
      incidents.raise({ kind: 'needs_login', accountId, vars: { account: nick, reason: '' } })
    } else if (change.state === 'FAILED' && change.error?.kind === 'needs_verification') {
      if (await login.autoVerify(accountId)) return
      incidents.raise({ kind: 'needs_verification', accountId, vars: { account: nick, reason: '' } })
    }
  }
  const ordersStore = new OrdersStore(db)
  repos.accounts.onRemoved((id) => ordersStore.wipeAccount(id))
  const orders = new OrdersService({
    store: ordersStore, events, clock, logger: logger.child('orders'), outbound: pipeline.outbound,
    api: options.orders?.api ?? new MtopOrderApi((id) => manager?.client(id)?.mtop ?? null),
    conversations: repos.conversations, messages: repos.messages, items: repos.items,
    accountExists: (id) => repos.accounts.get(id) !== null,
    accountOnline: (id) => {
      try {
        return accounts.get(id).connection === 'CONNECTED'
      } catch {
        return false
      }
    },
    openChat: (id, o) => {
      if (!manager) throw new AppError('UNAVAILABLE', '账号未连接 / The account is not connected')
      return manager.openChat(id, o)
    },
    // a paid order (once per order, not per card) and each review (one per incident) are events
    notice: (n) => incidents.once(n),
    fetch: options.orders?.fetch ?? (globalThis.fetch.bind(globalThis) as unknown as HttpFetch),
    options: options.orders ?? {}
  })
  claimDelivery = (m) => orders.claimEcho(m)
  const demoService = new DemoService(ports.demo ?? null, { accounts, rules, settings, delivery: orders.catalog, events, clock, logger: logger.child('demo') })
  demo = demoService
  // order cards are not buyer questions: the pipeline never answers them; delivery runs even in a taken-over chat
  const onOrder = (accountId: string, cid: string, state: string, orderId: string | null): void => {
    try {
      orders.onCard(accountId, cid, state as Parameters<OrdersService['onCard']>[2], orderId)
    } catch (err) {
      // the reconcile finds the order again; the connection's message handler must not fail
      logger.error('order card failed', { accountId, orderId, err })
    }
  }
  manager = new AccountManager({ accounts, conversations: repos.conversations, items: repos.items, ingest, settings, events, clock, logger: logger.child('im'), net, endpointsFor, onState, onOrder, clientConfig: options.clientConfig,
    keepAliveMs: options.keepAliveMs, onLoginDying: (id) => void login.refresh(id),
    onBackfilled: (id) => {
      void pipeline.resume(id).catch((err: unknown) => logger.error('resume failed', { accountId: id, err }))
      void orders.resume(id).catch((err: unknown) => logger.error('delivery resume failed', { accountId: id, err }))
    } })
  sender = manager
  const media = new MediaService({ messages: repos.messages })
  const backups = new BackupService({ db, dbFile, nativeBinding: options.nativeBinding, dataDir: ports.paths.dataDir, accounts: repos.accounts, settings: repos.settings, rules, clock })
  const integrity = new IntegrityService({
    db, file: dbFile, dataDir: ports.paths.dataDir, nativeBinding: options.nativeBinding, clock, logger: logger.child('db'), incidents, backups,
    autoBackup: dbFile === ':memory:' ? false : options.autoBackup ?? AUTO_BACKUP, fullyChecked: opened.fullyChecked
  })
  const services: CoreServices = {
    db, accounts, chats, settings, secrets, rules, items: repos.items, pipeline, replies, ingest, manager, login, integrity, backups, notify, orders, demo: demoService,
    setSender: (s) => { sender = s }
  }

  const impl: ApiImpl = {
    'app.info': async () => ({
      name: 'xianyu-desk', productName: 'Xianyu Desk', version: ports.appVersion, host: ports.host,
      dataDir: ports.paths.dataDir, secretsBackend: secrets.backend, secretsReason: secrets.backend === 'unavailable' ? reason : ''
    }),
    'accounts.list': async () => accounts.list(),
    'accounts.addByCookie': async (input) => login.addByCookie(input),
    'accounts.verify': async (input) => login.verify(input.id),
    'accounts.refreshLogin': async (input) => {
      if (!(await login.refresh(input.id, { force: true }))) {
        throw new AppError('NEEDS_LOGIN', '续期没有成功（没有找到可用的浏览器，或登录已彻底失效），请重新登录 / Could not renew the login (no usable browser, or the login is gone); log in again')
      }
      return accounts.get(input.id)
    },
    'login.qrStart': async () => login.qrStart(),
    'login.qrCancel': async (input) => ({ cancelled: login.qrCancel(input.sessionId) }),
    'login.browser': async () => login.loginInBrowser(),
    'accounts.addDemo': async () => demoService.add(),
    'demo.status': async () => demoService.status(),
    'demo.start': async () => demoService.start(),
    'demo.restart': async () => demoService.restart(),
    'accounts.update': async (input) => accounts.update(input),
    'accounts.remove': async (input) => {
      await accounts.remove(input)
      // the last demo account gone: its world stops (a new demo starts a fresh one)
      await demoService.afterRemove()
      return { removed: true as const }
    },
    'settings.get': async (input) => settings.get(input),
    'settings.update': async (input) => {
      // a browser that exists must prove it is one before it is saved (a missing one is "none" until it appears)
      const browserPath = input.global?.browserPath
      if (browserPath && existsSync(browserPath)) {
        const probe = await probeBrowser(browserPath)
        if (!probe.ok) throw new AppError('BAD_INPUT', `设置无效 / Invalid settings — global.browserPath: ${probe.reason}`, { details: { issues: [{ path: 'global.browserPath', message: probe.reason }] } })
      }
      const out = settings.update(input)
      for (const w of out.warnings ?? []) logger.warn('settings: risky value saved', { path: w.path, message: w.message })
      return out
    },
    'settings.export': async () => ({ json: backups.export() }),
    'settings.import': async (input) => {
      const r = backups.import(input.json)
      return r
    },
    'app.backup': async () => backups.backup(),
    'app.integrity': async () => integrity.status(),
    'app.backups': async () => backups.list(),
    'app.restore': async (input) => ({ ...backups.stageRestore(input.name), restartRequired: true as const }),
    'secrets.status': async (input) => secrets.status(input.accountId),
    'secrets.setApiKey': async (input) => secrets.setApiKey(input.accountId, input.apiKey, input.slot),
    'conversations.list': async (input) => chats.listConversations(input),
    'messages.list': async (input) => chats.listMessages(input),
    'rules.list': async (input) => rules.list(input.accountId),
    'rules.save': async (input) => rules.save(input),
    'rules.remove': async (input) => ({ removed: rules.remove(input.id) }),
    'rules.export': async (input) => ({ json: rules.export(input.accountId) }),
    'rules.import': async (input) => rules.import(input),
    'rules.test': async (input) => {
      const account = accounts.get(input.accountId)
      const item = input.itemId ? repos.items.get(input.accountId, input.itemId) : null
      const s = settings.account(input.accountId)
      return rules.answer({
        accountId: input.accountId, cid: null, itemId: input.itemId ?? null, text: input.text,
        vars: templateVars({ buyerNick: input.buyerNick ?? '买家', sellerNick: account.nick, itemId: input.itemId, item, settings: s, now: clock.now() }),
        defaultReply: s.defaultReply
      })
    },
    'reply.preview': async (input) => replies.preview(input),
    'reply.checkPrice': async (input) => replies.checkPrice(input.accountId, input.cid, input.text),
    'decisions.list': async (input) => replies.decisions(input.accountId, input.cid, input.limit),
    'outcomes.list': async (input) => repos.outcomes.listChat(input.accountId, input.cid, input.limit),
    'accounts.replyStatus': async (input) => replies.replyStatus(input.accountId),
    'conversations.detail': async (input) => replies.detail(input.accountId, input.cid),
    'items.setFloor': async (input) => replies.setFloor(input.accountId, input.itemId, input.floorPrice),
    'conversations.takeover': async (input) => replies.takeover(input.accountId, input.cid),
    'conversations.release': async (input) => replies.release(input.accountId, input.cid),
    'conversations.setCopilot': async (input) => replies.setCopilot(input.accountId, input.cid, input.copilot),
    'conversations.resetBargain': async (input) => replies.resetBargain(input.accountId, input.cid),
    'conversations.markRead': async (input) => replies.markRead(input.accountId, input.cid),
    'messages.send': async (input) => replies.sendManual(input.accountId, input.cid, input.text),
    'media.image': async (input) => ({ dataUrl: await media.image(input.messageId) }),
    'dashboard.summary': async (input) => dashboard.summary(input.range, input.accountId),
    'messages.sendImage': async (input) => {
      const bytes = Buffer.from(input.dataBase64, 'base64')
      if (bytes.byteLength === 0) throw new AppError('BAD_INPUT', '图片是空的 / The picture is empty')
      const upload = async (accountId: string, f: { bytes: Uint8Array; filename: string; mime: string }) => {
        if (!manager) throw new AppError('UNAVAILABLE', 'not connected')
        return manager.upload(accountId, f)
      }
      return replies.sendManualImage(input.accountId, input.cid, { bytes, filename: input.filename, mime: input.mime }, upload)
    },
    'drafts.list': async (input) => replies.drafts(input.accountId, input.cid),
    'drafts.edit': async (input) => replies.editDraft(input.id, input.text),
    'drafts.approve': async (input) => replies.approveDraft(input.id, input.text),
    'drafts.request': async (input) => replies.requestDraft(input.accountId, input.cid, input.messageId),
    'drafts.discard': async (input) => replies.discardDraft(input.id),
    'notify.listChannels': async () => notify.service.list(),
    'notify.saveChannel': async (input) => notify.service.save(input),
    'notify.removeChannel': async (input) => ({ removed: await notify.service.remove(input.id) }),
    'notify.testChannel': async (input) => notify.service.test(input.id),
    'notify.getRouting': async () => notify.service.routing(),
    'notify.setRouting': async (input) => notify.service.setRouting(input.routing),
    'notify.listDeliveries': async (input) => notify.service.deliveries(input.limit, input.channelId),
    ...ordersApi(orders)
  }

  let closed = false
  return {
    api: validatedApi(impl),
    events,
    services,
    async start() {
      // the full check of a large database runs beside the accounts, not before them
      integrity.start().catch((err: unknown) => logger.error('database check failed', { err }))
      pipeline.holdForResume(accounts.list().map((a) => a.id))
      orders.start()
      await manager?.start()
    },
    async close() {
      if (closed) return
      closed = true
      login.close()
      orders.close()
      integrity.close()
      notify.close()
      await manager?.stop()
      await demoService.close()
      pipeline.close()
      events.clear()
      closeDb(db)
    }
  }
}
