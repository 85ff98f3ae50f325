import { useEffect, useMemo, useState, type JSX } from 'react'
import type { ItemDelivery } from '@contract'
import { useTranslation } from 'react-i18next'
import { itemDeliveryHref, navigate } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, Switch } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { Field } from '../../ai/components/form'
import { useInboxStore } from '../../inbox/store'
import { useDeliveryStore } from '../store'

function AccountSwitches(): JSX.Element | null {
  const { t } = useTranslation()
  const accounts = useAccountsStore((s) => s.accounts)
  const auto = useDeliveryStore((s) => s.auto)
  const busy = useDeliveryStore((s) => s.busy)
  const setAuto = useDeliveryStore((s) => s.setAuto)
  if (accounts.length === 0) return null
  return (
    <section className="form-card" data-testid="delivery-accounts">
      <header className="form-card-head"><h2 className="form-card-title">{t('delivery.accounts.title')}</h2></header>
      <p className="card-lead">{t('delivery.accounts.lead')}</p>
      <ul className="dl-accounts">
        {accounts.map((a) => {
          const on = auto[a.id]
          const name = displayName(a)
          return (
            <li key={a.id} className="dl-account" data-testid="delivery-account" data-account-id={a.id} data-auto={on === undefined ? 'unknown' : String(on)}>
              <div className="dl-account-text">
                <strong>{name}</strong>
                <span className={on ? 'ok-text' : 'warn-text'}>
                  {on === undefined ? '…' : on ? t('delivery.accounts.on') : t('delivery.accounts.off')}
                  {a.status !== 'online' && ` · ${t('delivery.accounts.offline')}`}
                </span>
              </div>
              <Switch checked={on === true} disabled={busy || on === undefined} label={t('delivery.accounts.switchAria', { name })} testId="delivery-auto-switch" onChange={(v) => void setAuto(a.id, v)} />
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function ItemRow({ item }: { item: ItemDelivery }): JSX.Element {
  const { t } = useTranslation()
  const account = useAccountsStore((s) => s.accounts.find((a) => a.id === item.accountId))
  const available = item.pools.reduce((n, p) => n + p.available, 0)
  return (
    <li>
      <a className="dl-item" href={itemDeliveryHref(item.accountId, item.itemId)} data-testid="delivery-item" data-item-id={item.itemId} data-ready={item.ready}>
        <div className="dl-item-main">
          <strong className="dl-item-title">{item.itemTitle || t('delivery.item.itemId', { id: item.itemId })}</strong>
          <span className="muted">
            {[account ? displayName(account) : item.accountId, item.itemTitle ? t('delivery.item.itemId', { id: item.itemId }) : '', item.rules.length > 0 ? t('delivery.items.rules', { count: item.rules.length }) : t('delivery.items.noRules')].filter(Boolean).join(' · ')}
          </span>
        </div>
        <div className="dl-item-meta">
          {item.pools.length > 0 && <span className="mini-badge" title={t('delivery.pools.available')}><Icon name="key" size={12} />&nbsp;{available}</span>}
          {item.waiting > 0 && <span className="order-badge" data-delivery="review">{t('delivery.items.waiting', { count: item.waiting })}</span>}
          {item.ready
            ? <span className="status-pill status-pill-ok" data-testid="delivery-item-ready"><Icon name="check" size={12} />{t('delivery.items.ready')}</span>
            : <span className="status-pill status-pill-bad" data-testid="delivery-item-problems">{t('delivery.items.problems', { count: item.problems.length })}</span>}
        </div>
        <Icon name="back" size={16} className="dl-chevron" />
      </a>
    </li>
  )
}

/** Pick an account and an item id (or an item from recent chats), then open its delivery screen. */
function AddItemDialog({ open, onClose }: { open: boolean; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccountsStore((s) => s.accounts)
  const conversations = useInboxStore((s) => s.conversations)
  const [accountId, setAccountId] = useState('')
  const [itemId, setItemId] = useState('')
  const [tried, setTried] = useState(false)
  useEffect(() => {
    if (!open) return
    setItemId('')
    setTried(false)
  }, [open])
  const account = accountId || accounts[0]?.id || ''
  const recent = useMemo(() => {
    const seen = new Map<string, string>()
    for (const c of conversations) if (c.accountId === account && c.itemId && !seen.has(c.itemId)) seen.set(c.itemId, c.itemTitle || c.itemId)
    return [...seen].slice(0, 8)
  }, [conversations, account])
  const itemOk = /^\d{1,30}$/.test(itemId.trim())
  const submit = (): void => {
    setTried(true)
    if (!account || !itemOk) return
    onClose()
    navigate('delivery', 'item', account, itemId.trim())
  }
  return (
    <Dialog open={open} onClose={onClose} size="sm" title={t('delivery.addItem.title')} testId="delivery-add-item"
      footer={<>
        <button type="button" className="btn btn-ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="btn btn-primary" data-testid="delivery-add-item-open" onClick={submit}>{t('delivery.addItem.open')}</button>
      </>}>
      <div className="form">
        <Field label={t('delivery.addItem.account')} field="accountId" error={tried && !account ? t('delivery.addItem.needAccount') : undefined}>
          {(id) => (
            <select id={id} className="input select" value={account} data-testid="delivery-add-account" onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => <option key={a.id} value={a.id}>{displayName(a)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('delivery.addItem.itemId')} hint={t('delivery.addItem.itemHint')} field="itemId" error={tried && !itemOk ? t('delivery.addItem.needItem') : undefined}>
          {(id) => <input id={id} className="input mono" inputMode="numeric" maxLength={30} value={itemId} data-testid="delivery-add-item-id" onChange={(e) => setItemId(e.target.value.trim())} />}
        </Field>
        {recent.length > 0 && (
          <div className="field">
            <span className="field-label">{t('delivery.addItem.recent')}</span>
            <div className="dl-recent">
              {recent.map(([id, title]) => (
                <button key={id} type="button" className="chip dl-recent-chip" aria-pressed={itemId === id} data-testid="delivery-add-recent" onClick={() => setItemId(id)}>{title}</button>
              ))}
            </div>
          </div>
        )}
      </div>
    </Dialog>
  )
}

export function ItemsView(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const items = useDeliveryStore((s) => s.items)
  const status = useDeliveryStore((s) => s.status)
  const loadError = useDeliveryStore((s) => s.loadError)
  const actionError = useDeliveryStore((s) => s.actionError)
  const clearActionError = useDeliveryStore((s) => s.clearActionError)
  const [adding, setAdding] = useState(false)
  const addButton = <button type="button" className="btn btn-primary" data-testid="delivery-add" onClick={() => setAdding(true)}><Icon name="plus" size={16} />{t('delivery.items.add')}</button>
  return (
    <>
      {actionError && <Banner tone="error" title={t('delivery.pools.actionFailed')} onDismiss={clearActionError} dismissLabel={t('common.dismiss')} testId="delivery-error">{localizeMessage(actionError.message, language)}</Banner>}
      <AccountSwitches />
      <div className="dl-list-head">
        <span className="list-caption">{status === 'ready' ? t('delivery.items.count', { count: items.length }) : ''}</span>
        {items.length > 0 && addButton}
      </div>
      {status === 'error' && <EmptyState icon="alert" title={t('delivery.loadFailed')} body={loadError ? localizeMessage(loadError.message, language) : ''} testId="delivery-load-error" />}
      {status === 'ready' && items.length === 0 && <EmptyState icon="package" title={t('delivery.items.emptyTitle')} body={t('delivery.items.emptyBody')} action={addButton} testId="delivery-empty" />}
      {items.length > 0 && <ul className="dl-items" data-testid="delivery-items">{items.map((i) => <ItemRow key={`${i.accountId}:${i.itemId}`} item={i} />)}</ul>}
      <AddItemDialog open={adding} onClose={() => setAdding(false)} />
    </>
  )
}
