import { useEffect, useMemo, useRef, useState, type JSX } from 'react'
import type { CardPool } from '@contract'
import { useTranslation } from 'react-i18next'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon } from '../../../lib/ui/Icon'
import { Segmented } from '../../../lib/ui/controls'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { Field, NumberInput } from '../../ai/components/form'
import { readTextFile } from '../../settings/files'
import { csvColumns, dropHeader, formatOfFile, previewImport, type ImportFormat } from '../codes'
import { usePoolsStore, type ImportResult } from '../poolsStore'

/** Create a pool (`pool` null) or edit its name and low-stock threshold. */
export function PoolDialog({ open, pool, onClose }: { open: boolean; pool: CardPool | null; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccountsStore((s) => s.accounts)
  const busy = usePoolsStore((s) => s.busy)
  const savePool = usePoolsStore((s) => s.savePool)
  const [name, setName] = useState('')
  const [accountId, setAccountId] = useState('')
  const [threshold, setThreshold] = useState(10)
  const [tried, setTried] = useState(false)
  useEffect(() => {
    if (!open) return
    setName(pool?.name ?? '')
    setAccountId(pool?.accountId ?? accounts[0]?.id ?? '')
    setThreshold(pool?.lowStockThreshold ?? 10)
    setTried(false)
  }, [open, pool, accounts])
  const errors = {
    name: name.trim() ? undefined : t('delivery.pools.dialog.needName'),
    accountId: accountId ? undefined : t('delivery.pools.dialog.needAccount'),
    threshold: Number.isInteger(threshold) && threshold >= 0 && threshold <= 1_000_000 ? undefined : t('delivery.pools.dialog.badThreshold')
  }
  const shown: Partial<typeof errors> = tried ? errors : {}
  const submit = async (): Promise<void> => {
    setTried(true)
    if (errors.name || errors.accountId || errors.threshold) return
    const saved = await savePool({ ...(pool ? { id: pool.id } : {}), accountId, name: name.trim(), lowStockThreshold: threshold })
    if (saved) onClose()
  }
  return (
    <Dialog open={open} onClose={onClose} busy={busy} size="sm" title={pool ? t('delivery.pools.dialog.editTitle') : t('delivery.pools.dialog.newTitle')} testId="pool-dialog"
      footer={<>
        <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>{t('common.cancel')}</button>
        <button type="button" className="btn btn-primary" disabled={busy} data-testid="pool-save" onClick={() => void submit()}>{t('delivery.pools.dialog.save')}</button>
      </>}>
      <div className="form">
        <Field label={t('delivery.pools.dialog.name')} field="name" error={shown.name}>
          {(id) => <input id={id} className="input" maxLength={100} value={name} placeholder={t('delivery.pools.dialog.namePlaceholder')} data-testid="pool-name" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('delivery.pools.dialog.account')} field="accountId" error={shown.accountId}>
          {(id) => (
            <select id={id} className="input select" value={accountId} disabled={pool !== null} data-testid="pool-account" onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => <option key={a.id} value={a.id}>{displayName(a)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('delivery.pools.dialog.threshold')} hint={t('delivery.pools.dialog.thresholdHint')} field="threshold" error={shown.threshold}>
          {(id) => <NumberInput id={id} value={threshold} min={0} max={1_000_000} invalid={!!shown.threshold} testId="pool-threshold" onChange={setThreshold} />}
        </Field>
      </div>
    </Dialog>
  )
}

function ResultCounts({ result }: { result: ImportResult }): JSX.Element {
  const { t } = useTranslation()
  const cells = (['added', 'duplicates', 'alreadyUsed', 'blank', 'tooLong'] as const)
  return (
    <div className="dl-import-result" data-testid="import-result">
      <h3 className="od-title"><Icon name="check" size={15} />{t('delivery.pools.importDialog.result')}</h3>
      <dl className="dl-counts">
        {cells.map((k) => (
          <div key={k} className="dl-count" data-testid={`import-${k}`} data-value={result[k]} data-tone={k === 'added' ? 'ok' : result[k] > 0 ? 'warn' : undefined}>
            <dt>{t(`delivery.pools.importDialog.${k}`)}</dt>
            <dd>{result[k]}</dd>
          </div>
        ))}
      </dl>
      <p className="field-hint">{t('delivery.pools.importDialog.resultHint')}</p>
    </div>
  )
}

/** Import by paste or file (txt, or a csv column); shows what it will read, then the counts core reports. */
export function ImportDialog({ pool, onClose }: { pool: CardPool | null; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const busy = usePoolsStore((s) => s.busy)
  const importCodes = usePoolsStore((s) => s.importCodes)
  const [mode, setMode] = useState<'paste' | 'file'>('paste')
  const [text, setText] = useState('')
  const [fileName, setFileName] = useState<string | null>(null)
  const [format, setFormat] = useState<ImportFormat>('lines')
  const [column, setColumn] = useState(0)
  const [header, setHeader] = useState(false)
  const [result, setResult] = useState<ImportResult | null>(null)
  const file = useRef<HTMLInputElement>(null)
  const open = pool !== null
  useEffect(() => {
    if (!open) return
    setMode('paste')
    setText('')
    setFileName(null)
    setFormat('lines')
    setColumn(0)
    setHeader(false)
    setResult(null)
  }, [open])
  const columns = useMemo(() => (format === 'csv' ? csvColumns(text) : []), [format, text])
  // what is sent: a CSV header the seller marked is left out
  const body = format === 'csv' && header ? dropHeader(text) : text
  const preview = useMemo(() => previewImport(body, format, column), [body, format, column])
  const choose = async (f: File | undefined): Promise<void> => {
    if (!f) return
    setText(await readTextFile(f))
    setFileName(f.name)
    setFormat(formatOfFile(f.name))
    setColumn(0)
  }
  const submit = async (): Promise<void> => {
    if (!pool || preview.count === 0) return
    const r = await importCodes(pool.id, body, format, column)
    if (r) setResult(r)
  }
  return (
    <Dialog open={open} onClose={onClose} busy={busy} title={t('delivery.pools.importDialog.title', { name: pool?.name ?? '' })} testId="import-dialog"
      footer={result ? (
        <button type="button" className="btn btn-primary" data-testid="import-done" onClick={onClose}>{t('delivery.pools.importDialog.done')}</button>
      ) : (
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>{t('common.cancel')}</button>
          <button type="button" className="btn btn-primary" disabled={busy || preview.count === 0} data-testid="import-submit" onClick={() => void submit()}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? t('delivery.pools.importDialog.importing') : t('delivery.pools.importDialog.submit')}
          </button>
        </>
      )}>
      {result ? <ResultCounts result={result} /> : (
        <div className="form">
          <Segmented<'paste' | 'file'> label={t('delivery.pools.import')} value={mode} testId="import-mode"
            options={[{ value: 'paste', label: t('delivery.pools.importDialog.paste'), icon: 'message', testId: 'import-mode-paste' }, { value: 'file', label: t('delivery.pools.importDialog.file'), icon: 'upload', testId: 'import-mode-file' }]}
            onChange={(m) => { setMode(m); setText(''); setFileName(null) }} />
          {mode === 'paste' ? (
            <Field label={t('delivery.pools.importDialog.pasteLabel')} field="text">
              {(id) => <textarea id={id} className="textarea mono" rows={8} value={text} placeholder={t('delivery.pools.importDialog.pastePlaceholder')} data-testid="import-text" onChange={(e) => setText(e.target.value)} />}
            </Field>
          ) : (
            <div className="field">
              <span className="field-label">{t('delivery.pools.importDialog.fileLabel')}</span>
              <input ref={file} type="file" accept=".txt,.csv,text/plain,text/csv" hidden data-testid="import-file" onChange={(e) => void choose(e.target.files?.[0])} />
              <button type="button" className="btn dl-file-btn" onClick={() => file.current?.click()}><Icon name="upload" size={15} />{t('delivery.pools.importDialog.fileLabel')}</button>
              {fileName && <span className="field-hint" data-testid="import-file-name">{t('delivery.pools.importDialog.fileChosen', { name: fileName })}</span>}
            </div>
          )}
          <Field label={t('delivery.pools.importDialog.format')} field="format">
            {() => (
              <Segmented<ImportFormat> size="sm" label={t('delivery.pools.importDialog.format')} value={format} testId="import-format"
                options={(['lines', 'csv'] as const).map((f) => ({ value: f, label: t(`delivery.pools.importDialog.formats.${f}`), testId: `import-format-${f}` }))}
                onChange={(f) => { setFormat(f); setColumn(0) }} />
            )}
          </Field>
          {format === 'csv' && columns.length > 0 && (
            <Field label={t('delivery.pools.importDialog.column')} field="column">
              {(id) => (
                <select id={id} className="input select" value={column} data-testid="import-column" onChange={(e) => setColumn(Number(e.target.value))}>
                  {columns.map((c) => <option key={c.index} value={c.index}>{t('delivery.pools.importDialog.columnOption', { n: c.index + 1, sample: c.sample })}</option>)}
                </select>
              )}
            </Field>
          )}
          {format === 'csv' && (
            <label className="floor-confirm dl-header-check">
              <input type="checkbox" checked={header} data-testid="import-header" onChange={(e) => setHeader(e.target.checked)} />
              <span>{t('delivery.pools.importDialog.header')}</span>
            </label>
          )}
          <p className="field-hint" data-testid="import-preview" data-count={preview.count}>
            {preview.count === 0 ? t('delivery.pools.importDialog.previewNone') : t('delivery.pools.importDialog.preview', { count: preview.count, blank: preview.blank, sample: preview.sample.join('、') })}
          </p>
        </div>
      )}
    </Dialog>
  )
}

/** A yes/no for the destructive pool actions. */
export function ConfirmDialog({ open, title, body, onConfirm, onClose }: { open: boolean; title: string; body: string; onConfirm: () => void; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  return (
    <Dialog open={open} onClose={onClose} size="sm" title={title} testId="pool-confirm"
      footer={<>
        <button type="button" className="btn btn-ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="btn btn-danger" data-testid="pool-confirm-yes" onClick={() => { onConfirm(); onClose() }}>{t('delivery.pools.confirm.confirm')}</button>
      </>}>
      <p className="dialog-text">{body}</p>
    </Dialog>
  )
}
