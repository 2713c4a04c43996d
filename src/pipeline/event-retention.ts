import type { Store } from '../storage/store.ts'

export interface EventRetentionOptions {
  store: Pick<Store, 'readCursor' | 'deleteEventsReceivedBefore'>
  /** Events received more than this many days ago are deleted once processed (`UPSCORE_EVENT_RETENTION_DAYS`). */
  retentionDays: number
  /** The clock, epoch ms. */
  now: () => number
  log: (line: string) => void
  /** How often it looks, in ms; also once at start. Default 3,600,000 (hourly, as score history). */
  intervalMs?: number
  /** Events deleted per transaction. Default 1,000. */
  batchSize?: number
}

export interface EventRetention {
  /** Deletes what is due now; answers how many events went. */
  runNow(): Promise<number>
  /** Stops the timer and waits for a deletion under way (the store can be closed after). */
  stop(): Promise<void>
}

const DAY_MS = 86_400_000

/**
 * Event retention: deletes the events received before now − `retentionDays` that the processor has applied (its
 * cursor is read first, and only moves on), a batch per transaction with I/O let in between, since the embedded store
 * has one writer and ingest must not wait for a whole pass. A deleted event's messageId is no longer recognised: the
 * dedupe window is as long as the retention.
 */
export function startEventRetention(options: EventRetentionOptions): EventRetention {
  const { store, now, log } = options
  const batchSize = options.batchSize ?? 1_000
  let running: Promise<number> | undefined
  let stopped = false

  const prune = async (): Promise<number> => {
    const receivedBeforeMs = now() - options.retentionDays * DAY_MS
    const throughSeq = await store.readCursor()
    let total = 0
    while (!stopped) {
      const deleted = await store.deleteEventsReceivedBefore(receivedBeforeMs, throughSeq, batchSize)
      total += deleted
      if (deleted < batchSize) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    if (total > 0) {
      log(`deleted ${total} events received before ${new Date(receivedBeforeMs).toISOString()} (event retention)`)
    }
    return total
  }
  const runNow = (): Promise<number> => {
    running ??= prune().finally(() => {
      running = undefined
    })
    return running
  }
  const scheduled = () => {
    runNow().catch((error: Error) => log(`deleting old events failed: ${error.message}`))
  }
  const timer = setInterval(scheduled, options.intervalMs ?? 3_600_000)
  timer.unref()
  scheduled()

  return {
    runNow,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
  }
}
