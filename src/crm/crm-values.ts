import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledModel, CompiledRule, CompiledScore } from '../scoring/compiled-model.ts'
import { scoreOutputs } from '../scoring/crm-definitions.ts'
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
    if (property.hidden === true) continue
    out[property.name] = toCrmString(values[property.name] ?? null, property.crmType)
  }
  for (const score of objectType === 'contacts' ? model.contactScores : model.companyScores) {
    const result = scores[score.name]
    out[score.name] = result === undefined ? '' : String(result.value)
    for (const output of scoreOutputs(score)) {
      out[`${score.name}${output.suffix}`] = result === undefined ? '' : scoreOutputValue(score, result, output.suffix)
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

function scoreOutputValue(score: CompiledScore, result: ScoreResult, suffix: string): string {
  if (suffix === '_label') return result.label ?? ''
  if (suffix === '_grid') return result.grid ?? ''
  if (suffix === '_grade_score') return toCrmString(result.gradeScore ?? null, 'number')
  if (suffix === '_reasons') return summarizeReasons(score, result)
  const category = suffix.slice(1)
  return String(result.categories?.[category] ?? 0)
}

const rulesOfScore = new WeakMap<CompiledScore, Map<string, CompiledRule>>()

/** A score's rules by name, built once per compiled score. */
function rulesByName(score: CompiledScore): Map<string, CompiledRule> {
  let rules = rulesOfScore.get(score)
  if (rules === undefined) {
    rules = new Map(score.groups.flatMap((group) => group.rules.map((rule) => [rule.name, rule] as const)))
    rulesOfScore.set(score, rules)
  }
  return rules
}

/** One readable line of a score's reasons, biggest first: `Onboarding completed +20 · Logins last 7 days +15`. */
export function summarizeReasons(score: CompiledScore, result: ScoreResult): string {
  const rules = rulesByName(score)
  return [...result.reasons]
    .filter((reason) => rules.get(reason.rule)?.signal !== false)
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .map(
      (reason) =>
        `${rules.get(reason.rule)?.label ?? reason.rule} ${reason.points > 0 ? '+' : '−'}${Math.abs(reason.points)}`,
    )
    .join(' · ')
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
