import type { RateLimitReading } from './rate-limit-headers.ts'

export interface RateLimiterOptions {
  /** The configured allowance per rolling 10 s; replaced by `X-HubSpot-RateLimit-Max` once HubSpot has told it. */
  callsPer10Seconds: number
  /** The configured daily allowance; replaced by `X-HubSpot-RateLimit-Daily` once told. */
  callsPerDay: number
  /** The share (0–1] of each allowance upscore may use; the rest is left to the portal's other apps. */
  budgetShare: number
  /** The clock, epoch ms. */
  now: () => number
}

/** One call as the limiter counts it, from `begin()` to `end()`. */
export type CallTicket = number

export interface RateLimiterState {
  /** Calls allowed per window for the whole portal (configured, or as HubSpot's headers say). */
  portalMaxPerWindow: number
  windowMs: number
  /** What upscore may use of it per window. */
  budgetPerWindow: number
  /** Calls of upscore's in the window now, in flight included. */
  usedInWindow: number
  /** What HubSpot's last headers say is left for the whole portal now, adjusted for calls since; undefined when stale. */
  portalRemainingEstimate: number | undefined
  dailyBudget: number
  usedToday: number
  /** While a 429 pause lasts, when it ends (epoch ms). */
  pausedUntilMs: number | undefined
  throttledTotal: number
}

export interface RateLimiter {
  /** How long to wait before the next call may start: 0 when it may start now. */
  waitMs(): number
  /** A call starts now. Every call counts, whatever its answer. */
  begin(): CallTicket
  /** The call ended; `reading` is what its rate-limit headers said, when it had any. */
  end(ticket: CallTicket, reading?: RateLimitReading): void
  /** HubSpot answered 429 with this `policyName`: pause (this does not spend a retry). */
  throttled(policyName: string | undefined, retryAfterMs: number | undefined): void
  /** The share (0–1) of the 10-second budget free now: low means calls are scarce, worth filling. */
  freeShare(): number
  state(): RateLimiterState
}

const DEFAULT_WINDOW_MS = 10_000
const DAY_MS = 86_400_000
/** A call leaves HubSpot's window some time after we saw it end; this covers clock and network skew. */
const EXIT_MARGIN_MS = 100
/** While a call is in flight its window exit is unknown: look again after this long. */
const POLL_MS = 20
/** 429 pauses: at least this long, at most one window, so a wrong `Retry-After` cannot stall the sync. */
const MIN_PAUSE_MS = 1_000

interface Call {
  seq: number
  startedAtMs: number
  endedAtMs: number | undefined
}

interface WindowReading {
  /** Seq of the call that carried it: later calls are not reflected in `remaining`. */
  seq: number
  receivedAtMs: number
  remaining: number
}

interface DailyReading {
  seq: number
  day: number
  remaining: number
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS)

