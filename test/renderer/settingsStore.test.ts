import { describe, expect, it } from 'vitest'
import { DEFAULT_GLOBAL_SETTINGS, type GlobalSettings } from '@contract'
import { createSettingsStore } from '../../src-renderer/src/features/settings/store'
import { effectiveTheme, selectLanguage, selectThemePref } from '../../src-renderer/src/features/settings/selectors'
import { FakeFailure, deferred, fakeBridge } from './fakeBridge'

function settingsApi(initial: GlobalSettings = DEFAULT_GLOBAL_SETTINGS) {
  let global = initial
  let failNext = false
  const fake = fakeBridge({
    'settings.get': async () => ({ global, account: null }),
    'settings.update': async (input) => {
      if (failNext) throw new FakeFailure('BAD_INPUT', '设置无效 / Invalid settings — theme')
      global = { ...global, ...input.global }
      return { global, account: null }
    }
  })
  return { fake, saved: () => global, failNextUpdate: () => void (failNext = true) }
}

describe('settings store', () => {
  it('falls back to zh-CN / light until settings arrive, then uses them', async () => {
    const { fake } = settingsApi({ ...DEFAULT_GLOBAL_SETTINGS, language: 'en', theme: 'dark' })
    const store = createSettingsStore(fake.bridge)
    expect(selectLanguage(store.getState())).toBe('zh-CN')
    expect(selectThemePref(store.getState())).toBe('light')
    await store.getState().load()
    expect(store.getState().status).toBe('ready')
    expect(selectLanguage(store.getState())).toBe('en')
    expect(selectThemePref(store.getState())).toBe('dark')
  })

  it('applies a change at once and persists it with settings.update', async () => {
    const { fake, saved } = settingsApi()
    const store = createSettingsStore(fake.bridge)
    await store.getState().load()
    const p = store.getState().update({ language: 'en' })
    expect(selectLanguage(store.getState())).toBe('en')
    expect(store.getState().saving).toBe(true)
    expect(await p).toBe(true)
    expect(saved().language).toBe('en')
    expect(fake.calls.at(-1)).toEqual({ key: 'settings.update', input: { global: { language: 'en' } } })
    expect(store.getState().saving).toBe(false)
  })

  it('rolls back and reports when main refuses the change', async () => {
    const { fake, failNextUpdate } = settingsApi()
    const store = createSettingsStore(fake.bridge)
    await store.getState().load()
    failNextUpdate()
    expect(await store.getState().update({ theme: 'dark' })).toBe(false)
    expect(selectThemePref(store.getState())).toBe('light')
    expect(store.getState().saveError).toMatchObject({ code: 'BAD_INPUT' })
    store.getState().clearSaveError()
    expect(store.getState().saveError).toBeNull()
  })

  it('reports a load failure', async () => {
    const store = createSettingsStore(
      fakeBridge({
        'settings.get': async () => {
          throw new FakeFailure('INTERNAL', 'boom')
        }
      }).bridge
    )
    await store.getState().load()
    expect(store.getState()).toMatchObject({ status: 'error', loadError: { code: 'INTERNAL', message: 'boom' }, global: null })
  })

  it('loads app.info for the about box', async () => {
    const info = { name: 'xianyu-desk', productName: 'Xianyu Desk', version: '0.1.0', host: 'headless' as const, dataDir: '/tmp/x', secretsBackend: 'keychain' as const, secretsReason: '' }
    const gate = deferred<typeof info>()
    const store = createSettingsStore(fakeBridge({ 'app.info': () => gate.promise }).bridge)
    const p = store.getState().loadInfo()
    gate.resolve(info)
    await p
    expect(store.getState().info).toEqual(info)
  })

  it('resolves the system theme from the OS preference', () => {
    expect(effectiveTheme('system', true)).toBe('dark')
    expect(effectiveTheme('system', false)).toBe('light')
    expect(effectiveTheme('dark', false)).toBe('dark')
    expect(effectiveTheme('light', true)).toBe('light')
  })
})
