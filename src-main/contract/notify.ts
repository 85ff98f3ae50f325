import { z } from 'zod'
import { AccountId } from './schemas'

/** Where a notice can go. `desktop` is the built-in one (native notification + in-app toast). */
export const NotifyChannelKind = z.enum(['desktop', 'dingtalk', 'feishu', 'wecom', 'bark', 'pushplus', 'serverchan', 'telegram', 'email', 'webhook'])
export type NotifyChannelKind = z.infer<typeof NotifyChannelKind>

/**
 * The secret fields of each kind: they go to the OS keychain and are never returned, only
 * "configured". A robot's field also accepts the whole webhook URL the robot's page shows.
 */
export const NOTIFY_SECRET_FIELDS = {
  desktop: [],
  dingtalk: ['token', 'secret'],
  feishu: ['token', 'secret'],
  wecom: ['key'],
  bark: ['deviceKey'],
  pushplus: ['token'],
  serverchan: ['sendKey'],
  telegram: ['botToken'],
  email: ['password'],
  webhook: ['url', 'hmacSecret']
} as const satisfies Record<NotifyChannelKind, ReadonlyArray<string>>
/** Secret fields a channel cannot work without (the signing / HMAC secrets are optional). */
export const NOTIFY_REQUIRED_SECRETS: Record<NotifyChannelKind, ReadonlyArray<string>> = {
  desktop: [], dingtalk: ['token'], feishu: ['token'], wecom: ['key'], bark: ['deviceKey'], pushplus: ['token'],
  serverchan: ['sendKey'], telegram: ['botToken'], email: ['password'], webhook: ['url']
}

/** Default service addresses; every channel can override its base URL (tests point it at a local server). */
export const NOTIFY_DEFAULT_BASE: Record<NotifyChannelKind, string> = {
  desktop: '',
  dingtalk: 'https://oapi.dingtalk.com/robot/send',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook',
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
  bark: 'https://api.day.app',
  pushplus: 'https://www.pushplus.plus/send',
  serverchan: 'https://sctapi.ftqq.com',
  telegram: 'https://api.telegram.org',
  email: '',
  webhook: ''
}

export const SmtpSecurity = z.enum(['tls', 'starttls', 'none'])
/** SMTP presets of common Chinese mail providers (the password is the provider's 授权码 / app password). */
export const SMTP_PRESETS = [
  { id: 'qq', name: { zh: 'QQ 邮箱', en: 'QQ Mail' }, host: 'smtp.qq.com', port: 465, security: 'tls' },
  { id: '163', name: { zh: '网易 163 邮箱', en: 'NetEase 163' }, host: 'smtp.163.com', port: 465, security: 'tls' },
  { id: 'aliyun', name: { zh: '阿里邮箱', en: 'Aliyun Mail' }, host: 'smtp.aliyun.com', port: 465, security: 'tls' },
  { id: 'aliyun-qiye', name: { zh: '阿里企业邮箱', en: 'Aliyun Enterprise Mail' }, host: 'smtp.qiye.aliyun.com', port: 465, security: 'tls' }
] as const satisfies ReadonlyArray<{ id: string; name: { zh: string; en: string }; host: string; port: number; security: z.infer<typeof SmtpSecurity> }>

/** A channel's settings that are not secret. Which fields apply depends on the kind. */
export const NotifyChannelConfig = z.object({
  /** Overrides the service's address (NOTIFY_DEFAULT_BASE). */
  baseUrl: z.string().url().max(500).optional(),
  /** Telegram: the chat to post in. */
  chatId: z.string().max(100).optional(),
  /** Bark: sound and group. */
  sound: z.string().max(50).optional(),
  group: z.string().max(50).optional(),
  /** E-mail. */
  smtpHost: z.string().max(200).optional(),
  smtpPort: z.number().int().min(1).max(65535).optional(),
  smtpSecurity: SmtpSecurity.optional(),
  smtpUser: z.string().max(200).optional(),
  from: z.string().max(200).optional(),
  to: z.string().max(1000).optional()
}).strict()
export type NotifyChannelConfig = z.infer<typeof NotifyChannelConfig>

export const NotifyChannelId = z.string().regex(/^(desktop|c\d{1,12})$/)
export const NotifyChannel = z.object({
  id: NotifyChannelId,
  name: z.string(),
  kind: NotifyChannelKind,
  enabled: z.boolean(),
  /** Only these accounts' notices; null = every account. */
  accountIds: z.array(AccountId).nullable(),
  config: NotifyChannelConfig,
  /** Which secret fields are stored in the keychain. Never the values. */
  secrets: z.record(z.string(), z.boolean())
})
export type NotifyChannel = z.infer<typeof NotifyChannel>

/** What the seller can be told about. */
export const NotifyEventKind = z.enum([
  'takeover_message', 'reply_held', 'order_paid', 'delivery_review', 'pool_low',
  'needs_login', 'needs_verification', 'account_offline', 'ai_failing', 'budget_reached', 'daily_summary', 'db_damaged'
])
export type NotifyEventKind = z.infer<typeof NotifyEventKind>

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)
export const NotifyEventRoute = z.object({
  enabled: z.boolean(),
  /** Channel ids; the desktop channel is 'desktop'. */
  channelIds: z.array(NotifyChannelId).max(50),
  /** null = every account. */
  accountIds: z.array(AccountId).nullable(),
  /** Urgent notices go out during quiet hours too. */
  urgent: z.boolean(),
  /** Templates: `{account}` `{buyer}` `{item}` `{text}` `{orderId}` `{reason}` `{minutes}` `{time}` … (see NOTIFY_VARIABLES). */
  title: z.string().min(1).max(200),
  body: z.string().max(2000)
})
export type NotifyEventRoute = z.infer<typeof NotifyEventRoute>

