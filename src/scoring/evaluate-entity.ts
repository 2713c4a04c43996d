import { computeValues, type EntityState } from '../properties/entity-state.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from './compiled-model.ts'
import { evaluateBecame } from './evaluate-became.ts'
import { evaluateScore } from './evaluate-score.ts'
import { evaluateTriggers, type TriggerState } from './evaluate-triggers.ts'
import type { Lookup } from './expression.ts'
import { recentSignals } from './recent-signals.ts'
import type { ScoreResult } from './score-result.ts'
import { segmentMembership } from './segment-membership.ts'
import { strongestScore } from './strongest-score.ts'

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
  previous: Record<string, PropertyValue> | undefined,
): Omit<Evaluation, 'values'> {
  const results: Record<string, ScoreResult> = {}
  // Became rules first: their points are hidden values the scores read.
  const became = evaluateBecame(
    subject === 'contact' ? model.contactBecame : model.companyBecame,
    state.triggers,
    state,
    companyValues,
    nowMs,
  )
  Object.assign(values, became.values)
  const lookup: Lookup = (ref) =>
    ref.scope === 'company'
      ? companyValues[ref.name]
      : (values[ref.name] ?? results[ref.name]?.value ?? segments.read(ref.name))
  const segments = segmentMembership(
    subject === 'contact' ? model.contactSegments : model.companySegments,
    values,
    lookup,
  )
  let next: number | null = became.nextChangeAtMs
  for (const score of subject === 'contact' ? model.contactScores : model.companyScores) {
    if (score.onlyWhen !== undefined && !truthy(score.onlyWhen.evaluate(lookup))) continue
    const { result, nextChangeAtMs } = evaluateScore(score, lookup, nowMs, model.percentileCutoffs[score.name])
    if (score.recentSignals !== undefined) {
      result.recent = recentSignals(score, subject === 'contact' ? model.contact : model.company, state, nowMs)
    }
    results[score.name] = result
    if (nextChangeAtMs !== null && (next === null || nextChangeAtMs < next)) next = nextChangeAtMs
  }
  // Segments no score read are worked out too: triggers, the company's members and the CRM read them from values.
  segments.settle()
  for (const insight of model.insights) {
    if (insight.subject === subject)
      values[insight.name] = strongestScore(insight.of, results, previous?.[insight.name])
  }
  const triggers = model.triggers.filter((t) => t.subject === subject)
  const fired = evaluateTriggers(triggers, state.triggers, lookup, nowMs)
  Object.assign(values, fired.values)
  for (const trigger of triggers) {
    for (const at of [trigger.activeFromMs, trigger.activeToMs]) {
      if (at !== undefined && at > nowMs && (next === null || at < next)) next = at
    }
  }
  const triggerStates: TriggerState = { ...fired.state, ...became.states }
  return { scores: results, nextChangeAtMs: next, triggers: triggerStates, fired: fired.fired }
}

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b))

/**
 * A contact's properties and scores at `nowMs`. `companyValues` are its company's property values (empty when it
 * has none); the company's own changes in time are scheduled on the company, which re-scores its members.
 * `previous` are the values of its last evaluation, if any: an insight keeps its value on a tie.
 */
export function evaluateContact(
  model: CompiledModel,
  state: EntityState,
  companyValues: Record<string, PropertyValue>,
  nowMs: number,
  previous?: Record<string, PropertyValue>,
): Evaluation {
  const { values, nextChangeAtMs } = computeValues(model.contact, state, nowMs)
  const scored = scoreAll(model, 'contact', state, values, companyValues, nowMs, previous)
  return { ...scored, values, nextChangeAtMs: earliest(nextChangeAtMs, scored.nextChangeAtMs) }
}

/** A company's properties and scores at `nowMs`; `previous` as for a contact. */
export function evaluateCompany(
  model: CompiledModel,
  state: EntityState,
  nowMs: number,
  previous?: Record<string, PropertyValue>,
): Evaluation {
  const { values, nextChangeAtMs } = computeValues(model.company, state, nowMs)
  const scored = scoreAll(model, 'company', state, values, {}, nowMs, previous)
  return { ...scored, values, nextChangeAtMs: earliest(nextChangeAtMs, scored.nextChangeAtMs) }
}
