import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SecretStore } from '../ports'
import { AppError } from '../errors'
import { secretsUnavailableMessage } from './unavailable'

const DATA_KEY_NAME = 'data-key:v1'
const ENVELOPE_V1 = 'v1'

/**
 * Encrypts large secrets (cookie jars) with AES-256-GCM under one random data key that lives in
 * the SecretStore (a Windows credential is capped at 2.5 KB, so jars can't go there directly).
 * Envelope: `v1:<base64 iv(12) | tag(16) | ciphertext>`; the AAD binds it to its owner (e.g. the
 * account id) so a ciphertext moved to another row does not decrypt.
 */
export class Vault {
  readonly #store: SecretStore | null
  readonly #unavailableReason: string
  #key: Buffer | null = null
  #loading: Promise<Buffer> | null = null

  constructor(store: SecretStore | null, unavailableReason = '') {
    this.#store = store
    this.#unavailableReason = unavailableReason
  }

  get available(): boolean {
    return this.#store !== null
  }

  async seal(plaintext: string, aad: string): Promise<string> {
    const key = await this.#dataKey()
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(aad, 'utf8'))
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return `${ENVELOPE_V1}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`
  }

  /** Throws NEEDS_LOGIN when the envelope can't be opened: the user re-logs in; nothing crashes. */
  async open(envelope: string, aad: string): Promise<string> {
    const [version, body] = splitOnce(envelope, ':')
    if (version !== ENVELOPE_V1 || !body) throw new AppError('NEEDS_LOGIN', '登录凭据格式无法识别，请重新登录 / Stored login data has an unknown format; please log in again')
    const key = await this.#dataKey()
    const raw = Buffer.from(body, 'base64')
    if (raw.length < 29) throw new AppError('NEEDS_LOGIN', '登录凭据已损坏，请重新登录 / Stored login data is damaged; please log in again')
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
      decipher.setAAD(Buffer.from(aad, 'utf8'))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    } catch (cause) {
      throw new AppError('NEEDS_LOGIN', '无法解密登录凭据（钥匙串已更换？），请重新登录 / Cannot decrypt the stored login (keychain changed?); please log in again', { cause })
    }
  }

  async #dataKey(): Promise<Buffer> {
    if (this.#key) return this.#key
    const store = this.#store
    if (!store) {
      throw new AppError('SECRETS_UNAVAILABLE', secretsUnavailableMessage({ zh: '没有可用的钥匙串，无法安全保存凭据', en: 'No keychain available; secrets cannot be stored safely' }, this.#unavailableReason))
    }
    // one load at a time: two concurrent first calls must not mint two different keys
    this.#loading ??= (async () => {
      const existing = await store.get(DATA_KEY_NAME)
      if (existing) {
        const k = Buffer.from(existing, 'base64')
        if (k.length === 32) return k
        throw new AppError('SECRETS_UNAVAILABLE', '钥匙串中的数据密钥已损坏 / The data key in the keychain is damaged')
      }
      const k = randomBytes(32)
      await store.set(DATA_KEY_NAME, k.toString('base64'))
      return k
    })()
    try {
      this.#key = await this.#loading
      return this.#key
    } finally {
      this.#loading = null
    }
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep)
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)]
}
