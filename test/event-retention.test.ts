import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import type { Event } from '../src/events/event.ts'
import { loadModel } from '../src/load-model.ts'
import { startEventRetention } from '../src/pipeline/event-retention.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import { LOG_START, type Store } from '../src/storage/store.ts'
import { liveServicePerTest, track, writeKey } from './live-service-harness.ts'

const DAY = 86_400_000
const model = loadModel(undefined)
const receivedAtMs = Date.parse('2026-11-26T12:00:00Z')

/** One `Widget Created` of u1 (widgets_created counts them all time), received at `receivedAtMs`. */
const widget: Event = {
  type: 'track',
  messageId: 'widget-1',
  userId: 'u1',
  event: 'Widget Created',
  properties: {},
  traits: {},
  timestampMs: receivedAtMs,
  receivedAtMs,
}

describe('the dedupe window across a restart, with event retention', () => {
  let dir: string
  let store: Store
  let nowMs: number
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'upscore-retention-'))
    store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
    nowMs = receivedAtMs
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Like a service run: the processor applies what is in the log, then the store is closed and opened again. */
  const processThenRestart = async () => {
    const processor = createProcessor({ store, model, now: () => nowMs })
    await processor.start()
    await processor.idle()
    await processor.stop()
    await store.close()
    store = openSqliteStore({ path: join(dir, 'upscore.db'), durableFsync: false })
  }
  const retention = () =>
    startEventRetention({ store, retentionDays: 30, now: () => nowMs, log: () => undefined, intervalMs: 3_600_000 })
  const widgets = async () => (await store.findContact('u1'))?.values.widgets_created

  it('acknowledges a resend as a duplicate while its event is kept, until the clock passes the retention', async () => {
    expect(await store.appendEvents([{ source: writeKey, event: widget }])).toEqual(['stored'])
    await processThenRestart()

    nowMs = receivedAtMs + 30 * DAY - 1
    const early = retention()
    expect(await early.runNow()).toBe(0)
    await early.stop()
    expect(await store.appendEvents([{ source: writeKey, event: { ...widget, receivedAtMs: nowMs } }])).toEqual([
      'duplicate',
    ])

    nowMs = receivedAtMs + 30 * DAY + 1
    const due = retention()
    expect(await due.runNow()).toBe(1)
    await due.stop()
    expect(await store.readEvents(LOG_START, 10)).toEqual([])
    // Its messageId is forgotten with it: a resend now is a new event, and counted again.
    expect(await store.appendEvents([{ source: writeKey, event: { ...widget, receivedAtMs: nowMs } }])).toEqual([
      'stored',
    ])
    await processThenRestart()
    expect(await widgets()).toBe(2)
  })

  it('keeps events the processor has not applied yet, however old', async () => {
    await store.appendEvents([{ source: writeKey, event: widget }])
    nowMs = receivedAtMs + 365 * DAY
    const pass = retention()
    expect(await pass.runNow()).toBe(0)
    await pass.stop()
    expect(await store.readEvents(LOG_START, 10)).toHaveLength(1)
  })

  it('deletes in batches until none is left', async () => {
    await store.appendEvents(
      Array.from({ length: 25 }, (_, i) => ({ source: writeKey, event: { ...widget, messageId: `w-${i}` } })),
    )
    await processThenRestart()
    nowMs = receivedAtMs + 31 * DAY
    const pass = startEventRetention({
      store,
      retentionDays: 30,
      now: () => nowMs,
      log: () => undefined,
      batchSize: 10,
    })
    expect(await pass.runNow()).toBe(25)
    await pass.stop()
  })
})

describe('UPSCORE_EVENT_RETENTION_DAYS', () => {
  it('keeps events for ever when unset', () => {
    expect(loadConfig({}).eventRetentionDays).toBeUndefined()
    expect(loadConfig({ UPSCORE_EVENT_RETENTION_DAYS: '30' }).eventRetentionDays).toBe(30)
  })

  it('refuses less than a day: the dedupe window must be at least 24 hours', () => {
    expect(() => loadConfig({ UPSCORE_EVENT_RETENTION_DAYS: '0.5' })).toThrow(/at least 1/)
    expect(() => loadConfig({ UPSCORE_EVENT_RETENTION_DAYS: 'soon' })).toThrow(/at least 1/)
  })
})

describe('the running service', () => {
  const start = liveServicePerTest()

  /** Sends one batch; resolves with the service's answer. */
  const sendBatch = async (url: string, messages: readonly object[]) => {
    const response = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      },
      body: JSON.stringify({ batch: messages }),
    })
    return (await response.json()) as { accepted: number; duplicates: number }
  }

  it('acknowledges a messageId sent before a restart as a duplicate and does not count it again', async () => {
    const first = await start({ env: { UPSCORE_EVENT_RETENTION_DAYS: '1' } })
    expect(await sendBatch(first.service.url, [track('u1', 'Widget Created', 1)])).toMatchObject({ accepted: 1 })
    await first.settled()
    await first.close()

    const again = await start({ dataDir: first.dataDir, env: { UPSCORE_EVENT_RETENTION_DAYS: '1' } })
    expect(await sendBatch(again.service.url, [track('u1', 'Widget Created', 1)])).toEqual(
      expect.objectContaining({ accepted: 0, duplicates: 1 }),
    )
    await again.settled()
    expect((await again.api('GET', '/api/contacts/u1')).body.properties.widgets_created).toBe(1)
  })
})
