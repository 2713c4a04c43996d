import type { Database } from 'better-sqlite3'

/**
 * Migrations of the embedded store, applied in order; `PRAGMA user_version` holds how many have run.
 * Append new ones at the end; never edit one that has shipped.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (source, message_id)
  );
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE identities (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (kind, value)
  ) WITHOUT ROWID;
  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    user_id TEXT,
    email TEXT,
    email_key TEXT,
    company_id TEXT,
    state TEXT NOT NULL,
    vals TEXT NOT NULL,
    scores TEXT NOT NULL,
    next_change_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX contacts_email ON contacts (email_key);
  CREATE INDEX contacts_user ON contacts (user_id);
  CREATE INDEX contacts_company ON contacts (company_id);
  CREATE INDEX contacts_next_change ON contacts (next_change_at) WHERE next_change_at IS NOT NULL;
  CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT,
    state TEXT NOT NULL,
    vals TEXT NOT NULL,
    scores TEXT NOT NULL,
    next_change_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX companies_next_change ON companies (next_change_at) WHERE next_change_at IS NOT NULL;
  CREATE TABLE score_history (
    id INTEGER PRIMARY KEY,
    entity_kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    score TEXT NOT NULL,
    at INTEGER NOT NULL,
    from_value REAL,
    to_value REAL NOT NULL,
    label TEXT,
    cause TEXT NOT NULL,
    reasons TEXT NOT NULL
  );
  CREATE INDEX score_history_entity ON score_history (entity_kind, entity_id, id);
  CREATE TABLE crm_outbox (
    object_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    id_value TEXT NOT NULL,
    properties TEXT NOT NULL,
    company_id TEXT,
    version INTEGER NOT NULL,
    first_changed_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (object_type, entity_id)
  );
  CREATE INDEX crm_outbox_age ON crm_outbox (object_type, first_changed_at);
  CREATE TABLE crm_dead_letters (
    id INTEGER PRIMARY KEY,
    object_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    id_value TEXT NOT NULL,
    properties TEXT NOT NULL,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE TABLE crm_ids (
    object_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    crm_id TEXT NOT NULL,
    PRIMARY KEY (object_type, entity_id)
  ) WITHOUT ROWID;
  `,
  `
  CREATE INDEX contacts_company_id ON contacts (company_id, id);
  DROP INDEX contacts_company;
  `,
  // What the step behind a score change changed (events, properties, segments), as JSON; NULL when none of it.
  `
  ALTER TABLE score_history ADD COLUMN step TEXT;
  `,
  // Events can now be deleted (retention, forgetting a contact), so the log gets AUTOINCREMENT: a new event must never
  // take the seq of a deleted one, or the processor, whose cursor is past it, would skip it. And each event keeps when it
  // was received (taken from the body of those stored before), indexed so that retention finds the oldest at once.
  `
  CREATE TABLE events_by_seq (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at INTEGER,
    UNIQUE (source, message_id)
  );
  INSERT INTO events_by_seq (seq, source, message_id, body, received_at)
    SELECT seq, source, message_id, body, json_extract(body, '$.receivedAtMs') FROM events ORDER BY seq;
  DROP TABLE events;
  ALTER TABLE events_by_seq RENAME TO events;
  CREATE INDEX events_received_at ON events (received_at);
  `,
]

/** Brings the database to the latest schema, each migration in its own transaction. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let index = current; index < migrations.length; index++) {
    const sql = migrations[index] as string
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${index + 1}`)
    })()
  }
}
