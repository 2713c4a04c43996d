import type { PropertyValue } from '../properties/property-value.ts'
import type { ScoreCause, ScoreResult } from '../scoring/score-result.ts'
import { type SubjectDefinitions, valueChanges } from '../scoring/value-changes.ts'
import { jsonText } from '../storage/json-text.ts'
import type { StepChanges } from '../storage/records.ts'
import type { EntityKind, HistoryRow } from '../storage/store.ts'

/** A row per score whose value or label changed. */
export function historyRows(
  kind: EntityKind,
  id: string,
  before: Record<string, ScoreResult> | undefined,
  after: Record<string, ScoreResult>,
  cause: ScoreCause,
  atMs: number,
): HistoryRow[] {
  const rows: HistoryRow[] = []
  for (const [score, result] of Object.entries(after)) {
    const previous = before?.[score]
    if (previous !== undefined && previous.value === result.value && previous.label === result.label) continue
    rows.push({
      entityKind: kind,
      entityId: id,
      atMs,
      score,
      from: previous?.value ?? null,
      to: result.value,
      label: result.label,
      cause,
      reasons: result.reasons,
    })
  }
  return rows
}

/** One entity's side of a step, as its history rows record it. */
export interface EntityStep {
  definitions: SubjectDefinitions
  /** Values as stored before the step; for an entity the step creates, those it would have with no events. */
  before: Record<string, PropertyValue>
  after: Record<string, PropertyValue>
  /** The step's events that changed the entity, and how many earlier ones are left out. */
  events: Pick<StepChanges, 'events' | 'eventsOmitted'>
  /**
   * A contact's company, when its values moved in the step: the properties that moved there are listed too, as
   * `company.NAME` (the plan a colleague's group call changed, which the contact's score reads).
   */
  company?:
    | {
        definitions: SubjectDefinitions
        before: Record<string, PropertyValue> | undefined
        after: Record<string, PropertyValue>
      }
    | undefined
}

/**
 * Gives one entity's rows what its step changed: its events, the properties that moved and the segments it entered
 * or left; the rows share one object, which the store serialises once. Called only when a score changed, and the
 * values are compared one by one only when their text differs (kept, see json-text.ts): a full re-score passes every
 * contact through here, so when nothing moved nothing is made.
 */
export function withStepChanges(rows: HistoryRow[], step: EntityStep): HistoryRow[] {
  const { events, eventsOmitted } = step.events
  const valuesMoved = jsonText(step.before) !== jsonText(step.after)
  if (!valuesMoved && events.length === 0 && step.company === undefined) return rows
  const own = valuesMoved
    ? valueChanges(step.definitions, step.before, step.after)
    : { propertyChanges: [], segments: [] }
  const { company } = step
  const ofCompany =
    company === undefined
      ? []
      : valueChanges(company.definitions, company.before, company.after).propertyChanges.map((change) => ({
          ...change,
          property: `company.${change.property}`,
        }))
  const propertyChanges = [...own.propertyChanges, ...ofCompany]
  const { segments } = own
  if (events.length === 0 && propertyChanges.length === 0 && segments.length === 0) return rows
  const changes: StepChanges = { events, eventsOmitted, propertyChanges, segments }
  for (const row of rows) row.step = changes
  return rows
}
