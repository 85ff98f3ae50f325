import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_SETTINGS, type AccountSettings, type Decision } from '@contract'
import { changedFields, createAiStore } from '../../src-renderer/src/features/ai/store'
import { decisionView, selectIsDirty } from '../../src-renderer/src/features/ai/selectors'
import { errorFor, fieldErrorsOf, validateDraft } from '../../src-renderer/src/features/ai/validation'
import { FakeFailure, deferred, fakeBridge } from './fakeBridge'

const DECISION: Decision = {
  source: 'ai', intent: 'price', reply: '最低1000哦', allowedPrice: 1000, floorPrice: 1000, round: 1, reason: 'AI reply within the allowed price', why: null, sentText: null,
  ruleId: null, provider: 'openai-compatible', model: 'gpt-4o-mini', tokensIn: 120, tokensOut: 9, latencyMs: 340,
  checks: [{ kind: 'price', ok: true, detail: 'no price below 1000' }, { kind: 'contact', ok: false, detail: 'rewrote a WeChat id' }]
}

function aiApi(opts: { rejectUpdate?: string } = {}) {
  let account: AccountSettings = { ...DEFAULT_ACCOUNT_SETTINGS }
  const keys = { primary: false, backup: false }
  const fake = fakeBridge({
    'settings.get': async () => ({ global: null as never, account }),
    'secrets.status': async () => ({ backend: 'keychain', available: true, apiKeyConfigured: keys.primary, backupKeyConfigured: keys.backup }),
    'settings.update': async (input) => {
      if (opts.rejectUpdate) throw new FakeFailure('BAD_INPUT', opts.rejectUpdate)
      account = { ...account, ...(input.account as Partial<AccountSettings>) }
      return { global: null as never, account }
    },
    'secrets.setApiKey': async ({ apiKey, slot }) => {
      keys[slot ?? 'primary'] = apiKey !== null
      return { configured: apiKey !== null }
    },
    'reply.preview': async () => DECISION
  })
  return { fake, saved: () => account }
}

