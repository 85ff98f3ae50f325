import { NOTIFY_DEFAULT_BASE } from '@contract/notify'
import { ChannelError, type OutNotice, type SendContext } from './types'
import { dingtalkSign, feishuSign, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, webhookSignature } from './sign'

interface Request {
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string
  /** Reads the service's own success flag from its JSON answer; returns the error text, or null when it worked. */
  readonly check: (json: Record<string, unknown>) => string | null
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }
const text = (n: OutNotice): string => (n.body ? `${n.title}\n${n.body}` : n.title)
const base = (ctx: SendContext): string => (ctx.config.baseUrl ?? NOTIFY_DEFAULT_BASE[ctx.kind]).replace(/\/+$/, '')

function need(ctx: SendContext, field: string): string {
  const v = ctx.secrets[field]
  if (!v) throw new ChannelError(`没有配置 ${field} / ${field} is not configured`, false)
  return v
}

/** The robots' pages show a whole webhook URL; the token is one part of it. */
function tokenFrom(value: string, pick: (u: URL) => string | null): string {
  if (!/^https?:\/\//i.test(value)) return value
  try {
    return pick(new URL(value)) ?? value
  } catch {
    return value
  }
}
const lastSegment = (u: URL): string | null => u.pathname.split('/').filter(Boolean).at(-1) ?? null

const codeCheck = (field: string, ok: unknown, service: string, msgField: string) => (j: Record<string, unknown>): string | null =>
  j[field] === ok ? null : `${service} ${field} ${String(j[field])}: ${String(j[msgField] ?? '')}`

function dingtalk(ctx: SendContext, n: OutNotice): Request {
  const token = tokenFrom(need(ctx, 'token'), (u) => u.searchParams.get('access_token'))
  const url = new URL(base(ctx))
  url.searchParams.set('access_token', token)
  const secret = ctx.secrets['secret']
  if (secret) {
    url.searchParams.set('timestamp', String(ctx.now))
    url.searchParams.set('sign', dingtalkSign(secret, ctx.now))
  }
  return { url: url.toString(), headers: JSON_HEADERS, body: JSON.stringify({ msgtype: 'text', text: { content: text(n) } }), check: codeCheck('errcode', 0, 'DingTalk', 'errmsg') }
}

function feishu(ctx: SendContext, n: OutNotice): Request {
  const token = tokenFrom(need(ctx, 'token'), lastSegment)
  const secret = ctx.secrets['secret']
  const ts = Math.floor(ctx.now / 1000)
  const signed = secret ? { timestamp: String(ts), sign: feishuSign(secret, ts) } : {}
  return {
    url: `${base(ctx)}/${encodeURIComponent(token)}`, headers: JSON_HEADERS,
    body: JSON.stringify({ ...signed, msg_type: 'text', content: { text: text(n) } }),
    // older bots answer { StatusCode: 0 }, current ones { code: 0 }
    check: (j) => (j['code'] === 0 || (j['code'] === undefined && j['StatusCode'] === 0) ? null : `Feishu code ${String(j['code'] ?? j['StatusCode'])}: ${String(j['msg'] ?? j['StatusMessage'] ?? '')}`)
  }
}

function wecom(ctx: SendContext, n: OutNotice): Request {
  const key = tokenFrom(need(ctx, 'key'), (u) => u.searchParams.get('key'))
  const url = new URL(base(ctx))
  url.searchParams.set('key', key)
  return { url: url.toString(), headers: JSON_HEADERS, body: JSON.stringify({ msgtype: 'text', text: { content: text(n) } }), check: codeCheck('errcode', 0, 'WeCom', 'errmsg') }
}

function bark(ctx: SendContext, n: OutNotice): Request {
  const deviceKey = tokenFrom(need(ctx, 'deviceKey'), (u) => u.pathname.split('/').filter(Boolean)[0] ?? null)
  const body = {
    device_key: deviceKey, title: n.title, body: n.body || n.title, group: ctx.config.group || '闲鱼客服台',
    ...(ctx.config.sound ? { sound: ctx.config.sound } : {}),
    // time-sensitive notices break through iOS Focus; ordinary ones do not
    level: n.urgent ? 'timeSensitive' : 'active'
  }
  return { url: `${base(ctx)}/push`, headers: JSON_HEADERS, body: JSON.stringify(body), check: codeCheck('code', 200, 'Bark', 'message') }
}

function pushplus(ctx: SendContext, n: OutNotice): Request {
  const body = { token: need(ctx, 'token'), title: n.title, content: n.body || n.title, template: 'txt' }
  return { url: base(ctx), headers: JSON_HEADERS, body: JSON.stringify(body), check: codeCheck('code', 200, 'PushPlus', 'msg') }
}

function serverchan(ctx: SendContext, n: OutNotice): Request {
  const key = need(ctx, 'sendKey')
  const form = new URLSearchParams({ title: n.title.slice(0, 32), desp: n.body || n.title })
  return {
    url: `${base(ctx)}/${encodeURIComponent(key)}.send`, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form.toString(), check: codeCheck('code', 0, 'ServerChan', 'message')
  }
}

function telegram(ctx: SendContext, n: OutNotice): Request {
  const token = need(ctx, 'botToken')
  if (!ctx.config.chatId) throw new ChannelError('没有填写 chat id / chat id is missing', false)
  return {
    url: `${base(ctx)}/bot${token}/sendMessage`, headers: JSON_HEADERS,
    body: JSON.stringify({ chat_id: ctx.config.chatId, text: text(n), disable_web_page_preview: true }),
    check: (j) => (j['ok'] === true ? null : `Telegram ${String(j['error_code'] ?? '')}: ${String(j['description'] ?? '')}`)
  }
}

function webhook(ctx: SendContext, n: OutNotice): Request {
  const url = need(ctx, 'url')
  const body = JSON.stringify({ source: 'xianyu-desk', event: n.event, title: n.title, body: n.body, urgent: n.urgent, accountId: n.accountId, cid: n.cid, orderId: n.orderId, createdAt: n.createdAt })
  const secret = ctx.secrets['hmacSecret']
  const ts = Math.floor(ctx.now / 1000)
  const headers = secret ? { ...JSON_HEADERS, [WEBHOOK_TIMESTAMP_HEADER]: String(ts), [WEBHOOK_SIGNATURE_HEADER]: `sha256=${webhookSignature(secret, ts, body)}` } : JSON_HEADERS
  return { url, headers, body, check: () => null }
}

const BUILDERS = { dingtalk, feishu, wecom, bark, pushplus, serverchan, telegram, webhook } as const
export type HttpKind = keyof typeof BUILDERS
export const isHttpKind = (k: string): k is HttpKind => k in BUILDERS

/** Rate-limit answers of the robots, worth retrying later (DingTalk 130101/660026, Feishu 9499/11232, WeCom 45009). */
const RATE_CODES = /\b(130101|660026|9499|11232|45009)\b/

/** Sends one notice over an HTTP channel; throws ChannelError with the service's own error. */
export async function sendHttp(ctx: SendContext & { kind: HttpKind }, n: OutNotice): Promise<void> {
  const req = BUILDERS[ctx.kind](ctx, n)
  let status: number
  let raw: string
  try {
    const res = await ctx.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(ctx.timeoutMs ?? 10_000) })
    status = res.status
    raw = await res.text()
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    throw new ChannelError(`无法连接 / unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`, true)
  }
  if (status < 200 || status >= 300) throw new ChannelError(`HTTP ${status}: ${raw.slice(0, 200)}`, status >= 500 || status === 429)
  let json: Record<string, unknown> = {}
  try {
    const v: unknown = JSON.parse(raw)
    if (v && typeof v === 'object') json = v as Record<string, unknown>
  } catch {
    if (ctx.kind !== 'webhook') throw new ChannelError(`不是 JSON 回复 / not a JSON answer: ${raw.slice(0, 200)}`, false)
  }
  const error = req.check(json)
  if (error) throw new ChannelError(error, RATE_CODES.test(error))
}
