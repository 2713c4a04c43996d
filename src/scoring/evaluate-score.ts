import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledRule, CompiledScore } from './compiled-model.ts'
import type { CompiledExpression, Lookup, Reference } from './expression.ts'
import type { Reason, ScoreResult } from './score-result.ts'

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/** Points are kept to two decimals so that reasons add up exactly to the value. */
const round = (points: number) => Math.round(points * 100) / 100

const clamp = (value: number, min: number | undefined, max: number | undefined) =>
  Math.min(max ?? Number.POSITIVE_INFINITY, Math.max(min ?? Number.NEGATIVE_INFINITY, value))

const refKey = (ref: Reference) => (ref.scope === 'company' ? `company.${ref.name}` : ref.name)

function valuesRead(expressions: (CompiledExpression | undefined)[], lookup: Lookup): Record<string, PropertyValue> {
  const values: Record<string, PropertyValue> = {}
  for (const expression of expressions) {
    for (const ref of expression?.references ?? []) {
      const value = lookup(ref)
      values[refKey(ref)] = value === undefined ? null : (value as PropertyValue)
    }
  }
  return values
}

/** A rule's points before its own cap; 0 when its condition does not hold. */
function rulePoints(rule: CompiledRule, lookup: Lookup): number {
  if (rule.when !== undefined && !truthy(rule.when.evaluate(lookup))) return 0
  if (rule.of === undefined || rule.per === undefined) return rule.points
  const amount = rule.of.evaluate(lookup)
  if (typeof amount !== 'number') return 0
  return Math.floor(amount / rule.per) * rule.points
}

/**
 * Scores one entity: every rule's points, capped per rule, then per group, then in total (HubSpot's order), with a
 * reason per rule that gave points and one per cap that changed the sum, so the reasons always add up to the value.
 */
export function evaluateScore(score: CompiledScore, lookup: Lookup): ScoreResult {
  const reasons: Reason[] = []
  let total = 0
  for (const group of score.groups) {
    let groupTotal = 0
    for (const rule of group.rules) {
      const raw = round(rulePoints(rule, lookup))
      const points = round(clamp(raw, rule.min, rule.max))
      if (points === 0) continue
      const reason: Reason = { rule: rule.name, points, values: valuesRead([rule.when, rule.of], lookup) }
      if (raw !== points) reason.uncappedPoints = raw
      reasons.push(reason)
      groupTotal = round(groupTotal + points)
    }
    const capped = round(clamp(groupTotal, group.min, group.max))
    if (capped !== groupTotal)
      reasons.push({ rule: `${group.name ?? score.name} cap`, points: round(capped - groupTotal) })
    total = round(total + capped)
  }
  const value = round(clamp(total, score.min, score.max))
  if (value !== total) reasons.push({ rule: `${score.name} cap`, points: round(value - total) })
  return { value, label: labelOf(score, value), reasons }
}

export function labelOf(score: CompiledScore, value: number): string | null {
  return score.thresholds.find((t) => value >= t.atLeast)?.label ?? score.fallbackLabel
}
