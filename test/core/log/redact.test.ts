import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src-main/core/log/logger'
import type { LogRecord } from '../../../src-main/core/ports'
import { redact, redactString } from '../../../src-main/core/log/redact'

describe('log redaction', () => {
  it('masks cookie values, tokens, API keys and URL credentials inside strings', () => {
    const s = redactString('cookie: unb=2200000000001; _m_h5_tk=0123456789abcdef0123456789abcdef_1760000000000; cookie2=abc123 Authorization: Bearer sk-abcdefghijklmnop https://user:pw@example.com/x?token=zzz&a=1')
    expect(s).not.toMatch(/2200000000001|0123456789abcdef|abc123|sk-abcdef|user:pw|zzz/)
    expect(s).toContain('unb=***')
    expect(s).toContain('a=1')
  })

  it('masks fields whose names are secret, recursively', () => {
    const r = redact({ apiKey: 'sk-1', nested: { cookie: 'x=1', password: 'p', keep: 'ok' }, list: [{ token: 't' }], accountId: 'acc_1' }) as Record<string, unknown>
    expect(JSON.stringify(r)).not.toMatch(/sk-1|x=1|"p"|"t"/)
    expect(r).toMatchObject({ nested: { keep: 'ok' }, accountId: 'acc_1' })
  })

  it('the logger redacts before any sink sees a record', () => {
    const seen: LogRecord[] = []
    const log = createLogger({ sinks: [(r) => seen.push(r)] }).child('t')
    log.info('sending with _m_h5_tk=ffffffffffffffffffffffffffffffff_1', { apiKey: 'sk-secret-value-123', err: new Error('cookie2=leak failed') })
    const text = JSON.stringify(seen)
    expect(text).not.toMatch(/ffffffff|sk-secret|leak/)
    expect(seen[0]?.scope).toBe('app.t')
  })
})
