import { describe, expect, it } from 'vitest'
import { toPrometheusText } from './prometheus-text.ts'
import type { SyncHealth } from './sync-health.ts'

const health: SyncHealth = {
  running: true,
  provisioned: true,
  backlog: { contacts: 3, companies: 1, oldestChangeAt: '2026-11-26T16:00:00.000Z', oldestChangeAgeMs: 2500 },
  lastMinute: { calls: 12, records: 950 },
  totals: { calls: 40, records: 3000, confirmed: 2990, deadLettered: 1 },
  rateLimited: 0,
  callsByStatus: { '200': 38, '502': 2 },
  deadLetters: 1,
  latencyMs: { p50: 420, p99: 1800, samples: 2990 },
  budget: {
    portalMaxPerWindow: 190,
    windowMs: 10_000,
    budgetPerWindow: 171,
    usedInWindow: 12,
    portalRemainingEstimate: 170,
    dailyBudget: 900_000,
    usedToday: 40,
    pausedUntil: null,
  },
  backoffUntil: null,
  lastError: null,
}

describe('Prometheus text', () => {
  it('exposes backlog, calls by status, dead letters and latency quantiles', () => {
    const text = toPrometheusText(health)
    expect(text).toContain('upscore_hubspot_backlog_records{object_type="contacts"} 3\n')
    expect(text).toContain('upscore_hubspot_oldest_change_age_seconds 2.5\n')
    expect(text).toContain('upscore_hubspot_calls_total{status="502"} 2\n')
    expect(text).toContain('upscore_hubspot_dead_letters 1\n')
    expect(text).toContain('upscore_hubspot_latency_seconds{quantile="0.99"} 1.8\n')
    expect(text).toContain('# TYPE upscore_hubspot_rate_limited_total counter\n')
  })
})
