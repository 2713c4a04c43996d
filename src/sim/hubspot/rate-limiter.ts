import { createDailyCounter } from './daily-counter.ts'
import { createRollingWindow } from './rolling-window.ts'

/** HubSpot's names for the limit a 429 reports (`policyName` in the body). */
export type RateLimitPolicy = 'DAILY' | 'TEN_SECONDLY_ROLLING' | 'SECONDLY'

/** The limits in force; read on every call, so changing a field changes the limit live. */
export type RateLimits = {
  /** Calls allowed per rolling 10 s, search excluded. */
  rateLimitPer10s: number
  /** Calls allowed per UTC day, search included. */
  dailyLimit: number
  /** Search calls allowed per rolling second, a budget of their own. */
  searchPerSecond: number
}

export type RateLimiter = {
  /** The policy a call would break if made now, or undefined when it may go ahead. */
  blockingPolicy(isSearch: boolean): RateLimitPolicy | undefined
  /** Counts one call against the budgets (every call except those answered 429). */
  record(isSearch: boolean): void
  /** HubSpot's `X-HubSpot-RateLimit-*` headers describing the budgets now. */
  headers(): Record<string, string>
}

export const TEN_SECONDS_MS = 10_000

/**
 * The 10-second and daily budgets HubSpot applies to a private app, plus the search API's own per-second budget
 * (search is exempt from the 10-second bucket: `x-hubspot-rate-limit-exemptions: ["ten-secondly"]` in HubSpot's spec).
 */
export function createRateLimiter(limits: RateLimits, now: () => number): RateLimiter {
  const tenSeconds = createRollingWindow(TEN_SECONDS_MS)
  const searchSecond = createRollingWindow(1000)
  const daily = createDailyCounter()

  return {
    blockingPolicy(isSearch) {
      const at = now()
      if (daily.count(at) >= limits.dailyLimit) return 'DAILY'
      if (isSearch) return searchSecond.count(at) >= limits.searchPerSecond ? 'SECONDLY' : undefined
      return tenSeconds.count(at) >= limits.rateLimitPer10s ? 'TEN_SECONDLY_ROLLING' : undefined
    },
    record(isSearch) {
      const at = now()
      daily.record(at)
      if (isSearch) searchSecond.record(at)
      else tenSeconds.record(at)
    },
    headers() {
      const at = now()
      return {
        'X-HubSpot-RateLimit-Daily': String(limits.dailyLimit),
        'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, limits.dailyLimit - daily.count(at))),
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECONDS_MS),
        'X-HubSpot-RateLimit-Max': String(limits.rateLimitPer10s),
        'X-HubSpot-RateLimit-Remaining': String(Math.max(0, limits.rateLimitPer10s - tenSeconds.count(at))),
      }
    },
  }
}
