/** The value below which `share` (0–1) of the samples fall, by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], share: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length)))
  return sorted[rank - 1] as number
}

export const median = (samples: readonly number[]): number => percentile(samples, 0.5)

/** Rounds to `digits` significant-looking decimals for the report (keeps integers whole). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
