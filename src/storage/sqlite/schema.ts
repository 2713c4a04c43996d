import type { Database } from 'better-sqlite3'

/**
 * Migrations of the embedded store's state file, applied in order; `PRAGMA user_version` holds how many have run.
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
  // The event log moved to a file of its own (see `event-log-db.ts`): `moveEventsToLog` copies the events first.
  `
  DROP TABLE IF EXISTS events;
  `,
]

/** The migration that drops the events table of the state file, once its rows are in the event log's file. */
const DROP_EVENTS = 3

/**
 * Copies the events of a store made before the event log had a file of its own into that file. Not in the
 * migration's transaction (a file cannot be attached inside one): a crash half-way copies again, and the events
 * already there are kept as they are.
 */
function moveEventsToLog(db: Database, eventLogPath: string): void {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'events'").get()
  if (table === undefined) return
  const rows = db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }
  if (rows.n === 0) return
  db.prepare('ATTACH DATABASE ? AS log').run(eventLogPath)
  try {
    db.exec(
      `INSERT OR IGNORE INTO log.events (seq, source, message_id, body, received_at)
        SELECT seq, source, message_id, body, json_extract(body, '$.receivedAtMs') FROM main.events ORDER BY seq`,
    )
  } finally {
    db.exec('DETACH DATABASE log')
  }
}

/**
 * Brings the state file to the latest schema, each migration in its own transaction. The event log's file must be at
 * its own latest schema already: an old store's events move there.
 */
export function migrate(db: Database, eventLogPath: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let index = current; index < migrations.length; index++) {
    const sql = migrations[index] as string
    if (index === DROP_EVENTS) moveEventsToLog(db, eventLogPath)
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${index + 1}`)
    })()
  }
}
