import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import type { Event, StoredEvent } from '../../events/event.ts'
import type { AppendOutcome, NewEvent } from '../records.ts'
import type { LogPosition } from '../store.ts'
import { createAppendQueue } from './append-queue.ts'
import { watchFileIdentity } from './file-identity.ts'
import { toStorageFailure } from './storage-failure.ts'

/**
 * Migrations of the event log's own file, applied in order (`PRAGMA user_version` counts them). Append new ones at
 * the end; never edit one that has shipped.
 */
const migrations: readonly string[] = [
  // AUTOINCREMENT: events can be deleted (retention, forgetting a contact), and a new event must never take the seq
  // of a deleted one, or the processor, whose cursor is past it, would skip it. Each event keeps when it was received,
  // indexed so that retention finds the oldest at once.
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at INTEGER,
    UNIQUE (source, message_id)
  );
  CREATE INDEX events_received_at ON events (received_at);
  CREATE TABLE write_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
  `,
]

/**
 * Opens a SQLite connection with the settings every file of the embedded store uses. `busyTimeoutMs`: how long a write
 * waits for a lock another connection holds before it fails; the wait blocks the thread (better-sqlite3 is synchronous).
 */
export function openSqliteFile(path: string, durableFsync: boolean, busyTimeoutMs = 5000): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new BetterSqlite3(path)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${durableFsync ? 'FULL' : 'NORMAL'}`)
  db.pragma(`busy_timeout = ${busyTimeoutMs}`)
  return db
}

function migrateEventLog(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let index = current; index < migrations.length; index++) {
    db.transaction(() => {
      db.exec(migrations[index] as string)
      db.pragma(`user_version = ${index + 1}`)
    })()
  }
}

/** The event log's part of the embedded store, on a file of its own. */
export interface SqliteEventLog {
  db: Database
  /** Appends in one transaction; fails with `storage_failure` saying why (disk full, locked, file gone). */
  append(events: readonly NewEvent[]): Promise<AppendOutcome[]>
  /** Commits a tiny write as an append would, and fails as an append would now. */
  probe(): void
  /** Events after a position, none past `through`; a position is the event's seq in decimal (`''` before all). */
  read(after: LogPosition, limit: number, through?: LogPosition): StoredEvent[]
  /** How many events follow a position, and when the first of them was received. */
  lag(after: LogPosition): { events: number; oldestReceivedAtMs: number | null }
  /** Deletes up to `limit` events received before `receivedBeforeMs` at or before `through`, oldest first. */
  deleteReceivedBefore(receivedBeforeMs: number, through: LogPosition, limit: number): number
  close(): Promise<void>
}

/**
 * The event log of the embedded store. It lives in a file of its own so that ingest, its only writer, never waits
 * for the processor's transactions on the state (and the processor, reading it, never waits for ingest): SQLite lets
 * one writer at a time into a file, and a writer kept waiting sleeps in steps of up to 100 ms.
 */
export function openSqliteEventLog(path: string, durableFsync: boolean, busyTimeoutMs = 5000): SqliteEventLog {
  const db = openSqliteFile(path, durableFsync, busyTimeoutMs)
  const checkFileInPlace = watchFileIdentity(path)
  migrateEventLog(db)
  const writeProbe = db.prepare(
    'INSERT INTO write_probe (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = write_probe.n + 1',
  )
  // Appends and the probe say why a write failed (disk full, locked, file gone): ingest and /healthz show it.
  const writing = <T>(write: () => T): T => {
    try {
      checkFileInPlace()
      return write()
    } catch (error) {
      throw toStorageFailure(error, busyTimeoutMs)
    }
  }
  const insertEvent = db.prepare(
    'INSERT OR IGNORE INTO events (source, message_id, body, received_at) VALUES (?, ?, ?, ?)',
  )
  const deleteReceivedBefore = db.prepare(`
    DELETE FROM events WHERE seq IN (
      SELECT seq FROM events WHERE received_at < ? AND seq <= ? ORDER BY received_at LIMIT ?)`)
  const readEvents = db.prepare('SELECT seq, source, body FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
  const lastSeq = db.prepare('SELECT max(seq) AS seq FROM events')
  const firstAfter = db.prepare('SELECT received_at, body FROM events WHERE seq > ? ORDER BY seq LIMIT 1')
  const appendNow = db.transaction((events: readonly NewEvent[]): AppendOutcome[] =>
    events.map((e) =>
      insertEvent.run(e.source, e.event.messageId, JSON.stringify(e.event), e.event.receivedAtMs).changes === 1
        ? 'stored'
        : 'duplicate',
    ),
  )
  const appendQueue = createAppendQueue((events) => writing(() => appendNow(events)))
  return {
    db,
    append: (events) => (events.length === 0 ? Promise.resolve([]) : appendQueue.append(events)),
    probe: () => writing(() => writeProbe.run()),
    read(after, limit, through) {
      const upTo = through === undefined ? Number.MAX_SAFE_INTEGER : seqOf(through)
      const rows = readEvents.all(seqOf(after), upTo, limit) as { seq: number; source: string; body: string }[]
      return rows.map((row) => ({
        seq: row.seq,
        position: String(row.seq),
        source: row.source,
        event: JSON.parse(row.body) as Event,
      }))
    },
    lag(after) {
      const from = seqOf(after)
      const first = firstAfter.get(from) as { received_at: number | null; body: string } | undefined
      if (first === undefined) return { events: 0, oldestReceivedAtMs: null }
      // Seqs after the cursor are dense but for events a forget deleted: the difference is the count (at most one too
      // high), read at once where a count would scan the whole backlog.
      const last = (lastSeq.get() as { seq: number }).seq
      return {
        events: last - from,
        oldestReceivedAtMs: first.received_at ?? (JSON.parse(first.body) as Event).receivedAtMs,
      }
    },
    deleteReceivedBefore: (receivedBeforeMs, through, limit) =>
      deleteReceivedBefore.run(receivedBeforeMs, seqOf(through), limit).changes,
    async close() {
      await appendQueue.drain()
      db.close()
    },
  }
}

/** The seq a position of the embedded log stands for (0 for `LOG_START`). */
export const seqOf = (position: LogPosition): number => (position === '' ? 0 : Number(position))

/** The file of the event log beside a state file: `upscore.db` → `upscore-events.db`. */
export function eventLogPathOf(statePath: string): string {
  return statePath === ':memory:' ? ':memory:' : `${statePath.replace(/\.db$/, '')}-events.db`
}
