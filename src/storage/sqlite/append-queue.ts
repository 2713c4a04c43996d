import type { AppendOutcome, NewEvent } from '../records.ts'

interface Waiting {
  events: readonly NewEvent[]
  resolve: (outcomes: AppendOutcome[]) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: requests that arrive in the same turn of the event loop share one transaction, so the cost of a
 * commit (an fsync when durability asks for one) is paid once for all of them. Each caller still gets its own
 * outcomes, and only after the commit.
 */
export function createAppendQueue(appendAll: (events: readonly NewEvent[]) => AppendOutcome[]) {
  let waiting: Waiting[] = []
  let scheduled: Promise<void> | undefined

  const flush = (): void => {
    const batch = waiting
    waiting = []
    scheduled = undefined
    let outcomes: AppendOutcome[]
    try {
      outcomes = appendAll(batch.flatMap((w) => w.events))
    } catch (error) {
      for (const w of batch) w.reject(error)
      return
    }
    let offset = 0
    for (const w of batch) {
      w.resolve(outcomes.slice(offset, offset + w.events.length))
      offset += w.events.length
    }
  }

  return {
    append(events: readonly NewEvent[]): Promise<AppendOutcome[]> {
      return new Promise((resolve, reject) => {
        waiting.push({ events, resolve, reject })
        scheduled ??= new Promise((done) =>
          setImmediate(() => {
            flush()
            done()
          }),
        )
      })
    },
    /** Resolves once everything queued so far is committed. */
    async drain(): Promise<void> {
      await scheduled
    },
  }
}
