import { type BatchSender, createBatchSender, type FetchLike } from './batch-sender.ts'
import { type LiveRun, startLiveLoop } from './live-loop.ts'
import { createLiveTraffic } from './live-traffic.ts'
import { createMessageIds } from './message-ids.ts'
import { generatePopulation, type Population } from './population.ts'
import { createSeededRandom, type Random } from './seeded-random.ts'

export interface ProductSimulatorOptions {
  /** Base URL of upscore's ingest API, e.g. `http://127.0.0.1:8080`; requests go to `/v1/batch`. */
  ingestUrl: string
  /** One of the service's write keys; sent as the HTTP Basic user name. */
  writeKey: string
  /** Users in the simulated history. Default 300. */
  users?: number
  /** Companies they belong to. Default 60. */
  companies?: number
  /** Seed of the built-in PRNG, used when `random` is not given. Default 1. */
  seed?: number
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number
  /** Uniform numbers in [0, 1). Default: a PRNG seeded with `seed`. */
  random?: Random
  /** Default: the global `fetch`. */
  fetch?: FetchLike
  /** Waits between retries. Default: a timer. */
  sleep?: (ms: number) => Promise<void>
  /** Tries per request, the first included. Default 4. */
  maxAttempts?: number
  /** Wait before the first retry, doubling after. Default 250 ms. */
  retryDelayMs?: number
  /** A request with no answer after this long is tried again. Default 10,000 ms. */
  requestTimeoutMs?: number
  /** Hears about live requests given up after all retries. Default: ignore (they are counted in `stats`). */
  onError?: (error: Error) => void
}

export interface LiveOptions {
  /** Average messages per second. */
  eventsPerSecond: number
  /** Time between two posts. Default 250 ms. */
  tickMs?: number
}

/** A B2B SaaS app on a 14-day trial, used by a few hundred people, talking to upscore like Segment would. */
export interface ProductSimulator {
  /** Companies, users and the history's messages, fixed when the simulator is made. */
  readonly population: Population
  /**
   * Posts the past 14 days: every `identify` and `group` first, then the events in time order, 100 per request.
   * Resolves with the number of messages sent; rejects with an `UpscoreError` if a request still fails after
   * its retries (the messages before it stay sent).
   */
  sendHistory(): Promise<number>
  /** Starts a trickle of new events at the present time, until `stop()`. */
  startLive(options: LiveOptions): LiveRun
}

export function createProductSimulator(options: ProductSimulatorOptions): ProductSimulator {
  const now = options.now ?? Date.now
  const random = options.random ?? createSeededRandom(options.seed ?? 1)
  const nowMs = now()
  // Ids differ between runs (the start time), so a second demo on the same store is not deduplicated away.
  const nextMessageId = createMessageIds(`sim-${nowMs.toString(36)}-${Math.floor(random() * 36 ** 4).toString(36)}`)
  const population = generatePopulation({
    userCount: options.users ?? 300,
    companyCount: options.companies ?? 60,
    nowMs,
    random,
    nextMessageId,
  })
  const sender: BatchSender = createBatchSender({
    ingestUrl: options.ingestUrl,
    writeKey: options.writeKey,
    fetch: options.fetch ?? fetch,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now,
    maxAttempts: options.maxAttempts ?? 4,
    retryDelayMs: options.retryDelayMs ?? 250,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
  })
  const traffic = createLiveTraffic(population, random, nextMessageId)

  return {
    population,
    async sendHistory() {
      const result = await sender.send(population.messages)
      if (result.failure !== undefined) throw result.failure
      return result.sent
    },
    startLive(live) {
      return startLiveLoop({
        traffic,
        sender,
        now,
        eventsPerSecond: live.eventsPerSecond,
        tickMs: live.tickMs ?? 250,
        onError: options.onError ?? (() => {}),
      })
    },
  }
}
