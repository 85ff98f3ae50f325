import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../../src-main/core/secrets/vault'
import { PassphraseSecretStore } from '../../../src-main/core/secrets/passphrase'
import { AppError } from '../../../src-main/core/errors'
import { MemorySecretStore } from '../../helpers/memorySecrets'

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
    return 'resolved'
  } catch (err) {
    return err instanceof AppError ? err.code : `other: ${String(err)}`
  }
}

describe('Vault (AES-256-GCM envelopes under a keychain data key)', () => {
  it('round-trips and never contains the plaintext', async () => {
    const store = new MemorySecretStore()
    const v = new Vault(store)
    const env = await v.seal('unb=2200000000001; cookie2=topsecret', 'acc_1')
    expect(env.startsWith('v1:')).toBe(true)
    expect(env).not.toContain('topsecret')
    expect(await v.open(env, 'acc_1')).toBe('unb=2200000000001; cookie2=topsecret')
    // a second vault over the same keychain opens it (the data key persisted)
    expect(await new Vault(store).open(env, 'acc_1')).toBe('unb=2200000000001; cookie2=topsecret')
    expect(store.items.size).toBe(1)
  })

  it('binds the ciphertext to its owner and detects tampering', async () => {
    const v = new Vault(new MemorySecretStore())
    const env = await v.seal('secret', 'acc_1')
    expect(await code(v.open(env, 'acc_2'))).toBe('NEEDS_LOGIN')
    const raw = Buffer.from(env.slice(3), 'base64')
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1
    expect(await code(v.open(`v1:${raw.toString('base64')}`, 'acc_1'))).toBe('NEEDS_LOGIN')
    expect(await code(v.open('v9:abc', 'acc_1'))).toBe('NEEDS_LOGIN')
    expect(await code(v.open('v1:AAAA', 'acc_1'))).toBe('NEEDS_LOGIN')
  })

  it('a different keychain (lost data key) means re-login, not a crash', async () => {
    const env = await new Vault(new MemorySecretStore()).seal('secret', 'a')
    expect(await code(new Vault(new MemorySecretStore()).open(env, 'a'))).toBe('NEEDS_LOGIN')
  })

  it('fails closed without a keychain', async () => {
    const v = new Vault(null, 'no secret service')
    expect(v.available).toBe(false)
    expect(await code(v.seal('secret', 'a'))).toBe('SECRETS_UNAVAILABLE')
  })

  it('mints exactly one data key under concurrent first use', async () => {
    const store = new MemorySecretStore()
    const v = new Vault(store)
    const envs = await Promise.all(Array.from({ length: 10 }, (_, i) => v.seal(`s${i}`, 'a')))
    const fresh = new Vault(store)
    expect(await Promise.all(envs.map((e) => fresh.open(e, 'a')))).toEqual(envs.map((_, i) => `s${i}`))
  })
})

describe('PassphraseSecretStore (opt-in when no keychain exists)', () => {
  it('encrypts at rest, reopens with the passphrase, refuses a wrong one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xd-pp-'))
    const file = join(dir, 'secrets.enc.json')
    const s = new PassphraseSecretStore(file, 'correct horse battery')
    await s.set('api-key:a', 'sk-live-abcdef123456')
    expect(readFileSync(file, 'utf8')).not.toContain('sk-live')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await new PassphraseSecretStore(file, 'correct horse battery').get('api-key:a')).toBe('sk-live-abcdef123456')
    expect(() => new PassphraseSecretStore(file, 'wrong passphrase!')).toThrow(/Wrong passphrase/)
    expect(() => new PassphraseSecretStore(join(dir, 'x.json'), 'short')).toThrow(/8 characters/)
    expect(await s.delete('api-key:a')).toBe(true)
    expect(await s.get('api-key:a')).toBeNull()
    rmSync(dir, { recursive: true, force: true })
  })
})
