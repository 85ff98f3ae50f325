import { useEffect, useRef, useState, type JSX } from 'react'
import type { KeywordRule } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, PageHeader } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { datedName, downloadText, readTextFile } from '../../settings/files'
import { ruleName, selectActionError, selectLoadError, selectNotice, selectRules, selectStatus, visibleRules } from '../selectors'
import { useRulesStore } from '../store'
import { RuleDialog } from './RuleDialog'
import { RuleRow } from './RuleRow'
import { RuleTestBox } from './RuleTestBox'
import '../../ai/components/ai.css'
import './rules.css'

function Toolbar({ accountId, onAccount }: { accountId: string | null; onAccount: (id: string | null) => void }): JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccountsStore((s) => s.accounts)
  const exportJson = useRulesStore((s) => s.exportJson)
  const importJson = useRulesStore((s) => s.importJson)
  const setNotice = useRulesStore((s) => s.setNotice)
  const file = useRef<HTMLInputElement>(null)
  const doExport = async (): Promise<void> => {
    const json = await exportJson(accountId ?? undefined)
    if (json === null) return
    const name = datedName('xianyu-desk-rules')
    downloadText(name, json)
    setNotice({ kind: 'exported', name })
  }
  const doImport = async (f: File | undefined): Promise<void> => {
    if (f) await importJson(await readTextFile(f), accountId ?? undefined)
    if (file.current) file.current.value = ''
  }
  return (
    <div className="rules-toolbar">
      <label className="picker">
        <span className="picker-label">{t('rules.filter')}</span>
        <select className="input select" value={accountId ?? ''} data-testid="rules-account" onChange={(e) => onAccount(e.target.value || null)}>
          <option value="">{t('rules.allAccounts')}</option>
          {accounts.map((a) => <option key={a.id} value={a.id}>{displayName(a)}</option>)}
        </select>
      </label>
      <span className="rules-toolbar-gap" />
      <input ref={file} type="file" accept="application/json,.json" hidden data-testid="rules-import-file" onChange={(e) => void doImport(e.target.files?.[0])} />
      <button type="button" className="btn" data-testid="rules-import" title={t('rules.transfer.importHint')} onClick={() => file.current?.click()}>{t('rules.import')}</button>
      <button type="button" className="btn" data-testid="rules-export" onClick={() => void doExport()}>{t('rules.export')}</button>
    </div>
  )
}

function Notices(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const actionError = useRulesStore(selectActionError)
  const notice = useRulesStore(selectNotice)
  const clearActionError = useRulesStore((s) => s.clearActionError)
  const setNotice = useRulesStore((s) => s.setNotice)
  if (actionError) {
    return <Banner tone="error" title={t('rules.actionFailed')} onDismiss={clearActionError} dismissLabel={t('common.dismiss')} testId="rules-error">{localizeMessage(actionError.message, language)}</Banner>
  }
  if (!notice) return null
  return (
    <Banner tone="info" onDismiss={() => setNotice(null)} dismissLabel={t('common.dismiss')} testId="rules-notice">
      {notice.kind === 'imported' ? t('rules.transfer.imported', { count: notice.count }) : t('rules.transfer.exported', { name: notice.name })}
    </Banner>
  )
}

function ConfirmRemove({ rule, onClose }: { rule: KeywordRule | null; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const remove = useRulesStore((s) => s.remove)
  return (
    <Dialog open={rule !== null} onClose={onClose} size="sm" title={t('rules.confirm.title')} testId="rule-confirm"
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn-danger" data-testid="rule-confirm-remove" onClick={() => { if (rule) void remove(rule.id); onClose() }}>{t('rules.confirm.confirm')}</button>
        </>
      }>
      <p className="dialog-text">{t('rules.confirm.body')}</p>
      {rule && <p className="confirm-rule">{ruleName(rule)}</p>}
    </Dialog>
  )
}

function List({ accountId, onEdit, onRemove }: { accountId: string | null; onEdit: (r: KeywordRule | null) => void; onRemove: (r: KeywordRule) => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const status = useRulesStore(selectStatus)
  const loadError = useRulesStore(selectLoadError)
  const all = useRulesStore(selectRules)
  const load = useRulesStore((s) => s.load)
  const rules = visibleRules(all, accountId)
  if (status === 'error') {
    return <EmptyState icon="alert" title={t('rules.loadFailed')} body={loadError ? localizeMessage(loadError.message, language) : ''} testId="rules-load-error"
      action={<button type="button" className="btn" onClick={() => void load()}>{t('common.retry')}</button>} />
  }
  if (status !== 'ready') return <div className="ai-loading" aria-busy="true"><span className="skeleton" /></div>
  if (rules.length === 0) {
    return <EmptyState icon="rules" title={t('rules.emptyTitle')} body={t('rules.emptyBody')} testId="rules-empty"
      action={<button type="button" className="btn btn-primary" onClick={() => onEdit(null)}><Icon name="plus" size={16} />{t('rules.add')}</button>} />
  }
  return (
    <>
      <div className="list-caption">{t('rules.count', { count: rules.length })}</div>
      <ul className="rule-list" data-testid="rules-list">
        {rules.map((r) => <RuleRow key={r.id} rule={r} onEdit={onEdit} onRemove={onRemove} />)}
      </ul>
    </>
  )
}

export function RulesPage(): JSX.Element {
  const { t } = useTranslation()
  const load = useRulesStore((s) => s.load)
  const firstAccount = useAccountsStore((s) => s.accounts[0]?.id ?? null)
  const [accountId, setAccountId] = useState<string | null>(null)
  const [editing, setEditing] = useState<KeywordRule | null | undefined>(undefined)
  const [removing, setRemoving] = useState<KeywordRule | null>(null)
  useEffect(() => void load(), [load])

  return (
    <div className="page page-wide">
      <PageHeader title={t('rules.title')} subtitle={t('rules.subtitle')}
        actions={<button type="button" className="btn btn-primary" data-testid="rule-add" onClick={() => setEditing(null)}><Icon name="plus" size={16} />{t('rules.add')}</button>} />
      <div className="ai-layout">
        <div className="ai-main">
          <p className="note" data-testid="rules-order"><Icon name="rules" size={15} /><span>{t('rules.order')}</span></p>
          <Toolbar accountId={accountId} onAccount={setAccountId} />
          <Notices />
          <List accountId={accountId} onEdit={setEditing} onRemove={setRemoving} />
        </div>
        <aside className="ai-side">
          <RuleTestBox accountId={accountId ?? firstAccount} />
        </aside>
      </div>
      <RuleDialog rule={editing} defaultAccountId={accountId ?? firstAccount} onClose={() => setEditing(undefined)} />
      <ConfirmRemove rule={removing} onClose={() => setRemoving(null)} />
    </div>
  )
}
