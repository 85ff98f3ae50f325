import type { Conversation, DecisionRecord, Draft, Message } from '@contract'

export function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    accountId: 'acc1', cid: '51000000001', buyerId: '3300', buyerNick: '买家小王', itemId: '8000', itemTitle: 'iPhone 13',
    lastMessageText: '你好', lastMessageAt: 1_700_000_000_000, unread: 0, mode: 'auto', pausedUntil: null, bargainCount: 0,
    orderState: null, copilot: null, attention: 0, ...over
  }
}

export function message(over: Partial<Message> = {}): Message {
  return {
    id: 1, accountId: 'acc1', cid: '51000000001', direction: 'in', senderId: '3300', senderNick: '买家小王', contentType: 'text',
    text: '你好', imageUrl: null, platformMessageId: null, intent: null, source: null, createdAt: 1_700_000_000_000, ...over
  }
}

export function draft(over: Partial<Draft> = {}): Draft {
  return { id: 1, accountId: 'acc1', cid: '51000000001', text: '包邮的', status: 'pending', decisionId: null, createdAt: 1, updatedAt: 1, ...over }
}

export function decision(over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id: 1, accountId: 'acc1', cid: '51000000001', messageId: 1, replyMessageId: null, createdAt: 1, source: 'keyword', intent: 'default',
    reply: '包邮的', allowedPrice: null, floorPrice: null, round: null, reason: 'keyword rule #1', why: null, sentText: null, ruleId: 1, provider: null, model: null,
    tokensIn: null, tokensOut: null, latencyMs: null, checks: [], ...over
  }
}
