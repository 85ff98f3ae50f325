import { z } from 'zod'
import { isBrowserExecutablePath, isHttpUrl } from './inputs'

/** Local id of an account (not the platform user id). */
export const AccountId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid account id')
/** Platform ids (user, cid, item, message) are strings: some exceed 2^53. */
export const PlatformId = z.string().min(1).max(128)
export const Timestamp = z.number().int().nonnegative()

export const AccountKind = z.enum(['xianyu', 'demo'])
export const AccountStatus = z.enum(['online', 'connecting', 'needs_login', 'needs_verification', 'disabled', 'error'])
export type AccountStatus = z.infer<typeof AccountStatus>
/** The six protocol connection states of the seed. */
export const ConnectionState = z.enum(['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'RECONNECTING', 'FAILED', 'CLOSED'])
export type ConnectionState = z.infer<typeof ConnectionState>

export const Account = z.object({
  id: AccountId,
  kind: AccountKind,
  unb: z.string(),
  nick: z.string(),
  remark: z.string(),
  enabled: z.boolean(),
  status: AccountStatus,
  statusReason: z.string(),
  /** Set when status is needs_verification: the page a human must pass. */
  verifyUrl: z.string().nullable(),
  connection: ConnectionState,
  lastMessageAt: Timestamp.nullable(),
  createdAt: Timestamp,
  hasCookies: z.boolean()
})
export type Account = z.infer<typeof Account>

export const Intent = z.enum(['price', 'tech', 'default'])
export type Intent = z.infer<typeof Intent>

/** `demo`: the built-in demo model (local, deterministic, no key). */
export const ProviderKind = z.enum(['openai-compatible', 'gemini', 'dashscope-app', 'demo'])
export type ProviderKind = z.infer<typeof ProviderKind>

export const DEFAULT_PROMPTS: Readonly<Record<Intent, string>> = {
  price: '你是一位经验丰富的销售专家，擅长议价。\n语言要求：简短直接，每句≤10字，总字数≤40字。',
  tech: '你是一位技术专家，专业解答产品相关问题。\n语言要求：简短专业，每句≤10字，总字数≤40字。',
  default: '你是一位资深电商卖家，提供优质客服。\n语言要求：简短友好，每句≤10字，总字数≤40字。'
}
export const DEFAULT_REFUSAL = '抱歉，这个价格已经是最优惠的了，不能再便宜了哦！'

const Money = z.number().finite().nonnegative().max(10_000_000)
/** An AI endpoint: http(s) only (plain http off this machine is allowed with a warning, see plainHttpWarning). */
const BaseUrl = z.string().max(500).refine(isHttpUrl, '必须是 http(s) 地址 / must be an http(s) URL')

/** Per-account reply and AI settings. Field names are shared with `npm run reply`'s S.json. */
export const AccountSettings = z.object({
  aiEnabled: z.boolean(),
  provider: ProviderKind,
  preset: z.string().max(40),
  baseUrl: BaseUrl,
  model: z.string().min(1).max(120),
  /** 0 means no discount at all: never replaced by a default. */
  maxDiscountPercent: z.number().finite().min(0).max(50),
  /** 0 means no discount at all: never replaced by a default. */
  maxDiscountAmount: Money,
  maxBargainRounds: z.number().int().min(1).max(10),
  refusalReply: z.string().min(1).max(300),
  customPrompts: z.object({ price: z.string().max(4000), tech: z.string().max(4000), default: z.string().max(4000) }).partial(),
  contextMessages: z.number().int().min(1).max(50),
  debounceSeconds: z.number().min(0).max(60),
  pauseMinutes: z.number().int().min(1).max(24 * 60),
  replyMaxChars: z.number().int().min(10).max(500),
  copilot: z.boolean(),
  defaultReply: z.string().max(500),
  riskyWords: z.array(z.string().min(1).max(50)).max(500),
  dailyBudgetYuan: Money.nullable(),
  sendRatePerMinute: z.number().int().min(1).max(120),
  humanDelayMs: z.object({ min: z.number().int().min(0).max(30_000), max: z.number().int().min(0).max(60_000) })
    .refine((d) => d.max >= d.min, 'humanDelayMs.max must be ≥ min'),
  /**
   * Buyer messages older than this when the app gets to them (it was off, or the connection was
   * down) are not answered automatically: they go to 需处理 as "arrived while the app was off".
   */
  offlineReplyMinutes: z.number().int().min(1).max(24 * 60),
  /** Tried when the primary provider fails after its retries; its key is the 'backup' key slot. */
  backup: z.object({ provider: ProviderKind, baseUrl: BaseUrl, model: z.string().min(1).max(120) }).nullable()
})
export type AccountSettings = z.infer<typeof AccountSettings>

export const DEFAULT_ACCOUNT_SETTINGS: AccountSettings = {
  aiEnabled: false,
  provider: 'openai-compatible',
  preset: 'dashscope',
  baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  model: 'qwen-plus',
  maxDiscountPercent: 10,
  maxDiscountAmount: 100,
  maxBargainRounds: 3,
  refusalReply: DEFAULT_REFUSAL,
  customPrompts: {},
  contextMessages: 10,
  debounceSeconds: 10,
  pauseMinutes: 10,
  replyMaxChars: 40,
  copilot: false,
  defaultReply: '',
  riskyWords: [],
  dailyBudgetYuan: null,
  sendRatePerMinute: 20,
  humanDelayMs: { min: 0, max: 0 },
  offlineReplyMinutes: 30,
  backup: null
}

/**
 * The demo (issue 18): `none` — no demo account; `ready` — added, its buyers wait for the seller
 * to press start; `playing` — run `run` of the scripted buyers started at `startedAt`.
 */
export const DemoStatus = z.object({
  state: z.enum(['none', 'ready', 'playing']),
  accountId: AccountId.nullable(),
  run: z.number().int().nonnegative(),
  startedAt: Timestamp.nullable()
})
export type DemoStatus = z.infer<typeof DemoStatus>

/** Where an account's protocol client connects: Xianyu itself, or the simulator. */
export const Endpoints = z.object({
  mtopBase: z.string().url(),
  passportBase: z.string().url(),
  wsUrl: z.string().url(),
  uploadUrl: z.string().url(),
  /** Sync start variant: ackDiff "now" directly, or getState then ackDiff (reference clients disagree). */
  syncStart: z.enum(['ackDiffNow', 'getStateThenAckDiff'])
})
export type Endpoints = z.infer<typeof Endpoints>

export const Language = z.enum(['zh-CN', 'en'])

/** Xianyu's endpoints plus where its web pages live (the login and IM pages a browser opens). */
export const PlatformEndpoints = Endpoints.extend({ webBase: z.string().url() })
export type PlatformEndpoints = z.infer<typeof PlatformEndpoints>
export const Theme = z.enum(['light', 'dark', 'system'])
export const GlobalSettings = z.object({
  language: Language,
  theme: Theme,
  notifications: z.boolean(),
  sound: z.boolean(),
  startAtLogin: z.boolean(),
  pauseAllAi: z.boolean(),
  imTokenRefreshMinutes: z.number().int().min(10).max(24 * 60),
  /** Where new logins go; null = Xianyu itself. Tests and demos point it at the simulator. */
  platformEndpoints: PlatformEndpoints.nullable(),
  /**
   * A Chromium-family browser for cookie refresh and slider checks; null = find Chrome/Edge/Chromium.
   * An absolute path to chrome / chromium / msedge / google-chrome…; core also probes `--version` before use.
   */
  browserPath: z.string().max(500).refine(isBrowserExecutablePath, '必须是 Chrome、Chromium 或 Edge 的可执行文件的绝对路径 / must be the absolute path of a Chrome, Chromium or Edge executable').nullable()
})
export type GlobalSettings = z.infer<typeof GlobalSettings>
export const DEFAULT_GLOBAL_SETTINGS: GlobalSettings = {
  language: 'zh-CN',
  theme: 'light',
  notifications: true,
  sound: true,
  startAtLogin: false,
  pauseAllAi: false,
  imTokenRefreshMinutes: 60,
  platformEndpoints: null,
  browserPath: null
}

export const Conversation = z.object({
  accountId: AccountId,
  cid: PlatformId,
  buyerId: z.string(),
  buyerNick: z.string(),
  itemId: z.string().nullable(),
  itemTitle: z.string().nullable(),
  lastMessageText: z.string(),
  lastMessageAt: Timestamp.nullable(),
  unread: z.number().int().nonnegative(),
  /** 'auto': bot may answer; 'paused': until pausedUntil; 'takeover': until released. */
  mode: z.enum(['auto', 'paused', 'takeover']),
  pausedUntil: Timestamp.nullable(),
  bargainCount: z.number().int().nonnegative(),
  orderState: z.string().nullable(),
  /** Per-chat copilot override: null follows the account setting. */
  copilot: z.boolean().nullable(),
  /** Buyer messages held or needing the seller, not yet dealt with (the 需处理 filter). */
  attention: z.number().int().nonnegative()
})
export type Conversation = z.infer<typeof Conversation>

export const Direction = z.enum(['in', 'out'])
/** Who wrote an outbound message. */
/** `delivery`: an order's automatic delivery (卡密), sent by the delivery engine (issue 16). */
export const OutSource = z.enum(['keyword', 'ai', 'fallback', 'refusal', 'manual', 'other_device', 'draft', 'delivery'])
export const ContentType = z.enum(['text', 'image', 'card', 'system', 'other'])

export const Message = z.object({
  id: z.number().int(),
  accountId: AccountId,
  cid: PlatformId,
  direction: Direction,
  senderId: z.string(),
  senderNick: z.string(),
  contentType: ContentType,
  text: z.string(),
  imageUrl: z.string().nullable(),
  platformMessageId: z.string().nullable(),
  intent: Intent.nullable(),
  source: OutSource.nullable(),
  createdAt: Timestamp
})
export type Message = z.infer<typeof Message>

export const Cookie = z.string().min(1).max(16_384)
