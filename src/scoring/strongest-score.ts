import type { PropertyValue } from '../properties/property-value.ts'
import type { ScoreResult } from './score-result.ts'

/**
 * Mautic's point insight: the name of the highest of some scores. On a tie for the highest the value it had is kept
 * when it is one of the tied scores (Mautic keeps an existing value rather than overwrite it on a tie), else the first
 * listed wins. None when all are 0 or less.
 */
export function strongestScore(
  names: readonly string[],
  results: Record<string, ScoreResult>,
  previous: PropertyValue | undefined,
): string | null {
  let best: string | null = null
  let bestValue = 0
  for (const name of names) {
    const value = results[name]?.value ?? 0
    if (value > bestValue || (value === bestValue && value > 0 && name === previous)) {
      best = name
      bestValue = value
    }
  }
  return best
}
