import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { replayDeadLetters } from '../src/crm/replay-dead-letters.ts'
import { createHttpServer, type HttpServerDeps } from '../src/http/server.ts'
import { loadModel } from '../src/load-model.ts'
import type { CompiledModel } from '../src/scoring/compiled-model.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'

export const writeKey = 'wk_test'
export const otherWriteKey = 'wk_other'
export const adminToken = 'admin_test'
/** The server's clock in these tests: every request is received at this instant. */
export const receivedAtMs = Date.parse('2026-11-26T16:00:00.000Z')

export interface TestServer {
  url: string
  store: Store
  /** How many times the server said events were stored. */
  wakeCount: () => number
  close: () => Promise<void>
}

let defaultModel: CompiledModel | undefined
const model = () => {
  defaultModel ??= loadModel(undefined)
  return defaultModel
}

/** The real HTTP server on a free port, over a real SQLite store in a temporary folder. */
export async function startTestServer(overrides: Partial<HttpServerDeps> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'upscore-http-'))
  const store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
  let generated = 0
  let wakes = 0
  const app = createHttpServer({
    store,
    writeKeys: [writeKey, otherWriteKey],
    adminToken,
    now: () => receivedAtMs,
    newMessageId: () => `generated-${++generated}`,
    onEventsStored: () => {
      wakes++
    },
    // A store given by a test is a whole one (the sync's), whatever the server's type needs of it.
    replayDeadLetters: (ids) =>
      replayDeadLetters((overrides.store as Store | undefined) ?? store, model(), Date.now(), ids),
    ...overrides,
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url,
    store,
    wakeCount: () => wakes,
    async close() {
      await app.close()
      await store.close().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString('base64')}`
}

/** A JSON answer of the server, typed as far as the tests look into it. */
export interface AnswerBody {
  error?: { code: string; message: string; reason?: string }
  rejected?: { index: number; messageId?: string; code: string; message: string }[]
  [field: string]: unknown
}

export interface Answer {
  status: number
  body: AnswerBody
}
