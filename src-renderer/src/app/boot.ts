import { useNotifyStore } from '../features/notify/store'
import { useOrdersStore } from '../features/orders/store'
import { useReviewsStore } from '../features/orders/reviewsStore'
import { useDeliveryStore } from '../features/delivery/store'
import { usePoolsStore } from '../features/delivery/poolsStore'
import { bridge } from '../bridge'
import { startSubscriptions } from '../bridge/subscriptions'
import { useLoginStore } from '../features/accounts/loginStore'
import { useAccountsStore } from '../features/accounts/store'
import { useConnectionStore } from '../features/connection/store'
import { useDemoStore } from '../features/demo/store'
import { useChatStore } from '../features/inbox/chatStore'
import { useInboxStore } from '../features/inbox/store'
import { useNoticesStore } from '../features/notices/store'
import { selectLanguage, selectThemePref } from '../features/settings/selectors'
import { useSettingsStore } from '../features/settings/store'
import { initI18n, setLanguage } from '../i18n'
import { applyTheme, readHint, watchSystemTheme, writeHint } from './theme'

/**
 * Everything that happens once per window before and after the first render:
 * paint with the remembered language/theme, subscribe to events, then load the truth from main.
 */
export function boot(): () => void {
  const hint = readHint()
  initI18n(hint.language)
  setLanguage(hint.language)
  applyTheme(hint.theme)

  const disposers: Array<() => void> = []
  disposers.push(startSubscriptions(bridge, {
    accounts: useAccountsStore, inbox: useInboxStore, chat: useChatStore, login: useLoginStore, notices: useNoticesStore, connection: useConnectionStore, notify: useNotifyStore, demo: useDemoStore,
    orders: useOrdersStore, reviews: useReviewsStore, delivery: useDeliveryStore, pools: usePoolsStore
  }))
  disposers.push(watchSystemTheme(() => selectThemePref(useSettingsStore.getState())))
  disposers.push(
    useSettingsStore.subscribe((state, prev) => {
      if (!state.global || state.global === prev.global) return
      const language = selectLanguage(state)
      const theme = selectThemePref(state)
      setLanguage(language)
      applyTheme(theme)
      writeHint({ language, theme })
    })
  )

  void useSettingsStore.getState().load()
  void useSettingsStore.getState().loadInfo()
  void useAccountsStore.getState().load()
  void useInboxStore.getState().load()
  void useDemoStore.getState().load()
  // delivery reviews count under 需处理 from the start
  void useReviewsStore.getState().load()

  return () => {
    for (const dispose of disposers.splice(0)) dispose()
  }
}
