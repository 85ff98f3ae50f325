import { describe, expect, it } from 'vitest'
import { chooseToken } from '../../src-main/headless/auth'

const files: Record<string, string> = { '/run/xd/token': 'file-token-0123456789abcdef\n', '/run/xd/short': 'abc\n' }
const read = (p: string): string => {
  const v = files[p]
  if (v === undefined) throw new Error(`ENOENT: no such file, open '${p}'`)
  return v
}

describe('access token sources', () => {
  it('takes --token, then --token-file, then XD_TOKEN, else a random token', () => {
    expect(chooseToken({ flag: 'flag-token-0123456789', file: '/run/xd/token', env: 'env-token-0123456789ab' }, read)).toMatchObject({ token: 'flag-token-0123456789', source: 'flag' })
    expect(chooseToken({ file: '/run/xd/token', env: 'env-token-0123456789ab' }, read)).toEqual({ token: 'file-token-0123456789abcdef', source: 'file', warning: null })
    expect(chooseToken({ env: 'env-token-0123456789ab' }, read)).toEqual({ token: 'env-token-0123456789ab', source: 'env', warning: null })
    const random = chooseToken({ env: '' }, read)
    expect(random.source).toBe('random')
    expect(random.token).toMatch(/^[0-9a-f]{48}$/)
  })

  it('warns that --token shows in ps', () => {
    expect(chooseToken({ flag: 'flag-token-0123456789' }, read).warning).toMatch(/visible .*ps/)
  })

  it('refuses a short, odd or unreadable token with its source named', () => {
    expect(() => chooseToken({ file: '/run/xd/short' }, read)).toThrow(/token in \/run\/xd\/short must be 16/)
    expect(() => chooseToken({ file: '/run/xd/missing' }, read)).toThrow(/cannot read --token-file \/run\/xd\/missing/)
    expect(() => chooseToken({ env: 'has spaces in it, 0123456789' }, read)).toThrow(/XD_TOKEN/)
    expect(() => chooseToken({ flag: 'x;y' }, read)).toThrow(/--token/)
  })
})
