import type { CallRecord } from './portal-caller.ts'

/** Counts and latencies of the sync since start, and over the last minute. */
export interface SyncMetricsSnapshot {
  callsLastMinute: number
  recordsLastMinute: number
  callsTotal: number
  recordsTotal: number
  confirmedTotal: number
  deadLetteredTotal: number
  throttledTotal: number
  /** Calls by HubSpot status (or `timeout`/`network`) since start. */
  callsByStatus: Record<string, number>
  /** Event → HubSpot latency (first unsynced change → HubSpot confirmed it), over the last samples. */
  latencyMs: { p50: number | null; p99: number | null; samples: number }
  lastError: { atMs: number; message: string } | null
}

export interface SyncMetrics {
  recordCall(call: CallRecord): void
  recordSent(records: number): void
  recordConfirmed(latenciesMs: readonly number[]): void
  recordDeadLetters(count: number): void
  recordError(message: string): void
  snapshot(): SyncMetricsSnapshot
}

const MINUTE_MS = 60_000
const LATENCY_SAMPLES = 2_000

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? null
}

export function createSyncMetrics(now: () => number): SyncMetrics {
  let calls: number[] = []
  let records: { atMs: number; count: number }[] = []
  const latencies: number[] = []
  const byStatus: Record<string, number> = {}
  let callsTotal = 0
  let recordsTotal = 0
  let confirmedTotal = 0
  let deadLetteredTotal = 0
  let lastError: SyncMetricsSnapshot['lastError'] = null

  const prune = (at: number) => {
    calls = calls.filter((t) => t > at - MINUTE_MS)
    records = records.filter((r) => r.atMs > at - MINUTE_MS)
  }

  return {
    recordCall(call) {
      calls.push(now())
      callsTotal += 1
      const key = String(call.status)
      byStatus[key] = (byStatus[key] ?? 0) + 1
      if (calls.length > 10_000) prune(now())
    },
    recordSent(count) {
      records.push({ atMs: now(), count })
      recordsTotal += count
    },
    recordConfirmed(values) {
      confirmedTotal += values.length
      latencies.push(...values)
      if (latencies.length > LATENCY_SAMPLES) latencies.splice(0, latencies.length - LATENCY_SAMPLES)
    },
    recordDeadLetters(count) {
      deadLetteredTotal += count
    },
    recordError(message) {
      lastError = { atMs: now(), message }
    },
    snapshot() {
      prune(now())
      const sorted = [...latencies].sort((a, b) => a - b)
      return {
        callsLastMinute: calls.length,
        recordsLastMinute: records.reduce((sum, r) => sum + r.count, 0),
        callsTotal,
        recordsTotal,
        confirmedTotal,
        deadLetteredTotal,
        throttledTotal: byStatus['429'] ?? 0,
        callsByStatus: { ...byStatus },
        latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), samples: sorted.length },
        lastError,
      }
    },
  }
}
