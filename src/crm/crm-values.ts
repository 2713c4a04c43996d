import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel, CompiledScore, ScoreOutputKind } from '../scoring/compiled-model.ts'
import { scoreOutputs } from '../scoring/crm-definitions.ts'
import type { ScoreResult } from '../scoring/score-result.ts'
import { summarizeReasons } from './reason-summary.ts'
import { summarizeRecent } from './recent-summary.ts'

/** A value as the CRM takes it: strings only; `""` clears the property; datetimes as epoch milliseconds. */
export function toCrmString(value: PropertyValue, type: string): string {
  if (value === null) return ''
  if (type === 'datetime' && typeof value === 'string') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? '' : String(ms)
  }
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value)
}

/** Every CRM property upscore writes for a contact or company, from its values and scores. */
export function crmValuesOf(
  model: CompiledModel,
  objectType: 'contacts' | 'companies',
  values: Record<string, PropertyValue>,
  scores: Record<string, ScoreResult>,
): Record<string, string> {
  const out: Record<string, string> = {}
  const entity = objectType === 'contacts' ? model.contact : model.company
  for (const property of entity.properties) {
    if (property.hidden === true) continue
    out[property.name] = toCrmString(values[property.name] ?? null, property.crmType)
  }
  for (const score of objectType === 'contacts' ? model.contactScores : model.companyScores) {
    const result = scores[score.name]
    for (const output of scoreOutputs(score)) {
      out[output.name] = result === undefined ? '' : scoreOutputValue(score, result, output.kind)
    }
  }
  for (const insight of model.insights) {
    if (insight.subject !== (objectType === 'contacts' ? 'contact' : 'company')) continue
    out[insight.name] = toCrmString(values[insight.name] ?? null, 'string')
  }
  for (const trigger of model.triggers) {
    if (trigger.property === undefined || trigger.subject !== (objectType === 'contacts' ? 'contact' : 'company'))
      continue
    out[trigger.property] = toCrmString(values[trigger.property] ?? null, 'datetime')
  }
  for (const segment of objectType === 'contacts' ? model.contactSegments : model.companySegments) {
    if (segment.property !== undefined) out[segment.property] = toCrmString(values[segment.name] ?? false, 'bool')
  }
  return out
}

function scoreOutputValue(score: CompiledScore, result: ScoreResult, kind: ScoreOutputKind): string {
  switch (kind) {
    case 'score':
      return String(result.value)
    case 'label':
      return result.label ?? ''
    case 'grid':
      return result.grid ?? ''
    case 'grade_score':
      return toCrmString(result.gradeScore ?? null, 'number')
    case 'reasons':
      return summarizeReasons(score, result)
    case 'signals':
      return summarizeRecent(score, result)
    case 'fit':
    case 'engagement':
      return String(result.categories?.[kind] ?? 0)
  }
}

/** A company's CRM properties: its values, scores and name. */
export function companyCrmValues(
  model: CompiledModel,
  record: { name: string | undefined; values: Record<string, PropertyValue>; scores: Record<string, ScoreResult> },
): Record<string, string> {
  const values = crmValuesOf(model, 'companies', record.values, record.scores)
  if (record.name !== undefined) values.name = record.name
  return values
}

/** The properties whose CRM value differs between two snapshots (all of `next` when there was none before). */
export function changedCrmValues(
  previous: Record<string, string> | undefined,
  next: Record<string, string>,
): Record<string, string> {
  if (previous === undefined) return { ...next }
  const changed: Record<string, string> = {}
  for (const [name, value] of Object.entries(next)) {
    if (previous[name] !== value) changed[name] = value
  }
  return changed
}
