import type { JSX } from 'react'
import type { DeliveryStatus, OrderState, ShipStatus } from '@contract'
import { useTranslation } from 'react-i18next'

/** 待付款 / 待发货 / 已发货 / 交易成功 / 退款中 / 已关闭. */
export function StateBadge({ state }: { state: OrderState }): JSX.Element {
  const { t } = useTranslation()
  return <span className="order-badge" data-state={state} data-testid="order-state">{t(`orders.state.${state}`)}</span>
}

/** Where the delivery stands; nothing for an order with nothing to deliver. */
export function DeliveryBadge({ delivery }: { delivery: DeliveryStatus }): JSX.Element | null {
  const { t } = useTranslation()
  if (delivery === 'none') return null
  return <span className="order-badge" data-delivery={delivery} data-testid="order-delivery">{t(`orders.delivery.${delivery}`)}</span>
}

export function ShipBadge({ ship }: { ship: ShipStatus }): JSX.Element | null {
  const { t } = useTranslation()
  if (ship === 'none') return null
  return <span className="order-badge" data-ship={ship} data-testid="order-ship">{t(`orders.ship.${ship}`)}</span>
}
