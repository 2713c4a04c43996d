import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { createHttpServer } from '../src/http/server.ts'
import { type RunningService, startService } from '../src/serve.ts'
import { eventLogPathOf } from '../src/storage/sqlite/event-log-db.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { createWriteReadiness } from '../src/storage/write-readiness.ts'

const writeKey = 'wk_faults'
const adminToken = 'admin_faults'
const basic = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`

interface Answer {
  status: number
  retryAfter: string | null
  // biome-ignore lint/suspicious/noExplicitAny: the tests look into answers of several shapes
  body: any
}

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  retryAfter: response.headers.get('retry-after'),
  body: await response.json(),
})

const widgets = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    type: 'track',
    userId: 'u-1',
    event: 'Widget Created',
    messageId: `${prefix}-${i}`,
  }))

const sendBatch = async (url: string, batch: readonly object[]) =>
  answerOf(
    await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify({ batch }),
    }),
  )

const health = async (url: string) => answerOf(await fetch(`${url}/healthz`))

/** Polls /healthz until it answers `status` (it probes a write at most once a second); fails after `timeoutMs`. */
async function healthBecomes(url: string, status: number, timeoutMs = 10_000): Promise<void> {
  const startedAtMs = Date.now()
  for (;;) {
    if ((await health(url)).status === status) return
    if (Date.now() - startedAtMs > timeoutMs)
      throw new Error(`/healthz did not answer ${status} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const expectUnavailable = (answer: Answer, reason: RegExp) => {
  expect(answer.status).toBe(503)
  expect(answer.retryAfter).toBe('5')
  expect(answer.body.error).toMatchObject({ code: 'storage_failure', message: expect.stringMatching(reason) })
}

/** Fills the file system of `dir` with a filler file, until it refuses more. */
function fillDisk(dir: string): string {
  const filler = join(dir, 'filler')
  const chunk = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) appendFileSync(filler, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  }
  // The last chunk may have been written in part; a byte at a time fills what is left.
  try {
    for (;;) appendFileSync(filler, Buffer.alloc(1, 1))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  }
  return filler
}

describe('a full disk (a real 8 MB tmpfs)', () => {
  const mountDir = mkdtempSync(join(tmpdir(), 'upscore-fulldisk-'))
  let cannotMount: string | undefined
  let service: RunningService | undefined
  beforeAll(() => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountDir], { stdio: 'pipe' })
    } catch (error) {
      cannotMount = `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]}); the tests run as root in CI`
      console.warn(`SKIPPED the full-disk test: ${cannotMount}`)
    }
  })
  afterAll(async () => {
    await service?.close()
    if (cannotMount === undefined) execFileSync('umount', [mountDir])
    rmSync(mountDir, { recursive: true, force: true })
  })

  it('refuses events with 503 and Retry-After, says why on /healthz, stores nothing it refused, and recovers by itself', async (context) => {
    if (cannotMount !== undefined) context.skip(cannotMount)
    const env = { UPSCORE_PORT: '0', UPSCORE_DATA_DIR: mountDir, UPSCORE_WRITE_KEYS: writeKey }
    const lines: string[] = []
    service = await startService(loadConfig({ ...env, UPSCORE_ADMIN_TOKEN: adminToken }), (line) => lines.push(line))
    const { url } = service
    expect(
      (await sendBatch(url, [{ type: 'identify', userId: 'u-1', traits: { email: 'u1@disk.test' } }])).status,
    ).toBe(200)
    expect((await health(url)).status).toBe(200)

    const filler = fillDisk(mountDir)
    // Before any event: the health probe finds that writes fail.
    await healthBecomes(url, 503)
    let acknowledged = 0
    const refused: object[][] = []
    for (let n = 0; refused.length < 3 && n < 50; n++) {
      const batch = widgets(`full-${n}`, 20)
      const answer = await sendBatch(url, batch)
      if (answer.status === 200) acknowledged += answer.body.accepted
      else {
        expectUnavailable(answer, /^the disk is full/)
        refused.push(batch)
      }
    }
    expect(refused).toHaveLength(3)
    const unhealthy = await health(url)
    expectUnavailable(unhealthy, /^the disk is full: .*; 0 bytes free in the data folder$/)
    expect(unhealthy.body.ok).toBe(false)

    rmSync(filler)
    // No event and no restart: the health probe finds that writes succeed again.
    await healthBecomes(url, 200)
    for (const batch of refused) {
      // Accepted now, not "duplicates": nothing of a refused batch had been stored.
      expect((await sendBatch(url, batch)).body).toMatchObject({ accepted: batch.length, duplicates: 0 })
      acknowledged += batch.length
    }
    await service.processor.idle()
    const contact = await answerOf(
      await fetch(`${url}/api/contacts/u1@disk.test`, { headers: { authorization: `Bearer ${adminToken}` } }),
    )
    expect(contact.body.properties.widgets_created).toBe(acknowledged)
  })
})

describe('a locked, removed or replaced database file', () => {
  let dir: string
  let closeServer: () => Promise<void>
  let url: string
  let path: string

  /** The HTTP server over a SQLite store that waits 100 ms for a lock (5,000 in production), with its readiness. */
  const start = async () => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-dbfault-'))
    const statePath = join(dir, 'upscore.db')
    // Ingest writes the event log's file: the faults are made there.
    path = eventLogPathOf(statePath)
    const store = openSqliteStore({ path: statePath, durableFsync: false, busyTimeoutMs: 100 })
    const readiness = createWriteReadiness({ store, dataDir: dir, now: Date.now })
    const app = createHttpServer({
      store: readiness.watch(store),
      readiness: () => readiness.check(),
      writeKeys: [writeKey],
      adminToken,
      now: Date.now,
      newMessageId: () => 'generated',
    })
    url = await app.listen({ port: 0, host: '127.0.0.1' })
    closeServer = async () => {
      await app.close()
      await store.close().catch(() => undefined)
    }
  }
  beforeEach(start)
  afterEach(async () => {
    await closeServer()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers 503 while another connection holds the database locked, and recovers when it lets go', async () => {
    const other = new BetterSqlite3(path)
    other.exec('BEGIN EXCLUSIVE')
    const refused = widgets('locked', 10)
    expectUnavailable(await sendBatch(url, refused), /^the database is locked by another connection/)
    expectUnavailable(await health(url), /^the database is locked by another connection, still after 100 ms/)
    other.exec('COMMIT')
    other.close()
    await healthBecomes(url, 200)
    expect((await sendBatch(url, refused)).body).toMatchObject({ accepted: 10, duplicates: 0 })
  })

  it('answers 503 once the database file is removed, instead of acknowledging events it would lose', async () => {
    expect((await sendBatch(url, widgets('before', 5))).status).toBe(200)
    rmSync(path)
    expectUnavailable(
      await sendBatch(url, widgets('after', 5)),
      /^the database file was removed while the service runs/,
    )
    expectUnavailable(await health(url), /^the database file was removed/)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expectUnavailable(await health(url), /^the database file was removed/)
  })

  it('answers 503 once the database file is replaced by another file', async () => {
    writeFileSync(`${path}.garbage`, Buffer.alloc(8192, 0x41))
    renameSync(`${path}.garbage`, path)
    expectUnavailable(
      await sendBatch(url, widgets('after', 5)),
      /^the database file was replaced while the service runs/,
    )
    expectUnavailable(await health(url), /^the database file was replaced/)
  })
})
