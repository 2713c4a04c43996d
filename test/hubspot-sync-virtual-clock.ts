import type { FetchLike } from '../src/crm/hubspot/fetch-like.ts'

/**
 * A clock for tests that lets minutes pass in milliseconds, shared by the simulator (`now`) and the sync (`now`,
 * `sleep`, `fetch`). Time stands still while anything runs: it jumps to the earliest pending `sleep` only once no
 * call made with `track`ed fetch is in flight and the event loop has gone quiet, so every actor sees the same
 * sequence of instants as it would in real time, only without the waiting. Waits that do not go through `sleep`
 * (the simulator's added latency and held answers, the client's request timeout) stay in real time and take no
 * virtual time.
 */
export interface VirtualClock {
  /** The virtual time, epoch ms. */
  now(): number
  /** Resolves once the virtual time has reached `now() + ms`. */
  sleep(ms: number): Promise<void>
  /** `fetch` that holds the clock while the call is in flight, body included. */
  track(fetch: FetchLike): FetchLike
  /** How many times the clock jumped (for tests of the clock itself). */
  jumps(): number
  /** Stops moving the clock; pending sleeps never resolve. */
  stop(): void
}

interface Sleeper {
  dueMs: number
  seq: number
  resolve: () => void
}

/** Event-loop turns without activity before the clock may jump: microtasks and I/O callbacks settle first. */
const QUIET_TURNS = 2

export function createVirtualClock(startMs: number): VirtualClock {
  let nowMs = startMs
  let seq = 0
  let sleepers: Sleeper[] = []
  let inFlight = 0
  let scheduled = false
  let stopped = false
  let jumps = 0
  let quietTurns = 0

  const schedule = () => {
    if (scheduled || stopped) return
    scheduled = true
    setImmediate(step)
  }

  const step = () => {
    scheduled = false
    if (stopped || inFlight > 0 || sleepers.length === 0) return
    if (quietTurns < QUIET_TURNS) {
      quietTurns += 1
      schedule()
      return
    }
    quietTurns = 0
    sleepers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)
    const first = sleepers[0]
    if (first === undefined) return
    nowMs = Math.max(nowMs, first.dueMs)
    jumps += 1
    const due = sleepers.filter((sleeper) => sleeper.dueMs <= nowMs)
    sleepers = sleepers.filter((sleeper) => sleeper.dueMs > nowMs)
    for (const sleeper of due) sleeper.resolve()
    schedule()
  }

  /** Any activity restarts the count of quiet turns. */
  const busy = () => {
    quietTurns = 0
    schedule()
  }

  return {
    now: () => nowMs,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        seq += 1
        // Whole milliseconds, as timers have: a jittered back-off would otherwise make the clock fractional.
        sleepers.push({ dueMs: nowMs + Math.max(0, Math.ceil(ms)), seq, resolve })
        busy()
      })
    },
    track(fetch) {
      return async (url, init) => {
        inFlight += 1
        busy()
        try {
          const response = await fetch(url, init)
          const text = await response.text()
          return { status: response.status, headers: response.headers, text: async () => text }
        } finally {
          inFlight -= 1
          busy()
        }
      }
    },
    jumps: () => jumps,
    stop() {
      stopped = true
      sleepers = []
    },
  }
}
