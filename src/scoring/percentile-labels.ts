import type { CompiledModel, Cutoffs, ModelCutoffs, PercentileTiers, Tiers } from './compiled-model.ts'

/**
 * The rank (1 = the highest value) whose value is the cut-off of the top `topPercent` % of `subjects`: the nearest
 * rank, `ceil(topPercent × subjects / 100)`, at least 1 (the highest subject is always in the top tier). Computed in
 * millionths of a percent, exactly, so that 7 % of 100 is rank 7 and not 8; stores compute it the same way.
 */
export function cutoffRank(topPercent: number, subjects: number): number {
  return Math.max(1, Math.ceil((Math.round(topPercent * 1_000_000) * subjects) / 100_000_000))
}

/**
 * Score values are kept to two decimals (see `evaluateScore`): a cut-off read back from a store is rounded the same
 * way, so that a database's decimal conversion cannot put it a last bit above the value it came from.
 */
export const toHundredths = (value: number): number => Math.round(value * 100) / 100 + 0

/** The tiers that have a cut-off, as thresholds (highest first), and the fallback label. */
function percentileThresholds(percentiles: PercentileTiers, cutoffs: Cutoffs | undefined): Tiers {
  const thresholds = percentiles.tiers.flatMap((tier) => {
    const atLeast = cutoffs?.[tier.label]
    return atLeast === undefined ? [] : [{ label: tier.label, atLeast }]
  })
  // Tiers are highest first and their cut-offs never rise from one to the next; a stable sort keeps the higher tier
  // first when two share a cut-off, so a tie lands in the higher tier.
  return { thresholds: thresholds.sort((a, b) => b.atLeast - a.atLeast), fallbackLabel: percentiles.fallbackLabel }
}

/**
 * The label of `value`: the highest tier whose cut-off it reaches (`value >= cutoff`, so ties land in the higher
 * tier). With no cut-offs yet (no subject ranked so far), every value gets the fallback label: nobody is in a top
 * tier before being ranked among the others.
 */
export function percentileLabel(percentiles: PercentileTiers, cutoffs: Cutoffs | undefined, value: number) {
  const { thresholds, fallbackLabel } = percentileThresholds(percentiles, cutoffs)
  return thresholds.find((t) => value >= t.atLeast)?.label ?? fallbackLabel
}

/** Whether two sets of cut-offs of a score differ. */
export function cutoffsMoved(before: Cutoffs | undefined, after: Cutoffs): boolean {
  const labels = new Set([...Object.keys(before ?? {}), ...Object.keys(after)])
  return [...labels].some((label) => before?.[label] !== after[label])
}

/** The model scoring with these cut-offs (evaluation reads them like company values: data in, data out). */
export function withCutoffs(model: CompiledModel, cutoffs: ModelCutoffs): CompiledModel {
  return { ...model, percentileCutoffs: cutoffs }
}
