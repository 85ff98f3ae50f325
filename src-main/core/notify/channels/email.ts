import nodemailer from 'nodemailer'
import { ChannelError, type OutNotice, type SendContext } from './types'

/** SMTP reply codes worth retrying: 4xx is "try again later" by definition (RFC 5321 §4.2.1). */
const isTransient = (err: { responseCode?: number; code?: string }): boolean =>
  (err.responseCode !== undefined && err.responseCode >= 400 && err.responseCode < 500) ||
  ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(err.code ?? '')

/**
 * E-mail over SMTP. `tls`: TLS from the first byte (port 465, what QQ / 163 / Aliyun document);
 * `starttls`: plain connect, then STARTTLS is required (587) — never falls back to plaintext;
 * `none`: plain (a relay on the local network only).
 */
export async function sendEmail(ctx: SendContext, n: OutNotice): Promise<void> {
  const { smtpHost, smtpPort, smtpSecurity = 'tls', smtpUser, from, to } = ctx.config
  if (!smtpHost || !to) throw new ChannelError('没有填写 SMTP 服务器或收件人 / SMTP host or recipient is missing', false)
  const pass = ctx.secrets['password']
  const transport = nodemailer.createTransport({
    host: smtpHost,
    port: smtpPort ?? (smtpSecurity === 'tls' ? 465 : 587),
    secure: smtpSecurity === 'tls',
    requireTLS: smtpSecurity === 'starttls',
    ignoreTLS: smtpSecurity === 'none',
    auth: smtpUser && pass ? { user: smtpUser, pass } : undefined,
    tls: ctx.smtpTls?.ca ? { ca: ctx.smtpTls.ca } : undefined,
    connectionTimeout: ctx.timeoutMs ?? 10_000,
    greetingTimeout: ctx.timeoutMs ?? 10_000,
    socketTimeout: ctx.timeoutMs ?? 10_000
  })
  try {
    await transport.sendMail({
      from: from || smtpUser || to.split(',')[0]?.trim(),
      to,
      subject: n.title,
      text: n.body || n.title,
      headers: { 'X-Xianyu-Desk-Event': n.event }
    })
  } catch (err) {
    const e = err as { message?: string; responseCode?: number; code?: string }
    throw new ChannelError(`SMTP ${e.responseCode ?? e.code ?? ''}: ${e.message ?? String(err)}`.trim(), isTransient(e))
  } finally {
    transport.close()
  }
}
