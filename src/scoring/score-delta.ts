/**
 * How much a score moved: `to − from`, or `to` for a first score. Scores are kept to two decimals (see
 * `evaluateScore`), and so is their difference, free of floating-point residue (0.3 − 0.1 is 0.2, not 0.19999…).
 */
export function scoreDelta(from: number | null, to: number): number {
  return from === null ? to : Math.round((to - from) * 100) / 100 + 0
}
