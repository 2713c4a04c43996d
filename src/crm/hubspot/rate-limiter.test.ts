import { describe, expect, it } from 'vitest'
import type { RateLimitReading } from './rate-limit-headers.ts'
import { createRateLimiter } from './rate-limiter.ts'

const clock = (start = Date.UTC(2026, 10, 26, 12)) => {
  let t = start
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms
    },
  }
}

const headers = (max: number, remaining: number): RateLimitReading => ({
  max,
  remaining,
  intervalMs: 10_000,
  daily: undefined,
  dailyRemaining: undefined,
})

const limiterAt = (per10s: number, c = clock()) => ({
  c,
  limiter: createRateLimiter({ callsPer10Seconds: per10s, callsPerDay: 1_000_000, budgetShare: 0.9, now: c.now }),
})

/** Makes `n` calls, each answered at once with the headers a portal of `max` shows when only we use it. */
function spend(l: ReturnType<typeof limiterAt>, n: number, max?: number): void {
  for (let i = 0; i < n; i++) {
    expect(l.limiter.waitMs()).toBe(0)
    const ticket = l.limiter.begin()
    l.limiter.end(ticket, max === undefined ? undefined : headers(max, max - l.limiter.state().usedInWindow))
  }
}

describe('rate limiter', () => {
  it('allows the configured share of the 10-second budget, then waits for the window to free', () => {
    const l = limiterAt(10)
    spend(l, 9)
    expect(l.limiter.waitMs()).toBe(10_100)
    l.c.advance(10_100)
    expect(l.limiter.waitMs()).toBe(0)
  })

  it('counts a call as soon as it starts and until a window after it ended', () => {
    const l = limiterAt(10)
    spend(l, 8)
    const ticket = l.limiter.begin()
    expect(l.limiter.waitMs()).toBeGreaterThan(0)
    l.c.advance(5_000)
    l.limiter.end(ticket)
    l.c.advance(5_200)
    // The 8 quick calls have left the window; the slow one still counts.
    expect(l.limiter.state().usedInWindow).toBe(1)
  })

  it('lets only one call fly until HubSpot has told its limits', () => {
    const l = limiterAt(190)
    const first = l.limiter.begin()
    expect(l.limiter.waitMs()).toBeGreaterThan(0)
    l.limiter.end(first, headers(190, 189))
    expect(l.limiter.waitMs()).toBe(0)
  })

  it('takes the limit from the headers when the configured tier is wrong', () => {
    const l = limiterAt(190)
    spend(l, 1, 30)
    expect(l.limiter.state().budgetPerWindow).toBe(27)
    spend(l, 26, 30)
    expect(l.limiter.waitMs()).toBeGreaterThan(0)
  })

  it('leaves room when other apps use the portal', () => {
    const l = limiterAt(100)
    const ticket = l.limiter.begin()
    // Other apps have used 95 of 100 in this window.
    l.limiter.end(ticket, headers(100, 4))
    spend(l, 2)
    expect(l.limiter.state().portalRemainingEstimate).toBe(2)
    expect(l.limiter.waitMs()).toBeGreaterThan(0)
    l.c.advance(10_100)
    expect(l.limiter.waitMs()).toBe(0)
  })

  it('pauses on a ten-secondly 429 without counting a retry, until the window frees', () => {
    const l = limiterAt(100)
    spend(l, 5, 100)
    l.limiter.throttled('TEN_SECONDLY_ROLLING', undefined)
    const wait = l.limiter.waitMs()
    expect(wait).toBeGreaterThanOrEqual(1_000)
    expect(wait).toBeLessThanOrEqual(10_000)
    expect(l.limiter.state().throttledTotal).toBe(1)
  })

  it('honours Retry-After within a floor and a cap', () => {
    const l = limiterAt(100)
    spend(l, 1, 100)
    l.limiter.throttled('TEN_SECONDLY_ROLLING', 50)
    expect(l.limiter.waitMs()).toBe(1_000)
    l.c.advance(1_000)
    l.limiter.throttled('TEN_SECONDLY_ROLLING', 3_600_000)
    expect(l.limiter.waitMs()).toBe(10_000)
  })

  it('pauses until the next UTC day on a daily 429', () => {
    const l = limiterAt(100, clock(Date.UTC(2026, 10, 26, 23, 0)))
    spend(l, 1, 100)
    l.limiter.throttled('DAILY', undefined)
    expect(l.limiter.waitMs()).toBe(3_600_000)
  })

  it('keeps to the share of the daily budget', () => {
    const c = clock(Date.UTC(2026, 10, 26, 23, 59, 0))
    const limiter = createRateLimiter({ callsPer10Seconds: 1000, callsPerDay: 10, budgetShare: 0.5, now: c.now })
    for (let i = 0; i < 5; i++) limiter.end(limiter.begin())
    expect(limiter.waitMs()).toBe(60_000)
    c.advance(60_000)
    expect(limiter.waitMs()).toBe(0)
  })

  it('reports how much of the budget is free', () => {
    const l = limiterAt(20)
    expect(l.limiter.freeShare()).toBe(1)
    spend(l, 9)
    expect(l.limiter.freeShare()).toBe(0.5)
  })
})
