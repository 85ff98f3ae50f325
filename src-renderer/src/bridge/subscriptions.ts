import type { LoginStore } from '../features/accounts/loginStore'
import type { AccountsStore } from '../features/accounts/store'
import type { ChatStore } from '../features/inbox/chatStore'
import type { InboxStore } from '../features/inbox/store'
import { noticeTarget, type NoticesStore } from '../features/notices/store'
import type { ConnectionStore } from '../features/connection/store'
import type { NotifyStore } from '../features/notify/store'
import type { DemoStore } from '../features/demo/store'
import type { OrdersStore } from '../features/orders/store'
import type { ReviewsStore } from '../features/orders/reviewsStore'
import type { DeliveryStore } from '../features/delivery/store'
import type { PoolsStore } from '../features/delivery/poolsStore'
import type { Bridge } from './types'
import { navigate } from '../app/routes'

export interface SubscribedStores {
  readonly accounts: AccountsStore
  /** The conversation list; optional so a test can subscribe one store alone. */
  readonly inbox?: InboxStore
  /** The open chat. */
  readonly chat?: ChatStore
  /** The QR login flow (`login.qr`). */
  readonly login?: LoginStore
  /** In-app notices (`notice.raised`); an account back online closes its login/verification notices. */
  readonly notices?: NoticesStore
  /** The link's state, for the disconnect banner. */
  readonly connection?: ConnectionStore
  /** The delivery log refreshes when `notify.changed` says something was sent (throttled). */
  readonly notify?: NotifyStore
  /** The demo's start/restart bar (`demo.changed`). */
  readonly demo?: DemoStore
  /** The Orders page and its drawer (`order.changed`, `review.changed`). */
  readonly orders?: OrdersStore
  /** Delivery reviews under 需处理 (`review.changed`, `order.changed`). */
  readonly reviews?: ReviewsStore
  /** The auto-delivery page (`delivery.changed`, `pool.changed`). */
  readonly delivery?: DeliveryStore
  /** Card pools (`pool.changed`). */
  readonly pools?: PoolsStore
}

function loginSubscriptions(bridge: Bridge, { login, notices }: SubscribedStores): Array<() => void> {
  const out: Array<() => void> = []
  if (login) out.push(bridge.on('login.qr', (event) => login.getState().applyQr(event)))
  if (notices) {
    out.push(bridge.on('notice.raised', (notice) => notices.getState().raise(notice)))
    // a desktop notification was clicked: open what it is about, like a click on the toast
    out.push(bridge.on('notice.opened', (n) => {
      const target = noticeTarget(n)
      navigate(target.route, ...target.parts)
      notices.getState().dismiss(n.id)
    }))
    out.push(bridge.on('account.changed', ({ account }) => account?.status === 'online' && notices.getState().resolveAccount(account.id)))
  }
  return out
}

function inboxSubscriptions(bridge: Bridge, inbox: InboxStore | undefined, chat: ChatStore | undefined): Array<() => void> {
  const out: Array<() => void> = []
  if (inbox) {
    out.push(bridge.on('conversation.changed', ({ conversation }) => inbox.getState().applyConversation(conversation)))
    out.push(bridge.on('conversation.removed', ({ accountId, cid }) => inbox.getState().removeConversation(accountId, cid)))
    out.push(bridge.on('draft.changed', ({ draft }) => inbox.getState().applyDraft(draft)))
    // limits and copilot shown in the list come from the account settings
    out.push(bridge.on('settings.changed', () => inbox.getState().refreshAccountSettings()))
  }
  if (chat) {
    out.push(bridge.on('conversation.changed', ({ conversation }) => chat.getState().applyConversation(conversation)))
    out.push(bridge.on('message.added', ({ message }) => chat.getState().applyMessage(message)))
    out.push(bridge.on('draft.changed', ({ draft }) => chat.getState().applyDraft(draft)))
    out.push(bridge.on('draft.writing', (e) => chat.getState().applyDraftWriting(e)))
    out.push(bridge.on('decision.added', ({ decision }) => chat.getState().applyDecision(decision)))
    out.push(bridge.on('outcome.changed', ({ outcome }) => chat.getState().applyOutcome(outcome)))
    out.push(bridge.on('settings.changed', ({ accountId }) => {
      const open = chat.getState().open
      if (open && (accountId === null || accountId === open.accountId)) void chat.getState().refreshDetail()
    }))
  }
  return out
}

