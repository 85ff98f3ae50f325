import type { Messages } from '../types'

/** In-app notices (English). */
export const noticesEn: Messages['notices'] = {
  region: 'Notifications',
  dismiss: 'Dismiss notification',
  open: 'Click to open',
  kinds: {
    needs_login: 'Login needed',
    needs_verification: 'Verification needed',
    order_paid: 'Order paid',
    takeover_message: 'New message in a taken-over chat',
    ai_failing: 'AI replies failing',
    db_damaged: 'Database damaged',
    reply_held: 'AI reply held back',
    delivery_review: 'Delivery needs review',
    pool_low: 'Card pool low',
    account_offline: 'Account offline',
    budget_reached: 'AI budget reached',
    daily_summary: 'Daily summary',
    digest: 'Digest'
  }
}
