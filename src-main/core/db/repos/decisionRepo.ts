import { z } from 'zod'
import { DecisionCheck, DecisionWhy, type Decision, type DecisionRecord } from '@contract/reply'
import type { Db } from '../open'

interface Raw {
  id: number; account_id: string; cid: string; message_id: number | null; reply_message_id: number | null; source: Decision['source']
  intent: Decision['intent'] | null; reason: string; reply: string | null; rule_id: number | null; provider: string | null; model: string | null
  round: number | null; allowed_price: number | null; floor_price: number | null; tokens_in: number | null; tokens_out: number | null
  latency_ms: number | null; checks_json: string; why_json: string | null; sent_text: string | null; created_at: number
}

const Checks = z.array(DecisionCheck)

const map = (r: Raw): DecisionRecord => {
  let checks: DecisionRecord['checks']
  try {
    checks = Checks.parse(JSON.parse(r.checks_json))
  } catch {
    // a damaged record still shows its outcome, without the check list
    checks = []
  }
  let why: DecisionRecord['why']
  try {
    why = r.why_json === null ? null : DecisionWhy.parse(JSON.parse(r.why_json))
  } catch {
    // an unknown code (a newer version's record): the English reason is shown
    why = null
  }
  return {
    id: r.id, accountId: r.account_id, cid: r.cid, messageId: r.message_id, replyMessageId: r.reply_message_id, source: r.source,
    intent: r.intent ?? 'default', reason: r.reason, why, sentText: r.sent_text, reply: r.reply, ruleId: r.rule_id, provider: r.provider, model: r.model, round: r.round,
    allowedPrice: r.allowed_price, floorPrice: r.floor_price, tokensIn: r.tokens_in, tokensOut: r.tokens_out, latencyMs: r.latency_ms,
    checks, createdAt: r.created_at
  }
}

export class DecisionRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      insert: db.prepare(`INSERT INTO decision_log (account_id, cid, message_id, reply_message_id, source, intent, reason, reply, rule_id, provider, model,
          round, allowed_price, floor_price, tokens_in, tokens_out, latency_ms, checks_json, why_json, sent_text, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      get: db.prepare<[number], Raw>('SELECT * FROM decision_log WHERE id = ?'),
      forChat: db.prepare<[string, string, number], Raw>('SELECT * FROM decision_log WHERE account_id = ? AND cid = ? ORDER BY id DESC LIMIT ?'),
      setReply: db.prepare('UPDATE decision_log SET reply_message_id = ? WHERE id = ?'),
      setSent: db.prepare('UPDATE decision_log SET reply_message_id = ?, sent_text = ? WHERE id = ?')
    }
  }

  insert(d: Decision & { accountId: string; cid: string; messageId: number | null; replyMessageId: number | null; createdAt: number }): DecisionRecord {
    // positional: one decision per answered message
    const info = this.#q.insert.run(d.accountId, d.cid, d.messageId, d.replyMessageId, d.source, d.intent, d.reason, d.reply, d.ruleId, d.provider, d.model,
      d.round, d.allowedPrice, d.floorPrice, d.tokensIn, d.tokensOut, d.latencyMs, JSON.stringify(d.checks), d.why ? JSON.stringify(d.why) : null, d.sentText, d.createdAt)
    // the record as stored (the columns are exactly these values)
    return {
      id: Number(info.lastInsertRowid), accountId: d.accountId, cid: d.cid, messageId: d.messageId, replyMessageId: d.replyMessageId,
      source: d.source, intent: d.intent, reason: d.reason, why: d.why, sentText: d.sentText, reply: d.reply, ruleId: d.ruleId, provider: d.provider, model: d.model,
      round: d.round, allowedPrice: d.allowedPrice, floorPrice: d.floorPrice, tokensIn: d.tokensIn, tokensOut: d.tokensOut,
      latencyMs: d.latencyMs, checks: d.checks, createdAt: d.createdAt
    }
  }

  get(id: number): DecisionRecord | null {
    const r = this.#q.get.get(id)
    return r ? map(r) : null
  }

  listChat(accountId: string, cid: string, limit: number): DecisionRecord[] {
    return this.#q.forChat.all(accountId, cid, limit).reverse().map(map)
  }

  setReplyMessage(id: number, messageId: number): void {
    this.#q.setReply.run(messageId, id)
  }

  /** An approved draft went out: its message, and the text sent when the seller edited it (null: as the AI wrote it). */
  setSentDraft(id: number, messageId: number, sentText: string | null): void {
    this.#q.setSent.run(messageId, sentText, id)
  }
}
