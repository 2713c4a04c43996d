import { numberAt } from '../events/event-property.ts'
import type { EventProperty } from '../properties/compiled-property.ts'
import { countKind } from '../properties/count-kind.ts'
import { OCCURRENCE_STATE_FORMAT, occurrencePointsKind } from '../properties/occurrence-points-kind.ts'
import type { PropertyKind } from '../properties/property-kind.ts'
import { compileDecay } from './compile-decay.ts'
import { compileMatcher, labelFromName, parseWindow, type TypeMismatches } from './compile-properties.ts'
import type { CompiledGroup, CompiledRule, CompiledScore, RuleAmount, Tiers } from './compiled-model.ts'
import { type CompiledExpression, compileExpression, type ExpressionScope } from './expression.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { DecaySpec, GroupSpec, RuleSpec, ScoreSpec } from './model-schema.ts'

type Path = readonly (string | number)[]

/** Names an expression of a score may read. */
export interface ScoreNames {
  self: Set<string>
  company: Set<string>
}

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
      problems.push({ path, message: `unknown ${what}`, offset: Math.max(0, source.indexOf(ref.name)) })
    }
  }
  return compiled.expression
}

function instant(text: string | undefined, path: Path, problems: ModelProblemAt[]): number | undefined {
  if (text === undefined) return undefined
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) problems.push({ path, message: `"${text}" is not an ISO date or date-time` })
  return Number.isNaN(ms) ? undefined : ms
}

interface RuleContext {
  score: string
  scope: ExpressionScope
  names: ScoreNames
  zone: string
  groupDecay: DecaySpec | undefined
  groupPath: Path | undefined
  problems: ModelProblemAt[]
  /** Hidden properties the score's event rules need on their subject. */
  hidden: EventProperty[]
  mismatches: TypeMismatches
  /** The events that reset the score's (or group's) event rules. */
  resetOn: string | string[] | undefined
}

function compileBands(spec: NonNullable<RuleSpec['frequency']>, path: Path, problems: ModelProblemAt[]) {
  return spec.map((band, index) => {
    const forms = [band.at_least, band.between, band.exactly].filter((form) => form !== undefined)
    if (forms.length !== 1)
      problems.push({ path: [...path, index], message: 'a band is one of: at_least, between, exactly' })
    if (band.between !== undefined && band.between[0] > band.between[1]) {
      problems.push({ path: [...path, index, 'between'], message: 'between [low, high] needs low ≤ high' })
    }
    const from = band.at_least ?? band.between?.[0] ?? band.exactly ?? 0
    const to = band.at_least !== undefined ? Number.POSITIVE_INFINITY : (band.between?.[1] ?? band.exactly ?? 0)
    return { from, to, points: band.points }
  })
}

