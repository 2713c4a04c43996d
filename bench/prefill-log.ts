import { parseSegmentBatch } from '../src/events/segment-batch.ts'
import { sourceIdOf } from '../src/http/write-key-auth.ts'
import { createSeededRandom } from '../src/sim/product/seeded-random.ts'
import type { Store } from '../src/storage/store.ts'
import {
  benchWriteKey,
  groupMessage,
  identifyMessage,
  randomMessage,
  type SegmentJson,
  type TrafficShape,
} from './segment-traffic.ts'

export interface LogShape extends TrafficShape {
  /** Events after each user's identify and group, of the usual mix, spread over `spanMs` before `nowMs`. */
  events: number
  spanMs: number
}

/**
 * Fills the event log as the ingest API would (same parsing, same append), without HTTP: each user's identify and
 * group first, then the usual mix in time order. Returns the number of events appended.
 */
export async function prefillLog(store: Store, shape: LogShape, nowMs: number): Promise<number> {
  const random = createSeededRandom(7)
  const source = sourceIdOf(benchWriteKey)
  const startMs = nowMs - shape.spanMs
  let appended = 0
  let pending: SegmentJson[] = []
  const flush = async () => {
    const parsed = parseSegmentBatch({ batch: pending }, { receivedAtMs: nowMs, newMessageId: () => 'unused' })
    if (!parsed.ok || parsed.rejected.length > 0) {
      throw new Error(`bench events refused: ${JSON.stringify(parsed.ok ? parsed.rejected[0] : parsed)}`)
    }
    await store.appendEvents(parsed.events.map((event) => ({ source, event })))
    appended += parsed.events.length
    pending = []
  }
  const add = async (message: SegmentJson) => {
    pending.push(message)
    if (pending.length >= 1000) await flush()
  }
  for (let n = 0; n < shape.users; n++) {
    await add(identifyMessage(n, startMs, `setup-identify-${n}`))
    if (shape.companies > 0) await add(groupMessage(shape, n, startMs, `setup-group-${n}`))
  }
  for (let index = 0; index < shape.events; index++) {
    const timestampMs = startMs + Math.floor((shape.spanMs * index) / shape.events)
    await add(randomMessage(shape, random, timestampMs, `event-${index}`))
  }
  if (pending.length > 0) await flush()
  return appended
}
