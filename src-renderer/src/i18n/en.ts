import { dashboardEn } from './dashboard/en'
import { aiEn } from './ai/en'
import { rulesEn } from './rules/en'
import { settingsPageEn } from './settingsPage/en'
import { loginEn } from './login/en'
import { noticesEn } from './notices/en'
import { inboxEn } from './inbox/en'
import type { Messages } from './types'
import { notifyEn } from './notify/en'
import { ordersEn } from './orders/en'
import { deliveryEn } from './delivery/en'

export const en: Messages = {
  app: {
    name: 'Xianyu Desk',
    tagline: 'Customer service for Xianyu sellers'
  },
  nav: {
    label: 'Main navigation',
    inbox: 'Inbox',
    accounts: 'Accounts',
    rules: 'Rules',
    ai: 'AI',
    orders: 'Orders',
    delivery: 'Auto-delivery',
    dashboard: 'Dashboard',
    notify: 'Notifications',
    settings: 'Settings'
  },
  topbar: {
    language: 'Switch language',
    languageShort: { 'zh-CN': '中', en: 'EN' },
    toDark: 'Switch to dark mode',
    toLight: 'Switch to light mode',
    onlineSummary: '{{online}}/{{total}} accounts online',
    attention: '{{count}} need attention',
    noAccounts: 'No accounts yet',
    disconnected: 'Disconnected from Xianyu Desk'
  },
  demo: {
    tag: 'Demo',
    ready: 'The demo account is ready. Press "Start demo" and the demo buyers start writing: AI replies, a bargain down to the floor, the floor correction, a buyer for you to answer yourself, paid orders, and a virtual item delivered automatically once paid (demo codes, shown under Auto-delivery: Items and Card pools). Replies come from the local demo model; no API key needed.',
    playing: 'Demo running (run {{run}}): the demo buyers are chatting with your shop in Inbox. To watch it all again, press "Restart demo" (new chats, new buyers).',
    start: 'Start demo',
    restart: 'Restart demo',
    openInbox: 'Open inbox'
  },
  connection: {
    down: 'Lost the connection to Xianyu Desk (since {{time}}); reconnecting automatically. Until then, what this page shows may be out of date.'
  },
  common: {
    cancel: 'Cancel',
    close: 'Close',
    retry: 'Retry',
    dismiss: 'Dismiss',
    loading: 'Loading…',
    comingSoon: 'Coming soon',
    errorTitle: 'Something went wrong'
  },
  accounts: {
    title: 'Accounts',
    subtitle: 'Manage your Xianyu accounts. Every enabled account keeps a live message connection.',
    add: 'Add account',
    count_one: '{{count}} account',
    count_other: '{{count}} accounts',
    loadFailed: 'Could not load the accounts',
    emptyTitle: 'No accounts yet',
    emptyBody: 'Add a Xianyu account and its buyers’ messages appear in the Inbox, answered by your keyword rules and the AI.',
    enabled: 'Enabled',
    enableAria: 'Enable account {{name}}',
    remove: 'Remove',
    removeAria: 'Remove account {{name}}',
    lastMessage: 'Last message',
    never: 'No messages yet',
    unb: 'User ID',
    kind: { xianyu: 'Xianyu', demo: 'Demo' },
    status: {
      online: 'Online',
      connecting: 'Connecting',
      needs_login: 'Login needed',
      needs_verification: 'Verification needed',
      disabled: 'Disabled',
      error: 'Error'
    },
    verify: 'Verify',
    actionFailed: 'The action failed'
  },
  addAccount: {
    title: 'Add account',
    tabs: { cookie: 'Paste cookie', qr: 'QR code', browser: 'Browser login' },
    cookieLabel: 'Cookie',
    cookiePlaceholder: 'unb=2201234567; _m_h5_tk=…; cookie2=…',
    cookieHint: 'In a browser logged in to goofish.com, open the developer tools and copy the whole Cookie request header. It must contain unb and _m_h5_tk.',
    remarkLabel: 'Remark',
    remarkOptional: 'optional',
    remarkPlaceholder: 'e.g. Gadget shop, second phone',
    secureNote: 'The cookie is stored encrypted on this computer under a key kept in the OS keychain, and is never uploaded.',
    submit: 'Add',
    submitting: 'Adding…',
    unavailableTab: 'This sign-in method is coming soon.'
  },
  removeAccount: {
    title: 'Remove account',
    body: 'This removes the sign-in data of “{{name}}” (cookies and keychain entries) from this computer and disconnects it.',
    wipeData: 'Also delete its chats and messages',
    wipeHint: 'If unchecked, the chat history stays and is back when you add the account again.',
    confirm: 'Remove account',
    removing: 'Removing…'
  },
  settings: {
    title: 'Settings',
    subtitle: 'Preferences are saved on this computer and applied at every start.',
    appearance: 'Appearance',
    language: 'Language',
    languageHint: 'The language of the interface.',
    theme: 'Theme',
    themeHint: 'Light, dark, or follow the system.',
    themes: { light: 'Light', dark: 'Dark', system: 'System' },
    languages: { 'zh-CN': '简体中文', en: 'English' },
    saveFailed: 'The setting was not saved',
    loadFailed: 'Could not read the settings',
    about: 'About',
    version: 'Version',
    host: 'Running as',
    hosts: { electron: 'Desktop app', headless: 'Headless (browser)' },
    dataDir: 'Data folder',
    secrets: 'Secret storage',
    secretsBackends: { keychain: 'OS keychain', passphrase: 'Passphrase-derived key', memory: 'Memory only (tests)', unavailable: 'Unavailable' },
    more: 'AI settings, bargaining limits, notifications and backups will join this page in later versions.'
  },
  inbox: inboxEn,
  login: loginEn,
  notices: noticesEn,
  notify: notifyEn,
  orders: ordersEn,
  delivery: deliveryEn,
  dashboard: dashboardEn,
  ai: aiEn,
  rules: rulesEn,
  settingsPage: settingsPageEn,
  empty: {
    inbox: {
      title: 'Inbox',
      heading: 'Buyer chats from all your accounts appear here',
      body: 'Once an account is connected, buyers’ messages show up live: filter by account, unread and needs-attention, follow the bargaining, and take over any chat to reply by hand.',
      action: 'Add an account'
    },
    rules: {
      title: 'Rules',
      heading: 'Your keyword rules appear here',
      body: 'Set automatic replies for common questions such as shipping time or free delivery. Rules answer before the AI and can apply to one account or one item.'
    },
    ai: {
      title: 'AI',
      heading: 'AI reply settings appear here',
      body: 'Pick a model provider (Qwen, any OpenAI-compatible API, or Gemini), set your bargaining floor, prompts and a daily budget. API keys live only in the OS keychain.'
    },
    dashboard: {
      title: 'Dashboard',
      heading: 'Statistics appear here',
      body: 'Once chats come in, see today and the last 7 days: messages in and out, the share answered automatically, AI calls and cost, response latency and bargaining results.'
    }
  }
}