function eventRuleAmount(name: string, spec: RuleSpec, ctx: RuleContext, path: Path): RuleAmount {
  const { problems } = ctx
  for (const key of ['of', 'per'] as const) {
    if (spec[key] !== undefined)
      problems.push({ path: [...path, key], message: `"${key}" does not go with "event"`, atKey: true })
  }
  const activeFrom = instant(spec.active?.from, [...path, 'active', 'from'], problems)
  const activeTo = instant(spec.active?.to, [...path, 'active', 'to'], problems)
  const matchesEvent = compileMatcher(spec.event, spec.where, path, problems, ctx.mismatches)
  const matches: EventProperty['matches'] = (event) =>
    matchesEvent(event) &&
    (activeFrom === undefined || event.timestampMs >= activeFrom) &&
    (activeTo === undefined || event.timestampMs < activeTo)
  const window = parseWindow(spec.within, ctx.zone, [...path, 'within'], problems)
  const property = `__rule:${ctx.score}:${name}`
  const isReset =
    ctx.resetOn === undefined ? () => false : compileMatcher(ctx.resetOn, undefined, path, problems, ctx.mismatches)
  const { event, where, within, decay: ownDecay, once, frequency, active, points, points_from } = spec
  const signature = JSON.stringify({
    format: OCCURRENCE_STATE_FORMAT,
    event,
    where,
    within,
    ownDecay,
    once,
    frequency,
    active,
    points,
    points_from,
    resetOn: ctx.resetOn,
    groupDecay: ctx.groupDecay,
    zone: ctx.zone,
  })
  const hidden = (kind: PropertyKind): EventProperty => ({
    name: property,
    hidden: true,
    signature,
    label: property,
    description: undefined,
    crmType: 'number',
    source: 'events',
    kind,
    // Reset events reach the rule's state too: occurrences up to them stop counting.
    matches: (e) => matches(e) || isReset(e),
  })
  if (spec.frequency !== undefined) {
    if (spec.decay !== undefined)
      problems.push({ path: [...path, 'decay'], message: 'frequency bands do not decay', atKey: true })
    if (spec.points !== undefined) {
      problems.push({
        path: [...path, 'points'],
        message: 'with frequency bands the points are in the bands',
        atKey: true,
      })
    }
    ctx.hidden.push(hidden(countKind(() => 1, window)))
    return { kind: 'bands', property, bands: compileBands(spec.frequency, [...path, 'frequency'], problems) }
  }
  const decaySpec = spec.decay ?? ctx.groupDecay
  const decayPath = spec.decay !== undefined ? [...path, 'decay'] : [...(ctx.groupPath ?? path), 'decay']
  const decay = compileDecay(decaySpec, decayPath, problems)
  if (spec.points !== undefined && spec.points_from !== undefined) {
    problems.push({ path: [...path, 'points_from'], message: 'give "points" or "points_from", not both', atKey: true })
  }
  const field = spec.points_from
  const fixed = spec.points ?? 0
  const pointsOf =
    field === undefined ? () => fixed : (e: Parameters<EventProperty['matches']>[0]) => numberAt(e, field)
  ctx.hidden.push(
    hidden(
      occurrencePointsKind({
        pointsOf: (e) => (matches(e) ? pointsOf(e) : null),
        window,
        decay,
        once: spec.once ?? false,
        isReset,
      }),
    ),
  )
  return { kind: 'occurrences', property }
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
  const isEventRule = spec.event !== undefined
  if (!isEventRule) {
    for (const key of ['where', 'within', 'decay', 'once', 'frequency', 'points_from'] as const) {
      if (spec[key] !== undefined)
        problems.push({ path: [...path, key], message: `"${key}" needs "event"`, atKey: true })
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
    spec.of === undefined || isEventRule
      ? undefined
      : compileChecked(spec.of, ctx.scope, ctx.names, [...path, 'of'], problems)
  const match =
    spec.match === undefined || isEventRule
      ? undefined
      : compileChecked(spec.match, ctx.scope, ctx.names, [...path, 'match'], problems)
  if ((spec.values !== undefined || spec.default !== undefined) && spec.match === undefined) {
    problems.push({ path: [...path, 'values'], message: '"values" and "default" need "match"', atKey: true })
  }
  if (spec.match !== undefined && (isEventRule || of !== undefined)) {
    problems.push({ path: [...path, 'match'], message: '"match" goes with neither "event" nor "of"', atKey: true })
  }
  let amount: RuleAmount
  if (isEventRule) amount = eventRuleAmount(name, spec, ctx, path)
  else if (of !== undefined) amount = { kind: 'per', of, per: spec.per ?? 1 }
  else if (match !== undefined)
    amount = { kind: 'match', of: match, values: spec.values ?? {}, fallback: spec.default ?? 0 }
  else amount = { kind: 'constant' }
  return {
    name,
    label: spec.label ?? labelFromName(name),
    signal: spec.signal ?? true,
    when:
      spec.when === undefined
        ? undefined
        : compileChecked(spec.when, ctx.scope, ctx.names, [...path, 'when'], problems),
    points: spec.points ?? 0,
    amount,
    activeFromMs: isEventRule ? undefined : instant(spec.active?.from, [...path, 'active', 'from'], problems),
    activeToMs: isEventRule ? undefined : instant(spec.active?.to, [...path, 'active', 'to'], problems),
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
  spec: Pick<GroupSpec, 'category' | 'max' | 'min' | 'decay' | 'rules' | 'reset_on'>,
  ctx: RuleContext,
  path: Path,
): CompiledGroup {
  if (spec.category === 'fit' && spec.decay !== undefined) {
    ctx.problems.push({ path: [...path, 'decay'], message: 'fit groups never decay', atKey: true })
  }
  const groupCtx: RuleContext = {
    ...ctx,
    groupDecay: spec.decay,
    groupPath: path,
    resetOn: spec.reset_on ?? ctx.resetOn,
  }
  const rules = Object.entries(spec.rules).map(([ruleName, rule]) =>
    compileRule(ruleName, rule, groupCtx, [...path, 'rules', ruleName]),
  )
  return { name, category: spec.category, max: spec.max, min: spec.min, rules }
}

/** Compiles a score; its event rules add hidden properties to `hidden`. */
export function compileScore(
  name: string,
  spec: ScoreSpec,
  names: ScoreNames,
  zone: string,
  path: Path,
  problems: ModelProblemAt[],
  hidden: EventProperty[],
  mismatches: TypeMismatches,
): CompiledScore {
  const scope: ExpressionScope = spec.subject === 'contact' ? 'contact-with-company' : 'entity'
  const ctx: RuleContext = {
    mismatches,
    score: name,
    scope,
    names,
    zone,
    groupDecay: undefined,
    groupPath: undefined,
    problems,
    hidden,
    resetOn: spec.reset_on,
  }
  const groups: CompiledGroup[] = []
  if (spec.rules !== undefined) groups.push(compileGroup(undefined, { rules: spec.rules }, ctx, path))
  for (const [groupName, group] of Object.entries(spec.groups ?? {})) {
    groups.push(compileGroup(groupName, group, ctx, [...path, 'groups', groupName]))
  }
  if (groups.length === 0) problems.push({ path, message: `score "${name}" has no rules and no groups` })
  if (spec.grid !== undefined && !groups.some((g) => g.category !== undefined)) {
    problems.push({
      path: [...path, 'grid'],
      message: 'a grid needs groups with a category (fit, engagement)',
      atKey: true,
    })
  }
  const labels = compileTiers(spec.labels, [...path, 'labels'], problems)
  const onlyWhen =
    spec.only_when === undefined
      ? undefined
      : compileChecked(spec.only_when, scope, names, [...path, 'only_when'], problems)
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
    grid:
      spec.grid === undefined
        ? undefined
        : {
            fit: compileTiers(spec.grid.fit, [...path, 'grid', 'fit'], problems),
            engagement: compileTiers(spec.grid.engagement, [...path, 'grid', 'engagement'], problems),
            cells: spec.grid.cells,
          },
  }
}
