import { createHash } from 'node:crypto'
import type { Message } from '@contract/schemas'
import type { Db } from '../open'

interface Raw {
  id: number; account_id: string; cid: string; direction: 'in' | 'out'; sender_id: string; sender_nick: string
  content_type: Message['contentType']; text: string; image_url: string | null; platform_message_id: string | null
  intent: Message['intent']; source: Message['source']; created_at: number
}

const map = (r: Raw): Message => ({
  id: r.id, accountId: r.account_id, cid: r.cid, direction: r.direction, senderId: r.sender_id, senderNick: r.sender_nick,
  contentType: r.content_type, text: r.text, imageUrl: r.image_url, platformMessageId: r.platform_message_id,
  intent: r.intent, source: r.source, createdAt: r.created_at
})

export interface NewMessage {
  readonly accountId: string
  readonly cid: string
  readonly direction: 'in' | 'out'
  readonly senderId: string
  readonly senderNick: string
  readonly contentType: Message['contentType']
  readonly text: string
  readonly imageUrl?: string | null
  readonly raw?: string | null
  readonly platformMessageId?: string | null
  readonly clientUuid?: string | null
  readonly intent?: Message['intent']
  readonly source?: Message['source']
  readonly createdAt: number
}

/**
 * The key a message is deduplicated by: the platform message id, or when a push carries none,
 * a hash of cid + sender + timestamp + text. Persisted (UNIQUE), so a re-push after a reconnect
 * or a backfill can never become a second row — and so never a second reply.
 */
export function dedupeKey(m: Pick<NewMessage, 'platformMessageId' | 'cid' | 'senderId' | 'createdAt' | 'text' | 'clientUuid'>): string {
  if (m.platformMessageId) return `p:${m.platformMessageId}`
  if (m.clientUuid) return `u:${m.clientUuid}`
  const h = createHash('sha256').update(`${m.cid}\u0000${m.senderId}\u0000${m.createdAt}\u0000${m.text}`).digest('base64url')
  return `h:${h.slice(0, 32)}`
}

const COLS = 'id, account_id, cid, direction, sender_id, sender_nick, content_type, text, image_url, platform_message_id, intent, source, created_at'

export class MessageRepo {
  readonly #q
  constructor(db: Db) {
    this.#q = {
      // positional parameters: binding 15 named ones costs a property lookup each, on every message
      insert: db.prepare<[string, string, string, string, string, string, string, string | null, string | null, string | null, string | null, string, string | null, string | null, number]>(
        `INSERT INTO messages (account_id, cid, direction, sender_id, sender_nick, content_type, text, image_url, raw,
          platform_message_id, client_uuid, dedupe_key, intent, source, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING`),
      byDedupe: db.prepare<[string, string], { id: number }>('SELECT id FROM messages WHERE account_id = ? AND dedupe_key = ?'),
      get: db.prepare<[number], Raw>(`SELECT ${COLS} FROM messages WHERE id = ?`),
      last: db.prepare<[string, string, number], Raw>(`SELECT ${COLS} FROM messages WHERE account_id = ? AND cid = ? ORDER BY id DESC LIMIT ?`),
      before: db.prepare<[string, string, number, number], Raw>(`SELECT ${COLS} FROM messages WHERE account_id = ? AND cid = ? AND id < ? ORDER BY id DESC LIMIT ?`),
      // a bargaining round counts only when a reply was actually sent (issue 14.3) — or is being
      // answered now ('pending': the burst in hand, so decide and the outbound check see one round)
      priceCount: db.prepare<[string, string, number], { n: number }>(`SELECT count(*) AS n FROM messages m
        JOIN message_outcomes o ON o.message_id = m.id AND o.state IN ('answered','pending')
        WHERE m.account_id = ? AND m.cid = ? AND m.direction = 'in' AND m.intent = 'price' AND m.created_at > ?`),
      botReplies: db.prepare<[string, string, number], { n: number }>(`SELECT count(*) AS n FROM messages
        WHERE account_id = ? AND cid = ? AND direction = 'out' AND source IN ('keyword','ai','fallback','refusal') AND created_at > ?`),
      setPlatformId: db.prepare('UPDATE messages SET platform_message_id = ? WHERE id = ? AND platform_message_id IS NULL'),
      attachPid: db.prepare('UPDATE messages SET platform_message_id = ? WHERE account_id = ? AND client_uuid = ? AND platform_message_id IS NULL'),
      byClientUuid: db.prepare<[string, string], { id: number }>('SELECT id FROM messages WHERE account_id = ? AND client_uuid = ?')
    }
  }

  /** Inserts unless a message with the same dedupe key exists. */
  insert(m: NewMessage): { id: number; inserted: boolean } {
    const key = dedupeKey(m)
    const info = this.#q.insert.run(m.accountId, m.cid, m.direction, m.senderId, m.senderNick, m.contentType, m.text, m.imageUrl ?? null, m.raw ?? null,
      m.platformMessageId ?? null, m.clientUuid ?? null, key, m.intent ?? null, m.source ?? null, m.createdAt)
    if (info.changes === 1) return { id: Number(info.lastInsertRowid), inserted: true }
    const existing = this.#q.byDedupe.get(m.accountId, key)
    // a conflict on the platform-id index with a different dedupe key: find that row instead
    return { id: existing?.id ?? -1, inserted: false }
  }

  /** Whether this message is stored already (by its dedupe key). */
  exists(m: Pick<NewMessage, 'accountId' | 'platformMessageId' | 'cid' | 'senderId' | 'createdAt' | 'text' | 'clientUuid'>): boolean {
    return this.#q.byDedupe.get(m.accountId, dedupeKey(m)) !== undefined
  }

  get(id: number): Message | null { const r = this.#q.get.get(id); return r ? map(r) : null }

  /** The last `limit` messages of a chat, oldest first (an index range scan on idx_messages_chat). */
  lastN(accountId: string, cid: string, limit: number, beforeId?: number): Message[] {
    const rows = beforeId === undefined ? this.#q.last.all(accountId, cid, limit) : this.#q.before.all(accountId, cid, beforeId, limit)
    return rows.reverse().map(map)
  }

  /** The bot's own replies in a chat since `since` (the durable per-chat anti-spam cap; idx_messages_bot_out). */
  countBotReplies(accountId: string, cid: string, since: number): number {
    return this.#q.botReplies.get(accountId, cid, since)?.n ?? 0
  }

  /** Price-intent buyer messages of a chat since a reset, answered or being answered (the partial index idx_messages_price). */
  countPriceIntent(accountId: string, cid: string, since: number): number {
    return this.#q.priceCount.get(accountId, cid, since)?.n ?? 0
  }

  isOwnSend(accountId: string, clientUuid: string): boolean { return this.#q.byClientUuid.get(accountId, clientUuid) !== undefined }
  setPlatformId(id: number, platformMessageId: string): void { this.#q.setPlatformId.run(platformMessageId, id) }
  /** The echo of one of our sends tells us its platform id; a unique clash means it is already known. */
  attachPlatformId(accountId: string, clientUuid: string, platformMessageId: string): void {
    try {
      this.#q.attachPid.run(platformMessageId, accountId, clientUuid)
    } catch {
      // best effort: another row already carries this platform id
    }
  }
}