export const NotifyRouting = z.object({
  quietHours: z.object({ enabled: z.boolean(), start: Hhmm, end: Hhmm }),
  /** Per channel: at most `max` notices per `windowMinutes`; the rest go into one digest when the window ends. */
  rateLimit: z.object({ max: z.number().int().min(1).max(1000), windowMinutes: z.number().int().min(1).max(1440) }),
  /** An account offline for longer than this raises `account_offline`. */
  offlineMinutes: z.number().int().min(1).max(24 * 60),
  /** When the daily summary goes out (local time). */
  dailySummaryAt: Hhmm,
  events: z.record(NotifyEventKind, NotifyEventRoute)
})
export type NotifyRouting = z.infer<typeof NotifyRouting>

/** Variables each event's template can use. */
export const NOTIFY_VARIABLES: Record<NotifyEventKind, ReadonlyArray<string>> = {
  takeover_message: ['account', 'buyer', 'item', 'text', 'mode'],
  reply_held: ['account', 'buyer', 'item', 'text', 'reason'],
  order_paid: ['account', 'buyer', 'item', 'orderId'],
  delivery_review: ['account', 'buyer', 'item', 'orderId', 'reason'],
  pool_low: ['account', 'item', 'count'],
  needs_login: ['account', 'reason'],
  needs_verification: ['account', 'reason'],
  account_offline: ['account', 'minutes', 'reason'],
  ai_failing: ['account', 'rate'],
  budget_reached: ['account', 'budget'],
  daily_summary: ['date', 'messages', 'replies', 'orders', 'cost'],
  db_damaged: ['file', 'backup']
}

const route = (title: string, body: string, urgent = false, channelIds: ReadonlyArray<string> = ['desktop']): NotifyEventRoute =>
  ({ enabled: true, channelIds: [...channelIds], accountIds: null, urgent, title, body })

/** Chinese defaults: what a seller gets before changing anything. */
export const DEFAULT_NOTIFY_ROUTING: NotifyRouting = {
  quietHours: { enabled: false, start: '23:00', end: '08:00' },
  rateLimit: { max: 10, windowMinutes: 10 },
  offlineMinutes: 15,
  dailySummaryAt: '21:00',
  events: {
    takeover_message: route('{buyer}：新消息（{mode}）', '{item}\n{text}'),
    reply_held: route('{buyer}：AI 回复被拦下', '{reason}\n买家：{text}'),
    order_paid: route('{buyer} 已付款，请发货', '{item} · 订单 {orderId}'),
    delivery_review: route('{buyer} 的发货待审核', '{item} · 订单 {orderId}\n{reason}'),
    pool_low: route('{item}：卡密库存不足', '剩余 {count} 张，请补货。', true),
    needs_login: route('{account}：需要重新登录', '闲鱼登录已失效，自动续期没有成功。请重新登录。{reason}', true),
    needs_verification: route('{account}：需要安全验证', '闲鱼要求滑块验证，自动验证没有通过。请点击"验证"。', true),
    account_offline: route('{account}：已离线 {minutes} 分钟', '{reason}', true),
    ai_failing: route('{account}：AI 回复失败率过高', '近一小时失败率 {rate}，请检查 API Key、额度或更换模型。'),
    budget_reached: route('{account}：今日 AI 预算已用完', '已达到每日预算 ¥{budget}，今天只用关键词规则回复。'),
    db_damaged: route('数据库已损坏 / The database is damaged', '{file}\n{backup}', true),
    daily_summary: { ...route('{date} 日报', '收到消息 {messages} 条，发出 {replies} 条，有订单进展的会话 {orders} 个，AI 花费约 ¥{cost}。'), enabled: false }
  }
}

export const NotifyDeliveryStatus = z.enum(['pending', 'sent', 'failed', 'held', 'digested'])
export const NotifyDelivery = z.object({
  id: z.number().int(),
  channelId: NotifyChannelId,
  channelName: z.string(),
  /** The event, 'digest' (what was held back), or 'test' (the test button). */
  event: z.union([NotifyEventKind, z.enum(['digest', 'test'])]),
  accountId: AccountId.nullable(),
  title: z.string(),
  body: z.string(),
  status: NotifyDeliveryStatus,
  attempts: z.number().int(),
  /** The channel's own error (secrets masked) for a failed delivery; why it was held otherwise. */
  error: z.string().nullable(),
  /** The digest delivery a held notice went out in. */
  digestId: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int()
})
export type NotifyDelivery = z.infer<typeof NotifyDelivery>

export const SaveNotifyChannel = z.object({
  id: NotifyChannelId.optional(),
  name: z.string().trim().min(1).max(50),
  kind: NotifyChannelKind,
  enabled: z.boolean(),
  accountIds: z.array(AccountId).max(100).nullable(),
  config: NotifyChannelConfig,
  /** Per secret field: a string stores it, null deletes it, absent keeps what is stored. */
  secrets: z.record(z.string().max(40), z.string().trim().min(1).max(2000).nullable()).optional()
}).strict()
