import { computeValues, type EntityState } from '../properties/entity-state.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel, CompiledScore } from './compiled-model.ts'
import { evaluateScore } from './evaluate-score.ts'
import type { Lookup } from './expression.ts'
import type { ScoreResult } from './score-result.ts'

export interface Evaluation {
  values: Record<string, PropertyValue>
  scores: Record<string, ScoreResult>
  /** The first instant after now at which a value or score may change with no new event; null if never. */
  nextChangeAtMs: number | null
}

function scoreAll(
  scores: readonly CompiledScore[],
  values: Record<string, PropertyValue>,
  companyValues: Record<string, PropertyValue>,
  nowMs: number,
): { scores: Record<string, ScoreResult>; nextChangeAtMs: number | null } {
  const results: Record<string, ScoreResult> = {}
  const lookup: Lookup = (ref) =>
    ref.scope === 'company' ? companyValues[ref.name] : (values[ref.name] ?? results[ref.name]?.value)
  let next: number | null = null
  for (const score of scores) {
    const { result, nextChangeAtMs } = evaluateScore(score, lookup, nowMs)
    results[score.name] = result
    if (nextChangeAtMs !== null && (next === null || nextChangeAtMs < next)) next = nextChangeAtMs
  }
  return { scores: results, nextChangeAtMs: next }
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b))

/**
 * A contact's properties and scores at `nowMs`. `companyValues` are its company's property values (empty when it
 * has none); the company's own changes in time are scheduled on the company, which re-scores its members.
 */
export function evaluateContact(
  model: CompiledModel,
  state: EntityState,
  companyValues: Record<string, PropertyValue>,
  nowMs: number,
): Evaluation {
  const { values, nextChangeAtMs } = computeValues(model.contact, state, nowMs)
  const scored = scoreAll(model.contactScores, values, companyValues, nowMs)
  return { values, scores: scored.scores, nextChangeAtMs: earliest(nextChangeAtMs, scored.nextChangeAtMs) }
}

/** A company's properties and scores at `nowMs`. */
export function evaluateCompany(model: CompiledModel, state: EntityState, nowMs: number): Evaluation {
  const { values, nextChangeAtMs } = computeValues(model.company, state, nowMs)
  const scored = scoreAll(model.companyScores, values, {}, nowMs)
  return { values, scores: scored.scores, nextChangeAtMs: earliest(nextChangeAtMs, scored.nextChangeAtMs) }
}
