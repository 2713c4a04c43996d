import type { StoredCutoffs } from '../pipeline/stored-cutoffs.ts'
import type { CompiledScore } from '../scoring/compiled-model.ts'

/** One tier of a percentile score in `GET /api/model`: its top percentage and its cut-off in force. */
export interface PercentileTierJson {
  label: string
  /** Null for the rest. */
  topPercent: number | null
  /** The lowest value that earns the label now; null for the rest, and before the first calibration. */
  atLeast: number | null
}

/**
 * A percentile score's tiers with the cut-offs in force, when they were worked out and among how many subjects;
 * null for a score labelled by thresholds.
 */
export function percentileLabelsJson(score: CompiledScore, stored: StoredCutoffs | undefined) {
  if (score.percentiles === undefined) return null
  const found = stored?.scores[score.name]
  const tiers: PercentileTierJson[] = score.percentiles.tiers.map((tier) => ({
    label: tier.label,
    topPercent: tier.topPercent,
    atLeast: found?.cutoffs[tier.label] ?? null,
  }))
  const rest = score.percentiles.fallbackLabel
  if (rest !== null) tiers.push({ label: rest, topPercent: null, atLeast: null })
  return {
    calibratedAt: found === undefined || stored === undefined ? null : new Date(stored.atMs).toISOString(),
    subjects: found?.subjects ?? null,
    tiers,
  }
}
