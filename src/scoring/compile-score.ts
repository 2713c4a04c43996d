import type { EventProperty } from '../properties/compiled-property.ts'
import { holdersOf } from './adjust-rules.ts'
import { compileAdjusting } from './compile-adjust.ts'
import { type BecameDraft, becameRuleAmount } from './compile-became.ts'
import { eventRuleAmount, instant } from './compile-event-rule.ts'
import { compileGrade } from './compile-grade.ts'
import { compilePercentileTiers } from './compile-percentile-labels.ts'
import type { TypeMismatches } from './compile-properties.ts'
import { compileSignal } from './compile-signal.ts'
import { URL_HIT_OPTIONS } from './compile-url-hit.ts'
import type { CompiledGroup, CompiledRule, CompiledScore, RuleAmount, Tiers } from './compiled-model.ts'
import { type CompiledExpression, compileExpression, type ExpressionScope } from './expression.ts'
import { labelBounds } from './label-bounds.ts'
import { labelFromName } from './label-from-name.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { GroupSpec, RuleSpec, ScoreSpec } from './model-schema.ts'
import { didYouMean } from './nearest-name.ts'
import type { ModelCalendar } from './parse-window.ts'
import type { Path, RuleContext, ScoreNames } from './rule-context.ts'
import { allOf, membershipCondition, scopeCondition } from './segment-condition.ts'

const subjectOf = (scope: ExpressionScope) => (scope === 'contact-with-company' ? 'contact' : 'company')

export function compileChecked(
  source: string,
  scope: ExpressionScope,
  names: ScoreNames,
  path: Path,
  problems: ModelProblemAt[],
): CompiledExpression | undefined {
  const compiled = compileExpression(source, scope)
  if (!compiled.ok) {
    problems.push({ path, message: compiled.problem.message, offset: compiled.problem.offset })
    return undefined
  }
  for (const ref of compiled.expression.references) {
    const known = ref.scope === 'company' ? names.company : names.self
    if (!known.has(ref.name)) {
      const what = ref.scope === 'company' ? `company property "${ref.name}"` : `property or score "${ref.name}"`
      const message = `unknown ${what}${didYouMean(ref.name, known)}`
      problems.push({ path, message, offset: Math.max(0, source.indexOf(ref.name)) })
    }
  }
  return compiled.expression
}