/**
 * The portal's rolling 10-second and daily budgets as state, after Segment's publisher: calls wait for budget
 * instead of failing. It counts upscore's own calls (a call occupies the window from its start until a window after
 * it ended) and corrects itself with HubSpot's `X-HubSpot-RateLimit-*` headers, which also reveal the calls of other
 * apps on the portal and a tier that differs from the configured one. Until the first headers arrive only one call
 * is in flight, so a wrong configuration cannot cause a burst of 429s.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { now } = options
  const share = Math.min(1, Math.max(0.01, options.budgetShare))
  let portalMax = options.callsPer10Seconds
  let windowMs = DEFAULT_WINDOW_MS
  let dailyMax = options.callsPerDay
  let learned = false
  let seq = 0
  let calls: Call[] = []
  let windowReading: WindowReading | undefined
  let dailyReading: DailyReading | undefined
  let pausedUntilMs = 0
  let throttledTotal = 0
  let today = utcDay(now())
  let usedToday = 0

  const budget = () => Math.max(1, Math.floor(portalMax * share))
  const dailyBudget = () => Math.max(1, Math.floor(dailyMax * share))
  /** Calls of others may arrive between our reading and our call: keep a little room. */
  const safety = () => Math.max(1, Math.ceil(portalMax * 0.02))
  const exitAt = (call: Call) =>
    call.endedAtMs === undefined ? Number.POSITIVE_INFINITY : call.endedAtMs + windowMs + EXIT_MARGIN_MS

  const rollDay = (at: number) => {
    const day = utcDay(at)
    if (day !== today) {
      today = day
      usedToday = 0
    }
  }

  const prune = (at: number) => {
    if (windowReading !== undefined && at >= windowReading.receivedAtMs + windowMs + EXIT_MARGIN_MS) {
      windowReading = undefined
    }
    // A call is kept while it is in the window, or while the reading that counted it still needs it.
    calls = calls.filter((call) => exitAt(call) > at || isCountedIn(windowReading, call))
  }

  /** Whether HubSpot surely counted the call in the reading's `remaining`. */
  const isCountedIn = (reading: WindowReading | undefined, call: Call) =>
    reading !== undefined && call.seq <= reading.seq && call.startedAtMs + windowMs > reading.receivedAtMs

  const ownInWindow = (at: number) => calls.filter((call) => exitAt(call) > at).length

  /** What is left of the portal's window now: the last reading, less our calls since, plus ours that left. */
  const portalEstimate = (at: number): number | undefined => {
    const reading = windowReading
    if (reading === undefined) return undefined
    let estimate = reading.remaining
    for (const call of calls) {
      if (call.seq > reading.seq) estimate -= 1
      else if (isCountedIn(reading, call) && exitAt(call) <= at) estimate += 1
    }
    return Math.min(estimate, portalMax)
  }

  /** Waits for the own count: until enough of our calls have left the window. */
  const ownWaitMs = (at: number): number => {
    const over = ownInWindow(at) - budget() + 1
    if (over <= 0) return 0
    const exits = calls
      .map(exitAt)
      .filter((exit) => exit > at)
      .sort((a, b) => a - b)
    const exit = exits[over - 1] ?? Number.POSITIVE_INFINITY
    return Number.isFinite(exit) ? exit - at : POLL_MS
  }

  /** Waits for the portal as the headers describe it: until one of ours counted in the reading leaves, or it expires. */
  const portalWaitMs = (at: number): number => {
    const estimate = portalEstimate(at)
    const reading = windowReading
    if (estimate === undefined || reading === undefined || estimate > safety()) return 0
    let next = reading.receivedAtMs + windowMs + EXIT_MARGIN_MS
    for (const call of calls) {
      const exit = exitAt(call)
      if (isCountedIn(reading, call) && exit > at) {
        next = Math.min(next, Number.isFinite(exit) ? exit : at + POLL_MS)
      }
    }
    return Math.max(POLL_MS, next - at)
  }

  const dailyWaitMs = (at: number): number => {
    rollDay(at)
    const reading = dailyReading?.day === today ? dailyReading : undefined
    const sinceReading = reading === undefined ? 0 : calls.filter((call) => call.seq > reading.seq).length
    const portalLeft = reading === undefined ? Number.POSITIVE_INFINITY : reading.remaining - sinceReading
    const reserve = dailyMax - dailyBudget()
    if (usedToday < dailyBudget() && portalLeft > reserve) return 0
    return (today + 1) * DAY_MS - at
  }

  const limiter: RateLimiter = {
    waitMs() {
      const at = now()
      prune(at)
      if (pausedUntilMs > at) return pausedUntilMs - at
      if (!learned && calls.some((call) => call.endedAtMs === undefined)) return POLL_MS
      return Math.max(ownWaitMs(at), portalWaitMs(at), dailyWaitMs(at))
    },
    begin() {
      const at = now()
      rollDay(at)
      seq += 1
      calls.push({ seq, startedAtMs: at, endedAtMs: undefined })
      usedToday += 1
      return seq
    },
    end(ticket, reading) {
      const at = now()
      const call = calls.find((c) => c.seq === ticket)
      if (call !== undefined) call.endedAtMs = at
      learned = true
      if (reading === undefined) return
      if (reading.intervalMs !== undefined && reading.intervalMs > 0) windowMs = reading.intervalMs
      if (reading.max !== undefined && reading.max > 0) portalMax = reading.max
      if (reading.daily !== undefined && reading.daily > 0) dailyMax = reading.daily
      // Answers can arrive out of order: only a reading newer than the one held replaces it.
      if (reading.remaining !== undefined && (windowReading === undefined || ticket > windowReading.seq)) {
        windowReading = { seq: ticket, receivedAtMs: at, remaining: reading.remaining }
      }
      if (reading.dailyRemaining !== undefined && (dailyReading === undefined || ticket > dailyReading.seq)) {
        dailyReading = { seq: ticket, day: utcDay(at), remaining: reading.dailyRemaining }
      }
    },
    throttled(policyName, retryAfterMs) {
      const at = now()
      throttledTotal += 1
      if (policyName === 'DAILY') {
        pausedUntilMs = (utcDay(at) + 1) * DAY_MS
        return
      }
      if (policyName === 'SECONDLY') {
        pausedUntilMs = at + Math.max(MIN_PAUSE_MS, retryAfterMs ?? 0)
        return
      }
      // TEN_SECONDLY_ROLLING (or unnamed): the window is full, whatever our count says; wait until it frees.
      windowReading = { seq, receivedAtMs: at, remaining: 0 }
      const own = ownInWindow(at)
      if (own > 0 && own < budget()) portalMax = Math.max(1, Math.floor(own / share))
      const fallback = ownWaitMs(at) || portalWaitMs(at)
      const pauseMs = Math.min(windowMs, Math.max(MIN_PAUSE_MS, retryAfterMs ?? fallback))
      pausedUntilMs = at + pauseMs
    },
    freeShare() {
      const at = now()
      prune(at)
      const ownFree = budget() - ownInWindow(at)
      const estimate = portalEstimate(at)
      const free = estimate === undefined ? ownFree : Math.min(ownFree, estimate - safety())
      return Math.min(1, Math.max(0, free / budget()))
    },
    state() {
      const at = now()
      prune(at)
      rollDay(at)
      return {
        portalMaxPerWindow: portalMax,
        windowMs,
        budgetPerWindow: budget(),
        usedInWindow: ownInWindow(at),
        portalRemainingEstimate: portalEstimate(at),
        dailyBudget: dailyBudget(),
        usedToday,
        pausedUntilMs: pausedUntilMs > at ? pausedUntilMs : undefined,
        throttledTotal,
      }
    },
  }
  return limiter
}
