import type { Migration } from './types'

/**
 * The whole domain in one first schema, so later features add columns, not tables with moved walls.
 * Never edit a shipped migration: add a new one.
 */
export const m0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id               TEXT PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (kind IN ('xianyu','demo')),
        unb              TEXT NOT NULL,
        nick             TEXT NOT NULL DEFAULT '',
        remark           TEXT NOT NULL DEFAULT '',
        enabled          INTEGER NOT NULL DEFAULT 1,
        status           TEXT NOT NULL DEFAULT 'connecting',
        status_reason    TEXT NOT NULL DEFAULT '',
        verify_url       TEXT,
        cookie_envelope  TEXT,
        device_id        TEXT NOT NULL,
        user_agent       TEXT NOT NULL,
        endpoints_json   TEXT,
        last_message_at  INTEGER,
        archived_at      INTEGER,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        UNIQUE (kind, unb)
      ) STRICT;

      CREATE TABLE conversations (
        account_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        cid               TEXT NOT NULL,
        buyer_id          TEXT NOT NULL DEFAULT '',
        buyer_nick        TEXT NOT NULL DEFAULT '',
        item_id           TEXT,
        last_message_text TEXT NOT NULL DEFAULT '',
        last_message_at   INTEGER,
        unread            INTEGER NOT NULL DEFAULT 0,
        mode              TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto','paused','takeover')),
        paused_until      INTEGER,
        bargain_count     INTEGER NOT NULL DEFAULT 0,
        bargain_reset_at  INTEGER NOT NULL DEFAULT 0,
        order_id          TEXT,
        order_state       TEXT,
        copilot           INTEGER,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        PRIMARY KEY (account_id, cid)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX idx_conversations_recent ON conversations (last_message_at DESC);

      CREATE TABLE messages (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id          TEXT NOT NULL,
        cid                 TEXT NOT NULL,
        direction           TEXT NOT NULL CHECK (direction IN ('in','out')),
        sender_id           TEXT NOT NULL DEFAULT '',
        sender_nick         TEXT NOT NULL DEFAULT '',
        content_type        TEXT NOT NULL DEFAULT 'text',
        text                TEXT NOT NULL DEFAULT '',
        image_url           TEXT,
        raw                 TEXT,
        platform_message_id TEXT,
        client_uuid         TEXT,
        dedupe_key          TEXT NOT NULL,
        intent              TEXT CHECK (intent IS NULL OR intent IN ('price','tech','default')),
        source              TEXT,
        created_at          INTEGER NOT NULL,
        FOREIGN KEY (account_id, cid) REFERENCES conversations(account_id, cid) ON DELETE CASCADE
      ) STRICT;
      CREATE UNIQUE INDEX ux_messages_platform_id ON messages (account_id, platform_message_id) WHERE platform_message_id IS NOT NULL;
      CREATE UNIQUE INDEX ux_messages_dedupe ON messages (account_id, dedupe_key);
      CREATE UNIQUE INDEX ux_messages_client_uuid ON messages (account_id, client_uuid) WHERE client_uuid IS NOT NULL;
      CREATE INDEX idx_messages_chat ON messages (account_id, cid, id);
      CREATE INDEX idx_messages_price ON messages (account_id, cid, created_at) WHERE direction = 'in' AND intent = 'price';

      CREATE TABLE items (
        account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        item_id      TEXT NOT NULL,
        title        TEXT NOT NULL DEFAULT '',
        price        REAL,
        floor_price  REAL,
        description  TEXT NOT NULL DEFAULT '',
        skus_json    TEXT NOT NULL DEFAULT '[]',
        images_json  TEXT NOT NULL DEFAULT '[]',
        stock        INTEGER,
        fetched_at   INTEGER NOT NULL,
        PRIMARY KEY (account_id, item_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE ai_settings (
        account_id            TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
        ai_enabled            INTEGER NOT NULL DEFAULT 0,
        provider              TEXT NOT NULL DEFAULT 'openai-compatible',
        model                 TEXT NOT NULL DEFAULT 'qwen-plus',
        base_url              TEXT NOT NULL DEFAULT 'https://dashscope.aliyuncs.com/compatible-mode/v1',
        max_discount_percent  REAL NOT NULL DEFAULT 10 CHECK (max_discount_percent BETWEEN 0 AND 50),
        max_discount_amount   REAL NOT NULL DEFAULT 100 CHECK (max_discount_amount >= 0),
        max_bargain_rounds    INTEGER NOT NULL DEFAULT 3 CHECK (max_bargain_rounds BETWEEN 1 AND 10),
        custom_prompts        TEXT NOT NULL DEFAULT '{}',
        extra_json            TEXT NOT NULL DEFAULT '{}',
        updated_at            INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key         TEXT PRIMARY KEY,
        value_json  TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE keyword_rules (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        scope        TEXT NOT NULL CHECK (scope IN ('global','account','item')),
        account_id   TEXT REFERENCES accounts(id) ON DELETE CASCADE,
        item_id      TEXT,
        match_mode   TEXT NOT NULL CHECK (match_mode IN ('contains','exact','regex','all')),
        keywords_json TEXT NOT NULL,
        replies_json TEXT NOT NULL,
        priority     INTEGER NOT NULL DEFAULT 0,
        enabled      INTEGER NOT NULL DEFAULT 1,
        reply_once   INTEGER NOT NULL DEFAULT 0,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idx_rules_scope ON keyword_rules (scope, account_id, item_id, priority DESC);

      CREATE TABLE rule_hits (
        rule_id     INTEGER NOT NULL REFERENCES keyword_rules(id) ON DELETE CASCADE,
        account_id  TEXT NOT NULL,
        cid         TEXT NOT NULL,
        hit_at      INTEGER NOT NULL,
        PRIMARY KEY (rule_id, account_id, cid)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE usage_log (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id  TEXT NOT NULL,
        provider    TEXT NOT NULL,
        model       TEXT NOT NULL,
        tokens_in   INTEGER NOT NULL DEFAULT 0,
        tokens_out  INTEGER NOT NULL DEFAULT 0,
        latency_ms  INTEGER NOT NULL DEFAULT 0,
        cost_yuan   REAL NOT NULL DEFAULT 0,
        ok          INTEGER NOT NULL,
        error_kind  TEXT,
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idx_usage_account_time ON usage_log (account_id, created_at);
      CREATE INDEX idx_usage_time ON usage_log (created_at);

      CREATE TABLE decision_log (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id     TEXT NOT NULL,
        cid            TEXT NOT NULL,
        message_id     INTEGER,
        reply_message_id INTEGER,
        source         TEXT NOT NULL,
        intent         TEXT,
        reason         TEXT NOT NULL DEFAULT '',
        reply          TEXT,
        rule_id        INTEGER,
        provider       TEXT,
        model          TEXT,
        round          INTEGER,
        allowed_price  REAL,
        floor_price    REAL,
        tokens_in      INTEGER,
        tokens_out     INTEGER,
        latency_ms     INTEGER,
        checks_json    TEXT NOT NULL DEFAULT '[]',
        created_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX idx_decisions_chat ON decision_log (account_id, cid, id);
      CREATE INDEX idx_decisions_time ON decision_log (created_at);

      CREATE TABLE drafts (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id   TEXT NOT NULL,
        cid          TEXT NOT NULL,
        text         TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending','sent','discarded')),
        decision_id  INTEGER,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        FOREIGN KEY (account_id, cid) REFERENCES conversations(account_id, cid) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX idx_drafts_pending ON drafts (account_id, cid) WHERE status = 'pending';
    `)
  }
}
