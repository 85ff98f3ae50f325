import { useMemo, useState, type JSX } from 'react'
import type { Conversation, ItemInfo, Pricing } from '@contract'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { Segmented } from '../../../lib/ui/controls'
import { useChatStore } from '../chatStore'
import { awaitsShipment, isOrderState, orderTimeline, selectBusyAction, selectDetail, selectMaxRounds } from '../selectors'
import { formatFullTime } from '../../../lib/format'
import { useLanguage } from '../../../lib/useLanguage'
import { useInboxStore } from '../store'
import { BargainCounter } from './Badges'
import { formatPrice } from './price'

type CopilotOpt = 'follow' | 'on' | 'off'
const toOpt = (v: boolean | null): CopilotOpt => (v === null ? 'follow' : v ? 'on' : 'off')
const fromOpt = (o: CopilotOpt): boolean | null => (o === 'follow' ? null : o === 'on')

function FloorEditor({ item, pricing }: { item: ItemInfo; pricing: Pricing | null }): JSX.Element {
  const { t } = useTranslation()
  const [value, setValue] = useState(item.floorPrice === null ? '' : String(item.floorPrice))
  const busy = useChatStore(selectBusyAction) === 'floor'
  const setFloor = useChatStore((s) => s.setFloor)
  const parsed = value.trim() === '' ? null : Number(value)
  const invalid = parsed !== null && !(Number.isFinite(parsed) && parsed >= 0)
  const dirty = parsed !== item.floorPrice
  return (
    <div className="floor-editor">
      <input
        className="input input-sm"
        inputMode="decimal"
        value={value}
        placeholder={pricing ? t('inbox.item.floorAuto', { price: formatPrice(pricing.floor) }) : t('inbox.item.floorPlaceholder')}
        aria-label={t('inbox.item.floorSet')}
        aria-invalid={invalid || undefined}
        onChange={(e) => setValue(e.target.value)}
        data-testid="floor-input"
      />
      <button type="button" className="btn btn-sm" disabled={busy || invalid || !dirty} onClick={() => void setFloor(parsed)} data-testid="floor-save">
        {t('inbox.item.save')}
      </button>
      {invalid && <span className="field-hint field-hint-error">{t('inbox.item.floorInvalid')}</span>}
    </div>
  )
}

function Ladder({ pricing }: { pricing: Pricing }): JSX.Element {
  const { t } = useTranslation()
  return (
    <ol className="price-ladder" data-testid="price-ladder">
      {pricing.ladder.map((p, i) => (
        <li key={i} data-done={i < pricing.round || undefined} data-next={i === pricing.round || undefined} title={t('inbox.item.ladderRound', { round: i + 1 })}>
          {formatPrice(p)}
        </li>
      ))}
    </ol>
  )
}

