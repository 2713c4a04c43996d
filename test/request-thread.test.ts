import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { identify, liveServicePerTest, track, withLoginsTotal, writeKey } from './live-service-harness.ts'

const start = liveServicePerTest()

/** Holds the write lock of the state's file, as a long processing transaction would: processing cannot commit. */
function lockState(dataDir: string) {
  const db = new BetterSqlite3(join(dataDir, 'upscore.db'))
  db.exec('BEGIN EXCLUSIVE')
  return {
    release() {
      db.exec('COMMIT')
      db.close()
    },
  }
}

async function post(url: string, messages: object[]) {
  const response = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    body: JSON.stringify({ batch: messages }),
  })
  // biome-ignore lint/suspicious/noExplicitAny: the tests look into answers of several shapes
  const body: any = await response.json()
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body }
}

describe('the request thread', () => {
  it('answers ingest and the read API while a model change re-scores, whatever processing waits for', async () => {
    const live = await start()
    for (let batch = 0; batch < 6; batch++) {
      await live.send(Array.from({ length: 500 }, (_, i) => track(`user-${batch}-${i % 50}`, 'Signed In', i)))
    }
    await live.send([identify('u1', 'one@x.test'), track('u1', 'Signed In', 1)])
    await live.settled()
    expect((await live.api('PUT', '/api/model/draft', withLoginsTotal)).status).toBe(200)
    expect((await live.api('POST', '/api/model/draft/publish')).status).toBe(202)
    // Processing (the re-score of the publish) now stalls on the lock, its thread waiting inside SQLite.
    const lock = lockState(live.dataDir)
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post(live.service.url, [track('u1', 'Signed In', 100 + i)])),
      )
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
      expect((await live.api('GET', '/api/contacts/one@x.test')).status).toBe(200)
      // Still under way: the requests did not wait for it.
      expect((await live.api('GET', '/api/model')).body.publishing).not.toBeNull()
    } finally {
      lock.release()
    }
    await live.settled()
    const u1 = (await live.api('GET', '/api/contacts/u1')).body
    expect(u1.properties.logins_total).toBe(21)
  }, 60_000)
})

describe('back-pressure', () => {
  it('refuses events with 503 and Retry-After while processing is too far behind, and takes them again after', async () => {
    const live = await start({ env: { UPSCORE_MAX_LAG_EVENTS: '50' } })
    const lock = lockState(live.dataDir)
    let released = false
    try {
      expect(
        (
          await post(
            live.service.url,
            Array.from({ length: 60 }, (_, i) => track('u1', 'Signed In', i)),
          )
        ).status,
      ).toBe(200)
      // The lag is read every half second.
      let refused = await post(live.service.url, [track('u1', 'Signed In', 1000)])
      for (let tries = 0; refused.status === 200 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        refused = await post(live.service.url, [track('u1', 'Signed In', 1001 + tries)])
      }
      expect(refused.status).toBe(503)
      expect(refused.retryAfter).toBe('10')
      expect(refused.body.error.code).toBe('processing_behind')
      const health = await fetch(`${live.service.url}/healthz`)
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({ ok: false, processing: { lagEvents: expect.any(Number) } })
      const metrics = await (
        await fetch(`${live.service.url}/metrics`, { headers: { authorization: 'Bearer admin_live_test' } })
      ).text()
      expect(metrics).toContain('upscore_ingest_refusing 1')
      lock.release()
      released = true
      let accepted = refused
      for (let tries = 0; accepted.status !== 200 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        accepted = await post(live.service.url, [track('u1', 'Signed In', 2000 + tries)])
      }
      expect(accepted.status).toBe(200)
      expect((await fetch(`${live.service.url}/healthz`)).status).toBe(200)
      expect(live.lines.some((line) => line.includes('ingest refuses events'))).toBe(true)
      expect(live.lines.some((line) => line.includes('ingest takes events again'))).toBe(true)
    } finally {
      if (!released) lock.release()
    }
  }, 60_000)
})