describe('ai store', () => {
  it('loads an account and saves only the changed fields', async () => {
    const { fake, saved } = aiApi()
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    expect(store.getState()).toMatchObject({ status: 'ready', accountId: 'acc1', secrets: { apiKeyConfigured: false } })
    store.getState().edit({ maxDiscountPercent: 0, model: 'gpt-4o-mini' })
    expect(selectIsDirty(store.getState())).toBe(true)
    expect(await store.getState().save()).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ key: 'settings.update', input: { accountId: 'acc1', account: { maxDiscountPercent: 0, model: 'gpt-4o-mini' } } })
    expect(saved().maxDiscountPercent).toBe(0)
    expect(selectIsDirty(store.getState())).toBe(false)
    expect(store.getState().savedAt).not.toBeNull()
  })

  it('keeps 0 % as 0 (no discount), never a default', async () => {
    const { fake } = aiApi()
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    store.getState().edit({ maxDiscountPercent: 0, maxDiscountAmount: 0 })
    expect(changedFields(DEFAULT_ACCOUNT_SETTINGS, store.getState().draft as AccountSettings)).toEqual({ maxDiscountPercent: 0, maxDiscountAmount: 0 })
    expect(validateDraft(store.getState().draft as AccountSettings)).toEqual({})
  })

  it('refuses to send values outside the ranges and names the fields', async () => {
    const { fake } = aiApi()
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    store.getState().edit({ maxDiscountPercent: 51, maxDiscountAmount: -1, maxBargainRounds: 11, debounceSeconds: Number.NaN })
    const errors = validateDraft(store.getState().draft as AccountSettings)
    expect(Object.keys(errors).sort()).toEqual(['debounceSeconds', 'maxBargainRounds', 'maxDiscountAmount', 'maxDiscountPercent'])
    expect(errors.maxBargainRounds).toEqual({ key: 'rounds' })
    expect(await store.getState().save()).toBe(false)
    expect(fake.calls.some((c) => c.key === 'settings.update')).toBe(false)
  })

  it('puts core BAD_INPUT issues under their fields', async () => {
    const { fake } = aiApi({ rejectUpdate: '设置无效 / Invalid settings — baseUrl: Invalid url; backup.model: Required' })
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    store.getState().edit({ model: 'x' })
    expect(await store.getState().save()).toBe(false)
    expect(store.getState().fieldErrors).toEqual({ baseUrl: 'Invalid url', 'backup.model': 'Required' })
    expect(store.getState().saveError).toBeNull()
    expect(errorFor(store.getState().fieldErrors, 'backup')).toBe('Required')
    // editing the field clears its error, the other stays
    store.getState().edit({ baseUrl: 'https://example.com/v1' })
    expect(store.getState().fieldErrors).toEqual({ 'backup.model': 'Required' })
  })

  it('reads issues from details when the transport keeps them, and ignores other codes', () => {
    const details = { issues: [{ path: 'maxBargainRounds', message: 'Too big' }, { path: '', message: 'whole object' }] }
    expect(fieldErrorsOf({ code: 'BAD_INPUT', message: 'x', details })).toEqual({ maxBargainRounds: 'Too big' })
    expect(fieldErrorsOf({ code: 'INTERNAL', message: 'a — maxBargainRounds: Too big' })).toEqual({})
  })

  it('shows a refusal without a field as a banner', async () => {
    const { fake } = aiApi({ rejectUpdate: '账号不存在 / No such account' })
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    store.getState().edit({ copilot: true })
    expect(await store.getState().save()).toBe(false)
    expect(store.getState().saveError).toMatchObject({ code: 'BAD_INPUT', message: '账号不存在 / No such account' })
  })

  it('passes an API key through and never keeps it in the store', async () => {
    const { fake } = aiApi()
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    const secret = 'sk-very-secret-1234567890'
    expect(await store.getState().setApiKey('primary', secret)).toBe(true)
    expect(fake.calls.find((c) => c.key === 'secrets.setApiKey')?.input).toEqual({ accountId: 'acc1', apiKey: secret, slot: 'primary' })
    expect(store.getState().secrets?.apiKeyConfigured).toBe(true)
    expect(JSON.stringify(store.getState())).not.toContain(secret)
    expect(await store.getState().setApiKey('backup', 'sk-backup-999')).toBe(true)
    expect(store.getState().secrets?.backupKeyConfigured).toBe(true)
    expect(JSON.stringify(store.getState())).not.toContain('sk-backup')
  })

  it('saves pending edits before a preview and keeps the decision', async () => {
    const { fake } = aiApi()
    const store = createAiStore(fake.bridge)
    await store.getState().select('acc1')
    store.getState().edit({ maxDiscountPercent: 0 })
    await store.getState().runPreview({ text: ' 800出吗 ', itemId: '1' })
    const keys = fake.calls.map((c) => c.key)
    expect(keys.indexOf('settings.update')).toBeLessThan(keys.indexOf('reply.preview'))
    expect(fake.calls.at(-1)).toEqual({ key: 'reply.preview', input: { accountId: 'acc1', text: '800出吗', itemId: '1' } })
    expect(store.getState().preview).toEqual({ status: 'done', decision: DECISION, error: null })
  })

  it('maps a decision to what the test box shows', () => {
    const v = decisionView(DECISION)
    expect(v.source).toBe('ai')
    expect(v.facts).toEqual([
      { id: 'allowedPrice', value: '¥1000' },
      { id: 'floorPrice', value: '¥1000' },
      { id: 'round', value: '1' },
      { id: 'model', value: 'gpt-4o-mini · openai-compatible' },
      { id: 'tokens', value: '120 / 9' },
      { id: 'latency', value: '340 ms' }
    ])
    expect(v.failedChecks).toBe(1)
    const none = decisionView({ ...DECISION, source: 'keyword', allowedPrice: null, floorPrice: null, round: null, ruleId: 7, model: null, provider: null, tokensIn: null, tokensOut: null, latencyMs: null, checks: [] })
    expect(none.facts).toEqual([{ id: 'ruleId', value: '#7' }])
  })

  it('reports a preview failure and ignores a stale account load', async () => {
    const gate = deferred<AccountSettings>()
    let calls = 0
    const fake = fakeBridge({
      'settings.get': async () => ({ global: null as never, account: ++calls === 1 ? await gate.promise : DEFAULT_ACCOUNT_SETTINGS }),
      'secrets.status': async () => ({ backend: 'keychain', available: true, apiKeyConfigured: false, backupKeyConfigured: false }),
      'reply.preview': async () => {
        throw new FakeFailure('UNAVAILABLE', 'LLM 不可用 / LLM unavailable')
      }
    })
    const store = createAiStore(fake.bridge)
    const first = store.getState().select('acc1')
    await store.getState().select('acc2')
    gate.resolve({ ...DEFAULT_ACCOUNT_SETTINGS, model: 'stale' })
    await first
    expect(store.getState()).toMatchObject({ accountId: 'acc2', draft: { model: DEFAULT_ACCOUNT_SETTINGS.model } })
    await store.getState().runPreview({ text: '在吗' })
    expect(store.getState().preview).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE' } })
  })
})
