import { useEffect, useState, type JSX, type ReactNode } from 'react'
import type { DeliveryMessage, DeliveryReview, Order, OrderEvent } from '@contract'
import { useTranslation } from 'react-i18next'
import { chatHref, itemDeliveryHref, routeHref } from '../../../app/routes'
import { formatFullTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { formatYuan } from '../../dashboard/selectors'
import { deliveryRuleName } from '../../delivery/form'
import { useOrdersStore, type OrderAction } from '../store'
import { matchingRules, openReviews, orderActions, traceLine, type Translate } from '../trace'
import { DeliveryBadge, ShipBadge, StateBadge } from './Badges'

function Row({ label, children }: { label: string; children: ReactNode }): JSX.Element {
  return (
    <div className="od-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function Summary({ order }: { order: Order }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const account = useAccountsStore((s) => s.accounts.find((a) => a.id === order.accountId))
  const time = (ts: number | null): string | null => (ts === null ? null : formatFullTime(ts, language))
  return (
    <dl className="od-summary" data-testid="order-summary">
      <Row label={t('orders.drawer.item')}>
        <span>{order.itemTitle || order.itemId}</span>
        {order.itemId && <a className="link" href={itemDeliveryHref(order.accountId, order.itemId)} data-testid="order-open-item">{t('orders.drawer.openItem')}</a>}
      </Row>
      <Row label={t('orders.drawer.spec')}>{order.spec || <span className="muted">{t('orders.drawer.noSpec')}</span>}</Row>
      <Row label={t('orders.drawer.quantity')}>{order.quantity}</Row>
      <Row label={t('orders.drawer.amount')}>{order.amount === null ? t('orders.amountUnknown') : formatYuan(order.amount, language)}{order.xiaodao && <span className="mini-badge">{t('orders.xiaodao')}</span>}</Row>
      <Row label={t('orders.drawer.buyer')}>
        <span>{order.buyerNick || order.buyerId}</span>
        {order.cid && <a className="link" href={chatHref(order.accountId, order.cid)} data-testid="order-open-chat"><Icon name="message" size={12} />{t('orders.drawer.openChat')}</a>}
      </Row>
      <Row label={t('orders.drawer.account')}>{account ? displayName(account) : order.accountId}</Row>
      <Row label={t('orders.drawer.created')}>{time(order.createdAt)}</Row>
      {order.paidAt !== null && <Row label={t('orders.drawer.paid')}>{time(order.paidAt)}</Row>}
      {order.deliveredAt !== null && <Row label={t('orders.drawer.delivered')}>{time(order.deliveredAt)}</Row>}
      {order.shippedAt !== null && <Row label={t('orders.drawer.shipped')}>{time(order.shippedAt)}</Row>}
      {order.ruleId !== null && <Row label={t('orders.drawer.rule')}>{t('orders.drawer.ruleId', { id: order.ruleId })}</Row>}
    </dl>
  )
}

function ActionButton({ action, onClick, disabled, primary }: { action: OrderAction; onClick: () => void; disabled?: boolean; primary?: boolean }): JSX.Element {
  const { t } = useTranslation()
  const busy = useOrdersStore((s) => s.busy)
  return (
    <button type="button" className={`btn btn-sm ${primary ? 'btn-primary' : ''}`} disabled={busy !== null || disabled} title={t(`orders.actions.${action}Hint`)} data-testid={`order-${action}`} onClick={onClick}>
      {busy === action && <span className="spinner" aria-hidden="true" />}
      {t(`orders.actions.${action}`)}
    </button>
  )
}

function Actions({ order, reviews }: { order: Order; reviews: ReadonlyArray<DeliveryReview> }): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const rules = useOrdersStore((s) => s.rules)
  const act = useOrdersStore((s) => s.act)
  const error = useOrdersStore((s) => s.actionError)
  const done = useOrdersStore((s) => s.actionDone)
  const can = orderActions(order)
  const choices = matchingRules(rules, order)
  const ambiguous = choices.length > 1 || reviews.some((r) => r.reason === 'rules_ambiguous')
  const [ruleId, setRuleId] = useState<number | null>(null)
  useEffect(() => setRuleId(null), [order.orderId])
  if (!can.deliverNow && !can.resend && !can.ship) return null
  return (
    <section className="od-section od-actions" data-testid="order-actions">
      {can.deliverNow && ambiguous && choices.length > 0 && (
        <label className="od-choose">
          <span className="field-label">{t('orders.drawer.chooseRule')}</span>
          <select className="input select" value={ruleId ?? ''} data-testid="order-rule-choice" onChange={(e) => setRuleId(e.target.value ? Number(e.target.value) : null)}>
            <option value="" disabled>{t('orders.drawer.chooseRule')}</option>
            {choices.map((r) => <option key={r.id} value={r.id}>{deliveryRuleName(r)}</option>)}
          </select>
          <span className="field-hint">{t('orders.drawer.chooseRuleHint')}</span>
        </label>
      )}
      {can.deliverNow && choices.length === 0 && <p className="field-hint" data-testid="order-no-rule">{t('orders.drawer.noRuleHint')}</p>}
      <div className="od-buttons">
        {can.deliverNow && (
          <ActionButton action="deliverNow" primary disabled={ambiguous && choices.length > 1 && ruleId === null}
            onClick={() => void act('deliverNow', ruleId === null ? {} : { ruleId })} />
        )}
        {can.resend && <ActionButton action="resend" onClick={() => void act('resend')} />}
        {can.ship && <ActionButton action="ship" onClick={() => void act('ship')} />}
      </div>
      {error && <p className="field-error" role="alert" data-testid="order-action-error"><Icon name="alert" size={14} />{`${t('orders.actions.failed')}：${localizeMessage(error.message, language)}`}</p>}
      {!error && done && <p className="ok-line" data-testid="order-action-done"><Icon name="check" size={14} />{t(`orders.actions.done.${done}`)}</p>}
    </section>
  )
}

function Reviews({ reviews }: { reviews: ReadonlyArray<DeliveryReview> }): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const act = useOrdersStore((s) => s.act)
  const busy = useOrdersStore((s) => s.busy)
  const open = openReviews(reviews)
  const done = reviews.filter((r) => r.resolvedAt !== null)
  if (reviews.length === 0) return null
  return (
    <section className="od-section">
      {open.length > 0 && <h3 className="od-title">{t('orders.drawer.reviews')}</h3>}
      {open.map((r) => (
        <div key={r.id} className="od-review" data-testid="order-review" data-reason={r.reason}>
          <Icon name="alert" size={15} />
          <div className="od-review-text">
            <strong>{t(`orders.review.reason.${r.reason}`)}</strong>
            {r.detail && <span className="muted">{localizeMessage(r.detail, language)}</span>}
          </div>
          <button type="button" className="btn btn-sm" disabled={busy !== null} title={t('orders.actions.markHandledHint')} data-testid="order-markHandled" onClick={() => void act('markHandled', { reviewId: r.id })}>
            {t('orders.actions.markHandled')}
          </button>
        </div>
      ))}
      {done.length > 0 && (
        <ul className="od-review-done">
          {done.map((r) => (
            <li key={r.id} data-testid="order-review-done">
              {t(`orders.review.reason.${r.reason}`)} · {t('orders.drawer.reviewResolved', { time: formatFullTime(r.resolvedAt ?? r.createdAt, language), resolution: r.resolution ? t(`orders.review.resolution.${r.resolution}`) : '' })}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

const TONE_ICON = { ok: 'check', bad: 'alert', warn: 'clock', info: 'receipt' } as const

function Trace({ timeline }: { timeline: ReadonlyArray<OrderEvent> }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const ctx = { language, formatTime: (ts: number) => formatFullTime(ts, language) }
  return (
    <section className="od-section">
      <h3 className="od-title">{t('orders.drawer.trace')}</h3>
      {timeline.length === 0 ? <p className="field-hint">{t('orders.drawer.traceEmpty')}</p> : (
        <ol className="od-trace" data-testid="order-trace">
          {timeline.map((e) => {
            const line = traceLine(e, t as Translate, ctx)
            return (
              <li key={e.id} className="od-event" data-tone={line.tone} data-code={e.code} data-testid="order-event">
                <span className="od-event-dot" aria-hidden="true"><Icon name={TONE_ICON[line.tone]} size={12} /></span>
                <div className="od-event-body">
                  <span className="od-event-text">{line.text}</span>
                  {line.details.length > 0 && <span className="od-event-details">{line.details.join(' · ')}</span>}
                </div>
                <time className="od-event-time">{formatFullTime(e.at, language)}</time>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}

function Messages({ messages }: { messages: ReadonlyArray<DeliveryMessage> }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  return (
    <section className="od-section">
      <h3 className="od-title">{t('orders.drawer.messages')}</h3>
      {messages.length === 0 ? <p className="field-hint">{t('orders.drawer.messagesEmpty')}</p> : (
        <ul className="od-messages" data-testid="order-messages">
          {messages.map((m) => (
            <li key={m.id} className="od-message" data-state={m.state} data-testid="order-message">
              <div className="od-message-head">
                <span className="muted">{t('orders.drawer.messageUnit', { unit: m.unit + 1, part: m.part + 1 })}</span>
                <span className="od-message-state" data-state={m.state}>{t(`orders.drawer.messageState.${m.state}`)}</span>
              </div>
              <p className="od-message-text">{m.kind === 'image' ? <><Icon name="image" size={13} /> {t('orders.drawer.image')}</> : m.text}</p>
              {m.error && <p className="field-error"><Icon name="alert" size={13} />{localizeMessage(m.error, language)}</p>}
              {m.ackedAt !== null && <time className="muted">{formatFullTime(m.ackedAt, language)}</time>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The order drawer: summary, actions, open reviews, the trace (why it was or was not delivered) and the delivery messages. */
export function OrderDrawer(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const open = useOrdersStore((s) => s.open)
  const detail = useOrdersStore((s) => s.detail)
  const status = useOrdersStore((s) => s.detailStatus)
  const error = useOrdersStore((s) => s.detailError)
  const close = (): void => {
    window.location.hash = routeHref('orders')
  }
  const isOpen = open !== null
  useEffect(() => {
    if (!isOpen) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [isOpen])
  if (!open) return null
  const order = detail?.order
  return (
    <div className="od-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <aside className="order-drawer" aria-label={t('orders.drawer.label')} data-testid="order-drawer" data-order-id={open.orderId} data-state={order?.state} data-delivery={order?.delivery}>
        <header className="od-head">
          {/* on the left: toasts arrive at the top right */}
          <button type="button" className="icon-btn" aria-label={t('orders.drawer.close')} data-testid="order-drawer-close" onClick={close}><Icon name="x" /></button>
          <div className="od-head-text">
            <h2 className="mono">{open.orderId}</h2>
            {order && (
              <div className="od-badges">
                <StateBadge state={order.state} />
                <DeliveryBadge delivery={order.delivery} />
                <ShipBadge ship={order.ship} />
              </div>
            )}
          </div>
        </header>
        <div className="od-body">
          {status === 'loading' && !detail && <p className="field-hint" aria-busy="true">{t('orders.drawer.loading')}</p>}
          {status === 'error' && <p className="field-error" role="alert" data-testid="order-drawer-error"><Icon name="alert" size={14} />{`${t('orders.drawer.loadFailed')}：${error ? localizeMessage(error.message, language) : ''}`}</p>}
          {detail && order && (
            <>
              <Summary order={order} />
              <Actions order={order} reviews={openReviews(detail.reviews)} />
              <Reviews reviews={detail.reviews} />
              <Trace timeline={detail.timeline} />
              <Messages messages={detail.messages} />
            </>
          )}
        </div>
      </aside>
    </div>
  )
}
