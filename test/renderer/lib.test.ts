import { describe, expect, it } from 'vitest'
import { parseHash, routeHref } from '../../src-renderer/src/app/routes'
import { en } from '../../src-renderer/src/i18n/en'
import { zhCN } from '../../src-renderer/src/i18n/zh-CN'
import { hueOf, initialOf } from '../../src-renderer/src/lib/avatar'
import { formatMessageTime } from '../../src-renderer/src/lib/format'
import { localizeMessage } from '../../src-renderer/src/lib/messages'

describe('localizeMessage', () => {
  const msg = 'Cookie 缺少 unb、_m_h5_tk，请复制完整 Cookie / The cookie lacks unb, _m_h5_tk; copy the whole cookie'
  it('shows the half of a "中文 / English" message in the UI language', () => {
    expect(localizeMessage(msg, 'zh-CN')).toBe('Cookie 缺少 unb、_m_h5_tk，请复制完整 Cookie')
    expect(localizeMessage(msg, 'en')).toBe('The cookie lacks unb, _m_h5_tk; copy the whole cookie')
  })
  it('leaves other messages whole', () => {
    expect(localizeMessage('boom', 'en')).toBe('boom')
    expect(localizeMessage('a / b', 'en')).toBe('a / b')
    expect(localizeMessage(' / only english', 'zh-CN')).toBe(' / only english')
  })
})

describe('formatMessageTime (TZ=UTC)', () => {
  const now = Date.UTC(2026, 4, 20, 15, 30) // Wed 20 May 2026
  it('shows the time today, "yesterday", a weekday this week, else a date', () => {
    expect(formatMessageTime(Date.UTC(2026, 4, 20, 9, 5), now, 'zh-CN')).toBe('09:05')
    expect(formatMessageTime(Date.UTC(2026, 4, 19, 22, 1), now, 'zh-CN')).toBe('昨天 22:01')
    expect(formatMessageTime(Date.UTC(2026, 4, 19, 22, 1), now, 'en')).toBe('Yesterday 22:01')
    expect(formatMessageTime(Date.UTC(2026, 4, 17, 8, 0), now, 'en')).toBe('Sun')
    expect(formatMessageTime(Date.UTC(2026, 3, 2, 8, 0), now, 'zh-CN')).toBe('4/2')
    expect(formatMessageTime(Date.UTC(2025, 11, 31, 8, 0), now, 'en')).toBe('12/31/2025')
  })
})

describe('routes', () => {
  it('parses known pages and falls back to the inbox', () => {
    expect(parseHash('#/accounts')).toEqual({ id: 'accounts', parts: [] })
    expect(parseHash('#/inbox/acc%201/c9')).toEqual({ id: 'inbox', parts: ['acc 1', 'c9'] })
    expect(parseHash('')).toEqual({ id: 'inbox', parts: [] })
    expect(parseHash('#/nope')).toEqual({ id: 'inbox', parts: [] })
    expect(parseHash(routeHref('settings'))).toEqual({ id: 'settings', parts: [] })
  })
})

describe('translations', () => {
  type Tree = { readonly [k: string]: string | Tree }
  const flatten = (t: Tree, prefix = ''): Record<string, string> =>
    Object.entries(t).reduce<Record<string, string>>((acc, [k, v]) => {
      if (typeof v === 'string') acc[prefix + k] = v
      else Object.assign(acc, flatten(v, `${prefix}${k}.`))
      return acc
    }, {})
  const zh = flatten(zhCN)
  const enFlat = flatten(en)
  const vars = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort()

  it('has the same keys in both languages, none empty', () => {
    expect(Object.keys(enFlat).sort()).toEqual(Object.keys(zh).sort())
    for (const [k, v] of Object.entries({ ...zh, ...enFlat })) expect(v.trim(), k).not.toBe('')
  })
  it('uses the same interpolation variables in both languages', () => {
    for (const k of Object.keys(zh)) expect(vars(enFlat[k] ?? ''), k).toEqual(vars(zh[k] ?? ''))
  })
  it('has a Chinese and an English label for every account status', () => {
    for (const s of ['online', 'connecting', 'needs_login', 'needs_verification', 'disabled', 'error'] as const) {
      expect(zhCN.accounts.status[s]).toMatch(/[\u4e00-\u9fff]/)
      expect(en.accounts.status[s]).toMatch(/^[A-Z]/)
    }
  })
})

describe('avatar', () => {
  it('is stable per seed and spreads similar seeds apart', () => {
    expect(hueOf('2201234567')).toBe(hueOf('2201234567'))
    const hues = ['2201234561', '2201234562', '2201234563', '2201234564'].map(hueOf)
    expect(new Set(hues).size).toBe(4)
    for (const h of hues) expect(h).toBeGreaterThanOrEqual(0)
  })
  it('uses the first character', () => {
    expect(initialOf(' 数码店')).toBe('数')
    expect(initialOf('bookworm')).toBe('B')
    expect(initialOf('')).toBe('?')
  })
})

describe('i18n runtime', () => {
  it('starts in the given language and pluralises English', async () => {
    const { initI18n } = await import('../../src-renderer/src/i18n')
    const i18n = initI18n('zh-CN')
    expect(i18n.t('nav.accounts')).toBe('账号')
    expect(i18n.t('accounts.count', { count: 1 })).toBe('共 1 个账号')
    await i18n.changeLanguage('en')
    expect(i18n.t('accounts.count', { count: 1 })).toBe('1 account')
    expect(i18n.t('accounts.count', { count: 3 })).toBe('3 accounts')
    expect(i18n.t('accounts.status.needs_verification')).toBe('Verification needed')
  })
})
