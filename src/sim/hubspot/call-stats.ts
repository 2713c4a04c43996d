/** What `GET /_sim/stats` reports. */
export type CallStatsSnapshot = {
  calls: number
  byStatus: Record<string, number>
  upsertCalls: number
  upsertRecords: number
}

export type CallStats = {
  /** Counts one answered CRM call; `upsertInputs` when it was a batch upsert answered 200 or 207. */
  record(statusCode: number, upsertInputs: number | undefined): void
  snapshot(): CallStatsSnapshot
}

export function createCallStats(): CallStats {
  const stats: CallStatsSnapshot = { calls: 0, byStatus: {}, upsertCalls: 0, upsertRecords: 0 }
  return {
    record(statusCode, upsertInputs) {
      stats.calls++
      const key = String(statusCode)
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1
      if (upsertInputs !== undefined) {
        stats.upsertCalls++
        stats.upsertRecords += upsertInputs
      }
    },
    snapshot: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
  }
}
