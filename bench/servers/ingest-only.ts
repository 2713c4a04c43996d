// upscore's ingest API and embedded store, without the processor: the ingest path alone.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { createHttpServer } from '../../src/http/server.ts'
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.ts'
import { LOG_START } from '../../src/storage/store.ts'
import { serveParent } from './parent-link.ts'

const dataDir = process.env.BENCH_DATA_DIR
if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is not set')
const store = openSqliteStore({ path: join(dataDir, 'upscore.db'), durableFsync: process.env.BENCH_FSYNC === '1' })
const app = createHttpServer({
  store,
  writeKeys: ['wk_bench'],
  adminToken: 'bench-admin',
  now: Date.now,
  newMessageId: randomUUID,
})
const url = await app.listen({ port: 0, host: '127.0.0.1' })
serveParent(url, {
  storedEvents: async () => (await store.logLag(LOG_START)).events,
  close: async () => {
    await app.close()
    await store.close()
  },
})
