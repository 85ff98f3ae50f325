import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KeychainSecretStore, probeKeychain } from '../../../src-main/core/secrets/keychain'
import { Vault } from '../../../src-main/core/secrets/vault'

// Runs against a real gnome-keyring: `npm test` starts one in a private D-Bus session.
// macOS and Windows have their own keychain; on Linux it needs a Secret Service on a session bus
const bus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS) || process.platform === 'darwin' || process.platform === 'win32'

describe.skipIf(!bus)('KeychainSecretStore on a real Secret Service', () => {
  const store = new KeychainSecretStore(`xianyu-desk-test-${process.pid}`)

  it('stores, reads and deletes an item', async () => {
    expect((await probeKeychain(store)).ok).toBe(true)
    await store.set('api-key:acc_test', 'sk-test-0123456789')
    expect(await store.get('api-key:acc_test')).toBe('sk-test-0123456789')
    expect(await store.delete('api-key:acc_test')).toBe(true)
    expect(await store.get('api-key:acc_test')).toBeNull()
    expect(await store.delete('api-key:acc_test')).toBe(false)
  })

  it('keeps the vault data key in the keychain', async () => {
    const v = new Vault(store)
    const env = await v.seal('cookie2=abc', 'acc_k')
    expect(await new Vault(store).open(env, 'acc_k')).toBe('cookie2=abc')
    expect(await store.get('data-key:v1')).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    await store.delete('data-key:v1')
  })
})

describe('KeychainSecretStore without a keychain', () => {
  it('fails closed with SECRETS_UNAVAILABLE', () => {
    // a fresh process: the keyring library keeps its D-Bus connection once it has one
    const dir = mkdtempSync(join(tmpdir(), 'xd-kc-'))
    const file = join(dir, 'probe.ts')
    writeFileSync(file, `
      import { KeychainSecretStore, probeKeychain } from ${JSON.stringify(resolve('src-main/core/secrets/keychain'))}
      const s = new KeychainSecretStore('xianyu-desk-nobus')
      probeKeychain(s).then(async (probe) => {
        let code = 'none'
        try { await s.set('k', 'v') } catch (e) { code = (e as { code?: string }).code ?? 'other' }
        console.log(JSON.stringify({ ok: probe.ok, code }))
      })`)
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xd-bus' }
    const r = spawnSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), '--tsconfig', 'tsconfig.node.json', file], { env, encoding: 'utf8', timeout: 30_000 })
    rmSync(dir, { recursive: true, force: true })
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ ok: false, code: 'SECRETS_UNAVAILABLE' })
  })
})
