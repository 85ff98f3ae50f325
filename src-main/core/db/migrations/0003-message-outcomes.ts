import type { Migration } from './types'

/**
 * Issue 14.3 / 15.1: every buyer message ends in one visible outcome, and a reply is a durable
 * intent (written before it is sent) so a restart neither loses nor repeats it.
 *
 * - message_outcomes: one row per stored buyer message (text or image), written in the same
 *   transaction as the message ('pending'), later answered / drafted / held / needs_you.
 *   `open` rows (held or needs_you, not dealt with) are the 需处理 list.
 * - reply_intents: what the bot is about to send, keyed by the client uuid the send carries
 *   (`idem_key`): after a crash, an intent whose uuid comes back from the platform was sent.
 * - idx_messages_bot_out: the per-chat anti-spam cap counts the bot's own stored replies
 *   (durable across restarts) instead of an in-memory list.
 *
 * Existing buyer messages get an outcome derived from the decision log, marked dealt with so an
 * upgrade does not flood 需处理 with history.
 */
export const m0003MessageOutcomes: Migration = {
  version: 3,
  name: 'message-outcomes',
  up(db) {
    db.exec(`
      CREATE TABLE message_outcomes (
        message_id   INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        account_id   TEXT NOT NULL,
        cid          TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('pending','answered','drafted','held','needs_you')),
        reason       TEXT,
        detail       TEXT NOT NULL DEFAULT '',
        decision_id  INTEGER,
        resolved_at  INTEGER,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idx_outcomes_chat ON message_outcomes (account_id, cid, message_id);
      CREATE INDEX idx_outcomes_open ON message_outcomes (account_id, cid) WHERE state IN ('held','needs_you') AND resolved_at IS NULL;
      CREATE INDEX idx_outcomes_pending ON message_outcomes (account_id, message_id) WHERE state = 'pending';

      CREATE TABLE reply_intents (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id   TEXT NOT NULL,
        cid          TEXT NOT NULL,
        message_id   INTEGER NOT NULL,
        idem_key     TEXT NOT NULL UNIQUE,
        part_index   INTEGER NOT NULL DEFAULT 0,
        part_json    TEXT NOT NULL,
        source       TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending','sent','failed')),
        sent_message_id INTEGER,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idx_intents_pending ON reply_intents (account_id, id) WHERE status = 'pending';

      CREATE INDEX idx_messages_bot_out ON messages (account_id, cid, created_at)
        WHERE direction = 'out' AND source IN ('keyword','ai','fallback','refusal');

      INSERT INTO message_outcomes (message_id, account_id, cid, state, reason, detail, decision_id, resolved_at, updated_at)
        SELECT m.id, m.account_id, m.cid,
          CASE WHEN d.reply_message_id IS NOT NULL THEN 'answered' ELSE 'needs_you' END,
          CASE WHEN d.reply_message_id IS NOT NULL THEN NULL ELSE 'no_answer' END,
          coalesce(d.reason, 'stored before outcomes were recorded'), d.id, m.created_at, m.created_at
        FROM messages m
        LEFT JOIN decision_log d ON d.id = (SELECT max(id) FROM decision_log x WHERE x.message_id = m.id)
        WHERE m.direction = 'in' AND m.content_type IN ('text','image');
    `)
  }
}
