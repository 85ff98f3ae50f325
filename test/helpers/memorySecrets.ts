import type { SecretStore } from '../../src-main/core/ports'

/** An in-memory SecretStore for tests that are not about the keychain itself. */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory' as const
  readonly items = new Map<string, string>()
  async get(key: string): Promise<string | null> { return this.items.get(key) ?? null }
  async set(key: string, value: string): Promise<void> { this.items.set(key, value) }
  async delete(key: string): Promise<boolean> { return this.items.delete(key) }
}
