/**
 * The channel lists as plain strings, for the preload (which must not bundle zod).
 * test/contract/channels.test.ts proves they equal the keys of `api` and `events`.
 */
export const CALL_KEYS = [
  'app.info',
  'accounts.list',
  'accounts.addByCookie',
  'accounts.addDemo',
  'accounts.update',
  'accounts.verify',
  'accounts.refreshLogin',
  'login.qrStart',
  'login.qrCancel',
  'login.browser',
  'accounts.remove',
  'settings.get',
  'settings.update',
  'settings.export',
  'settings.import',
  'app.backup',
  'app.integrity',
  'app.backups',
  'app.restore',
  'secrets.status',
  'secrets.setApiKey',
  'conversations.list',
  'messages.list',
  'rules.list',
  'rules.save',
  'rules.remove',
  'rules.export',
  'rules.import',
  'rules.test',
  'reply.preview',
  'reply.checkPrice',
  'decisions.list',
  'conversations.detail',
  'items.setFloor',
  'conversations.takeover',
  'conversations.release',
  'conversations.setCopilot',
  'conversations.resetBargain',
  'conversations.markRead',
  'messages.send',
  'messages.sendImage',
  'media.image',
  'dashboard.summary',
  'drafts.list',
  'drafts.edit',
  'drafts.approve',
  'drafts.discard'
] as const

export const EVENT_KEYS = ['account.changed', 'conversation.changed', 'conversation.removed', 'message.added', 'draft.changed', 'draft.writing', 'decision.added', 'decision.changed', 'settings.changed', 'login.qr', 'notice.raised', 'notice.opened'] as const

export const CALL_PREFIX = 'app:'
export const EVENT_PREFIX = 'evt:'
