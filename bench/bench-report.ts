/** One line of the results table. */
export interface ResultRow {
  benchmark: string
  measure: string
  value: number | null
  unit: string
  /** The target in words, e.g. `≥ 50,000`; absent when the line is context, not a target. */
  target?: string
  /** Whether the target is met; null when it could not be measured. */
  met?: boolean | null
  note?: string
}

/** What a benchmark hands back: its lines of the table and the raw figures for `latest.json`. */
export interface BenchmarkReport {
  name: string
  rows: ResultRow[]
  details: Record<string, unknown>
}

export interface BenchOptions {
  /** Smaller sizes and fewer runs, for a quick look; the published results use the full run. */
  quick: boolean
  /** Progress lines while it runs. */
  log: (line: string) => void
}

/** A row with a target: `met` from comparing `value` against it. */
export function targetRow(
  row: Omit<ResultRow, 'met' | 'target'>,
  target: { atLeast: number } | { atMost: number },
  targetText: string,
): ResultRow {
  const met =
    row.value === null || Number.isNaN(row.value)
      ? null
      : 'atLeast' in target
        ? row.value >= target.atLeast
        : row.value <= target.atMost
  return { ...row, target: targetText, met }
}
