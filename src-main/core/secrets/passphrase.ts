import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import type { SecretStore } from '../ports'
import { AppError } from '../errors'

const FileSchema = z.object({
  version: z.literal(1),
  salt: z.string(),
  check: z.string(),
  entries: z.record(z.string(), z.string())
})
type SecretFile = z.infer<typeof FileSchema>

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

/**
 * For machines without a keychain (a bare Linux box running the headless host), and only when the
 * user opts in: secrets encrypted with AES-256-GCM under a scrypt key derived from a passphrase,
 * in a 0600 file. Weaker than a keychain — the host prints a loud warning when it is used.
 */
export class PassphraseSecretStore implements SecretStore {
  readonly backend = 'passphrase' as const
  readonly #file: string
  readonly #key: Buffer
  #data: SecretFile

  constructor(file: string, passphrase: string) {
    if (passphrase.length < 8) throw new AppError('BAD_INPUT', '口令至少 8 个字符 / The passphrase needs at least 8 characters')
    this.#file = file
    const existing = existsSync(file) ? FileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : null
    const salt = existing ? Buffer.from(existing.salt, 'base64') : randomBytes(16)
    this.#key = scryptSync(passphrase, salt, 32, SCRYPT)
    if (existing) {
      if (this.#decrypt(existing.check) !== 'xianyu-desk') throw new AppError('FORBIDDEN', '口令错误 / Wrong passphrase')
      this.#data = existing
    } else {
      this.#data = { version: 1, salt: salt.toString('base64'), check: this.#encrypt('xianyu-desk'), entries: {} }
      this.#save()
    }
  }

  async get(key: string): Promise<string | null> {
    const v = this.#data.entries[key]
    return v === undefined ? null : this.#decrypt(v)
  }

  async set(key: string, value: string): Promise<void> {
    this.#data.entries[key] = this.#encrypt(value)
    this.#save()
  }

  async delete(key: string): Promise<boolean> {
    if (!(key in this.#data.entries)) return false
    delete this.#data.entries[key]
    this.#save()
    return true
  }

  #encrypt(plain: string): string {
    const iv = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', this.#key, iv)
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()])
    return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')
  }

  #decrypt(b64: string): string {
    const raw = Buffer.from(b64, 'base64')
    try {
      const d = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12))
      d.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8')
    } catch (cause) {
      throw new AppError('FORBIDDEN', '口令错误或密钥文件已损坏 / Wrong passphrase or damaged secrets file', { cause })
    }
  }

  #save(): void {
    const tmp = `${this.#file}.tmp`
    writeFileSync(tmp, JSON.stringify(this.#data), { mode: 0o600 })
    renameSync(tmp, this.#file)
  }
}
