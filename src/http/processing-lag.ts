import type { Store } from '../storage/store.ts'

/** How far processing is behind ingest. */
export interface ProcessingLag {
  /** Events in the log the processor has not applied yet. */
  events: number
  /** How long the oldest of them has waited, in seconds (0 when none waits). */
  seconds: number
  /** Whether ingest refuses events until processing catches up. */
  isRefusing: boolean
}

export interface LagGuardOptions {
  store: Pick<Store, 'readCursor' | 'logLag'>
  /** Refuse new events once this many wait to be processed. */
  maxEvents: number
  /** … or once the oldest has waited this long. */
  maxSeconds: number
  now: () => number
  /** How often the lag is read from the store. Default 500 ms. */
  intervalMs?: number
  /** Told when ingest starts or stops refusing, with the lag then. */
  onChange?: ((lag: ProcessingLag) => void) | undefined
}

export interface LagGuard {
  /** The lag as last read. */
  lag(): ProcessingLag
  /** Reads the lag now (and decides whether to refuse). */
  check(): Promise<ProcessingLag>
  stop(): void
}

/** Refusing stops once the lag is back under this share of both bounds, so that it does not flap at the bound. */
const RELEASE_SHARE = 0.8

/**
 * Back-pressure for ingest: reads from the store how far processing is behind (so it holds across processes too),
 * and says to refuse new events while it is behind by more than a bound, in events or in seconds. Memory stays
 * bounded either way — the backlog is on disk — but a backlog that only grows would never be scored.
 */
export function createLagGuard(options: LagGuardOptions): LagGuard {
  const { store, maxEvents, maxSeconds, now } = options
  let current: ProcessingLag = { events: 0, seconds: 0, isRefusing: false }
  let reading: Promise<ProcessingLag> | undefined

  const read = async (): Promise<ProcessingLag> => {
    const { events, oldestReceivedAtMs } = await store.logLag(await store.readCursor())
    const seconds = oldestReceivedAtMs === null ? 0 : Math.max(0, (now() - oldestReceivedAtMs) / 1000)
    const over = events > maxEvents || seconds > maxSeconds
    const under = events <= maxEvents * RELEASE_SHARE && seconds <= maxSeconds * RELEASE_SHARE
    const isRefusing = current.isRefusing ? !under : over
    const changed = isRefusing !== current.isRefusing
    current = { events, seconds: Math.round(seconds * 10) / 10, isRefusing }
    if (changed) options.onChange?.(current)
    return current
  }
  const check = () => {
    reading ??= read().finally(() => {
      reading = undefined
    })
    return reading
  }
  const timer = setInterval(() => {
    check().catch(() => undefined)
  }, options.intervalMs ?? 500)
  timer.unref()
  return {
    lag: () => current,
    check,
    stop: () => clearInterval(timer),
  }
}
