import { ReplyPart, type KeywordRule, type NewKeywordRule } from '@contract/rules'
import { z } from 'zod'
import type { Db } from '../open'
import { registerCache } from '../cache'
import type { AccountRepo } from './accountRepo'

interface Raw {
  id: number; scope: KeywordRule['scope']; account_id: string | null; item_id: string | null; match_mode: KeywordRule['matchMode']
  keywords_json: string; replies_json: string; priority: number; enabled: number; reply_once: number; created_at: number; updated_at: number
}

const Keywords = z.array(z.string())
const Replies = z.array(ReplyPart)

function map(r: Raw): KeywordRule | null {
  const keywords = Keywords.safeParse(JSON.parse(r.keywords_json))
  const replies = Replies.safeParse(JSON.parse(r.replies_json))
  // a row that no longer parses is skipped, never half-applied
  if (!keywords.success || !replies.success) return null
  return {
    id: r.id, scope: r.scope, accountId: r.account_id, itemId: r.item_id, matchMode: r.match_mode, keywords: keywords.data,
    replies: replies.data, priority: r.priority, enabled: r.enabled === 1, replyOnce: r.reply_once === 1, createdAt: r.created_at, updatedAt: r.updated_at
  }
}

const params = (r: NewKeywordRule) => ({
  scope: r.scope, accountId: r.accountId, itemId: r.itemId, matchMode: r.matchMode, keywords: JSON.stringify(r.keywords),
  replies: JSON.stringify(r.replies), priority: r.priority, enabled: r.enabled ? 1 : 0, replyOnce: r.replyOnce ? 1 : 0
})

export class RuleRepo {
  readonly #q
  /** The rule lists per account ('' = all rules): read for every message, dropped on every rule write. */
  readonly #lists = new Map<string, KeywordRule[]>()
  constructor(db: Db, accounts: Pick<AccountRepo, 'onRemoved'>) {
    registerCache(db, this.#lists)
    accounts.onRemoved(() => this.#lists.clear())
    this.#q = {
      all: db.prepare<[], Raw>('SELECT * FROM keyword_rules ORDER BY id'),
      forAccount: db.prepare<[string], Raw>("SELECT * FROM keyword_rules WHERE scope = 'global' OR account_id = ? ORDER BY id"),
      get: db.prepare<[number], Raw>('SELECT * FROM keyword_rules WHERE id = ?'),
      insert: db.prepare(`INSERT INTO keyword_rules (scope, account_id, item_id, match_mode, keywords_json, replies_json, priority, enabled, reply_once, created_at, updated_at)
        VALUES (@scope, @accountId, @itemId, @matchMode, @keywords, @replies, @priority, @enabled, @replyOnce, @now, @now)`),
      update: db.prepare(`UPDATE keyword_rules SET scope = @scope, account_id = @accountId, item_id = @itemId, match_mode = @matchMode,
        keywords_json = @keywords, replies_json = @replies, priority = @priority, enabled = @enabled, reply_once = @replyOnce, updated_at = @now WHERE id = @id`),
      remove: db.prepare('DELETE FROM keyword_rules WHERE id = ?'),
      hit: db.prepare('INSERT INTO rule_hits (rule_id, account_id, cid, hit_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      wasHit: db.prepare<[number, string, string], { n: number }>('SELECT 1 AS n FROM rule_hits WHERE rule_id = ? AND account_id = ? AND cid = ?')
    }
  }

  /** A fresh array each call (callers may sort or filter it); the rules themselves are shared. */
  list(accountId?: string): KeywordRule[] {
    const key = accountId ?? ''
    let rules = this.#lists.get(key)
    if (!rules) {
      const rows = accountId ? this.#q.forAccount.all(accountId) : this.#q.all.all()
      rules = rows.map(map).filter((r): r is KeywordRule => r !== null)
      this.#lists.set(key, rules)
    }
    return [...rules]
  }

  get(id: number): KeywordRule | null {
    const r = this.#q.get.get(id)
    return r ? map(r) : null
  }

  insert(rule: NewKeywordRule, now: number): number {
    this.#lists.clear()
    return Number(this.#q.insert.run({ ...params(rule), now }).lastInsertRowid)
  }

  update(id: number, rule: NewKeywordRule, now: number): boolean {
    this.#lists.clear()
    return this.#q.update.run({ ...params(rule), id, now }).changes === 1
  }

  remove(id: number): boolean {
    this.#lists.clear()
    return this.#q.remove.run(id).changes === 1
  }

  recordHit(ruleId: number, accountId: string, cid: string, now: number): void {
    this.#q.hit.run(ruleId, accountId, cid, now)
  }

  wasHit(ruleId: number, accountId: string, cid: string): boolean {
    return this.#q.wasHit.get(ruleId, accountId, cid) !== undefined
  }
}
