import { useEffect, useRef, useState, type JSX } from 'react'
import type { CardPool } from '@contract'
import { useTranslation } from 'react-i18next'
import { orderHref, routeHref } from '../../../app/routes'
import { formatFullTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, Segmented } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { displayCode, exportFileName } from '../codes'
import { CODES_PAGE, usePoolsStore, type CodeStateFilter, type ExportState } from '../poolsStore'
import { ConfirmDialog, ImportDialog, PoolDialog } from './PoolDialogs'
import { downloadText } from '../../settings/files'


type Confirm = { kind: 'deleteAll' | 'deleteSelected' | 'remove'; pool: CardPool } | null

const isLow = (p: CardPool): boolean => p.lowStockThreshold > 0 && p.available <= p.lowStockThreshold

function ExportMenu({ pool }: { pool: CardPool }): JSX.Element {
  const { t } = useTranslation()
  const ref = useRef<HTMLDetailsElement>(null)
  // a click anywhere else closes the menu
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      const el = ref.current
      if (el?.open && !el.contains(e.target as Node)) el.removeAttribute('open')
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [])
  const exportCodes = usePoolsStore((s) => s.exportCodes)
  const setNotice = usePoolsStore((s) => s.setNotice)
  const run = async (state: ExportState): Promise<void> => {
    const r = await exportCodes(pool.id, state)
    if (!r) return
    const name = exportFileName(pool.name, state)
    downloadText(name, r.text, 'text/plain;charset=utf-8')
    setNotice({ kind: 'exported', count: r.count, name })
  }
  return (
    <details className="dl-menu" ref={ref}>
      <summary className="btn btn-sm" data-testid="pool-export"><Icon name="download" size={14} />{t('delivery.pools.export')}</summary>
      <div className="dl-menu-list">
        {(['available', 'used', 'all'] as const).map((s) => (
          <button key={s} type="button" className="dl-menu-item" data-testid={`pool-export-${s}`} onClick={() => { ref.current?.removeAttribute('open'); void run(s) }}>
            {t(`delivery.pools.exportState.${s}`)}
          </button>
        ))}
      </div>
    </details>
  )
}

