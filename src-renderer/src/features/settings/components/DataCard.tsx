import { useEffect, useRef, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { datedName, downloadText, readTextFile } from '../files'
import { selectData, selectGlobal, selectInfo } from '../selectors'
import { useSettingsStore } from '../store'
import { Row } from './Row'

function DataDir(): JSX.Element | null {
  const { t } = useTranslation()
  const info = useSettingsStore(selectInfo)
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const id = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(id)
  }, [copied])
  if (!info) return null
  const copy = (): void => {
    // best effort: a refused clipboard leaves the path selectable on screen
    void navigator.clipboard?.writeText(info.dataDir).then(() => setCopied(true), () => undefined)
  }
  return (
    <Row label={t('settingsPage.dataDir')} hint={t('settingsPage.dataDirHint')}>
      <div className="path-box">
        <code className="mono path-text" title={info.dataDir} data-testid="settings-data-dir">{info.dataDir}</code>
        <button type="button" className="btn btn-sm" data-testid="settings-copy-data-dir" onClick={copy}>
          <Icon name={copied ? 'check' : 'receipt'} size={14} />
          {copied ? t('settingsPage.copied') : t('settingsPage.copy')}
        </button>
      </div>
    </Row>
  )
}

function Transfer(): JSX.Element {
  const { t } = useTranslation()
  const data = useSettingsStore(selectData)
  const exportAll = useSettingsStore((s) => s.exportAll)
  const importAll = useSettingsStore((s) => s.importAll)
  const file = useRef<HTMLInputElement>(null)
  const [exported, setExported] = useState<string | null>(null)
  const doExport = async (): Promise<void> => {
    const json = await exportAll()
    if (json === null) return
    const name = datedName('xianyu-desk-settings')
    downloadText(name, json)
    setExported(name)
  }
  const doImport = async (f: File | undefined): Promise<void> => {
    setExported(null)
    if (f) await importAll(await readTextFile(f))
    if (file.current) file.current.value = ''
  }
  const done = exported ? t('settingsPage.exported', { name: exported }) : data.imported ? t('settingsPage.imported', data.imported) : null
  return (
    <Row label={t('settingsPage.transfer')} hint={done ? <span className="ok-text" data-testid="settings-transfer-done">{done}</span> : t('settingsPage.transferHint')}>
      <div className="btn-row">
        <input ref={file} type="file" accept="application/json,.json" hidden data-testid="settings-import-file" onChange={(e) => void doImport(e.target.files?.[0])} />
        <button type="button" className="btn" disabled={data.busy !== null} data-testid="settings-import" onClick={() => file.current?.click()}>
          {data.busy === 'import' && <span className="spinner" aria-hidden="true" />}
          {t('settingsPage.import')}
        </button>
        <button type="button" className="btn" disabled={data.busy !== null} data-testid="settings-export" onClick={() => void doExport()}>
          {data.busy === 'export' && <span className="spinner" aria-hidden="true" />}
          {t('settingsPage.export')}
        </button>
      </div>
    </Row>
  )
}

function Backup(): JSX.Element {
  const { t } = useTranslation()
  const data = useSettingsStore(selectData)
  const backup = useSettingsStore((s) => s.backup)
  const hint = data.backup ? (
    <span className="ok-text" data-testid="settings-backup-path">{t('settingsPage.backupDone')} <code className="mono">{data.backup.path}</code> ({(data.backup.bytes / 1024).toFixed(0)} KB)</span>
  ) : t('settingsPage.backupHint')
  return (
    <Row label={t('settingsPage.backup')} hint={hint}>
      <button type="button" className="btn" disabled={data.busy !== null} data-testid="settings-backup" onClick={() => void backup()}>
        {data.busy === 'backup' && <span className="spinner" aria-hidden="true" />}
        {data.busy === 'backup' ? t('settingsPage.backingUp') : t('settingsPage.backupRun')}
      </button>
    </Row>
  )
}

function Restore(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const data = useSettingsStore(selectData)
  const loadBackups = useSettingsStore((s) => s.loadBackups)
  const restore = useSettingsStore((s) => s.restore)
  const [name, setName] = useState('')
  useEffect(() => void loadBackups(), [loadBackups])
  const backups = data.backups ?? []
  const chosen = name || backups[0]?.name || ''
  const damaged = data.integrity?.state === 'damaged' ? data.integrity : null
  const run = (): void => {
    if (chosen && window.confirm(t('settingsPage.restoreConfirm', { name: chosen }))) void restore(chosen)
  }
  const hint = data.restored
    ? <span className="ok-text" data-testid="settings-restore-staged">{t('settingsPage.restoreStaged', { path: data.restored.backup })}</span>
    : t('settingsPage.restoreHint')
  return (
    <Row label={t('settingsPage.restore')} hint={hint}>
      {damaged && (
        <p className="field-error" role="alert" data-testid="settings-db-damaged">
          <Icon name="alert" size={14} />
          {t('settingsPage.dbDamaged', { path: damaged.dbPath })} {localizeMessage(damaged.problems[0] ?? '', language)}
        </p>
      )}
      <div className="btn-row">
        <select className="input select" value={chosen} disabled={backups.length === 0} data-testid="settings-restore-select" onChange={(e) => setName(e.target.value)}>
          {backups.length === 0 && <option value="">{t('settingsPage.restoreNone')}</option>}
          {backups.map((b) => <option key={b.name} value={b.name}>{new Date(b.createdAt).toLocaleString(language)} · {b.auto ? t('settingsPage.restoreAuto') : t('settingsPage.restoreManual')} · {(b.bytes / 1024 / 1024).toFixed(1)} MB</option>)}
        </select>
        <button type="button" className="btn" disabled={!chosen || data.busy !== null} data-testid="settings-restore" onClick={run}>
          {data.busy === 'restore' && <span className="spinner" aria-hidden="true" />}
          {t('settingsPage.restoreRun')}
        </button>
      </div>
    </Row>
  )
}

function BrowserPath(): JSX.Element {
  const { t } = useTranslation()
  const saved = useSettingsStore(selectGlobal)?.browserPath ?? ''
  const update = useSettingsStore((s) => s.update)
  const [text, setText] = useState(saved)
  useEffect(() => setText(saved), [saved])
  const dirty = text.trim() !== saved
  return (
    <Row label={t('settingsPage.browser')} hint={t('settingsPage.browserHint')}>
      <form className="btn-row" onSubmit={(e) => { e.preventDefault(); void update({ browserPath: text.trim() || null }) }}>
        <input className="input mono browser-input" value={text} placeholder={t('settingsPage.browserPlaceholder')} spellCheck={false} data-testid="settings-browser-path" onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn" disabled={!dirty} data-testid="settings-browser-save">{t('settingsPage.browserSave')}</button>
      </form>
    </Row>
  )
}

export function DataCard(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const error = useSettingsStore((s) => s.data.error)
  const failed = { export: 'exportFailed', import: 'importFailed', backup: 'backupFailed', restore: 'restoreFailed' } as const
  return (
    <section className="settings-card" data-testid="settings-data">
      <h2 className="settings-card-title">{t('settingsPage.data')}</h2>
      {error && (
        <p className="field-error settings-data-error" role="alert" data-testid="settings-data-error">
          <Icon name="alert" size={14} />
          {t(`settingsPage.${failed[error.op]}`)}：{localizeMessage(error.info.message, language)}
        </p>
      )}
      <DataDir />
      <Transfer />
      <Backup />
      <Restore />
      <BrowserPath />
    </section>
  )
}
