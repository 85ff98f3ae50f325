/**
 * API keys are read from the keychain once and then served from memory (a keychain round trip per
 * buyer message would be the slowest step of a reply). A changed or removed key must be used at
 * once, including when a read was in flight while it changed.
 */
import { describe, expect, it } from 'vitest'
import { openDb } from '../../src-main/core/db/open'
import { AccountRepo } from '../../src-main/core/db/repos/accountRepo'
import type { SecretStore } from '../../src-main/core/ports'
import { SecretService } from '../../src-main/core/services/secretService'

class SlowStore implements SecretStore {
  readonly backend = 'memory' as const
  readonly values = new Map<string, string>()
  reads = 0
  /** While set, reads wait for this promise (a slow keychain). */
  gate: Promise<void> | null = null
  async get(k: string): Promise<string | null> {
    this.reads++
    const v = this.values.get(k) ?? null
    if (this.gate) await this.gate
    return v
  }
  async set(k: string, v: string): Promise<void> { this.values.set(k, v) }
  async delete(k: string): Promise<boolean> { return this.values.delete(k) }
}

function setup(): { store: SlowStore; secrets: SecretService } {
  const db = openDb({ file: ':memory:' })
  const accounts = new AccountRepo(db)
  accounts.insert({ id: 'a1', kind: 'xianyu', unb: '2201', nick: '卖家', remark: '', deviceId: 'd', userAgent: 'ua', cookieEnvelope: null, endpointsJson: null }, 1)
  const store = new SlowStore()
  return { store, secrets: new SecretService({ store, accounts, unavailableReason: '' }) }
}

describe('API key cache', () => {
  it('reads the keychain once per key; set, replace and delete are seen immediately', async () => {
    const { store, secrets } = setup()
    expect(await secrets.apiKey('a1')).toBeNull()
    expect(await secrets.apiKey('a1')).toBeNull()
    expect(store.reads).toBe(1)
    await secrets.setApiKey('a1', 'sk-one')
    expect(await secrets.apiKey('a1')).toBe('sk-one')
    expect(await secrets.apiKey('a1')).toBe('sk-one')
    expect(store.reads).toBe(2)
    await secrets.setApiKey('a1', 'sk-two')
    expect(await secrets.apiKey('a1')).toBe('sk-two')
    await secrets.setApiKey('a1', 'sk-backup', 'backup')
    expect(await secrets.apiKey('a1', 'backup')).toBe('sk-backup')
    expect(await secrets.apiKey('a1')).toBe('sk-two')
    await secrets.setApiKey('a1', null)
    expect(await secrets.apiKey('a1')).toBeNull()
    await secrets.wipeAccount('a1')
    expect(await secrets.apiKey('a1', 'backup')).toBeNull()
    expect(store.values.size).toBe(0)
  })

  it('a read that raced a key change is not cached', async () => {
    const { store, secrets } = setup()
    await secrets.setApiKey('a1', 'sk-old')
    let open = (): void => {}
    store.gate = new Promise<void>((r) => (open = r))
    const racing = secrets.apiKey('a1') // reads 'sk-old', then waits on the slow keychain
    await secrets.setApiKey('a1', 'sk-new')
    store.gate = null
    open()
    expect(await racing).toBe('sk-old') // that caller asked before the change
    expect(await secrets.apiKey('a1')).toBe('sk-new')
  })
})
