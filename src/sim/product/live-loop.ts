import type { BatchSender } from './batch-sender.ts'
import type { LiveTraffic } from './live-traffic.ts'
import type { SegmentMessage } from './segment-message.ts'

/** How the live trickle is going. */
export interface LiveStats {
  /** Messages the ingest API acknowledged. */
  eventsSent: number
  /** Requests given up after all retries (each also reported to `onError`). */
  errors: number
  /** Messages in those requests, lost on purpose: live traffic is a trickle, not a queue. */
  eventsDropped: number
}

/** A running trickle. */
export interface LiveRun {
  /** Stops the timer and resolves when the request under way, if any, has finished. */
  stop(): Promise<void>
  /** A copy of the counters so far. */
  stats(): LiveStats
}

export interface LiveLoopOptions {
  traffic: LiveTraffic
  sender: BatchSender
  now: () => number
  /** Average messages per second. */
  eventsPerSecond: number
  /** Time between two posts. */
  tickMs: number
  onError: (error: Error) => void
}

/**
 * Posts `eventsPerSecond` on average, one batch per tick. A tick starts only after the previous one finished,
 * and a slow server is not made up for later beyond a short burst. Nothing thrown in a tick leaves the timer.
 */
export function startLiveLoop(options: LiveLoopOptions): LiveRun {
  const stats: LiveStats = { eventsSent: 0, errors: 0, eventsDropped: 0 }
  const maxOwed = options.eventsPerSecond * Math.max(1, (2 * options.tickMs) / 1000)
  let owed = 0
  let lastMs = options.now()
  let isStopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const tick = async () => {
    const nowMs = options.now()
    owed = Math.min(owed + (options.eventsPerSecond * Math.max(0, nowMs - lastMs)) / 1000, maxOwed)
    lastMs = nowMs
    const batch: SegmentMessage[] = []
    while (batch.length < owed) {
      const happening = options.traffic.next(nowMs)
      if (happening.length === 0) break
      batch.push(...happening)
    }
    owed -= batch.length
    if (batch.length === 0) return
    const result = await options.sender.send(batch)
    stats.eventsSent += result.sent
    if (result.failure !== undefined) {
      stats.errors += 1
      stats.eventsDropped += batch.length - result.sent
      options.onError(result.failure)
    }
  }

  const schedule = () => {
    if (isStopped) return
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => {
          stats.errors += 1
          options.onError(error instanceof Error ? error : new Error(String(error)))
        })
        .finally(schedule)
    }, options.tickMs)
    // The service keeps the demo alive; the trickle alone must not.
    timer.unref()
  }
  schedule()

  return {
    async stop() {
      isStopped = true
      clearTimeout(timer)
      await running
    },
    stats: () => ({ ...stats }),
  }
}
