import type { z } from 'zod'
import {
  AccountSettings, DEFAULT_ACCOUNT_SETTINGS, DEFAULT_GLOBAL_SETTINGS, GlobalSettings
} from '@contract/schemas'
import type { Db } from '../open'
import { registerCache } from '../cache'
import type { AccountRepo } from './accountRepo'

/** Keeps every stored field that is still valid, falls back to the default for the rest. */
function mergeValid<S extends z.ZodObject>(schema: S, defaults: z.output<S>, stored: Record<string, unknown>): z.output<S> {
  const out: Record<string, unknown> = { ...defaults }
  for (const [k, v] of Object.entries(stored)) {
    const field = schema.shape[k] as z.ZodType | undefined
    if (field?.safeParse(v).success) out[k] = v
  }
  return schema.parse(out) as z.output<S>
}

function parseJson(text: string | undefined | null): Record<string, unknown> {
  if (!text) return {}
  try {
    const v: unknown = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

interface AiRaw {
  ai_enabled: number; provider: string; model: string; base_url: string; max_discount_percent: number
  max_discount_amount: number; max_bargain_rounds: number; custom_prompts: string; extra_json: string
}

const TYPED_KEYS = ['aiEnabled', 'provider', 'model', 'baseUrl', 'maxDiscountPercent', 'maxDiscountAmount', 'maxBargainRounds', 'customPrompts'] as const

export class SettingsRepo {
  readonly #q
  /** Parsed account settings by id (and the global ones below): read several times per message, parsed once per write. */
  readonly #parsed = new Map<string, AccountSettings>()
  #global: GlobalSettings | null = null
  constructor(db: Db, accounts: Pick<AccountRepo, 'onRemoved'>) {
    registerCache(db, { clear: () => { this.#parsed.clear(); this.#global = null } })
    accounts.onRemoved((id) => this.#parsed.delete(id))
    this.#q = {
      getKv: db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?'),
      putKv: db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at'),
      getAi: db.prepare<[string], AiRaw>('SELECT * FROM ai_settings WHERE account_id = ?'),
      putAi: db.prepare(`INSERT INTO ai_settings (account_id, ai_enabled, provider, model, base_url, max_discount_percent, max_discount_amount,
          max_bargain_rounds, custom_prompts, extra_json, updated_at)
        VALUES (@accountId, @aiEnabled, @provider, @model, @baseUrl, @maxDiscountPercent, @maxDiscountAmount, @maxBargainRounds, @customPrompts, @extra, @now)
        ON CONFLICT (account_id) DO UPDATE SET ai_enabled = excluded.ai_enabled, provider = excluded.provider, model = excluded.model,
          base_url = excluded.base_url, max_discount_percent = excluded.max_discount_percent, max_discount_amount = excluded.max_discount_amount,
          max_bargain_rounds = excluded.max_bargain_rounds, custom_prompts = excluded.custom_prompts, extra_json = excluded.extra_json,
          updated_at = excluded.updated_at`)
    }
  }

  getGlobal(): GlobalSettings {
    this.#global ??= mergeValid(GlobalSettings, DEFAULT_GLOBAL_SETTINGS, parseJson(this.#q.getKv.get('global')?.value_json))
    return this.#global
  }

  putGlobal(s: GlobalSettings, now: number): void {
    this.#global = null
    this.#q.putKv.run('global', JSON.stringify(GlobalSettings.parse(s)), now)
  }

  getKv(key: string): unknown {
    const row = this.#q.getKv.get(key)
    return row ? JSON.parse(row.value_json) : undefined
  }

  putKv(key: string, value: unknown, now: number): void {
    if (key === 'global') this.#global = null
    this.#q.putKv.run(key, JSON.stringify(value), now)
  }

  /** An account's reply/AI settings; the seeds' defaults when none were saved. */
  getAccount(accountId: string): AccountSettings {
    const hit = this.#parsed.get(accountId)
    if (hit) return hit
    const r = this.#q.getAi.get(accountId)
    if (!r) return DEFAULT_ACCOUNT_SETTINGS
    const stored: Record<string, unknown> = {
      ...parseJson(r.extra_json),
      aiEnabled: r.ai_enabled === 1, provider: r.provider, model: r.model, baseUrl: r.base_url,
      maxDiscountPercent: r.max_discount_percent, maxDiscountAmount: r.max_discount_amount,
      maxBargainRounds: r.max_bargain_rounds, customPrompts: parseJson(r.custom_prompts)
    }
    const value = mergeValid(AccountSettings, DEFAULT_ACCOUNT_SETTINGS, stored)
    this.#parsed.set(accountId, value)
    return value
  }

  putAccount(accountId: string, s: AccountSettings, now: number): void {
    const v = AccountSettings.parse(s)
    this.#parsed.delete(accountId)
    const extra: Record<string, unknown> = { ...v }
    for (const k of TYPED_KEYS) delete extra[k]
    this.#q.putAi.run({
      accountId, aiEnabled: v.aiEnabled ? 1 : 0, provider: v.provider, model: v.model, baseUrl: v.baseUrl,
      maxDiscountPercent: v.maxDiscountPercent, maxDiscountAmount: v.maxDiscountAmount, maxBargainRounds: v.maxBargainRounds,
      customPrompts: JSON.stringify(v.customPrompts), extra: JSON.stringify(extra), now
    })
  }
}
