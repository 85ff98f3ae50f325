import { describe, expect, it } from 'vitest'
import { DEFAULT_GLOBAL_SETTINGS, type GlobalSettings } from '@contract'
import { createSettingsStore } from '../../src-renderer/src/features/settings/store'
import { datedName } from '../../src-renderer/src/features/settings/files'
import { FakeFailure, deferred, fakeBridge } from './fakeBridge'

function dataApi() {
  let global: GlobalSettings = DEFAULT_GLOBAL_SETTINGS
  const fake = fakeBridge({
    'settings.get': async () => ({ global, account: null }),
    'settings.update': async (input) => {
      global = { ...global, ...input.global }
      return { global, account: null }
    },
    'settings.export': async () => ({ json: '{"format":"xianyu-desk.settings"}' }),
    'settings.import': async ({ json }) => {
      if (!json.startsWith('{')) throw new FakeFailure('BAD_INPUT', '不是有效的 JSON / Not valid JSON')
      global = { ...global, pauseAllAi: true }
      return { accounts: 2, rules: 5 }
    },
    'app.backup': async () => ({ path: '/data/backups/app-1.db', bytes: 40_960 })
  })
  return { fake, saved: () => global }
}

describe('settings page: switches and data tools', () => {
  it('saves the general switches with settings.update', async () => {
    const { fake, saved } = dataApi()
    const store = createSettingsStore(fake.bridge)
    await store.getState().load()
    expect(await store.getState().update({ pauseAllAi: true, startAtLogin: true })).toBe(true)
    expect(saved()).toMatchObject({ pauseAllAi: true, startAtLogin: true })
    expect(await store.getState().update({ browserPath: null })).toBe(true)
    expect(fake.calls.at(-1)).toEqual({ key: 'settings.update', input: { global: { browserPath: null } } })
  })

  it('exports, imports (then reloads) and backs up', async () => {
    const { fake } = dataApi()
    const store = createSettingsStore(fake.bridge)
    await store.getState().load()
    expect(await store.getState().exportAll()).toBe('{"format":"xianyu-desk.settings"}')
    expect(await store.getState().importAll('{}')).toBe(true)
    expect(store.getState().data.imported).toEqual({ accounts: 2, rules: 5 })
    expect(store.getState().global?.pauseAllAi).toBe(true)
    await store.getState().backup()
    expect(store.getState().data).toMatchObject({ busy: null, error: null, backup: { path: '/data/backups/app-1.db', bytes: 40_960 } })
  })

  it('reports a failed import under its operation and runs one operation at a time', async () => {
    const gate = deferred<{ path: string; bytes: number }>()
    const { fake } = dataApi()
    const store = createSettingsStore(fakeBridge({ 'app.backup': () => gate.promise, 'settings.export': async () => ({ json: '{}' }) }).bridge)
    const running = store.getState().backup()
    expect(store.getState().data.busy).toBe('backup')
    expect(await store.getState().exportAll()).toBeNull()
    gate.resolve({ path: '/p', bytes: 1 })
    await running
    expect(store.getState().data.busy).toBeNull()

    const other = createSettingsStore(fake.bridge)
    expect(await other.getState().importAll('not json')).toBe(false)
    expect(other.getState().data.error).toMatchObject({ op: 'import', info: { code: 'BAD_INPUT' } })
  })

  it('lists backups with the database health, and stages a restore (refusals land under "restore")', async () => {
    const backups = [{ name: 'xianyu-desk-auto-2026-12-04T08-00-00-000Z.db', path: '/data/backups/xianyu-desk-auto-2026-12-04T08-00-00-000Z.db', bytes: 4096, createdAt: 1, auto: true }]
    const fake = fakeBridge({
      'app.backups': async () => backups,
      'app.integrity': async () => ({ state: 'damaged' as const, dbPath: '/data/xianyu-desk.db', problems: ['Tree 5 page 9: btreeInitPage() returns error code 11'], checkedAt: 2, newestBackup: backups[0]?.path ?? null }),
      'app.restore': async ({ name }) => {
        if (name !== backups[0]?.name) throw new FakeFailure('NOT_FOUND', '没有这个备份 / No such backup')
        return { staged: '/data/xianyu-desk.db.restore', backup: backups[0].path, restartRequired: true as const }
      }
    })
    const store = createSettingsStore(fake.bridge)
    await store.getState().loadBackups()
    expect(store.getState().data.backups).toEqual(backups)
    expect(store.getState().data.integrity?.state).toBe('damaged')
    expect(await store.getState().restore('xianyu-desk-2000-01-01T00-00-00-000Z.db')).toBe(false)
    expect(store.getState().data.error).toMatchObject({ op: 'restore', info: { code: 'NOT_FOUND' } })
    expect(await store.getState().restore(backups[0]?.name ?? '')).toBe(true)
    expect(store.getState().data.restored).toMatchObject({ restartRequired: true, backup: backups[0]?.path })
  })

  it('names exported files by date', () => {
    expect(datedName('xianyu-desk-rules', new Date(2025, 0, 31))).toBe('xianyu-desk-rules-2025-01-31.json')
  })
})