function compileRule(name: string, spec: RuleSpec, ctx: RuleContext, path: Path): CompiledRule {
  const { problems } = ctx
  if (
    spec.points === undefined &&
    spec.frequency === undefined &&
    spec.points_from === undefined &&
    spec.match === undefined
  ) {
    problems.push({ path, message: `rule "${name}" gives no points: add "points"` })
  }
  if (spec.max !== undefined && spec.min !== undefined && spec.min > spec.max) {
    problems.push({ path: [...path, 'min'], message: `min ${spec.min} is above max ${spec.max}` })
  }
  // Rules with a `url` score hits (page calls), and `became` rules instants: both are occurrence rules.
  const isEventRule = spec.event !== undefined || spec.url !== undefined
  const isBecame = spec.became !== undefined && !isEventRule
  if (!isEventRule && !isBecame) {
    for (const key of ['where', 'within', 'decay', 'once', 'frequency', 'points_from', ...URL_HIT_OPTIONS] as const) {
      if (spec[key] !== undefined) {
        const needs = (URL_HIT_OPTIONS as readonly string[]).includes(key) ? 'url' : 'event'
        problems.push({ path: [...path, key], message: `"${key}" needs "${needs}"`, atKey: true })
      }
    }
    if (spec.per !== undefined && spec.of === undefined) {
      problems.push({
        path: [...path, 'per'],
        message: '"per" needs "of": the number the points are counted on',
        atKey: true,
      })
    }
  }
  const of =
    spec.of === undefined || isEventRule || isBecame
      ? undefined
      : compileChecked(spec.of, ctx.scope, ctx.names, [...path, 'of'], problems)
  const match =
    spec.match === undefined || isEventRule || isBecame
      ? undefined
      : compileChecked(spec.match, ctx.scope, ctx.names, [...path, 'match'], problems)
  if ((spec.values !== undefined || spec.default !== undefined) && spec.match === undefined) {
    problems.push({ path: [...path, 'values'], message: '"values" and "default" need "match"', atKey: true })
  }
  if (spec.match !== undefined && (isEventRule || of !== undefined)) {
    problems.push({ path: [...path, 'match'], message: '"match" goes with neither "event" nor "of"', atKey: true })
  }
  let amount: RuleAmount
  if (isEventRule) {
    if (spec.became !== undefined)
      problems.push({ path: [...path, 'became'], message: '"became" does not go with "event" or "url"', atKey: true })
    amount = eventRuleAmount(name, spec, ctx, path)
  } else if (isBecame) {
    const known = problems.length
    const when = compileChecked(spec.became ?? '', ctx.scope, ctx.names, [...path, 'became'], problems)
    // A condition with a problem already said is not checked again by what it reads.
    amount = becameRuleAmount(name, spec, problems.length === known ? when : undefined, ctx, path)
  } else if (of !== undefined) amount = { kind: 'per', of, per: spec.per ?? 1 }
  else if (match !== undefined)
    amount = { kind: 'match', of: match, values: spec.values ?? {}, fallback: spec.default ?? 0 }
  else amount = { kind: 'constant' }
  return {
    name,
    label: spec.label ?? labelFromName(name),
    ...compileSignal(
      spec.signal,
      { scope: ctx.scope, names: ctx.names, hasBands: spec.frequency !== undefined },
      [...path, 'signal'],
      problems,
    ),
    priority: spec.priority,
    when: allOf([
      spec.when === undefined
        ? undefined
        : compileChecked(spec.when, ctx.scope, ctx.names, [...path, 'when'], problems),
      membershipCondition(spec.segments, subjectOf(ctx.scope), ctx.names.segments, [...path, 'segments'], problems),
    ]),
    points: spec.points ?? 0,
    amount,
    // Event and became rules count only the occurrences in their `active` window.
    activeFromMs:
      isEventRule || isBecame ? undefined : instant(spec.active?.from, [...path, 'active', 'from'], problems),
    activeToMs: isEventRule || isBecame ? undefined : instant(spec.active?.to, [...path, 'active', 'to'], problems),
    max: spec.max,
    min: spec.min,
  }
}

function compileTiers(tiers: Record<string, number | null> | undefined, path: Path, problems: ModelProblemAt[]): Tiers {
  const entries = Object.entries(tiers ?? {})
  const fallbacks = entries.filter(([, atLeast]) => atLeast === null)
  if (fallbacks.length > 1) problems.push({ path, message: 'only one label can have no threshold (null)' })
  return {
    thresholds: entries
      .filter((entry): entry is [string, number] => entry[1] !== null)
      .map(([label, atLeast]) => ({ label, atLeast }))
      .sort((a, b) => b.atLeast - a.atLeast),
    fallbackLabel: fallbacks[0]?.[0] ?? null,
  }
}

function compileGroup(
  name: string | undefined,
  spec: Pick<GroupSpec, 'category' | 'max' | 'min' | 'decay' | 'rules' | 'reset_on' | 'adjust' | 'inactivity'>,
  ctx: RuleContext,
  path: Path,
): CompiledGroup {
  // A decaying fit group is computed as written; `hubspotLints` warns that fit never decays elsewhere.
  const groupCtx: RuleContext = {
    ...ctx,
    groupDecay: spec.decay,
    groupPath: path,
    resetOn: spec.reset_on ?? ctx.resetOn,
    adjusting:
      name === undefined
        ? ctx.adjusting
        : compileAdjusting(spec, name, ctx.adjusting, ctx.names.daysSince, path, ctx.problems, ctx.mismatches),
  }
  const rules = Object.entries(spec.rules).map(([ruleName, rule]) =>
    compileRule(ruleName, rule, groupCtx, [...path, 'rules', ruleName]),
  )
  const { score, resetOn, hidden, mismatches } = groupCtx
  if (name !== undefined)
    rules.push(...holdersOf(groupCtx.adjusting, { score, resetOn, decay: spec.decay, hidden, mismatches }, path))
  return { name, category: spec.category, max: spec.max, min: spec.min, rules }
}

