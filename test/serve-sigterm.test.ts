import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHubspotSimulator, type HubspotSimulator } from '../src/sim/hubspot/hubspot-simulator.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { LOG_START } from '../src/storage/store.ts'
import { type SpawnedUpscore, spawnUpscore } from './spawned-upscore.ts'

const writeKey = 'wk_sigterm'
const basic = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`

const started: SpawnedUpscore[] = []
const dirs: string[] = []
let simulator: HubspotSimulator | undefined
afterEach(async () => {
  for (const app of started.splice(0)) app.child.kill('SIGKILL')
  await simulator?.close()
  simulator = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** `upscore serve` from the sources, with the HubSpot sync on against a simulator in this process. */
async function serve(): Promise<{ app: SpawnedUpscore; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'upscore-sigterm-'))
  dirs.push(dataDir)
  simulator = createHubspotSimulator({})
  const hubspotUrl = await simulator.listen({ port: 0 })
  const app = await spawnUpscore(['serve'], {
    UPSCORE_PORT: '0',
    UPSCORE_DATA_DIR: dataDir,
    UPSCORE_WRITE_KEYS: writeKey,
    UPSCORE_ADMIN_TOKEN: 'admin_sigterm',
    HUBSPOT_ACCESS_TOKEN: 'pat-sigterm',
    HUBSPOT_BASE_URL: hubspotUrl,
  })
  started.push(app)
  return { app, dataDir }
}

const batchOf = (prefix: string, size: number) =>
  JSON.stringify({
    batch: Array.from({ length: size }, (_, i) => ({
      type: 'track',
      userId: `u-${i % 20}`,
      event: 'Widget Created',
      messageId: `${prefix}-${i}`,
    })),
  })

/**
 * A batch request whose body is sent in two halves: between them, the request is in flight. Its connection is kept
 * alive as long as the server keeps it (Node's default agent drops an idle one after 5 s): a stop that waited for
 * it would run into the 10 s deadline and exit 1.
 */
function heldRequest(url: string, body: string) {
  const req = request(`${url}/v1/batch`, {
    agent: new Agent({ keepAlive: true }),
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic, 'content-length': Buffer.byteLength(body) },
  })
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (response) => {
      let text = ''
      response.on('data', (chunk) => {
        text += chunk
      })
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
    })
    req.once('error', reject)
  })
  const half = Math.floor(body.length / 2)
  req.write(body.slice(0, half))
  return { answer, finish: () => req.end(body.slice(half)) }
}

const storedMessageIds = async (dataDir: string) => {
  const store = openSqliteStore({ path: join(dataDir, 'upscore.db'), durableFsync: false })
  const ids = new Set((await store.readEvents(LOG_START, 1_000_000)).map((row) => row.event.messageId))
  await store.close()
  return ids
}

describe('upscore serve on SIGTERM', () => {
  it('refuses new connections, finishes the requests in flight, and exits 0 within seconds', async () => {
    const { app, dataDir } = await serve()
    const held = heldRequest(app.url, batchOf('held', 200))
    held.answer.catch(() => undefined)
    // Requests racing the signal: each one answered 200 must be stored.
    const racing = Array.from({ length: 20 }, (_, n) =>
      fetch(`${app.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic },
        body: batchOf(`race-${n}`, 100),
      }).then(
        (response) => ({ n, status: response.status }),
        () => ({ n, status: 0 }),
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    const signalledAtMs = Date.now()
    app.child.kill('SIGTERM')
    await app.waitForLine(/upscore: SIGTERM: stopping/)
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow()
    held.finish()
    expect(await held.answer).toMatchObject({ status: 200, body: expect.stringContaining('"accepted":200') })
    const exit = await app.exited
    expect(exit).toEqual({ code: 0, signal: null })
    // Within seconds (it takes about one on a quiet machine), and well before the 10 s deadline.
    expect(Date.now() - signalledAtMs).toBeLessThan(8_000)
    expect(app.output()).toMatch(/upscore: stopped in \d+ ms/)
    const stored = await storedMessageIds(dataDir)
    expect(stored.has('held-0') && stored.has('held-199')).toBe(true)
    for (const { n, status } of await Promise.all(racing)) {
      if (status === 200) expect(stored.has(`race-${n}-99`)).toBe(true)
    }
  })

  it('exits at once on a second SIGTERM, saying what was cut short', async () => {
    const { app } = await serve()
    const held = heldRequest(app.url, batchOf('held', 50))
    held.answer.catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    app.child.kill('SIGTERM')
    await app.waitForLine(/upscore: SIGTERM: stopping/)
    const secondAtMs = Date.now()
    app.child.kill('SIGTERM')
    expect(await app.exited).toEqual({ code: 143, signal: null })
    // The held request would keep a graceful stop waiting until the 10 s deadline.
    expect(Date.now() - secondAtMs).toBeLessThan(5_000)
    expect(app.output()).toContain(
      'upscore: SIGTERM again: exiting at once; cut short: finishing 1 request(s) in flight',
    )
  })
})