function Codes({ pool, onConfirm }: { pool: CardPool; onConfirm: (c: Confirm) => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const view = usePoolsStore((s) => s.view)
  const selected = usePoolsStore((s) => s.selected)
  const busy = usePoolsStore((s) => s.busy)
  const openCodes = usePoolsStore((s) => s.openCodes)
  const toggle = usePoolsStore((s) => s.toggleSelected)
  const setSelected = usePoolsStore((s) => s.setSelected)
  useEffect(() => {
    void usePoolsStore.getState().openCodes(pool.id)
    return () => usePoolsStore.getState().closeCodes()
  }, [pool.id])
  if (!view || view.poolId !== pool.id) return <div className="dl-codes" aria-busy="true" />
  const pages = Math.max(1, Math.ceil(view.total / CODES_PAGE))
  const page = Math.floor(view.offset / CODES_PAGE) + 1
  const selectable = view.codes.filter((c) => c.state === 'available').map((c) => c.id)
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.includes(id))
  return (
    <div className="dl-codes" data-testid="pool-codes" data-total={view.total}>
      <div className="dl-codes-bar">
        <Segmented<CodeStateFilter> size="sm" label={t('delivery.pools.codes')} value={view.state} testId="pool-code-state"
          options={(['all', 'available', 'reserved', 'used'] as const).map((s) => ({ value: s, label: t(`delivery.pools.stateFilter.${s}`), testId: `pool-code-state-${s}` }))}
          onChange={(s) => void openCodes(pool.id, s, 0)} />
        <span className="rules-toolbar-gap" />
        <button type="button" className="btn btn-sm" disabled={busy || selected.length === 0} data-testid="pool-delete-selected" onClick={() => onConfirm({ kind: 'deleteSelected', pool })}>
          <Icon name="trash" size={14} />{t('delivery.pools.deleteSelected', { count: selected.length })}
        </button>
        <button type="button" className="btn btn-sm" disabled={busy || pool.available === 0} data-testid="pool-delete-unused" onClick={() => onConfirm({ kind: 'deleteAll', pool })}>
          {t('delivery.pools.deleteUnused')}
        </button>
      </div>
      {view.codes.length === 0 ? <p className="field-hint dl-codes-empty">{view.status === 'loading' ? t('common.loading') : t('delivery.pools.codesEmpty')}</p> : (
        <table className="orders-table dl-code-table" data-testid="pool-code-list">
          <thead>
            <tr>
              <th><input type="checkbox" aria-label={t('delivery.pools.selectAll')} checked={allSelected} disabled={selectable.length === 0} data-testid="pool-select-all" onChange={() => setSelected(allSelected ? [] : selectable)} /></th>
              {(['code', 'state', 'order', 'added', 'usedAt'] as const).map((c) => <th key={c}>{t(`delivery.pools.columns.${c}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {view.codes.map((c) => (
              <tr key={c.id} data-testid="pool-code" data-state={c.state} data-code-id={c.id}>
                <td>{c.state === 'available' && <input type="checkbox" aria-label={displayCode(c.masked)} checked={selected.includes(c.id)} data-testid="pool-code-select" onChange={() => toggle(c.id)} />}</td>
                <td className="mono" data-testid="pool-code-masked">{displayCode(c.masked)}</td>
                <td><span className="dl-code-state" data-state={c.state}>{t(`delivery.pools.stateFilter.${c.state}`)}</span></td>
                <td>{c.orderId ? <a className="mono link" href={orderHref(pool.accountId, c.orderId)}>{c.orderId}</a> : ''}</td>
                <td className="nowrap muted">{formatFullTime(c.createdAt, language)}</td>
                <td className="nowrap muted">{c.usedAt === null ? '' : formatFullTime(c.usedAt, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <div className="dl-pager">
          <button type="button" className="btn btn-sm" disabled={page <= 1} data-testid="pool-prev" onClick={() => void openCodes(pool.id, view.state, view.offset - CODES_PAGE)}>{t('delivery.pools.prev')}</button>
          <span className="muted">{t('delivery.pools.page', { page, pages })}</span>
          <button type="button" className="btn btn-sm" disabled={page >= pages} data-testid="pool-next" onClick={() => void openCodes(pool.id, view.state, view.offset + CODES_PAGE)}>{t('delivery.pools.next')}</button>
        </div>
      )}
    </div>
  )
}

function PoolCard({ pool, expanded, onImport, onEdit, onConfirm }: { pool: CardPool; expanded: boolean; onImport: () => void; onEdit: () => void; onConfirm: (c: Confirm) => void }): JSX.Element {
  const { t } = useTranslation()
  const account = useAccountsStore((s) => s.accounts.find((a) => a.id === pool.accountId))
  const low = isLow(pool)
  return (
    <li className="dl-pool" data-testid="pool" data-pool-id={pool.id} data-available={pool.available} data-low={low || undefined}>
      <div className="dl-pool-head">
        <div className="dl-pool-name">
          <strong data-testid="pool-name-text">{pool.name}</strong>
          <span className="muted">{account ? displayName(account) : pool.accountId}</span>
        </div>
        <dl className="dl-counts">
          <div className="dl-count" data-tone={pool.available === 0 ? 'bad' : low ? 'warn' : 'ok'}><dt>{t('delivery.pools.available')}</dt><dd data-testid="pool-available">{pool.available}</dd></div>
          <div className="dl-count"><dt>{t('delivery.pools.reserved')}</dt><dd data-testid="pool-reserved">{pool.reserved}</dd></div>
          <div className="dl-count"><dt>{t('delivery.pools.used')}</dt><dd data-testid="pool-used">{pool.used}</dd></div>
        </dl>
        <div className="dl-pool-threshold">
          {low && <span className="status-pill" data-testid="pool-low">{t('delivery.pools.low')}</span>}
          <span className="muted">{t('delivery.pools.threshold')}：{pool.lowStockThreshold > 0 ? t('delivery.pools.thresholdValue', { count: pool.lowStockThreshold }) : t('delivery.pools.thresholdOff')}</span>
        </div>
      </div>
      <div className="dl-pool-actions">
        <button type="button" className="btn btn-sm btn-primary" data-testid="pool-import" onClick={onImport}><Icon name="upload" size={14} />{t('delivery.pools.import')}</button>
        <ExportMenu pool={pool} />
        <a className="btn btn-sm" href={expanded ? routeHref('delivery', 'pools') : routeHref('delivery', 'pools', String(pool.id))} aria-expanded={expanded} data-testid="pool-toggle-codes">
          <Icon name="key" size={14} />{t('delivery.pools.codes')}
        </a>
        <span className="rules-toolbar-gap" />
        <button type="button" className="btn btn-sm btn-ghost" data-testid="pool-edit" onClick={onEdit}>{t('delivery.pools.edit')}</button>
        <button type="button" className="icon-btn icon-btn-danger" aria-label={t('delivery.pools.remove')} title={t('delivery.pools.remove')} data-testid="pool-remove" onClick={() => onConfirm({ kind: 'remove', pool })}>
          <Icon name="trash" size={16} />
        </button>
      </div>
      {expanded && <Codes pool={pool} onConfirm={onConfirm} />}
    </li>
  )
}

function Notices(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const error = usePoolsStore((s) => s.actionError)
  const notice = usePoolsStore((s) => s.notice)
  const clearError = usePoolsStore((s) => s.clearActionError)
  const setNotice = usePoolsStore((s) => s.setNotice)
  if (error) return <Banner tone="error" title={t('delivery.pools.actionFailed')} onDismiss={clearError} dismissLabel={t('common.dismiss')} testId="pools-error">{localizeMessage(error.message, language)}</Banner>
  if (!notice) return null
  return (
    <Banner tone="info" onDismiss={() => setNotice(null)} dismissLabel={t('common.dismiss')} testId="pools-notice">
      {notice.kind === 'deleted' ? t('delivery.pools.confirm.deleted', { count: notice.count }) : t('delivery.pools.exported', { count: notice.count, name: notice.name })}
    </Banner>
  )
}

/** Card pools: counts, low stock, import / export, the masked code list with delete. `poolId` expands that pool's codes. */
export function PoolsView({ poolId }: { poolId: number | null }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const pools = usePoolsStore((s) => s.pools)
  const status = usePoolsStore((s) => s.status)
  const loadError = usePoolsStore((s) => s.loadError)
  const deleteCodes = usePoolsStore((s) => s.deleteCodes)
  const removePool = usePoolsStore((s) => s.removePool)
  const selectedCount = usePoolsStore((s) => s.selected.length)
  const [editing, setEditing] = useState<CardPool | null | undefined>(undefined)
  const [importing, setImporting] = useState<CardPool | null>(null)
  const [confirm, setConfirm] = useState<Confirm>(null)
  const addButton = <button type="button" className="btn btn-primary" data-testid="pool-add" onClick={() => setEditing(null)}><Icon name="plus" size={16} />{t('delivery.pools.add')}</button>
  const confirmText = (c: NonNullable<Confirm>): { title: string; body: string } => {
    if (c.kind === 'deleteAll') return { title: t('delivery.pools.confirm.deleteAllTitle'), body: t('delivery.pools.confirm.deleteAllBody', { name: c.pool.name, count: c.pool.available }) }
    if (c.kind === 'deleteSelected') return { title: t('delivery.pools.confirm.deleteSelectedTitle'), body: t('delivery.pools.confirm.deleteSelectedBody', { count: selectedCount }) }
    return { title: t('delivery.pools.confirm.removeTitle'), body: t('delivery.pools.confirm.removeBody', { name: c.pool.name }) }
  }
  const runConfirm = (c: NonNullable<Confirm>): void => {
    if (c.kind === 'remove') {
      void removePool(c.pool.id).then((removed) => { if (removed && poolId === c.pool.id) window.location.hash = routeHref('delivery', 'pools') })
    } else void deleteCodes(c.pool.id, c.kind === 'deleteAll')
  }
  return (
    <>
      <p className="note"><Icon name="shield" size={15} /><span>{t('delivery.pools.lead')}</span></p>
      <Notices />
      <div className="dl-list-head">
        <span className="list-caption">{status === 'ready' ? t('delivery.pools.count', { count: pools.length }) : ''}</span>
        {pools.length > 0 && addButton}
      </div>
      {status === 'error' && <EmptyState icon="alert" title={t('delivery.loadFailed')} body={loadError ? localizeMessage(loadError.message, language) : ''} testId="pools-load-error" />}
      {status === 'ready' && pools.length === 0 && <EmptyState icon="key" title={t('delivery.pools.emptyTitle')} body={t('delivery.pools.emptyBody')} action={addButton} testId="pools-empty" />}
      {pools.length > 0 && (
        <ul className="dl-pools" data-testid="pools">
          {pools.map((p) => <PoolCard key={p.id} pool={p} expanded={p.id === poolId} onImport={() => setImporting(p)} onEdit={() => setEditing(p)} onConfirm={setConfirm} />)}
        </ul>
      )}
      <PoolDialog open={editing !== undefined} pool={editing ?? null} onClose={() => setEditing(undefined)} />
      <ImportDialog pool={importing} onClose={() => setImporting(null)} />
      <ConfirmDialog open={confirm !== null} {...(confirm ? confirmText(confirm) : { title: '', body: '' })} onConfirm={() => confirm && runConfirm(confirm)} onClose={() => setConfirm(null)} />
    </>
  )
}