/** A rule's name is its reason's name and its state's: one score cannot have two rules of one name. */
function reportRepeatedRuleNames(spec: ScoreSpec, path: Path, problems: ModelProblemAt[]): void {
  const seen = new Map<string, string>()
  const places: [Path, Record<string, unknown>, string][] = [[path, spec.rules ?? {}, "the score's own rules"]]
  for (const [groupName, group] of Object.entries(spec.groups ?? {}))
    places.push([[...path, 'groups', groupName], group.rules, `group "${groupName}"`])
  for (const [at, rules, where] of places) {
    for (const ruleName of Object.keys(rules)) {
      const first = seen.get(ruleName)
      if (first === undefined) seen.set(ruleName, where)
      else
        problems.push({
          path: [...at, 'rules', ruleName],
          message: `rule "${ruleName}" is also in ${first}: give it another name`,
          atKey: true,
        })
    }
  }
}

/** Compiles a score; its event rules add hidden properties to `hidden`. */
export function compileScore(
  name: string,
  spec: ScoreSpec,
  names: ScoreNames,
  calendar: ModelCalendar,
  path: Path,
  problems: ModelProblemAt[],
  hidden: EventProperty[],
  mismatches: TypeMismatches,
  became: BecameDraft[] = [],
): CompiledScore {
  const scope: ExpressionScope = spec.subject === 'contact' ? 'contact-with-company' : 'entity'
  const ctx: RuleContext = {
    mismatches,
    score: name,
    scope,
    names,
    calendar,
    groupDecay: undefined,
    groupPath: undefined,
    problems,
    hidden,
    resetOn: spec.reset_on,
    became,
    adjusting: compileAdjusting(spec, undefined, undefined, names.daysSince, path, problems, mismatches),
  }
  const groups: CompiledGroup[] = []
  reportRepeatedRuleNames(spec, path, problems)
  if (spec.rules !== undefined) groups.push(compileGroup(undefined, { rules: spec.rules }, ctx, path))
  for (const [groupName, group] of Object.entries(spec.groups ?? {})) {
    groups.push(compileGroup(groupName, group, ctx, [...path, 'groups', groupName]))
  }
  // The score's own adjustments and inactivity value are a part of their own, in no category.
  const holders = holdersOf(
    ctx.adjusting,
    { score: name, resetOn: spec.reset_on, decay: undefined, hidden, mismatches },
    path,
  )
  if (holders.length > 0)
    groups.push({ name: undefined, category: undefined, max: undefined, min: undefined, rules: holders })
  if (groups.length === 0) problems.push({ path, message: `score "${name}" has no rules and no groups` })
  if (spec.grid !== undefined && !groups.some((g) => g.category !== undefined)) {
    problems.push({
      path: [...path, 'grid'],
      message: 'a grid needs groups with a category (fit, engagement)',
      atKey: true,
    })
  }
  const { bounds, colors } = labelBounds(spec.labels)
  const labels = compileTiers(bounds, [...path, 'labels'], problems)
  // Segment scope is one more condition of `only_when`: out of scope, the subject has no score.
  const onlyWhen = allOf([
    spec.only_when === undefined
      ? undefined
      : compileChecked(spec.only_when, scope, names, [...path, 'only_when'], problems),
    scopeCondition(spec, spec.subject, names.segments, path, problems),
  ])
  const normalizeFrom = spec.normalize?.from
  if (normalizeFrom !== undefined && normalizeFrom[0] >= normalizeFrom[1]) {
    problems.push({ path: [...path, 'normalize', 'from'], message: 'normalize from [low, high] needs low < high' })
  }
  return {
    name,
    label: spec.label ?? labelFromName(name),
    subject: spec.subject,
    onlyWhen,
    normalizeFrom,
    groups,
    max: spec.max,
    min: spec.min,
    categoryMax: spec.category_max ?? {},
    categoryMin: spec.category_min ?? {},
    thresholds: labels.thresholds,
    fallbackLabel: labels.fallbackLabel,
    percentiles: compilePercentileTiers(spec, path, problems),
    ...(Object.keys(colors).length > 0 ? { labelColors: colors } : {}),
    grid:
      spec.grid === undefined
        ? undefined
        : {
            fit: compileTiers(spec.grid.fit, [...path, 'grid', 'fit'], problems),
            engagement: compileTiers(spec.grid.engagement, [...path, 'grid', 'engagement'], problems),
            cells: spec.grid.cells,
            grade: compileGrade(spec, (text, at) => compileChecked(text, scope, names, at, problems), path, problems),
          },
  }
}
