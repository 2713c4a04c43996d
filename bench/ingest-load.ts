import autocannon from 'autocannon'
import { createSeededRandom } from '../src/sim/product/seeded-random.ts'
import { batchBody, benchAuthorization, randomMessage, type TrafficShape } from './segment-traffic.ts'

/** One timed run of the load generator against `/v1/batch`. */
export interface LoadRun {
  eventsPerSecond: number
  requestsPerSecond: number
  /** Request latency, ms. */
  latencyP50Ms: number
  latencyP99Ms: number
  acknowledgedRequests: number
  failedRequests: number
  durationSeconds: number
}

export interface LoadShape {
  connections: number
  eventsPerRequest: number
  durationSeconds: number
}

/** Stands for the per-request part of each messageId in a body template. */
const idSlot = '@@request@@'

/**
 * Distinct `/v1/batch` body templates of the usual message mix (events in the last hour). Each messageId holds a
 * slot that `runLoad` fills with a value unique to the request, so that no event is a duplicate of another.
 * (autocannon's own `idReplacement` miscounts Content-Length when its ids grow past 24 characters.)
 */
export function buildBatchBodies(
  shape: TrafficShape,
  eventsPerRequest: number,
  count: number,
  nowMs: number,
): string[] {
  const random = createSeededRandom(42)
  return Array.from({ length: count }, () => {
    const messages = Array.from({ length: eventsPerRequest }, (_, index) =>
      randomMessage(shape, random, nowMs - Math.floor(random() * 3_600_000), `${idSlot}-${index}`),
    )
    return batchBody(messages)
  })
}

let runCounter = 0

/** Sends the bodies in turn over `connections` keep-alive connections for `durationSeconds`. */
export async function runLoad(url: string, bodies: readonly string[], shape: LoadShape): Promise<LoadRun> {
  const run = `r${process.pid}-${runCounter++}-${Date.now()}`
  let requestCount = 0
  const result = await autocannon({
    url: `${url}/v1/batch`,
    connections: shape.connections,
    duration: shape.durationSeconds,
    timeout: 30,
    requests: bodies.map((template) => {
      const parts = template.split(idSlot)
      return {
        method: 'POST',
        path: '/v1/batch',
        headers: { 'content-type': 'application/json', authorization: benchAuthorization },
        setupRequest: (request) => ({ ...request, body: parts.join(`${run}-${requestCount++}`) }),
      }
    }),
  })
  const acknowledged = result['2xx']
  return {
    eventsPerSecond: (acknowledged * shape.eventsPerRequest) / result.duration,
    requestsPerSecond: acknowledged / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    acknowledgedRequests: acknowledged,
    failedRequests: result.non2xx + result.errors + result.timeouts,
    durationSeconds: result.duration,
  }
}
