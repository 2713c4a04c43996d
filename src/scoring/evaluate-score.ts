import { ownValue } from '../data-record.ts'
import type { PropertyValue } from '../properties/property-value.ts'
import type { CompiledRule, CompiledScore, Cutoffs, Tiers } from './compiled-model.ts'
import type { CompiledExpression, Lookup, Reference } from './expression.ts'
import { gradeScoreOf } from './grade-score.ts'
import { percentileLabel } from './percentile-labels.ts'
import type { Reason, ScoreResult } from './score-result.ts'

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== 0 && value !== ''

/** Points are kept to two decimals so that reasons add up exactly to the value. */
const round = (points: number) => Math.round(points * 100) / 100 + 0

const clamp = (value: number, min: number | undefined, max: number | undefined) =>
  Math.min(max ?? Number.POSITIVE_INFINITY, Math.max(min ?? Number.NEGATIVE_INFINITY, value))

const refKey = (ref: Reference) => (ref.scope === 'company' ? `company.${ref.name}` : ref.name)

function valuesRead(
  expressions: (CompiledExpression | undefined)[],
  lookup: Lookup,
  shown: readonly Reference[] = [],
): Record<string, PropertyValue> {
  const values: Record<string, PropertyValue> = {}
  // Plain loops and no closure: this runs for every rule of every evaluation.
  for (const expression of expressions) {
    if (expression !== undefined) for (const ref of expression.references) readInto(values, lookup, ref)
  }
  for (const ref of shown) readInto(values, lookup, ref)
  return values
}

function readInto(values: Record<string, PropertyValue>, lookup: Lookup, ref: Reference): void {
  const value = lookup(ref)
  values[refKey(ref)] = value === undefined ? null : (value as PropertyValue)
}

const isActive = (rule: CompiledRule, nowMs: number) =>
  (rule.activeFromMs === undefined || nowMs >= rule.activeFromMs) &&
  (rule.activeToMs === undefined || nowMs < rule.activeToMs)

/** A rule's points before its own cap, and the values it read; 0 when its condition does not hold. */
function rulePoints(
  rule: CompiledRule,
  lookup: Lookup,
  nowMs: number,
): { points: number; values: Record<string, PropertyValue> } {
  const read = rule.amount.kind === 'per' || rule.amount.kind === 'match' ? rule.amount.of : undefined
  // The values its signal text shows are kept with the reason, so the summary is written from the reason alone.
  const values = valuesRead([rule.when, read], lookup, rule.signalText?.reads)
  if (!isActive(rule, nowMs) || (rule.when !== undefined && !truthy(rule.when.evaluate(lookup))))
    return { points: 0, values }
  const amount = rule.amount
  switch (amount.kind) {
    case 'constant':
      return { points: rule.points, values }
    case 'per': {
      const of = amount.of.evaluate(lookup)
      return { points: typeof of === 'number' ? Math.floor(of / amount.per) * rule.points : 0, values }
    }
    case 'occurrences': {
      const points = lookup({ scope: 'self', name: amount.property })
      return { points: typeof points === 'number' ? points : 0, values }
    }
    case 'match': {
      const key = amount.of.evaluate(lookup)
      // The key is a value from data (a plan named `constructor`): only the model's own entries match.
      const points = key === undefined || key === null ? undefined : ownValue(amount.values, String(key))
      return { points: points ?? amount.fallback, values }
    }
    case 'bands': {
      const count = lookup({ scope: 'self', name: amount.property })
      const n = typeof count === 'number' ? count : 0
      const band = amount.bands.find((b) => n >= b.from && n <= b.to)
      return { points: band?.points ?? 0, values: { ...values, occurrences: n } }
    }
  }
}

export interface RuleExplanation {
  group: string | undefined
  rule: string
  label: string
  /** Points before the rule's cap; 0 when its condition does not hold. */
  rawPoints: number
  points: number
  values: Record<string, PropertyValue>
}

/** Every rule of a score with what it read and what it gives, whether or not it gives points (for `explain`). */
export function explainRules(score: CompiledScore, lookup: Lookup, nowMs: number): RuleExplanation[] {
  return score.groups.flatMap((group) =>
    group.rules.map((rule) => {
      const { points: raw, values } = rulePoints(rule, lookup, nowMs)
      return {
        group: group.name,
        rule: rule.name,
        label: rule.label,
        rawPoints: round(raw),
        points: round(clamp(round(raw), rule.min, rule.max)),
        values,
      }
    }),
  )
}

