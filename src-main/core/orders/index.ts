import type { ApiImpl } from '@contract/api'
import type { OrdersService } from './service'

export { OrdersService, type OrdersOptions } from './service'
export { OrdersStore } from './store'
export { MtopOrderApi, OrderApiRefused, type OrderApi, type PlatformOrder } from './orderApi'
export { maskCode } from './text'

type OrdersApi = Pick<ApiImpl, Extract<keyof ApiImpl, `orders.${string}` | `delivery.${string}`>>

/** The `orders.*` and `delivery.*` contract calls over the service. */
export function ordersApi(s: OrdersService): OrdersApi {
  return {
    'orders.list': async (input) => s.list(input),
    'orders.get': async (input) => s.get(input.accountId, input.orderId),
    'orders.reconcile': async (input) => s.reconcile(input.accountId ? { accountId: input.accountId } : {}),
    'orders.stats': async (input) => s.stats(input.days, input.accountId),
    'delivery.getSettings': async (input) => s.catalog.settings(input.accountId),
    'delivery.setSettings': async (input) => s.catalog.setSettings(input),
    'delivery.listRules': async (input) => s.catalog.listRules(input.accountId, input.itemId),
    'delivery.saveRule': async (input) => s.catalog.saveRule(input.id, input.rule),
    'delivery.removeRule': async (input) => ({ removed: s.catalog.removeRule(input.id) }),
    'delivery.item': async (input) => s.catalog.item(input.accountId, input.itemId),
    'delivery.items': async (input) => s.catalog.items(input.accountId),
    'delivery.testSource': async (input) => s.catalog.testSource(input.ruleId),
    'delivery.listPools': async (input) => s.catalog.listPools(input.accountId),
    'delivery.savePool': async (input) => s.catalog.savePool(input),
    'delivery.removePool': async (input) => ({ removed: s.catalog.removePool(input.id) }),
    'delivery.importCodes': async (input) => s.catalog.importCodes(input),
    'delivery.listCodes': async (input) => s.catalog.listCodes(input),
    'delivery.exportCodes': async (input) => s.catalog.exportCodes(input.poolId, input.state),
    'delivery.deleteCodes': async (input) => ({ deleted: s.catalog.deleteCodes(input.poolId, input.ids) }),
    'delivery.listReviews': async (input) => s.listReviews(input.accountId, input.open),
    'delivery.deliverNow': async (input) => s.deliverNow(input.accountId, input.orderId, input.ruleId),
    'delivery.resend': async (input) => s.resend(input.accountId, input.orderId),
    'delivery.markHandled': async (input) => s.markHandled(input.id),
    'delivery.ship': async (input) => s.ship(input.accountId, input.orderId)
  }
}
