/**
 * In-memory dedupe of recent messages (goofish-protocol.md §8.6). The app's persistent dedupe
 * (SQLite, by platform message id) is the source of truth; this set only keeps a burst of
 * duplicate pushes, or a push racing a backfill, from being emitted twice.
 */
import { createHash } from 'node:crypto'
import type { GoofishEvent, MessageFields } from './classify'

/**
 * Dedupe key of a message: its platform message id, else
 * `cid|sender|timestamp|sha1(text)[:16]` (fallback when the payload carries no id).
 */
export function messageDedupeKey(m: Pick<MessageFields, 'platformMessageId' | 'cid' | 'senderId' | 'timestamp' | 'text'>): string {
  if (m.platformMessageId) return m.platformMessageId
  const h = createHash('sha1').update(m.text, 'utf8').digest('hex').slice(0, 16)
  return `${m.cid}|${m.senderId}|${m.timestamp ?? ''}|${h}`
}

/** All keys a message may be known by (server id, bizTag/extJson ids, fallback key). */
export function messageKeys(m: MessageFields): string[] {
  return [...new Set([...m.messageIds, messageDedupeKey(m)])]
}

export function eventMessage(e: GoofishEvent): MessageFields | undefined {
  return 'message' in e ? e.message : undefined
}

/** Bounded insertion-ordered set. */
export class RecentIds {
  readonly #set = new Set<string>()
  readonly #max: number

  constructor(max = 2000) {
    this.#max = Math.max(1, max)
  }

  has(key: string): boolean {
    return this.#set.has(key)
  }

  add(key: string): void {
    this.#set.delete(key)
    this.#set.add(key)
    while (this.#set.size > this.#max) {
      const oldest = this.#set.values().next()
      if (oldest.done) break
      this.#set.delete(oldest.value)
    }
  }

  /** True (and records every key) when none of `keys` was seen; false for a duplicate. */
  firstSeen(keys: ReadonlyArray<string>): boolean {
    const dup = keys.some((k) => this.#set.has(k))
    for (const k of keys) this.add(k)
    return !dup
  }

  get size(): number {
    return this.#set.size
  }
}
