// The plain baseline of issue 11: what a simple Fastify + better-sqlite3 server does with the same traffic — one
// transaction per request, INSERT OR IGNORE by messageId and a per-user counter upsert, committed (WAL) before the
// answer. upscore's ingest, with its processor running, must keep up with it.
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import Fastify from 'fastify'
import { serveParent } from './parent-link.ts'

const dataDir = process.env.BENCH_DATA_DIR
if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is not set')
const { mkdirSync } = await import('node:fs')
mkdirSync(dataDir, { recursive: true })
const db = new BetterSqlite3(join(dataDir, 'plain.db'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`
  CREATE TABLE IF NOT EXISTS events (message_id TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS counters (user_id TEXT PRIMARY KEY, n INTEGER NOT NULL);
`)
const insert = db.prepare('INSERT OR IGNORE INTO events (message_id, body) VALUES (?, ?)')
const count = db.prepare(
  'INSERT INTO counters (user_id, n) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET n = n + 1',
)
type Message = { messageId?: string; userId?: string; anonymousId?: string }
const store = db.transaction((batch: readonly Message[]) => {
  let accepted = 0
  for (const message of batch) {
    if (insert.run(String(message.messageId), JSON.stringify(message)).changes === 1) {
      accepted++
      count.run(String(message.userId ?? message.anonymousId))
    }
  }
  return accepted
})

const app = Fastify({ logger: false, bodyLimit: 500 * 1024 })
app.post('/v1/batch', async (request) => {
  const batch = (request.body as { batch?: Message[] }).batch ?? []
  const accepted = store(batch)
  return { success: true, accepted, duplicates: batch.length - accepted, rejected: [] }
})
const url = await app.listen({ port: 0, host: '127.0.0.1' })
serveParent(url, {
  storedEvents: async () => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
  close: async () => {
    await app.close()
    db.close()
  },
})
