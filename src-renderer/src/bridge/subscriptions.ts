import type { AccountsStore } from '../features/accounts/store'
import type { Bridge } from './types'

export interface SubscribedStores {
  readonly accounts: AccountsStore
}

/**
 * Maps every main-process event to a store action. Called once at boot; returns the disposer.
 * conversation.* and message.added get their inbox store in issue 6.
 */
export function startSubscriptions(bridge: Bridge, stores: SubscribedStores): () => void {
  const disposers = [
    bridge.on('account.changed', (payload) => stores.accounts.getState().applyChanged(payload)),
    // events may have been missed while the stream was down: refetch what the stores cache
    bridge.onReconnect(() => void stores.accounts.getState().load())
  ]
  return () => {
    for (const dispose of disposers.splice(0)) dispose()
  }
}
