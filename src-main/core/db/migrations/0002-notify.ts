import type { Migration } from './types'

/**
 * Notification channels and the delivery log. A channel's secrets are keychain items
 * (`notify:<id>`), never columns here. The routing (events → channels, quiet hours, templates)
 * is one JSON value in `settings` under `notify.routing`.
 */
export const m0002Notify: Migration = {
  version: 2,
  name: 'notify',
  up(db) {
    db.exec(`
      CREATE TABLE notify_channels (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        enabled       INTEGER NOT NULL DEFAULT 1,
        account_ids   TEXT,
        config_json   TEXT NOT NULL DEFAULT '{}',
        secret_fields TEXT NOT NULL DEFAULT '[]',
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE notify_deliveries (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        channel_id   TEXT NOT NULL,
        channel_name TEXT NOT NULL,
        event        TEXT NOT NULL,
        account_id   TEXT,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending','sent','failed','held','digested')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        error        TEXT,
        digest_id    INTEGER,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX notify_deliveries_by_channel ON notify_deliveries (channel_id, status, id);
    `)
  }
}
