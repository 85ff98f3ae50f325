import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { sendEmail } from '../../../src-main/core/notify/channels/email'
import type { ChannelError, OutNotice } from '../../../src-main/core/notify/channels/types'

const KEY = readFileSync(resolve('test/fixtures/smtp/key.pem'), 'utf8')
const CERT = readFileSync(resolve('test/fixtures/smtp/cert.pem'), 'utf8')
const PASS = 'smtp-auth-code-0001'

interface Smtp { port: number; mails: ParsedMail[]; sessions: Array<{ secure: boolean; user: string | undefined }>; close(): Promise<void> }

/** A real SMTP server (smtp-server) on 127.0.0.1 that requires AUTH and parses what arrives with mailparser. */
async function startSmtp(opts: Partial<SMTPServerOptions>): Promise<Smtp> {
  const mails: ParsedMail[] = []
  const sessions: Smtp['sessions'] = []
  const server = new SMTPServer({
    key: KEY, cert: CERT, authMethods: ['PLAIN', 'LOGIN'], logger: false, ...opts,
    onAuth(auth, _session, cb) {
      if (auth.username === 'seller@qq.com' && auth.password === PASS) cb(null, { user: auth.username })
      else cb(Object.assign(new Error('535 Authentication failed'), { responseCode: 535 }))
    },
    onData(stream, session, cb) {
      sessions.push({ secure: session.secure, user: session.user as string | undefined })
      simpleParser(stream).then((m) => { mails.push(m); cb() }, cb)
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.server.address() as AddressInfo).port
  return { port, mails, sessions, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const notice: OutNotice = { title: '卖家小鱼：需要重新登录', body: '闲鱼登录已失效，自动续期没有成功。请重新登录。', urgent: true, event: 'needs_login', accountId: 'a1', cid: null, orderId: null, createdAt: Date.now() }
let smtp: Smtp | null = null
afterEach(async () => { await smtp?.close(); smtp = null })

const ctx = (port: number, security: 'tls' | 'starttls' | 'none', password = PASS) => ({
  kind: 'email' as const, now: Date.now(), fetch: globalThis.fetch, secrets: { password }, smtpTls: { ca: CERT }, timeoutMs: 5000,
  config: { smtpHost: 'localhost', smtpPort: port, smtpSecurity: security, smtpUser: 'seller@qq.com', from: '闲鱼客服台 <seller@qq.com>', to: 'me@163.com' }
})

describe('e-mail channel against a real SMTP server', () => {
  it('TLS from the first byte (port-465 style): authenticated, Chinese subject and body intact', async () => {
    smtp = await startSmtp({ secure: true })
    await sendEmail(ctx(smtp.port, 'tls'), notice)
    expect(smtp.sessions).toEqual([{ secure: true, user: 'seller@qq.com' }])
    expect(smtp.mails[0]?.subject).toBe('卖家小鱼：需要重新登录')
    expect(smtp.mails[0]?.text?.trim()).toBe('闲鱼登录已失效，自动续期没有成功。请重新登录。')
    expect(smtp.mails[0]?.headers.get('x-xianyu-desk-event')).toBe('needs_login')
  })

  it('STARTTLS (port-587 style): the session is upgraded before AUTH', async () => {
    smtp = await startSmtp({ secure: false })
    await sendEmail(ctx(smtp.port, 'starttls'), notice)
    expect(smtp.sessions).toEqual([{ secure: true, user: 'seller@qq.com' }])
    expect(smtp.mails[0]?.to).toMatchObject({ text: 'me@163.com' })
  })

  it('STARTTLS required: a server that does not offer it is refused, never plaintext', async () => {
    smtp = await startSmtp({ secure: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true })
    const err = (await sendEmail(ctx(smtp.port, 'starttls'), notice).catch((e: unknown) => e)) as ChannelError
    expect(err.name).toBe('ChannelError')
    expect(smtp.mails).toHaveLength(0)
  })

  it('plain SMTP to a local relay', async () => {
    smtp = await startSmtp({ secure: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true })
    await sendEmail(ctx(smtp.port, 'none'), notice)
    expect(smtp.sessions).toEqual([{ secure: false, user: 'seller@qq.com' }])
    expect(smtp.mails[0]?.subject).toBe('卖家小鱼：需要重新登录')
  })

  it('a wrong password is the server\'s 535, not retried; the password is not in the message', async () => {
    smtp = await startSmtp({ secure: true })
    const err = (await sendEmail(ctx(smtp.port, 'tls', 'wrong-pass-xyz'), notice).catch((e: unknown) => e)) as ChannelError
    expect(err.message).toMatch(/535/)
    expect(err.retryable).toBe(false)
    expect(err.message).not.toContain('wrong-pass-xyz')
  })
})