export function tierOf(tiers: Tiers, value: number): string | null {
  return tiers.thresholds.find((t) => value >= t.atLeast)?.label ?? tiers.fallbackLabel
}

/** The next instant a rule starts or stops counting by its `active` window; null if none is ahead. */
function nextActiveChange(score: CompiledScore, nowMs: number): number | null {
  let next: number | null = null
  for (const group of score.groups) {
    for (const rule of group.rules) {
      for (const at of [rule.activeFromMs, rule.activeToMs]) {
        if (at !== undefined && at > nowMs && (next === null || at < next)) next = at
      }
    }
  }
  return next
}

/**
 * Scores one entity: every rule's points, capped per rule, then per group, per category and in total (HubSpot's
 * order), with a reason per rule that gave points and one per cap that changed the sum, so the reasons always add
 * up to the value. The label comes from the score's thresholds, or for percentile labels from `cutoffs`.
 */
export function evaluateScore(
  score: CompiledScore,
  lookup: Lookup,
  nowMs: number,
  /** The score's cut-offs in force, when it has percentile labels. */
  cutoffs?: Cutoffs,
): { result: ScoreResult; nextChangeAtMs: number | null } {
  const reasons: Reason[] = []
  const byCategory: Record<string, number> = {}
  let uncategorised = 0
  for (const group of score.groups) {
    let groupTotal = 0
    for (const rule of group.rules) {
      const { points: rawPoints, values } = rulePoints(rule, lookup, nowMs)
      const raw = round(rawPoints)
      const points = round(clamp(raw, rule.min, rule.max))
      if (points === 0) continue
      const reason: Reason = { rule: rule.name, points, values }
      if (raw !== points) reason.uncappedPoints = raw
      reasons.push(reason)
      groupTotal = round(groupTotal + points)
    }
    const capped = round(clamp(groupTotal, group.min, group.max))
    if (capped !== groupTotal)
      reasons.push({ rule: `${group.name ?? score.name} cap`, points: round(capped - groupTotal) })
    if (group.category === undefined) uncategorised = round(uncategorised + capped)
    else byCategory[group.category] = round((byCategory[group.category] ?? 0) + capped)
  }
  const categories: Record<string, number> = {}
  for (const category of ['fit', 'engagement'] as const) {
    const sum = byCategory[category]
    if (sum === undefined) continue
    const capped = round(clamp(sum, score.categoryMin[category], score.categoryMax[category]))
    if (capped !== sum) reasons.push({ rule: `${category} cap`, points: round(capped - sum) })
    categories[category] = capped
  }
  const total = round(uncategorised + (categories.fit ?? 0) + (categories.engagement ?? 0))
  const capped = round(clamp(total, score.min, score.max))
  if (capped !== total) reasons.push({ rule: `${score.name} cap`, points: round(capped - total) })
  let value = capped
  if (score.normalizeFrom !== undefined) {
    const [low, high] = score.normalizeFrom
    value = Math.round(clamp(((capped - low) / (high - low)) * 100, 0, 100))
    if (value !== capped) reasons.push({ rule: 'normalized to 0–100', points: round(value - capped) })
  }
  const label =
    score.percentiles === undefined ? tierOf(score, value) : percentileLabel(score.percentiles, cutoffs, value)
  const result: ScoreResult = { value, label, reasons }
  if (Object.keys(categories).length > 0) result.categories = categories
  if (score.grid !== undefined) {
    const fit = tierOf(score.grid.fit, categories.fit ?? 0)
    const engagement = tierOf(score.grid.engagement, categories.engagement ?? 0)
    const cell = fit === null || engagement === null ? null : `${fit}${engagement}`
    const { cells } = score.grid
    // A cell joins two tier names, which may spell a name every object has (`to` + `String`): own keys only.
    result.grid = cell === null ? null : ((cells === undefined ? undefined : ownValue(cells, cell)) ?? cell)
    if (score.grid.grade !== undefined) result.gradeScore = gradeScoreOf(score.grid.grade, result.grid, lookup, value)
  }
  return { result, nextChangeAtMs: nextActiveChange(score, nowMs) }
}
