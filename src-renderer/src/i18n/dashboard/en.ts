import type { Messages } from '../types'

/** The dashboard (English). */
export const dashboardEn: Messages['dashboard'] = {
  title: 'Dashboard',
  subtitle: 'Messages, auto-replies, AI usage and bargaining, from the database on this computer.',
  range: { label: 'Period', today: 'Today', '7d': 'Last 7 days' },
  account: { label: 'Account', all: 'All accounts' },
  refresh: 'Refresh',
  loadFailed: 'Could not load the statistics',
  cards: {
    messages: 'Messages',
    received: 'in',
    sent: 'out',
    auto: 'Answered automatically',
    autoHint: 'Share of buyer messages answered by a keyword rule, the AI or the default reply',
    aiCalls: 'AI calls',
    tokens: 'Tokens',
    tokensDetail: 'in {{tin}} · out {{tout}}',
    cost: 'Estimated cost',
    costHint: "Estimated from the models' list prices; for reference only",
    latency: 'Latency',
    p50: 'p50',
    p95: 'p95',
    failure: 'AI failure rate',
    failureDetail: '{{failures}} of {{calls}} failed',
    alert: { ok: 'Normal', warn: 'High (> 5%)', error: 'Too high (> 10%)' }
  },
  charts: {
    daily: 'Messages per day',
    dailyToday: 'Messages today',
    in: 'Received',
    out: 'Sent',
    sources: 'Replies by source',
    models: 'Cost by model',
    calls: 'Calls',
    cost: 'Cost',
    noAi: 'No AI calls yet. Once the AI is set up, calls and estimated cost per model appear here.',
    noReplies: 'No replies sent yet. Automatic and manual replies are counted here by source.',
    noMessages: 'No messages in this period yet.'
  },
  orders: {
    title: 'Orders and deliveries per day',
    titleToday: 'Orders and deliveries today',
    orders: 'Orders',
    delivered: 'Delivered',
    revenue: 'Revenue',
    empty: 'No orders in this period yet. Once buyers order, orders, automatic deliveries and revenue per day appear here.',
    failed: 'Could not read the order figures'
  },
  sources: {
    keyword: 'Keyword rule',
    ai: 'AI',
    fallback: 'Default reply',
    refusal: 'Bargain refused',
    draft: 'Approved draft',
    manual: 'By hand',
    other_device: 'Other device',
    delivery: 'Auto-delivery'
  },
  bargaining: {
    title: 'Bargaining',
    rounds: 'Price rounds per chat',
    roundsAxis: 'Rounds',
    chats: 'Chats',
    roundLabel: '{{rounds}} rounds',
    refusals: 'Refusals',
    refusalsHint: 'Offers turned down past the round limit or below the floor',
    concession: 'Average concession',
    concessionHint: "Mean discount of the bot's offers from the list price",
    chatsTotal: 'Bargaining chats',
    empty: 'No bargaining yet. Once buyers haggle, rounds per chat, refusals and the average concession appear here.'
  },
  empty: {
    title: 'No data for this period yet',
    body: 'Once your accounts receive buyer messages, this page shows messages in and out, the share answered automatically, AI calls and cost, latency and bargaining results. Try the demo account to see it fill up.',
    action: 'Go to accounts'
  },
  byAccount: 'By account',
  accountShare: '{{calls}} calls · {{cost}}'
}
