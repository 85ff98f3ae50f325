import { useEffect, useState, type JSX } from 'react'
import type { DeliveryRule, ItemDelivery, ReadinessProblem } from '@contract'
import { useTranslation } from 'react-i18next'
import { navigate, routeHref } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, Switch } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { useOrdersStore } from '../../orders/store'
import { deliveryNeeds, deliveryRuleName } from '../form'
import { usePoolsStore } from '../poolsStore'
import { useDeliveryStore } from '../store'
import { RuleEditor } from './RuleEditor'

/** Problems in the order a seller should fix them. */
const ORDER: ReadonlyArray<ReadinessProblem> = ['account_offline', 'auto_delivery_off', 'no_rule', 'rule_disabled', 'rules_ambiguous', 'pool_empty', 'pool_low']

function FixButton({ problem, item, onEditRule }: { problem: ReadinessProblem; item: ItemDelivery; onEditRule: (r: DeliveryRule | null) => void }): JSX.Element {
  const { t } = useTranslation()
  const busy = useDeliveryStore((s) => s.busy)
  const setAuto = useDeliveryStore((s) => s.setAuto)
  const setRuleEnabled = useDeliveryStore((s) => s.setRuleEnabled)
  const fix = (): void => {
    switch (problem) {
      case 'auto_delivery_off':
        void setAuto(item.accountId, true)
        return
      case 'no_rule':
        onEditRule(null)
        return
      case 'rule_disabled': {
        const off = item.rules.find((r) => !r.enabled)
        if (off) void setRuleEnabled(off, true)
        return
      }
      case 'rules_ambiguous':
        onEditRule(item.rules.find((r) => r.enabled) ?? null)
        return
      case 'pool_empty':
      case 'pool_low': {
        const pool = [...item.pools].sort((a, b) => a.available - b.available)[0]
        navigate('delivery', 'pools', ...(pool ? [String(pool.id)] : []))
        return
      }
      case 'account_offline':
        navigate('accounts', item.accountId)
    }
  }
  return (
    <button type="button" className="btn btn-sm" disabled={busy} data-testid={`delivery-fix-${problem}`} onClick={fix}>
      {t(`delivery.item.fix.${problem}`)}
    </button>
  )
}