/** Events may have been missed while the stream was down: refetch what the stores cache. */
function refetchAll(stores: SubscribedStores): void {
  void stores.accounts.getState().load()
  if (stores.inbox) {
    void stores.inbox.getState().load()
    stores.inbox.getState().refreshAccountSettings()
  }
  if (stores.demo) void stores.demo.getState().load()
  void stores.reviews?.getState().load()
  if (stores.orders && stores.orders.getState().status !== 'idle') {
    void stores.orders.getState().load()
    void stores.orders.getState().refreshDetail()
  }
  if (stores.pools && stores.pools.getState().status !== 'idle') void stores.pools.getState().load()
  if (stores.delivery) void stores.delivery.getState().refresh()
  const chat = stores.chat?.getState()
  const open = chat?.open
  if (chat && open) {
    chat.closeChat()
    void chat.openChat(open)
  }
}

/** Orders, reviews, rules and pools follow their events; pool counts also change the open item's readiness. */
function orderSubscriptions(bridge: Bridge, { orders, reviews, delivery, pools }: SubscribedStores): Array<() => void> {
  const out: Array<() => void> = []
  if (orders || reviews) {
    out.push(bridge.on('order.changed', ({ order }) => {
      orders?.getState().applyOrder(order)
      reviews?.getState().applyOrder(order)
    }))
    out.push(bridge.on('review.changed', ({ review }) => {
      reviews?.getState().applyReview(review)
      const open = orders?.getState().open
      if (open && open.accountId === review.accountId && open.orderId === review.orderId) void orders?.getState().refreshDetail()
    }))
  }
  if (pools || delivery) {
    out.push(bridge.on('pool.changed', ({ id, pool }) => {
      pools?.getState().applyPool(id, pool)
      const d = delivery?.getState()
      if (d && (d.item?.pools.some((p) => p.id === id) || d.items.some((i) => i.pools.some((p) => p.id === id)))) void d.refresh()
    }))
  }
  if (delivery) out.push(bridge.on('delivery.changed', () => void delivery.getState().refresh()))
  return out
}

/** Maps every main-process event to a store action. Called once at boot; returns the disposer. */
/** A storm of deliveries is one log refresh per quarter second, and only once the page has loaded. */
function notifySubscriptions(bridge: Bridge, notify: NotifyStore | undefined): Array<() => void> {
  if (!notify) return []
  let timer: ReturnType<typeof setTimeout> | null = null
  const off = bridge.on('notify.changed', () => {
    if (timer || notify.getState().status !== 'ready') return
    timer = setTimeout(() => {
      timer = null
      void notify.getState().loadDeliveries()
    }, 250)
  })
  return [off, () => { if (timer) clearTimeout(timer) }]
}

export function startSubscriptions(bridge: Bridge, stores: SubscribedStores): () => void {
  const disposers = [
    bridge.on('account.changed', (payload) => {
      stores.accounts.getState().applyChanged(payload)
      if (!payload.removed) return
      // a deleted account's chats leave the list now, not at the next reload
      stores.inbox?.getState().removeAccount(payload.id)
      const chat = stores.chat?.getState()
      if (chat?.open?.accountId === payload.id) chat.closeChat()
    }),
    bridge.on('message.added', ({ message }) => stores.accounts.getState().noteMessage(message.accountId, message.createdAt)),
    ...(stores.connection ? [bridge.onConnection((up) => stores.connection?.getState().apply(up))] : []),
    ...inboxSubscriptions(bridge, stores.inbox, stores.chat),
    ...loginSubscriptions(bridge, stores),
    ...notifySubscriptions(bridge, stores.notify),
    ...(stores.demo ? [bridge.on('demo.changed', ({ status }) => stores.demo?.getState().apply(status))] : []),
    ...orderSubscriptions(bridge, stores),
    bridge.onReconnect(() => refetchAll(stores))
  ]
  return () => {
    for (const dispose of disposers.splice(0)) dispose()
  }
}
