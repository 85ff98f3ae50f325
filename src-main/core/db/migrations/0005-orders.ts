import type { Migration } from './types'

/**
 * Issue 16: orders and automatic delivery of virtual goods (卡密自动发货).
 *
 * - `orders`: one row per (account, order id); `prior_state` remembers the state a refund request
 *   interrupted (a cancelled refund goes back to it); `due_at` is a delayed delivery's due time, so
 *   a crash during the delay does not lose it.
 * - `pool_codes`: a code is unique per account (within its pool and against codes used anywhere
 *   in the account); it is reserved for an order inside the transaction that also writes the
 *   order's `delivery_messages` (with their send uuids), and marked used on the platform's ack.
 * - `delivery_messages.body` is the clear text the buyer gets (needed to resend it after a crash);
 *   `masked` is what every list, event and timeline shows.
 */
export const m0005Orders: Migration = {
  version: 5,
  name: 'orders',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        account_id   TEXT NOT NULL,
        order_id     TEXT NOT NULL,
        cid          TEXT,
        item_id      TEXT,
        item_title   TEXT NOT NULL DEFAULT '',
        spec         TEXT NOT NULL DEFAULT '',
        quantity     INTEGER NOT NULL DEFAULT 1,
        amount       REAL,
        buyer_id     TEXT,
        buyer_nick   TEXT NOT NULL DEFAULT '',
        state        TEXT NOT NULL CHECK (state IN ('placed','paid','shipped','completed','refunding','closed')),
        prior_state  TEXT,
        xiaodao      INTEGER NOT NULL DEFAULT 0,
        delivery     TEXT NOT NULL DEFAULT 'none' CHECK (delivery IN ('none','waiting','sending','delivered','review','skipped')),
        ship         TEXT NOT NULL DEFAULT 'none' CHECK (ship IN ('none','shipped','failed','not_asked')),
        rule_id      INTEGER,
        due_at       INTEGER,
        detail_at    INTEGER,
        created_at   INTEGER NOT NULL,
        paid_at      INTEGER,
        delivered_at INTEGER,
        shipped_at   INTEGER,
        updated_at   INTEGER NOT NULL,
        PRIMARY KEY (account_id, order_id)
      ) STRICT;
      CREATE INDEX orders_by_created ON orders (created_at DESC);
      CREATE INDEX orders_by_delivery ON orders (delivery, account_id);
      CREATE INDEX orders_by_item ON orders (account_id, item_id);

      CREATE TABLE order_events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id  TEXT NOT NULL,
        order_id    TEXT NOT NULL,
        at          INTEGER NOT NULL,
        code        TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT '{}',
        text        TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX order_events_by_order ON order_events (account_id, order_id, id);

      CREATE TABLE delivery_rules (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id    TEXT NOT NULL,
        item_id       TEXT NOT NULL,
        spec          TEXT NOT NULL DEFAULT '',
        name          TEXT NOT NULL DEFAULT '',
        enabled       INTEGER NOT NULL DEFAULT 1,
        source_json   TEXT NOT NULL,
        messages_json TEXT NOT NULL,
        delay_seconds INTEGER NOT NULL DEFAULT 0,
        ship_mode     TEXT NOT NULL CHECK (ship_mode IN ('off','after_ack','ship_only')),
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX delivery_rules_by_item ON delivery_rules (account_id, item_id);

      CREATE TABLE card_pools (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id          TEXT NOT NULL,
        name                TEXT NOT NULL,
        low_stock_threshold INTEGER NOT NULL DEFAULT 0,
        low_notified        INTEGER NOT NULL DEFAULT 0,
        n_available         INTEGER NOT NULL DEFAULT 0,
        n_reserved          INTEGER NOT NULL DEFAULT 0,
        n_used              INTEGER NOT NULL DEFAULT 0,
        removed_at          INTEGER,
        created_at          INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE pool_codes (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        pool_id     INTEGER NOT NULL,
        account_id  TEXT NOT NULL,
        code        TEXT NOT NULL,
        state       TEXT NOT NULL DEFAULT 'available' CHECK (state IN ('available','reserved','used')),
        order_id    TEXT,
        created_at  INTEGER NOT NULL,
        reserved_at INTEGER,
        used_at     INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX pool_codes_unique ON pool_codes (account_id, code);
      CREATE INDEX pool_codes_by_pool ON pool_codes (pool_id, state, id);
      CREATE INDEX pool_codes_by_order ON pool_codes (account_id, order_id);
      -- a pool's counts, kept by the database itself (a count over 100k codes would cost ms per delivery)
      CREATE TRIGGER pool_codes_count_ins AFTER INSERT ON pool_codes BEGIN
        UPDATE card_pools SET n_available = n_available + (NEW.state = 'available'), n_reserved = n_reserved + (NEW.state = 'reserved'),
          n_used = n_used + (NEW.state = 'used') WHERE id = NEW.pool_id;
      END;
      CREATE TRIGGER pool_codes_count_del AFTER DELETE ON pool_codes BEGIN
        UPDATE card_pools SET n_available = n_available - (OLD.state = 'available'), n_reserved = n_reserved - (OLD.state = 'reserved'),
          n_used = n_used - (OLD.state = 'used') WHERE id = OLD.pool_id;
      END;
      CREATE TRIGGER pool_codes_count_upd AFTER UPDATE OF state, pool_id ON pool_codes BEGIN
        UPDATE card_pools SET n_available = n_available - (OLD.state = 'available'), n_reserved = n_reserved - (OLD.state = 'reserved'),
          n_used = n_used - (OLD.state = 'used') WHERE id = OLD.pool_id;
        UPDATE card_pools SET n_available = n_available + (NEW.state = 'available'), n_reserved = n_reserved + (NEW.state = 'reserved'),
          n_used = n_used + (NEW.state = 'used') WHERE id = NEW.pool_id;
      END;

      CREATE TABLE delivery_messages (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        order_id   TEXT NOT NULL,
        cid        TEXT NOT NULL,
        round      INTEGER NOT NULL DEFAULT 0,
        unit       INTEGER NOT NULL,
        part       INTEGER NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('text','image')),
        body       TEXT NOT NULL,
        masked     TEXT NOT NULL,
        code_id    INTEGER,
        codes_json TEXT NOT NULL DEFAULT '[]',
        clear_json TEXT NOT NULL DEFAULT '[]',
        uuid       TEXT NOT NULL UNIQUE,
        state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','acked','failed')),
        error      TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        acked_at   INTEGER
      ) STRICT;
      CREATE INDEX delivery_messages_by_order ON delivery_messages (account_id, order_id, round, unit, part);
      CREATE INDEX delivery_messages_unsettled ON delivery_messages (account_id, cid, id) WHERE state IN ('pending','sent');

      CREATE TABLE delivery_reviews (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id  TEXT NOT NULL,
        order_id    TEXT NOT NULL,
        cid         TEXT,
        reason      TEXT NOT NULL,
        detail      TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        resolved_at INTEGER,
        resolution  TEXT
      ) STRICT;
      CREATE INDEX delivery_reviews_open ON delivery_reviews (resolved_at, account_id, id);
      CREATE INDEX delivery_reviews_by_order ON delivery_reviews (account_id, order_id);

      CREATE TABLE delivery_settings (
        account_id    TEXT PRIMARY KEY,
        auto_delivery INTEGER NOT NULL DEFAULT 1
      ) STRICT;
    `)
  }
}
