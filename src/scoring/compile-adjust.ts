import type { Event } from '../events/event.ts'
import { numberAt, propertyAt } from '../events/event-property.ts'
import { ADJUST_OPERATORS, type Adjustment, type AdjustOperator } from '../properties/adjustment.ts'
import { compileMatcher, type TypeMismatches } from './compile-properties.ts'
import { parseDurationMs } from './duration.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { AdjustSpec, InactivitySpec } from './model-schema.ts'
import { didYouMean } from './nearest-name.ts'

type Path = readonly (string | number)[]
type Matcher = (event: Event) => boolean

/** One `adjust` entry: which events adjust, with what operator and value. */
export interface CompiledAdjuster {
  /** The group it adjusts; undefined: the whole score. */
  group: string | undefined
  /** The operator and value an event carries; null when it is not an adjustment; `unusable` when it cannot be read. */
  read: (event: Event) => { operator: AdjustOperator; value: number } | 'unusable' | null
  label: string | undefined
  signal: boolean | undefined
}

/** An `inactivity` set of a group or score. */
export interface CompiledInactivity {
  group: string | undefined
  afterMs: number
  setTo: number
  isActivity: Matcher
  label: string
}

/**
 * What reaches the event rules of one place (a score's own rules, or a group): the adjustments of the score and of
 * the group, and the nearest inactivity set. Event rules register what they match in `activityOf`, which is the
 * activity of the group and the score when their inactivity set names no `days_since` property.
 */
export interface RuleAdjusting {
  /** The group this is; undefined: the score itself. */
  group: string | undefined
  adjusters: readonly CompiledAdjuster[]
  inactivity: CompiledInactivity | undefined
  activityOf: readonly Matcher[][]
  /** What changes the meaning of the rules' state here, for their signatures. */
  signature: unknown
}

const isOperator = (text: unknown): text is AdjustOperator =>
  typeof text === 'string' && (ADJUST_OPERATORS as readonly string[]).includes(text)

function compileAdjuster(
  spec: AdjustSpec,
  group: string | undefined,
  path: Path,
  problems: ModelProblemAt[],
  mismatches: TypeMismatches,
): CompiledAdjuster {
  if ((spec.operator === undefined) === (spec.operator_from === undefined)) {
    problems.push({ path, message: 'give "operator" or "operator_from", one of them' })
  }
  if (spec.value !== undefined && spec.value_from !== undefined) {
    problems.push({ path: [...path, 'value_from'], message: 'give "value" or "value_from", not both', atKey: true })
  }
  if (spec.value === undefined && spec.value_from === undefined && spec.operator !== 'reset') {
    problems.push({ path, message: 'give "value" or "value_from": the number the operator applies' })
  }
  if (spec.operator === 'divide' && spec.value === 0) {
    problems.push({ path: [...path, 'value'], message: 'cannot divide by 0' })
  }
  const matches = compileMatcher(spec.event, spec.where, path, problems, mismatches)
  const key = path.join('.')
  // Every event rule of the group reads the same event: count an unusable one once.
  const counted = new WeakSet<Event>()
  const unusable = (event: Event) => {
    if (!counted.has(event)) {
      counted.add(event)
      mismatches.set(key, (mismatches.get(key) ?? 0) + 1)
    }
    return 'unusable' as const
  }
  return {
    group,
    label: spec.label,
    signal: spec.signal,
    read: (event) => {
      if (!matches(event)) return null
      const raw = spec.operator ?? propertyAt(event, spec.operator_from ?? '')
      const operator = typeof raw === 'string' ? raw.trim().toLowerCase() : raw
      if (!isOperator(operator)) return unusable(event)
      if (operator === 'reset') return { operator, value: 0 }
      const value = spec.value ?? numberAt(event, spec.value_from ?? '')
      if (value === null || (operator === 'divide' && value === 0)) return unusable(event)
      return { operator, value }
    },
  }
}

