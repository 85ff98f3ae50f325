import { createHmac } from 'node:crypto'

/**
 * DingTalk group robot "加签": string_to_sign = `${timestampMs}\n${secret}`, HMAC-SHA256 keyed
 * with the secret, base64; sent as the `timestamp` and url-encoded `sign` query parameters.
 * https://open.dingtalk.com/document/robots/customize-robot-security-settings
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64')
}

/**
 * Feishu / Lark custom bot "签名校验": string_to_sign = `${timestampSeconds}\n${secret}` is the
 * HMAC-SHA256 *key* over an empty message, base64; sent in the JSON body as `timestamp` + `sign`.
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('', 'utf8').digest('base64')
}

/** The generic webhook's header: hex HMAC-SHA256 of `${timestampSeconds}.${rawBody}` with the channel's secret. */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex')
}

export const WEBHOOK_SIGNATURE_HEADER = 'x-xianyu-desk-signature'
export const WEBHOOK_TIMESTAMP_HEADER = 'x-xianyu-desk-timestamp'
