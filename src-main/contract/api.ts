import { z } from 'zod'
import {
  Account, AccountId, AccountSettings, Conversation, Cookie, DemoStatus, GlobalSettings, Message, PlatformId
} from './schemas'
import { KeywordRule, NewKeywordRule, ReplyPart } from './rules'
import { DashboardSummary, Decision, DecisionRecord, Draft, HistoryEntry, ItemInfo, MessageOutcome, Pricing, ReplyStatus } from './reply'
import { NotifyChannel, NotifyChannelId, NotifyDelivery, NotifyRouting, SaveNotifyChannel } from './notify'
import {
  CardPool, DayStats, DeliveryMessage, DeliveryReview, DeliveryRule, DeliverySettings, ItemDelivery, NewDeliveryRule, Order, OrderEvent, OrderQuery, PoolCode
} from './orders'

const Empty = z.object({}).strict()

/**
 * The one API of the app. Calls are `domain.verb`; every entry has a zod input and output.
 * The Electron IPC binding, the headless HTTP host and the renderer bridge are all derived from it.
 */
export const api = {
  /** Product name, version and where it runs. */
  'app.info': {
    in: Empty,
    out: z.object({
      name: z.string(),
      productName: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'headless']),
      dataDir: z.string(),
      secretsBackend: z.enum(['keychain', 'passphrase', 'memory', 'unavailable']),
      /** Why secrets cannot be stored and how to fix it ("中文 / English"); empty when they can. */
      secretsReason: z.string()
    })
  },
  /** All accounts, oldest first. */
  'accounts.list': { in: Empty, out: z.array(Account) },
  /** Add (or re-login) an account from a pasted cookie string. Requires `unb` and `_m_h5_tk`. */
  'accounts.addByCookie': {
    in: z.object({ cookie: Cookie, remark: z.string().max(100).optional() }).strict(),
    out: Account
  },
  /** Add the demo account: a bundled simulator with scripted buyers (no Xianyu account needed). */
  'accounts.addDemo': { in: Empty, out: Account },
  /** Where the demo stands: no demo account, waiting for start, or playing (changes arrive as `demo.changed`). */
  'demo.status': { in: Empty, out: DemoStatus },
  /** The demo's scripted buyers start writing (nothing happens in the demo before this). */
  'demo.start': { in: Empty, out: DemoStatus },
  /** The whole demo scenario again, on new chats with fresh buyer names. */
  'demo.restart': { in: Empty, out: DemoStatus },
  'accounts.update': {
    in: z.object({
      id: AccountId,
      remark: z.string().max(100).optional(),
      enabled: z.boolean().optional()
    }).strict(),
    out: Account
  },
  /**
   * Pass the platform's security check (slider) for an account: automatically when possible,
   * else in a browser window for the human (desktop: the account's own embedded window).
   */
  'accounts.verify': { in: z.object({ id: AccountId }).strict(), out: Account },
  /** Renew the account's login now by opening the IM page in a browser with its cookies. */
  'accounts.refreshLogin': { in: z.object({ id: AccountId }).strict(), out: Account },
  /** Start a QR login; progress arrives as `login.qr` events. */
  'login.qrStart': {
    in: z.object({}).strict(),
    out: z.object({ sessionId: z.string(), qrContent: z.string(), expiresAt: z.number().int() })
  },
  'login.qrCancel': { in: z.object({ sessionId: z.string().max(64) }).strict(), out: z.object({ cancelled: z.boolean() }) },
  /** Log in in a real browser window (desktop app); resolves with the account once the login cookies appear. */
  'login.browser': { in: z.object({}).strict(), out: Account },
  /** Remove an account: its keychain entries and cookies always; its chats and messages only if `wipeData`. */
  'accounts.remove': {
    in: z.object({ id: AccountId, wipeData: z.boolean() }).strict(),
    out: z.object({ removed: z.literal(true) })
  },
  /** Global settings, and one account's settings when `accountId` is given. */
  'settings.get': {
    in: z.object({ accountId: AccountId.optional() }).strict(),
    out: z.object({ global: GlobalSettings, account: AccountSettings.nullable() })
  },
  /**
   * Partial update; the merged result is validated as a whole before anything is saved. Unknown keys
   * are refused, naming them. `warnings`: accepted but risky values (plain http to another machine).
   */
  'settings.update': {
    in: z.object({
      global: GlobalSettings.partial().strict().optional(),
      accountId: AccountId.optional(),
      account: z.record(z.string(), z.unknown()).optional()
    }).strict().refine((v) => v.account === undefined || v.accountId !== undefined, 'account settings need accountId'),
    out: z.object({
      global: GlobalSettings,
      account: AccountSettings.nullable(),
      warnings: z.array(z.object({ path: z.string(), message: z.string() })).optional()
    })
  },
  /** All settings and keyword rules as one JSON file (never secrets: API keys and cookies stay in the keychain). */
  'settings.export': { in: Empty, out: z.object({ json: z.string() }) },
  /** Restore an exported file; validated whole before anything changes. Accounts are matched by their user id (unb). */
  'settings.import': {
    in: z.object({ json: z.string().max(10_000_000) }).strict(),
    out: z.object({ accounts: z.number().int(), rules: z.number().int() })
  },
  /** A consistent copy of the database in the data folder's backups/ (online backup, no downtime). */
  'app.backup': { in: Empty, out: z.object({ path: z.string(), bytes: z.number().int() }) },
  /**
   * The database's health: a large database is fully checked after start ('checking' until then);
   * 'damaged' lists what SQLite found and the newest backup to restore.
   */
  'app.integrity': {
    in: Empty,
    out: z.object({
      state: z.enum(['ok', 'checking', 'damaged']),
      dbPath: z.string(),
      problems: z.array(z.string()),
      checkedAt: z.number().int().nullable(),
      newestBackup: z.string().nullable()
    })
  },
  /** The backups in the data folder, newest first (daily automatic ones, the newest 7 kept, and manual ones). */
  'app.backups': {
    in: Empty,
    out: z.array(z.object({ name: z.string(), path: z.string(), bytes: z.number().int(), createdAt: z.number().int(), auto: z.boolean() }))
  },
  /**
   * Restore a backup (by name, from `app.backups`): it is checked now and put in place at the next
   * start; the current database is kept aside, never deleted.
   */
  'app.restore': {
    in: z.object({ name: z.string().regex(/^xianyu-desk-(auto-)?[0-9TZ-]+\.db$/, 'not a backup name') }).strict(),
    out: z.object({ staged: z.string(), backup: z.string(), restartRequired: z.literal(true) })
  },
  /** Where secrets live and whether this account's API key is configured. Never returns a secret. */
  'secrets.status': {
    in: z.object({ accountId: AccountId.optional() }).strict(),
    out: z.object({
      backend: z.enum(['keychain', 'passphrase', 'memory', 'unavailable']),
      available: z.boolean(),
      apiKeyConfigured: z.boolean(),
      backupKeyConfigured: z.boolean()
    })
  },
  /** Store (or with null, delete) an account's LLM API key in the keychain (the primary or the backup provider's). */
  'secrets.setApiKey': {
    in: z.object({ accountId: AccountId, apiKey: z.string().trim().min(1).max(1000).nullable(), slot: z.enum(['primary', 'backup']).default('primary') }).strict(),
    out: z.object({ configured: z.boolean() })
  },
  'conversations.list': {
    in: z.object({
      accountId: AccountId.optional(),
      search: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(20_000).default(200)
    }).strict(),
    out: z.array(Conversation)
  },
  /** The last `limit` messages of a chat (older pages with `beforeId`), oldest first. */
  'messages.list': {
    in: z.object({
      accountId: AccountId,
      cid: PlatformId,
      limit: z.number().int().min(1).max(500).default(50),
      beforeId: z.number().int().optional()
    }).strict(),
    out: z.array(Message)
  },
  /** Keyword rules visible to an account (its own, its items', and global), or all. */
  'rules.list': {
    in: z.object({ accountId: AccountId.optional() }).strict(),
    out: z.array(KeywordRule)
  },
  /**
   * Create (no id) or replace (with id) a rule. Refused with BAD_INPUT when a reply would quote below
   * the floor of a cached item the rule answers for (rendered per item); the message names the
   * floor and the item, `details` holds { floor, itemId, price }.
   */
  'rules.save': {
    in: z.object({ id: z.number().int().optional(), rule: NewKeywordRule }).strict(),
    out: KeywordRule
  },
  'rules.remove': {
    in: z.object({ id: z.number().int() }).strict(),
    out: z.object({ removed: z.boolean() })
  },
  /** The rules as a JSON file (format xianyu-desk.rules v1). */
  'rules.export': {
    in: z.object({ accountId: AccountId.optional() }).strict(),
    out: z.object({ json: z.string() })
  },
  /**
   * Import a rules file. `targetAccountId` re-homes account and item rules to that account
   * (account ids differ between machines); 'replace' first deletes the rules it would shadow.
   */
  'rules.import': {
    in: z.object({ json: z.string().max(5_000_000), targetAccountId: AccountId.optional(), mode: z.enum(['merge', 'replace']) }).strict(),
    out: z.object({ imported: z.number().int() })
  },
  /** Which rule would answer this text, and the rendered reply. */
  'rules.test': {
    in: z.object({ accountId: AccountId, itemId: z.string().max(30).optional(), text: z.string().min(1).max(2000), buyerNick: z.string().max(64).optional() }).strict(),
    out: z.object({ rule: KeywordRule.nullable(), replies: z.array(ReplyPart), usedDefault: z.boolean() })
  },
  /**
   * What the bot would answer, without sending anything (the settings page's test button).
   * Uses the chat's real history and item when `cid` is given, else the supplied ones.
   */
  'reply.preview': {
    in: z.object({
      accountId: AccountId,
      text: z.string().trim().min(1).max(2000),
      cid: PlatformId.optional(),
      itemId: z.string().max(30).optional(),
      /** A sample list price for the test button when no cached item is named. */
      samplePrice: z.number().positive().max(10_000_000).optional(),
      history: z.array(HistoryEntry).max(100).optional()
    }).strict(),
    out: Decision
  },
  /**
   * The prices in a text the seller is about to send (an edited copilot draft) that are below the
   * chat's floor: the composer warns before sending (the seller decides; it is their price).
   * `floor` is null when the chat's item price is unknown.
   */
  'reply.checkPrice': {
    in: z.object({ accountId: AccountId, cid: PlatformId, text: z.string().max(2000) }).strict(),
    out: z.object({ floor: z.number().nullable(), below: z.array(z.object({ raw: z.string(), value: z.number() })) })
  },
  /** The decision records of a chat, newest last. */
  'decisions.list': {
    in: z.object({ accountId: AccountId, cid: PlatformId, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    out: z.array(DecisionRecord)
  },
  /** Where each buyer message of a chat stands (answered, drafted, held with its reason, needs you), oldest first. */
  'outcomes.list': {
    in: z.object({ accountId: AccountId, cid: PlatformId, limit: z.number().int().min(1).max(500).default(200) }).strict(),
    out: z.array(MessageOutcome)
  },
  /** Whether the bot really answers in this account's chats now (AI on and usable, keywords only, off). */
  'accounts.replyStatus': { in: z.object({ accountId: AccountId }).strict(), out: ReplyStatus },
  /**
   * Everything the chat view shows beside the messages: the item, where bargaining stands, pending
   * drafts, and the account's copilot setting (a chat whose own `copilot` is null follows it).
   */
  'conversations.detail': {
    in: z.object({ accountId: AccountId, cid: PlatformId }).strict(),
    out: z.object({ conversation: Conversation, item: ItemInfo.nullable(), pricing: Pricing.nullable(), drafts: z.array(Draft), accountCopilot: z.boolean() })
  },
  /** Set (or clear with null) the seller's own floor price for an item. */
  'items.setFloor': {
    in: z.object({ accountId: AccountId, itemId: z.string().regex(/^\d{1,30}$/), floorPrice: z.number().finite().min(0).max(10_000_000).nullable() }).strict(),
    out: ItemInfo
  },
  /** The seller takes a chat over: the bot stays silent there until released. */
  'conversations.takeover': {
    in: z.object({ accountId: AccountId, cid: PlatformId }).strict(),
    out: Conversation
  },
  /** Hand a taken-over or paused chat back to the bot. */
  'conversations.release': {
    in: z.object({ accountId: AccountId, cid: PlatformId }).strict(),
    out: Conversation
  },
  /** Per-chat copilot: true drafts only, false answers automatically, null follows the account. */
  'conversations.setCopilot': {
    in: z.object({ accountId: AccountId, cid: PlatformId, copilot: z.boolean().nullable() }).strict(),
    out: Conversation
  },
  'conversations.resetBargain': {
    in: z.object({ accountId: AccountId, cid: PlatformId }).strict(),
    out: Conversation
  },
  'conversations.markRead': {
    in: z.object({ accountId: AccountId, cid: PlatformId }).strict(),
    out: Conversation
  },
  /** Send a message by hand. Pauses the bot in this chat like a reply from the phone would. */
  'messages.send': {
    in: z.object({ accountId: AccountId, cid: PlatformId, text: z.string().trim().min(1).max(1000) }).strict(),
    out: Message
  },
  /**
   * A chat image as a data: URL, fetched by core (the renderer never reaches the network, and its
   * CSP allows only data:/blob: images). Only images of stored messages can be asked for.
   */
  'media.image': {
    in: z.object({ messageId: z.number().int() }).strict(),
    out: z.object({ dataUrl: z.string() })
  },
  'dashboard.summary': {
    in: z.object({ range: z.enum(['today', '7d']), accountId: AccountId.optional() }).strict(),
    out: DashboardSummary
  },
  /** Send a picture by hand (uploaded to Xianyu first). Pauses the bot in this chat like a text reply. */
  'messages.sendImage': {
    in: z.object({
      accountId: AccountId, cid: PlatformId,
      mime: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      filename: z.string().min(1).max(200),
      dataBase64: z.string().min(4).max(14_000_000, '图片不能超过 10 MB / the picture must be under 10 MB')
    }).strict(),
    out: Message
  },
  'drafts.list': {
    in: z.object({ accountId: AccountId.optional(), cid: PlatformId.optional() }).strict(),
    out: z.array(Draft)
  },
  'drafts.edit': {
    in: z.object({ id: z.number().int(), text: z.string().trim().min(1).max(1000) }).strict(),
    out: Draft
  },
  /** Send a pending draft (optionally with edited text) — exactly once. */
  'drafts.approve': {
    in: z.object({ id: z.number().int(), text: z.string().trim().min(1).max(1000).optional() }).strict(),
    out: Draft
  },
  /** "AI 起草": the AI drafts an answer to one buyer message (copilot path: checked, stored as a draft, never sent). */
  'drafts.request': {
    in: z.object({ accountId: AccountId, cid: PlatformId, messageId: z.number().int() }).strict(),
    out: Draft
  },
  'drafts.discard': {
    in: z.object({ id: z.number().int() }).strict(),
    out: Draft
  },
  /** Notification channels (the built-in desktop one first). Secrets appear only as "configured". */
  'notify.listChannels': { in: Empty, out: z.array(NotifyChannel) },
  /** Create (no id) or update a channel; secret fields go to the keychain. */
  'notify.saveChannel': { in: SaveNotifyChannel, out: NotifyChannel },
  'notify.removeChannel': { in: z.object({ id: NotifyChannelId }).strict(), out: z.object({ removed: z.boolean() }) },
  /** Sends a test notice through one channel now (no quiet hours, no rate limit, no retries). */
  'notify.testChannel': {
    in: z.object({ id: NotifyChannelId }).strict(),
    out: z.object({ ok: z.boolean(), error: z.string().nullable(), delivery: NotifyDelivery })
  },
  /** Which events go where, quiet hours, the rate limit and the templates. */
  'notify.getRouting': { in: Empty, out: NotifyRouting },
  'notify.setRouting': { in: z.object({ routing: NotifyRouting }).strict(), out: NotifyRouting },
  /** The delivery log, newest first. */
  'notify.listDeliveries': {
    in: z.object({ limit: z.number().int().min(1).max(1000).default(200), channelId: NotifyChannelId.optional() }).strict(),
    out: z.array(NotifyDelivery)
  },
  /** Orders across accounts, newest first, with the total matching the filter. */
  'orders.list': { in: OrderQuery, out: z.object({ orders: z.array(Order), total: z.number().int() }) },
  /** One order with its timeline (the trace: why it was or was not delivered) and its delivery messages (codes masked). */
  'orders.get': {
    in: z.object({ accountId: AccountId, orderId: PlatformId }).strict(),
    out: z.object({ order: Order, timeline: z.array(OrderEvent), messages: z.array(DeliveryMessage), reviews: z.array(DeliveryReview) })
  },
  /** Read the sold-orders list now (also done at start and every few minutes) to find orders paid while the app was off. */
  'orders.reconcile': {
    in: z.object({ accountId: AccountId.optional() }).strict(),
    out: z.object({ checked: z.number().int(), found: z.number().int(), updated: z.number().int() })
  },
  /** Orders, paid, delivered and revenue per local day. */
  'orders.stats': {
    in: z.object({ days: z.number().int().min(1).max(90).default(7), accountId: AccountId.optional() }).strict(),
    out: z.array(DayStats)
  },
  'delivery.getSettings': { in: z.object({ accountId: AccountId }).strict(), out: DeliverySettings },
  'delivery.setSettings': { in: DeliverySettings.strict(), out: DeliverySettings },
  'delivery.listRules': {
    in: z.object({ accountId: AccountId.optional(), itemId: PlatformId.optional() }).strict(),
    out: z.array(DeliveryRule)
  },
  /** Create (no id) or replace (with id). Unknown variables, a missing pool or a pool of another account are refused. */
  'delivery.saveRule': { in: z.object({ id: z.number().int().optional(), rule: NewDeliveryRule }).strict(), out: DeliveryRule },
  'delivery.removeRule': { in: z.object({ id: z.number().int() }).strict(), out: z.object({ removed: z.boolean() }) },
  /** Everything a delivery of this item needs, and what is missing ("no codes left", "auto-delivery off"). */
  'delivery.item': { in: z.object({ accountId: AccountId, itemId: PlatformId }).strict(), out: ItemDelivery },
  /** The items with a rule or a paid order, with their readiness. */
  'delivery.items': { in: z.object({ accountId: AccountId.optional() }).strict(), out: z.array(ItemDelivery) },
  /** Try an HTTP source once without delivering; the code comes back masked. */
  'delivery.testSource': {
    in: z.object({ ruleId: z.number().int() }).strict(),
    out: z.object({ ok: z.boolean(), masked: z.string(), error: z.string() })
  },
  'delivery.listPools': { in: z.object({ accountId: AccountId.optional() }).strict(), out: z.array(CardPool) },
  'delivery.savePool': {
    in: z.object({
      id: z.number().int().optional(),
      accountId: AccountId,
      name: z.string().trim().min(1).max(100),
      lowStockThreshold: z.number().int().min(0).max(1_000_000)
    }).strict(),
    out: CardPool
  },
  /** Removes a pool with no reserved codes; used codes stay in the orders' history (masked). */
  'delivery.removePool': { in: z.object({ id: z.number().int() }).strict(), out: z.object({ removed: z.boolean() }) },
  /**
   * Import codes by paste or file text: one per line, or a column of a CSV (`column`, 0-based).
   * Blank lines are ignored; duplicates within the text, in the pool, or already used anywhere are refused and counted.
   */
  'delivery.importCodes': {
    in: z.object({
      poolId: z.number().int(),
      text: z.string().max(20_000_000),
      format: z.enum(['lines', 'csv']),
      column: z.number().int().min(0).max(100).default(0)
    }).strict(),
    out: z.object({ added: z.number().int(), duplicates: z.number().int(), alreadyUsed: z.number().int(), blank: z.number().int(), tooLong: z.number().int() })
  },
  'delivery.listCodes': {
    in: z.object({
      poolId: z.number().int(),
      state: z.enum(['available', 'reserved', 'used']).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0)
    }).strict(),
    out: z.object({ codes: z.array(PoolCode), total: z.number().int() })
  },
  /** The clear codes, one per line, for the seller to save. */
  'delivery.exportCodes': {
    in: z.object({ poolId: z.number().int(), state: z.enum(['available', 'used', 'all']) }).strict(),
    out: z.object({ text: z.string(), count: z.number().int() })
  },
  /** Delete available codes (all, or the given ids); reserved and used codes stay. */
  'delivery.deleteCodes': {
    in: z.object({ poolId: z.number().int(), ids: z.array(z.number().int()).max(100_000).optional() }).strict(),
    out: z.object({ deleted: z.number().int() })
  },
  /** Orders that stopped and need the seller (需处理), newest first. */
  'delivery.listReviews': {
    in: z.object({ accountId: AccountId.optional(), open: z.boolean().default(true) }).strict(),
    out: z.array(DeliveryReview)
  },
  /** Deliver this paid order now (after adding codes, fixing the rule, or choosing one of several rules with `ruleId`). */
  'delivery.deliverNow': {
    in: z.object({ accountId: AccountId, orderId: PlatformId, ruleId: z.number().int().optional() }).strict(),
    out: Order
  },
  /** Send the same code(s) again (the buyer lost the message); never takes a new code. */
  'delivery.resend': { in: z.object({ accountId: AccountId, orderId: PlatformId }).strict(), out: Order },
  /** The seller dealt with it by hand; the review leaves 需处理. */
  'delivery.markHandled': { in: z.object({ id: z.number().int() }).strict(), out: DeliveryReview },
  /** Confirm shipment now (consign.dummy, or freeshipping for 小刀 orders); idempotent. */
  'delivery.ship': { in: z.object({ accountId: AccountId, orderId: PlatformId }).strict(), out: Order }
} as const satisfies Record<string, { in: z.ZodType; out: z.ZodType }>

export type ApiSpec = typeof api
export type CallKey = keyof ApiSpec
export type CallInput<K extends CallKey> = z.input<ApiSpec[K]['in']>
export type CallOutput<K extends CallKey> = z.output<ApiSpec[K]['out']>
/** What the renderer sees: every call is async and takes the (pre-parse) input. */
export type Api = { [K in CallKey]: (input: CallInput<K>) => Promise<CallOutput<K>> }
/** What core implements: handlers get the parsed input. A missing handler is a type error. */
export type ApiImpl = { [K in CallKey]: (input: z.output<ApiSpec[K]['in']>) => Promise<CallOutput<K>> }
