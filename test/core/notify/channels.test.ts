import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotifyChannelConfig, NotifyChannelKind } from '../../../src-main/contract/notify'
import { sendHttp, type HttpKind } from '../../../src-main/core/notify/channels/http'
import { ChannelError, type NotifyFetch, type OutNotice } from '../../../src-main/core/notify/channels/types'
import { startReceiver, type Receiver, type ReceiverSecrets } from './receiver'

const SECRETS: Required<ReceiverSecrets> = {
  dingtalk: { token: 'dt-access-token-0001', secret: 'SECdingtalk0123456789abcdef' },
  feishu: { token: 'fs-hook-0001-aaaa', secret: 'feishu-sign-secret-0001' },
  wecom: { key: 'wc-key-0001-bbbb' },
  bark: { deviceKey: 'bark-device-0001' },
  pushplus: { token: 'pp-token-0001' },
  serverchan: { sendKey: 'SCT0001serverchan' },
  telegram: { botToken: '123456:tg-bot-token-0001', chatId: '-100200300' },
  webhook: { hmacSecret: 'wh-hmac-secret-0001' }
}

let rx: Receiver
beforeAll(async () => { rx = await startReceiver(SECRETS) })
afterAll(async () => { await rx.close() })

const notice: OutNotice = { title: '小王：新消息（人工接管中）', body: 'iPhone 15\n还在吗？', urgent: false, event: 'takeover_message', accountId: 'a1', cid: 'c1', orderId: null, createdAt: Date.now() }
const fetch: NotifyFetch = (url, init) => globalThis.fetch(url, init)

function ctx(kind: HttpKind, secrets: Record<string, string>, config: NotifyChannelConfig = {}) {
  const baseUrl = kind === 'dingtalk' ? `${rx.url}/robot/send` : kind === 'feishu' ? `${rx.url}/open-apis/bot/v2/hook` : kind === 'wecom' ? `${rx.url}/cgi-bin/webhook/send` : kind === 'pushplus' ? `${rx.url}/send` : rx.url
  return { kind, config: { baseUrl, ...config }, secrets, fetch, now: Date.now() } as const
}

const CASES: ReadonlyArray<[HttpKind, Record<string, string>, NotifyChannelConfig?]> = [
  ['dingtalk', SECRETS.dingtalk],
  ['feishu', SECRETS.feishu],
  ['wecom', SECRETS.wecom],
  ['bark', SECRETS.bark],
  ['pushplus', SECRETS.pushplus],
  ['serverchan', SECRETS.serverchan],
  ['telegram', { botToken: SECRETS.telegram.botToken }, { chatId: SECRETS.telegram.chatId }],
  ['webhook', { hmacSecret: SECRETS.webhook.hmacSecret, url: '' }]
]

describe('notification channels against a local receiver that checks each documented signature and payload', () => {
  it.each(CASES)('%s: delivered, signature verified, text intact', async (kind, secrets, config) => {
    const s = kind === 'webhook' ? { ...secrets, url: `${rx.url}/hook` } : secrets
    const before = rx.received.length
    await sendHttp(ctx(kind, s, config), notice)
    const got = rx.received.slice(before)
    expect(got).toHaveLength(1)
    expect(got[0]?.service).toBe(kind)
    if (['dingtalk', 'feishu', 'webhook'].includes(kind)) expect(got[0]?.signatureOk).toBe(true)
    expect(got[0]?.text).toContain('小王：新消息（人工接管中）')
    expect(got[0]?.text).toContain('还在吗？')
  })

  it('accepts the whole webhook URL a robot page shows, not only the token', async () => {
    await sendHttp(ctx('dingtalk', { token: `https://oapi.dingtalk.com/robot/send?access_token=${SECRETS.dingtalk.token}`, secret: SECRETS.dingtalk.secret }), notice)
    await sendHttp(ctx('feishu', { token: `https://open.feishu.cn/open-apis/bot/v2/hook/${SECRETS.feishu.token}`, secret: SECRETS.feishu.secret }), notice)
    await sendHttp(ctx('wecom', { key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${SECRETS.wecom.key}` }), notice)
    expect(rx.received.slice(-3).map((r) => r.signatureOk)).toEqual([true, true, null])
  })

  it('bark marks urgent notices time-sensitive', async () => {
    await sendHttp(ctx('bark', SECRETS.bark), { ...notice, urgent: true })
    expect(rx.received.at(-1)?.json?.['level']).toBe('timeSensitive')
  })

  it.each<[HttpKind, Record<string, string>, RegExp]>([
    ['dingtalk', { token: SECRETS.dingtalk.token, secret: 'wrong-secret' }, /DingTalk errcode 310000: sign not match/],
    ['feishu', { token: SECRETS.feishu.token, secret: 'wrong-secret' }, /Feishu code 19021/],
    ['wecom', { key: 'nope' }, /WeCom errcode 93000/],
    ['pushplus', { token: 'nope' }, /PushPlus code 903: 无效的用户token/],
    ['webhook', { url: 'PLACEHOLDER', hmacSecret: 'wrong' }, /HTTP 401/]
  ])('%s: the service\'s own error comes back, not retryable', async (kind, secrets, message) => {
    const s = secrets['url'] === 'PLACEHOLDER' ? { ...secrets, url: `${rx.url}/hook` } : secrets
    const err = await sendHttp(ctx(kind, s), notice).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ChannelError)
    expect((err as ChannelError).message).toMatch(message)
    expect((err as ChannelError).retryable).toBe(false)
  })

  it('a 5xx or an unreachable service is retryable', async () => {
    rx.failNext(1, 503)
    const busy = (await sendHttp(ctx('wecom', SECRETS.wecom), notice).catch((e: unknown) => e)) as ChannelError
    expect(busy).toMatchObject({ retryable: true, message: 'HTTP 503: upstream busy' })
    const closed = await startReceiver({})
    await closed.close()
    const down = (await sendHttp({ ...ctx('wecom', SECRETS.wecom), config: { baseUrl: `${closed.url}/x` } }, notice).catch((e: unknown) => e)) as ChannelError
    expect(down).toMatchObject({ retryable: true })
    expect(down.message).toMatch(/ECONNREFUSED/)
  })

  it('a missing required secret is a clear, non-retryable error', async () => {
    const err = (await sendHttp(ctx('telegram', {}, { chatId: '1' }), notice).catch((e: unknown) => e)) as ChannelError
    expect(err).toMatchObject({ retryable: false })
    expect(err.message).toMatch(/botToken/)
  })

  it('defaults to the real services', async () => {
    const { NOTIFY_DEFAULT_BASE } = await import('../../../src-main/contract/notify')
    const seen: string[] = []
    const spy: NotifyFetch = async (url) => { seen.push(url); return { status: 200, text: async () => '{"errcode":0,"code":0,"ok":true}' } }
    for (const kind of ['dingtalk', 'wecom'] as const satisfies ReadonlyArray<NotifyChannelKind>) {
      await sendHttp({ kind, config: {}, secrets: kind === 'dingtalk' ? SECRETS.dingtalk : SECRETS.wecom, fetch: spy, now: Date.now() }, notice)
    }
    expect(seen[0]).toMatch(/^https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=dt-access-token-0001&timestamp=\d+&sign=/)
    expect(seen[1]).toBe(`${NOTIFY_DEFAULT_BASE.wecom}?key=${SECRETS.wecom.key}`)
  })
})
