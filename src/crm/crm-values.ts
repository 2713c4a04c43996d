import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel } from '../scoring/compiled-model.ts'
import type { ScoreResult } from '../scoring/score-result.ts'

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
    out[property.name] = toCrmString(values[property.name] ?? null, property.crmType)
  }
  for (const score of objectType === 'contacts' ? model.contactScores : model.companyScores) {
    const result = scores[score.name]
    out[score.name] = result === undefined ? '' : String(result.value)
  }
  return out
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