function compileInactivity(
  spec: InactivitySpec,
  group: string | undefined,
  ownActivity: Matcher[],
  daysSince: ReadonlyMap<string, Matcher> | undefined,
  path: Path,
  problems: ModelProblemAt[],
): CompiledInactivity | undefined {
  const afterMs = parseDurationMs(spec.after)
  if (afterMs === undefined) {
    problems.push({ path: [...path, 'after'], message: `"${spec.after}" is not a duration (e.g. 30d, 12w)` })
  }
  let isActivity: Matcher = (event) => ownActivity.some((matches) => matches(event))
  if (spec.of !== undefined) {
    const matches = daysSince?.get(spec.of)
    if (matches === undefined) {
      const suggestion = didYouMean(spec.of, daysSince?.keys() ?? [])
      problems.push({
        path: [...path, 'of'],
        message: `"${spec.of}" is not a days_since property (of the last time)${suggestion}`,
      })
    } else isActivity = matches
  }
  if (afterMs === undefined) return undefined
  return { group, afterMs, setTo: spec.set, isActivity, label: spec.label ?? `Inactive for ${spec.after}` }
}

/** What the adjustments and inactivity of a score or group (`parent` for a group: its score's) mean for its rules. */
export function compileAdjusting(
  spec: { adjust?: AdjustSpec | AdjustSpec[] | undefined; inactivity?: InactivitySpec | undefined },
  group: string | undefined,
  parent: RuleAdjusting | undefined,
  daysSince: ReadonlyMap<string, Matcher> | undefined,
  path: Path,
  problems: ModelProblemAt[],
  mismatches: TypeMismatches,
): RuleAdjusting {
  const specs = spec.adjust === undefined ? [] : Array.isArray(spec.adjust) ? spec.adjust : [spec.adjust]
  const own = specs.map((adjust, i) =>
    compileAdjuster(
      adjust,
      group,
      Array.isArray(spec.adjust) ? [...path, 'adjust', i] : [...path, 'adjust'],
      problems,
      mismatches,
    ),
  )
  const activity: Matcher[] = []
  const inactivity =
    spec.inactivity === undefined
      ? parent?.inactivity
      : compileInactivity(spec.inactivity, group, activity, daysSince, [...path, 'inactivity'], problems)
  return {
    group,
    adjusters: [...(parent?.adjusters ?? []), ...own],
    inactivity,
    activityOf: [...(parent?.activityOf ?? []), activity],
    // Labels and descriptions only name things: changing them keeps the state.
    signature: [
      parent?.signature ?? null,
      specs.map(({ label, signal, description, ...meaning }) => meaning),
      spec.inactivity === undefined ? null : { ...spec.inactivity, label: undefined },
    ],
  }
}

/** Whether anything adjusts the rules here. */
export const isAdjusted = (adjusting: RuleAdjusting | undefined): adjusting is RuleAdjusting =>
  adjusting !== undefined && (adjusting.adjusters.length > 0 || adjusting.inactivity !== undefined)

/**
 * The adjustments an event makes as one rule sees them. `holder`: the group (or `null` for the score) whose adjusted
 * points this rule keeps; undefined for an ordinary event rule.
 */
export function adjustmentsFor(
  adjusting: RuleAdjusting,
  holder: string | null | undefined,
): (event: Event) => Adjustment[] {
  return (event) => {
    const found: Adjustment[] = []
    for (const adjuster of adjusting.adjusters) {
      const read = adjuster.read(event)
      if (read === null || read === 'unusable') continue
      found.push({ ...read, holds: holder !== undefined && (adjuster.group ?? null) === holder })
    }
    return found
  }
}

/** Whether an event reaches the rules here as an adjustment or as activity (so their state must see it). */
export function reachesRules(adjusting: RuleAdjusting): Matcher {
  return (event) =>
    adjusting.adjusters.some((adjuster) => adjuster.read(event) !== null) ||
    adjusting.inactivity?.isActivity(event) === true
}

/** An event rule's matcher, registered as activity of its group and score. */
export function registerActivity(adjusting: RuleAdjusting | undefined, matches: Matcher): void {
  for (const list of adjusting?.activityOf ?? []) list.push(matches)
}
