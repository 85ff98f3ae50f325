import { create } from 'zustand'
import type { DeliveryReview, ErrorInfo, Order } from '@contract'
import { bridge as appBridge, toErrorInfo, type Bridge } from '../../bridge'
import type { LoadStatus } from '../accounts/store'

export type ReviewAction = 'deliverNow' | 'resend' | 'ship' | 'markHandled'

/** The quick actions a review offers in the 需处理 list; the order drawer has them all (and the rule choice). */
export function reviewActions(r: Pick<DeliveryReview, 'reason'>): ReadonlyArray<ReviewAction> {
  switch (r.reason) {
    case 'pool_empty':
    case 'http_failed':
    case 'no_rule':
    case 'detail_failed':
      return ['deliverNow', 'markHandled']
    case 'send_failed':
      return ['deliverNow', 'resend', 'markHandled']
    case 'ship_failed':
      return ['ship', 'markHandled']
    case 'refund_after_delivery':
    case 'rules_ambiguous':
      // a refund is the seller's call; several rules need the choice in the order drawer
      return ['markHandled']
  }
}

/** Delivery reviews still open: the orders listed under 需处理, live from `review.changed`. */
export interface ReviewsState {
  /** Newest first. */
  readonly reviews: ReadonlyArray<DeliveryReview>
  readonly status: LoadStatus
  /** The orders the reviews are about (item, buyer), fetched once each. */
  readonly orders: Readonly<Record<number, Order>>
  readonly busyIds: ReadonlyArray<number>
  readonly error: ErrorInfo | null

  load(): Promise<void>
  applyReview(review: DeliveryReview): void
  /** An order changed: the review's card shows the new item/buyer. */
  applyOrder(order: Order): void
  act(review: DeliveryReview, action: ReviewAction): Promise<boolean>
  clearError(): void
}

const newestFirst = (a: DeliveryReview, b: DeliveryReview): number => b.createdAt - a.createdAt || b.id - a.id

export function createReviewsStore(bridge: Bridge) {
  return create<ReviewsState>()((set, get) => {
    const fetchOrders = (reviews: ReadonlyArray<DeliveryReview>): void => {
      for (const r of reviews) {
        if (get().orders[r.id]) continue
        // best effort: without it the card shows the order id alone
        void bridge.call('orders.get', { accountId: r.accountId, orderId: r.orderId }).then(
          ({ order }) => set((s) => ({ orders: { ...s.orders, [r.id]: order } })),
          () => undefined
        )
      }
    }
    return {
      reviews: [],
      status: 'idle',
      orders: {},
      busyIds: [],
      error: null,
      async load() {
        set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }))
        try {
          const reviews = await bridge.call('delivery.listReviews', { open: true })
          set({ reviews: [...reviews].sort(newestFirst), status: 'ready' })
          fetchOrders(reviews)
        } catch {
          // without the engine (or while it is down) 需处理 shows the chats alone
          set((s) => ({ status: s.status === 'ready' ? 'ready' : 'error' }))
        }
      },
      applyReview(review) {
        set((s) => {
          const rest = s.reviews.filter((r) => r.id !== review.id)
          return { reviews: review.resolvedAt === null ? [...rest, review].sort(newestFirst) : rest }
        })
        if (review.resolvedAt === null) fetchOrders([review])
      },
      applyOrder(order) {
        set((s) => {
          const ids = s.reviews.filter((r) => r.accountId === order.accountId && r.orderId === order.orderId).map((r) => r.id)
          if (ids.length === 0) return s
          return { orders: { ...s.orders, ...Object.fromEntries(ids.map((id) => [id, order])) } }
        })
      },
      async act(review, action) {
        if (get().busyIds.includes(review.id)) return false
        set((s) => ({ busyIds: [...s.busyIds, review.id], error: null }))
        const ref = { accountId: review.accountId, orderId: review.orderId }
        try {
          if (action === 'markHandled') get().applyReview(await bridge.call('delivery.markHandled', { id: review.id }))
          else get().applyOrder(await bridge.call(action === 'deliverNow' ? 'delivery.deliverNow' : action === 'resend' ? 'delivery.resend' : 'delivery.ship', ref))
          return true
        } catch (err) {
          set({ error: toErrorInfo(err) })
          return false
        } finally {
          set((s) => ({ busyIds: s.busyIds.filter((id) => id !== review.id) }))
        }
      },
      clearError: () => set({ error: null })
    }
  })
}

export type ReviewsStore = ReturnType<typeof createReviewsStore>

export const useReviewsStore: ReviewsStore = createReviewsStore(appBridge)
