import type { RateLimiterState } from './rate-limiter.ts'
import type { SyncMetricsSnapshot } from './sync-metrics.ts'

/** The sync's health as `GET /api/sync` shows it. Times are ISO-8601, durations in ms. */
export interface SyncHealth {
  running: boolean
  /** Whether the property group and properties are known to exist in HubSpot. */
  provisioned: boolean
  backlog: { contacts: number; companies: number; oldestChangeAt: string | null; oldestChangeAgeMs: number | null }
  lastMinute: { calls: number; records: number }
  totals: { calls: number; records: number; confirmed: number; deadLettered: number }
  /** Calls answered 429 since start. */
  rateLimited: number
  callsByStatus: Record<string, number>
  deadLetters: number
  latencyMs: { p50: number | null; p99: number | null; samples: number }
  budget: {
    portalMaxPerWindow: number
    windowMs: number
    budgetPerWindow: number
    usedInWindow: number
    portalRemainingEstimate: number | null
    dailyBudget: number
    usedToday: number
    pausedUntil: string | null
  }
  backoffUntil: string | null
  lastError: { at: string; message: string } | null
}

const iso = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : new Date(ms).toISOString())

export function toSyncHealth(input: {
  running: boolean
  provisioned: boolean
  outbox: { contacts: number; companies: number; oldestChangedAtMs: number | null }
  deadLetters: number
  limiter: RateLimiterState
  metrics: SyncMetricsSnapshot
  backoffUntilMs: number | undefined
  nowMs: number
}): SyncHealth {
  const { outbox, limiter, metrics } = input
  return {
    running: input.running,
    provisioned: input.provisioned,
    backlog: {
      contacts: outbox.contacts,
      companies: outbox.companies,
      oldestChangeAt: iso(outbox.oldestChangedAtMs),
      oldestChangeAgeMs: outbox.oldestChangedAtMs === null ? null : Math.max(0, input.nowMs - outbox.oldestChangedAtMs),
    },
    lastMinute: { calls: metrics.callsLastMinute, records: metrics.recordsLastMinute },
    totals: {
      calls: metrics.callsTotal,
      records: metrics.recordsTotal,
      confirmed: metrics.confirmedTotal,
      deadLettered: metrics.deadLetteredTotal,
    },
    rateLimited: metrics.throttledTotal,
    callsByStatus: metrics.callsByStatus,
    deadLetters: input.deadLetters,
    latencyMs: metrics.latencyMs,
    budget: {
      portalMaxPerWindow: limiter.portalMaxPerWindow,
      windowMs: limiter.windowMs,
      budgetPerWindow: limiter.budgetPerWindow,
      usedInWindow: limiter.usedInWindow,
      portalRemainingEstimate: limiter.portalRemainingEstimate ?? null,
      dailyBudget: limiter.dailyBudget,
      usedToday: limiter.usedToday,
      pausedUntil: iso(limiter.pausedUntilMs),
    },
    backoffUntil: iso(input.backoffUntilMs),
    lastError:
      metrics.lastError === null ? null : { at: iso(metrics.lastError.atMs) ?? '', message: metrics.lastError.message },
  }
}
