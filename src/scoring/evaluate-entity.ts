import { computeValues, type EntityState } from '../properties/entity-state.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateScore } from './evaluate-score.ts'
import { evaluateTriggers, type TriggerState } from './evaluate-triggers.ts'
import type { Lookup } from './expression.ts'
import type { ScoreResult } from './score-result.ts'

export interface Evaluation {
  values: Record<string, PropertyValue>
  scores: Record<string, ScoreResult>
  /** The subject's trigger state after this evaluation, and the triggers that fired now. */
  triggers: TriggerState
  fired: string[]
  /** The first instant after now at which a value or score may change with no new event; null if never. */
  nextChangeAtMs: number | null
}

function scoreAll(
  model: CompiledModel,
  subject: 'contact' | 'company',
  state: EntityState,
  values: Record<string, PropertyValue>,
  companyValues: Record<string, PropertyValue>,
  nowMs: number,
): Omit<Evaluation, 'values'> {
  const results: Record<string, ScoreResult> = {}
  const lookup: Lookup = (ref) =>
    ref.scope === 'company' ? companyValues[ref.name] : (values[ref.name] ?? results[ref.name]?.value)
  let next: number | null = null
  for (const score of subject === 'contact' ? model.contactScores : model.companyScores) {
    if (score.onlyWhen !== undefined && !truthy(score.onlyWhen.evaluate(lookup))) continue
    const { result, nextChangeAtMs } = evaluateScore(score, lookup, nowMs)
    results[score.name] = result
    if (nextChangeAtMs !== null && (next === null || nextChangeAtMs < next)) next = nextChangeAtMs
  }
  for (const insight of model.insights) {
    if (insight.subject === subject) values[insight.name] = strongest(insight.of, results)
  }
  const triggers = model.triggers.filter((t) => t.subject === subject)
  const fired = evaluateTriggers(triggers, state.triggers, lookup, nowMs)
  Object.assign(values, fired.values)
  for (const trigger of triggers) {
    for (const at of [trigger.activeFromMs, trigger.activeToMs]) {
      if (at !== undefined && at > nowMs && (next === null || at < next)) next = at
    }
  }
  return { scores: results, nextChangeAtMs: next, triggers: fired.state, fired: fired.fired }
}

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/** Mautic's point insight: the highest of some scores by name; the first listed wins a tie; none when all ≤ 0. */
function strongest(names: readonly string[], results: Record<string, ScoreResult>): string | null {
  let best: string | null = null
  let bestValue = 0
  for (const name of names) {
    const value = results[name]?.value ?? 0
    if (value > bestValue) {
      best = name
      bestValue = value
    }
  }
  return best
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
  const scored = scoreAll(model, 'contact', state, values, companyValues, nowMs)
  return { ...scored, values, nextChangeAtMs: earliest(nextChangeAtMs, scored.nextChangeAtMs) }
}

/** A company's properties and scores at `nowMs`. */
export function evaluateCompany(model: CompiledModel, state: EntityState, nowMs: number): Evaluation {
  const { values, nextChangeAtMs } = computeValues(model.company, state, nowMs)
  const scored = scoreAll(model, 'company', state, values, {}, nowMs)
  return { ...scored, values, nextChangeAtMs: earliest(nextChangeAtMs, scored.nextChangeAtMs) }
}