function Readiness({ item, onEditRule }: { item: ItemDelivery; onEditRule: (r: DeliveryRule | null) => void }): JSX.Element {
  const { t } = useTranslation()
  const problems = ORDER.filter((p) => item.problems.includes(p))
  return (
    <section className={`dl-readiness ${item.ready ? 'dl-ready' : 'dl-not-ready'}`} data-testid="delivery-readiness" data-ready={item.ready}>
      <h2 className="dl-readiness-title">
        <Icon name={item.ready ? 'check' : 'alert'} size={16} />
        {item.ready ? t('delivery.item.ready') : t('delivery.item.notReady')}
      </h2>
      <ul className="dl-needs" aria-label={t('delivery.item.needs')}>
        {deliveryNeeds(item).map(({ need, ok }) => (
          <li key={need} data-testid="delivery-need" data-need={need} data-ok={ok}>
            <Icon name={ok ? 'check' : 'x'} size={13} />
            {t(`delivery.item.need.${need}`)}
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <ul className="dl-problems">
          {problems.map((p) => (
            <li key={p} className="dl-problem" data-testid="delivery-problem" data-problem={p} data-severity={p === 'pool_low' ? 'warn' : 'bad'}>
              <Icon name={p === 'pool_low' ? 'clock' : 'alert'} size={14} />
              <span>{t(`delivery.item.problem.${p}`)}</span>
              <FixButton problem={p} item={item} onEditRule={onEditRule} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function RuleCard({ rule, onEdit }: { rule: DeliveryRule; onEdit: () => void }): JSX.Element {
  const { t } = useTranslation()
  const busy = useDeliveryStore((s) => s.busy)
  const setRuleEnabled = useDeliveryStore((s) => s.setRuleEnabled)
  const removeRule = useDeliveryStore((s) => s.removeRule)
  const pool = usePoolsStore((s) => (rule.source.kind === 'pool' ? s.pools.find((p) => p.id === (rule.source as { poolId: number }).poolId) : undefined))
  const name = deliveryRuleName(rule)
  const source = rule.source.kind === 'pool'
    ? t('delivery.rule.source.pool', { name: pool?.name ?? `#${rule.source.poolId}` })
    : rule.source.kind === 'http' ? t('delivery.rule.source.http', { url: rule.source.http.url }) : t('delivery.rule.source.none')
  const first = rule.messages[0]
  return (
    <li className="dl-rule" data-testid="delivery-rule" data-rule-id={rule.id} data-enabled={rule.enabled}>
      <div className="dl-rule-main">
        <div className="dl-rule-head">
          <strong>{rule.name || (rule.spec ? t('delivery.rule.spec', { spec: rule.spec }) : t('delivery.rule.anySpec'))}</strong>
          {rule.name && <span className="mini-badge">{rule.spec ? t('delivery.rule.spec', { spec: rule.spec }) : t('delivery.rule.anySpec')}</span>}
          {!rule.enabled && <span className="mini-badge">{t('delivery.rule.disabled')}</span>}
        </div>
        <span className="dl-rule-line"><Icon name={rule.source.kind === 'pool' ? 'key' : rule.source.kind === 'http' ? 'globe' : 'message'} size={13} />{source}</span>
        {first && <span className="dl-rule-line muted">{first.kind === 'text' ? first.text : first.url}{rule.messages.length > 1 && ` · ${t('delivery.rule.messages', { count: rule.messages.length })}`}</span>}
        <span className="dl-rule-line muted">{[rule.delaySeconds > 0 ? t('delivery.rule.delay', { count: rule.delaySeconds }) : t('delivery.rule.noDelay'), t(`delivery.rule.ship.${rule.shipMode}`)].join(' · ')}</span>
      </div>
      <Switch checked={rule.enabled} disabled={busy} label={t('delivery.rule.enableAria', { name })} testId="delivery-rule-enabled" onChange={(v) => void setRuleEnabled(rule, v)} />
      <button type="button" className="btn btn-sm btn-ghost" data-testid="delivery-rule-edit" onClick={onEdit}>{t('delivery.rule.edit')}</button>
      <button type="button" className="icon-btn icon-btn-danger" disabled={busy} aria-label={t('delivery.rule.remove')} title={t('delivery.rule.remove')} data-testid="delivery-rule-remove"
        onClick={() => { if (window.confirm(t('delivery.rule.removeConfirm'))) void removeRule(rule.id) }}>
        <Icon name="trash" size={16} />
      </button>
    </li>
  )
}

function Pools({ item }: { item: ItemDelivery }): JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="form-card" data-testid="delivery-item-pools">
      <header className="form-card-head"><h2 className="form-card-title">{t('delivery.item.pools')}</h2></header>
      {item.pools.length === 0 ? <p className="card-lead">{t('delivery.item.noPools')}</p> : (
        <ul className="dl-pool-mini">
          {item.pools.map((p) => (
            <li key={p.id} data-testid="delivery-item-pool" data-pool-id={p.id} data-available={p.available}>
              <strong>{p.name}</strong>
              <span className={p.available === 0 ? 'warn-text' : 'muted'}>{t('delivery.editor.poolCounts', { available: p.available, used: p.used })}</span>
              <a className="link" href={routeHref('delivery', 'pools', String(p.id))}>{t('delivery.item.openPool')}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** One item: everything a delivery needs and what is missing (each with its fix), its rules and pools. */
export function ItemScreen({ accountId, itemId }: { accountId: string; itemId: string }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const item = useDeliveryStore((s) => s.item)
  const status = useDeliveryStore((s) => s.itemStatus)
  const error = useDeliveryStore((s) => s.itemError)
  const actionError = useDeliveryStore((s) => s.actionError)
  const clearActionError = useDeliveryStore((s) => s.clearActionError)
  const setAuto = useDeliveryStore((s) => s.setAuto)
  const account = useAccountsStore((s) => s.accounts.find((a) => a.id === accountId))
  const [editing, setEditing] = useState<DeliveryRule | null | undefined>(undefined)
  useEffect(() => {
    void useDeliveryStore.getState().openItem({ accountId, itemId })
    return () => useDeliveryStore.getState().closeItem()
  }, [accountId, itemId])
  const viewOrders = (): void => {
    useOrdersStore.setState((s) => ({ filter: { ...s.filter, accountId, itemId, states: [] } }))
    navigate('orders')
  }
  return (
    <div className="dl-item-screen" data-testid="delivery-item-screen" data-item-id={itemId}>
      <a className="link dl-back" href={routeHref('delivery')} data-testid="delivery-back"><Icon name="back" size={14} />{t('delivery.item.back')}</a>
      {status === 'error' && <EmptyState icon="alert" title={t('delivery.item.loadFailed')} body={error ? localizeMessage(error.message, language) : ''} testId="delivery-item-error" />}
      {status === 'loading' && !item && <div className="orders-card" aria-busy="true"><span className="skeleton orders-skeleton" /></div>}
      {item && (
        <>
          <header className="dl-item-header">
            <div>
              <h2 className="dl-item-name" data-testid="delivery-item-title">{item.itemTitle || t('delivery.item.itemId', { id: item.itemId })}</h2>
              <span className="muted">{[account ? displayName(account) : accountId, item.itemTitle ? t('delivery.item.itemId', { id: item.itemId }) : ''].filter(Boolean).join(' · ')}</span>
            </div>
            {item.waiting > 0 && <button type="button" className="btn btn-sm" data-testid="delivery-item-orders" onClick={viewOrders}>{t('delivery.item.waiting', { count: item.waiting })}</button>}
          </header>
          {actionError && <Banner tone="error" title={t('delivery.pools.actionFailed')} onDismiss={clearActionError} dismissLabel={t('common.dismiss')}>{localizeMessage(actionError.message, language)}</Banner>}
          {!item.autoDelivery && (
            <Banner tone="error" testId="delivery-auto-off" action={<button type="button" className="btn btn-sm" data-testid="delivery-auto-on" onClick={() => void setAuto(item.accountId, true)}>{t('delivery.item.turnOn')}</button>}>
              {t('delivery.item.autoOff')}
            </Banner>
          )}
          <Readiness item={item} onEditRule={setEditing} />
          <section className="form-card" data-testid="delivery-rules">
            <header className="form-card-head">
              <h2 className="form-card-title">{t('delivery.item.rules')}</h2>
              <button type="button" className="btn btn-sm btn-primary" data-testid="delivery-rule-add" onClick={() => setEditing(null)}><Icon name="plus" size={14} />{t('delivery.item.addRule')}</button>
            </header>
            <p className="card-lead">{t('delivery.item.rulesLead')}</p>
            {item.rules.length > 0 && <ul className="dl-rules">{item.rules.map((r) => <RuleCard key={r.id} rule={r} onEdit={() => setEditing(r)} />)}</ul>}
          </section>
          <Pools item={item} />
          <button type="button" className="btn btn-ghost dl-orders-link" onClick={viewOrders}><Icon name="receipt" size={15} />{t('delivery.item.viewOrders')}</button>
        </>
      )}
      <RuleEditor rule={editing} accountId={accountId} itemId={itemId} onClose={() => setEditing(undefined)} />
    </div>
  )
}
