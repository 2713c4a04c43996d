import type { CompiledScore } from '../scoring/compiled-model.ts'
import type { ScoreResult } from '../scoring/score-result.ts'
import { joinWithin, REASONS_MAX_LENGTH, rulesByName } from './reason-summary.ts'

/**
 * A score's recent signals as one line, latest first: `Pricing viewed (2026-11-23) · Report generated (2026-11-20)`.
 * Dates (UTC), not ages: a CRM value is written when the score changes, and "2 days ago" would go stale in between.
 */
export function summarizeRecent(score: CompiledScore, result: ScoreResult, maxLength = REASONS_MAX_LENGTH): string {
  const rules = rulesByName(score)
  const items = (result.recent ?? []).map(
    (signal) => `${rules.get(signal.rule)?.label ?? signal.rule} (${new Date(signal.atMs).toISOString().slice(0, 10)})`,
  )
  return joinWithin(items, maxLength)
}
