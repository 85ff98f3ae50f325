import { useSyncExternalStore } from 'react'
import type { IconName } from '../lib/ui/Icon'

/**
 * The app's pages. Hash routing (`#/accounts`) works under both `app://` and the headless host
 * and survives a reload; a chat is the deep link `#/inbox/<accountId>/<cid>`.
 */
export const ROUTES = [
  { id: 'inbox', icon: 'inbox' },
  { id: 'accounts', icon: 'users' },
  { id: 'rules', icon: 'rules' },
  { id: 'ai', icon: 'sparkles' },
  { id: 'orders', icon: 'receipt' },
  { id: 'delivery', icon: 'package' },
  { id: 'dashboard', icon: 'chart' },
  { id: 'notify', icon: 'bell' },
  { id: 'settings', icon: 'settings' }
] as const satisfies ReadonlyArray<{ id: string; icon: IconName }>

export type RouteId = (typeof ROUTES)[number]['id']
export const DEFAULT_ROUTE: RouteId = 'inbox'

export interface Route {
  readonly id: RouteId
  /** Path segments after the page id, for sub-pages. */
  readonly parts: ReadonlyArray<string>
}

export function parseHash(hash: string): Route {
  const [head = '', ...parts] = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  const known = ROUTES.find((r) => r.id === head)
  return known ? { id: known.id, parts } : { id: DEFAULT_ROUTE, parts: [] }
}

export function routeHref(id: RouteId, ...parts: ReadonlyArray<string>): string {
  return `#/${[id, ...parts].map(encodeURIComponent).join('/')}`
}

/** The chat a `#/inbox/<accountId>/<cid>` route opens, or null for the bare inbox. */
export function chatOf(route: Route): { accountId: string; cid: string } | null {
  if (route.id !== 'inbox') return null
  const [accountId, cid] = route.parts
  return accountId && cid ? { accountId, cid } : null
}

/** The order a `#/orders/<accountId>/<orderId>` route opens in the drawer, or null. */
export function orderOf(route: Route): { accountId: string; orderId: string } | null {
  if (route.id !== 'orders') return null
  const [accountId, orderId] = route.parts
  return accountId && orderId ? { accountId, orderId } : null
}

export const orderHref = (accountId: string, orderId: string): string => routeHref('orders', accountId, orderId)
export const itemDeliveryHref = (accountId: string, itemId: string): string => routeHref('delivery', 'item', accountId, itemId)

export const chatHref = (accountId: string, cid: string): string => routeHref('inbox', accountId, cid)

export function navigate(id: RouteId, ...parts: ReadonlyArray<string>): void {
  window.location.hash = routeHref(id, ...parts)
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

const snapshot = (): string => window.location.hash

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot, () => '')
  return parseHash(hash)
}
