import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Event } from '../src/events/event.ts'
import { parseSegmentMessage } from '../src/events/segment-message.ts'
import { createHttpServer } from '../src/http/server.ts'
import { loadModel } from '../src/load-model.ts'
import { createProcessor } from '../src/pipeline/processor.ts'
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts'
import type { Store } from '../src/storage/store.ts'

const model = loadModel(undefined)
export const DAY = 86_400_000
/** The processor's clock when it starts: events are received then. */
export const startMs = Date.parse('2026-11-26T12:00:00Z')
const adminToken = 'admin'

export interface Outcome {
  store: Store
  /** How long after the events the clock is now. */
  afterMs: number
  /** GET on the read API: status and JSON. */
  read: (path: string) => Promise<{ status: number; json: Record<string, unknown> }>
}

/**
 * Runs the real processor with the default model over `events` on a fresh SQLite store, and `check`s the result
 * then, and again after the clock moved on by each of `laterMs` (windows slide, days since grow).
 */
export async function processEvents(
  events: readonly Event[],
  check: (outcome: Outcome) => Promise<void>,
  laterMs: readonly number[] = [],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'upscore-processor-fuzz-'))
  const store = openSqliteStore({ path: join(dir, 'db'), durableFsync: false })
  const failures: string[] = []
  let nowMs = startMs
  const processor = createProcessor({ store, model, now: () => nowMs, log: (line) => failures.push(line) })
  const app = createHttpServer({ store, writeKeys: ['k'], adminToken, now: () => nowMs, newMessageId: () => 'x' })
  const read = async (path: string) => {
    const response = await app.inject({ url: path, headers: { authorization: `Bearer ${adminToken}` } })
    return { status: response.statusCode, json: response.json() as Record<string, unknown> }
  }
  try {
    await store.appendEvents(events.map((event) => ({ source: 'fuzz', event })))
    await processor.start()
    for (const afterMs of [0, ...laterMs]) {
      nowMs = startMs + afterMs
      await idleOrFailed(processor.idle(), failures)
      expect(failures).toEqual([])
      await check({ store, read, afterMs })
    }
  } finally {
    await processor.stop()
    await app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Longer than any run of these tests takes to drain its events: past it the processor is taken to be stuck. */
const stuckAfterMs = 15_000

/**
 * Waits until the processor is idle. A step that fails is retried every second and `idle()` waits for it, as it
 * does for a processor that keeps finding work: a failure shows as a log line, a spin as no idle in `stuckAfterMs`.
 */
async function idleOrFailed(idle: Promise<void>, failures: string[]): Promise<void> {
  let poll: NodeJS.Timeout | undefined
  const startedAt = performance.now()
  const failed = new Promise<void>((resolve) => {
    poll = setInterval(() => {
      if (performance.now() - startedAt > stuckAfterMs) failures.push(`not idle after ${stuckAfterMs} ms`)
      if (failures.length > 0) resolve()
    }, 10)
  })
  await Promise.race([idle, failed]).finally(() => clearInterval(poll))
}

/** Segment messages as ingest stores them, a minute apart, the last an hour before the clock. */
export function eventsOf(messages: readonly Record<string, unknown>[]): Event[] {
  return messages.map((message, index) => {
    const timestamp = new Date(startMs - 3_600_000 - (messages.length - index) * 60_000).toISOString()
    const result = parseSegmentMessage(
      { messageId: `m${index}`, timestamp, ...message },
      { receivedAtMs: startMs, newMessageId: () => `generated-${index}` },
    )
    if (!result.ok) throw new Error(`invalid test message ${JSON.stringify(message)}: ${result.rejection.message}`)
    return result.event
  })
}

export const scoreOf = async (store: Store, key: string) =>
  (await store.findContact(key))?.scores.lead_score_product_usage?.value
export const signIn = (userId: string) => ({ type: 'track', userId, event: 'Signed In' })
