import { describe, expect, it } from 'vitest'
import { headlessKeychainReason, desktopKeychainReason, secretsUnavailableMessage, splitBilingual } from '../../../src-main/core/secrets/unavailable'
import { Vault } from '../../../src-main/core/secrets/vault'

/** What the UI shows per language (src-renderer/src/lib/messages.ts splits the same way, at the first " / "). */
const localizeMessage = (message: string, language: 'zh-CN' | 'en'): string => splitBilingual(message)[language === 'en' ? 'en' : 'zh']

describe('no keychain: the error says what failed and what to do, in each language', () => {
  const head = { zh: '没有可用的钥匙串，无法安全保存凭据', en: 'No keychain available; secrets cannot be stored safely' }

  it('the fix survives the UI picking one language (it used to drop it)', () => {
    const msg = secretsUnavailableMessage(head, headlessKeychainReason('org.freedesktop.secrets was not provided'))
    const zh = localizeMessage(msg, 'zh-CN')
    const en = localizeMessage(msg, 'en')
    expect(zh).toContain('没有可用的钥匙串')
    expect(zh).toContain('XIANYU_DESK_PASSPHRASE')
    expect(zh).toContain('gnome-keyring')
    expect(zh).not.toMatch(/To fix|No keychain|OS keychain/) // the English half stays out of the Chinese one
    expect(en).toContain('No keychain available')
    expect(en).toContain('XIANYU_DESK_PASSPHRASE')
    expect(en).not.toMatch(/[\u4e00-\u9fff]/)
    const desktop = localizeMessage(secretsUnavailableMessage(head, desktopKeychainReason('locked')), 'en')
    expect(desktop).toMatch(/unlock the system keychain/)
  })

  it('without a reason the head alone; a reason without two languages is used for both', () => {
    expect(secretsUnavailableMessage(head, '')).toBe(`${head.zh} / ${head.en}`)
    expect(splitBilingual('plain')).toEqual({ zh: 'plain', en: 'plain' })
  })

  it('the vault refuses with that message, never falls back to plaintext', async () => {
    const v = new Vault(null, headlessKeychainReason('no bus'))
    const err = await v.seal('cookie2=abc', 'acc').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'SECRETS_UNAVAILABLE' })
    expect(localizeMessage((err as Error).message, 'zh-CN')).toContain('XIANYU_DESK_PASSPHRASE')
  })
})
