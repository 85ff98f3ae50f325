import type { AccountSettings } from '@contract/schemas'
import { computeFloor, formatYuan } from '../reply'
import type { TemplateVars } from '../rules/template'

/**
 * The values keyword-rule templates and default replies may use ({buyer}, {price}, {floor_price}…).
 * Without a known item, {item_title} says "这件宝贝" — never a blank where the name would go.
 */
export function templateVars(o: {
  buyerNick: string | null | undefined
  sellerNick: string | null | undefined
  itemId: string | null | undefined
  item: { title: string; price: number | null; floorPrice: number | null } | null
  settings: AccountSettings
  orderId?: string | null
  now: number
}): TemplateVars {
  const price = o.item?.price ?? null
  const floor = price !== null && price > 0
    ? computeFloor({ price, maxDiscountPercent: o.settings.maxDiscountPercent, maxDiscountAmount: o.settings.maxDiscountAmount, floorPrice: o.item?.floorPrice ?? null })
    : null
  const d = new Date(o.now)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return {
    buyer: o.buyerNick || '亲', seller: o.sellerNick ?? '', item_id: o.itemId ?? '', item_title: o.item?.title || '这件宝贝',
    price: price === null ? '' : formatYuan(price), floor_price: floor === null ? '' : formatYuan(floor), order_id: o.orderId ?? '',
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}`
  }
}