function ItemSection({ item }: { item: ItemInfo }): JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="panel-section">
      <h3 className="panel-h">{t('inbox.item.section')}</h3>
      <p className="item-title" data-testid="item-title">{item.title}</p>
      <dl className="inbox-facts">
        <dt>{t('inbox.item.price')}</dt>
        <dd className="inbox-price" data-testid="item-price">{item.price === null ? '–' : formatPrice(item.price)}</dd>
        {item.stock !== null && (
          <>
            <dt>{t('inbox.item.stock')}</dt>
            <dd>{t('inbox.item.stockValue', { count: item.stock })}</dd>
          </>
        )}
      </dl>
      {item.skus.length > 0 && (
        <ul className="inbox-skus" aria-label={t('inbox.item.skus')}>
          {item.skus.map((s) => (
            <li key={s.id}>
              <span className="sku-name">{s.name}</span>
              <span className="sku-price">{s.price === null ? '' : formatPrice(s.price)}</span>
              <span className="sku-stock">{s.stock === null ? '' : t('inbox.item.stockValue', { count: s.stock })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function BargainSection({ c, item, pricing }: { c: Conversation; item: ItemInfo | null; pricing: Pricing | null }): JSX.Element {
  const { t } = useTranslation()
  const cached = useInboxStore(selectMaxRounds(c.accountId))
  const busy = useChatStore(selectBusyAction) === 'reset'
  const reset = useChatStore((s) => s.resetBargain)
  return (
    <section className="panel-section">
      <div className="panel-h-row">
        <h3 className="panel-h">{t('inbox.item.bargain')}</h3>
        <BargainCounter count={c.bargainCount} max={pricing?.maxRounds ?? cached} testId="bargain-counter" />
        <button type="button" className="btn btn-ghost btn-sm" title={t('inbox.item.resetHint')} disabled={busy || c.bargainCount === 0} onClick={() => void reset()} data-testid="bargain-reset">
          <Icon name="undo" size={13} />
          {t('inbox.item.reset')}
        </button>
      </div>
      {pricing && (
        <>
          <dl className="inbox-facts">
            <dt>{t('inbox.item.next')}</dt>
            <dd className="inbox-price inbox-price-next" data-testid="next-allowed">{pricing.nextAllowed === null ? t('inbox.item.nextNone') : formatPrice(pricing.nextAllowed)}</dd>
          </dl>
          <div className="panel-label">{t('inbox.item.ladder')}</div>
          <Ladder pricing={pricing} />
        </>
      )}
      {item && (
        <>
          <div className="panel-label">{t('inbox.item.floor')}</div>
          <FloorEditor key={`${item.itemId}:${item.floorPrice}`} item={item} pricing={pricing} />
        </>
      )}
    </section>
  )
}

function ControlSection({ c }: { c: Conversation }): JSX.Element {
  const { t } = useTranslation()
  const busy = useChatStore(selectBusyAction) === 'copilot'
  const setCopilot = useChatStore((s) => s.setCopilot)
  return (
    <section className="panel-section">
      <h3 className="panel-h">{t('inbox.item.control')}</h3>
      <div className="panel-label">{t('inbox.item.copilot')}</div>
      <Segmented<CopilotOpt>
        size="sm"
        label={t('inbox.item.copilot')}
        value={toOpt(c.copilot)}
        testId="copilot-toggle"
        options={(['follow', 'on', 'off'] as const).map((o) => ({ value: o, label: t(`inbox.item.copilotOpt.${o}`), testId: `copilot-${o}` }))}
        onChange={(o) => !busy && void setCopilot(fromOpt(o))}
      />
      <p className="field-hint">{t('inbox.item.copilotHint')}</p>
      {c.orderState && (
        <dl className="inbox-facts">
          <dt>{t('inbox.item.order')}</dt>
          <dd data-paid={awaitsShipment(c.orderState) || undefined} className="order-state" data-testid="order-state">
            {isOrderState(c.orderState) ? t(`inbox.item.orderStates.${c.orderState}`) : c.orderState}
          </dd>
        </dl>
      )}
      <OrderTimeline />
    </section>
  )
}

/** The order cards of this chat as a timeline (下单 → 付款 → 发货 → 收货 → 评价). */
function OrderTimeline(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  // select the stable messages array; derive the steps outside the store selector (new objects each time)
  const messages = useChatStore((s) => s.messages)
  const steps = useMemo(() => orderTimeline(messages), [messages])
  if (steps.length === 0) return null
  return (
    <div className="order-timeline" data-testid="order-timeline">
      <div className="panel-label">{t('inbox.item.orderTimeline')}</div>
      <ol>
        {steps.map((s) => (
          <li key={s.id}>
            <span className="order-dot" aria-hidden="true" />
            <span className="order-text">{s.text}</span>
            <time dateTime={new Date(s.at).toISOString()}>{formatFullTime(s.at, language)}</time>
          </li>
        ))}
      </ol>
    </div>
  )
}

/** The item, where bargaining stands and the chat's automation controls, beside the messages. */
export function ItemPanel(): JSX.Element | null {
  const { t } = useTranslation()
  const detail = useChatStore(selectDetail)
  if (!detail) return <aside className="item-panel" data-testid="item-panel" aria-busy="true" />
  const { conversation: c, item, pricing } = detail
  return (
    <aside className="item-panel" data-testid="item-panel" aria-label={t('inbox.item.label')}>
      {item ? <ItemSection item={item} /> : (
        <section className="panel-section">
          <h3 className="panel-h">{t('inbox.item.section')}</h3>
          {c.itemTitle && <p className="item-title">{c.itemTitle}</p>}
          <p className="field-hint">{c.itemId ? t('inbox.item.notFetched') : t('inbox.item.none')}</p>
        </section>
      )}
      <BargainSection c={c} item={item} pricing={pricing} />
      <ControlSection c={c} />
    </aside>
  )
}
