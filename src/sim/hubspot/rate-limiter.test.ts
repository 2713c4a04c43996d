import { describe, expect, it } from 'vitest'
import { createRateLimiter, type RateLimits } from './rate-limiter.ts'

const setUp = (limits: Partial<RateLimits> = {}, startMs = Date.UTC(2026, 10, 26, 12)) => {
  let nowMs = startMs
  const all: RateLimits = { rateLimitPer10s: 3, dailyLimit: 1_000, searchPerSecond: 4, ...limits }
  return {
    limits: all,
    limiter: createRateLimiter(all, () => nowMs),
    advance: (ms: number) => {
      nowMs += ms
    },
  }
}

describe('createRateLimiter', () => {
  it('lets calls through until the 10-second budget is spent, then names TEN_SECONDLY_ROLLING', () => {
    const { limiter } = setUp()
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockingPolicy(false)).toBeUndefined()
      limiter.record(false)
    }
    expect(limiter.blockingPolicy(false)).toBe('TEN_SECONDLY_ROLLING')
  })

  it('frees budget as calls leave the rolling window', () => {
    const { limiter, advance } = setUp({ rateLimitPer10s: 1 })
    limiter.record(false)
    advance(10_000)
    expect(limiter.blockingPolicy(false)).toBeUndefined()
  })

  it('names DAILY once the day is spent, before the 10-second budget', () => {
    const { limiter } = setUp({ dailyLimit: 1 })
    limiter.record(false)
    expect(limiter.blockingPolicy(false)).toBe('DAILY')
  })

  it('starts a new day at midnight UTC', () => {
    const { limiter, advance } = setUp({ dailyLimit: 1 }, Date.UTC(2026, 10, 26, 23, 59, 59))
    limiter.record(false)
    advance(1_000)
    expect(limiter.blockingPolicy(false)).toBeUndefined()
  })

  it('gives search its own per-second budget, named SECONDLY', () => {
    const { limiter } = setUp({ rateLimitPer10s: 1, searchPerSecond: 2 })
    limiter.record(true)
    limiter.record(true)
    expect(limiter.blockingPolicy(true)).toBe('SECONDLY')
    expect(limiter.blockingPolicy(false)).toBeUndefined()
  })

  it('follows a limit changed on the live limits object', () => {
    const { limiter, limits } = setUp({ rateLimitPer10s: 5 })
    limiter.record(false)
    limits.rateLimitPer10s = 1
    expect(limiter.blockingPolicy(false)).toBe('TEN_SECONDLY_ROLLING')
  })

  it("reports HubSpot's headers with what is left", () => {
    const { limiter } = setUp({ rateLimitPer10s: 3, dailyLimit: 10 })
    limiter.record(false)
    expect(limiter.headers()).toEqual({
      'X-HubSpot-RateLimit-Daily': '10',
      'X-HubSpot-RateLimit-Daily-Remaining': '9',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Max': '3',
      'X-HubSpot-RateLimit-Remaining': '2',
    })
  })
})
