import { numberAt } from '../events/event-property.ts'
import type { EventProperty } from '../properties/compiled-property.ts'
import { countKind } from '../properties/count-kind.ts'
import { OCCURRENCE_STATE_FORMAT } from '../properties/occurrence-points-kind.ts'
import type { PropertyKind } from '../properties/property-kind.ts'
import { URL_HIT_STATE_FORMAT, urlHitKind } from '../properties/url-hit-kind.ts'
import { adjustableOccurrencesKind, holdersOf } from './adjust-rules.ts'
import { compileAdjusting, isAdjusted, type RuleAdjusting, reachesRules, registerActivity } from './compile-adjust.ts'
import { type BecameDraft, becameRuleAmount } from './compile-became.ts'
import { compileDecay } from './compile-decay.ts'
import { compileGrade } from './compile-grade.ts'
import { compilePercentileTiers } from './compile-percentile-labels.ts'
import { compileMatcher, labelFromName, type TypeMismatches } from './compile-properties.ts'
import { compileSignal } from './compile-signal.ts'
import { compileUrlHit, URL_HIT_OPTIONS } from './compile-url-hit.ts'
import type { CompiledGroup, CompiledRule, CompiledScore, RuleAmount, Tiers } from './compiled-model.ts'
import { type CompiledExpression, compileExpression, type ExpressionScope } from './expression.ts'
import { labelBounds } from './label-bounds.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { DecaySpec, GroupSpec, RuleSpec, ScoreSpec } from './model-schema.ts'
import { type ModelCalendar, parseWindow, windowSignature } from './parse-window.ts'
import { allOf, membershipCondition, type SegmentNames, scopeCondition } from './segment-condition.ts'

type Path = readonly (string | number)[]

/** Names an expression of a score may read. */
export interface ScoreNames {
  self: Set<string>
  company: Set<string>
  /** The model's segments, for `segments:` rules and a score's scope. */
  segments?: SegmentNames
  /** The subject's `days_since` properties (of the last time) by name, with their events: activity for `inactivity`. */
  daysSince?: ReadonlyMap<string, EventProperty['matches']>
}

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
  calendar: ModelCalendar
  groupDecay: DecaySpec | undefined
  groupPath: Path | undefined
  problems: ModelProblemAt[]
  /** Hidden properties the score's event rules need on their subject. */
  hidden: EventProperty[]
  mismatches: TypeMismatches
  /** The events that reset the score's (or group's) event rules. */
  resetOn: string | string[] | undefined
  /** The score's `became` rules, finished with the whole model. */
  became: BecameDraft[]
  /** The adjustments and inactivity set that reach the event rules here. */
  adjusting: RuleAdjusting | undefined
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
  const urlHit = compileUrlHit(spec, path, problems, ctx.mismatches)
  const matchesEvent = urlHit?.isHit ?? compileMatcher(spec.event, spec.where, path, problems, ctx.mismatches)
  const matches: EventProperty['matches'] = (event) =>
    matchesEvent(event) &&
    (activeFrom === undefined || event.timestampMs >= activeFrom) &&
    (activeTo === undefined || event.timestampMs < activeTo)
  registerActivity(ctx.adjusting, matches)
  const window = parseWindow(spec.within, ctx.calendar, [...path, 'within'], problems)
  const property = `__rule:${ctx.score}:${name}`
  const isReset =
    ctx.resetOn === undefined ? () => false : compileMatcher(ctx.resetOn, undefined, path, problems, ctx.mismatches)
  const { event, where, within, decay: ownDecay, once, frequency, active, points, points_from } = spec
  const { url, first_time, hits_at_least, dwell_at_least, dwell_from, returns_within, returns_after } = spec
  const signature = JSON.stringify({
    format: OCCURRENCE_STATE_FORMAT,
    // Undefined (left out) for other rules, so their signatures do not change.
    urlHitFormat: url === undefined ? undefined : URL_HIT_STATE_FORMAT,
    url,
    first_time,
    hits_at_least,
    dwell_at_least,
    dwell_from,
    returns_within,
    returns_after,
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
    adjusting: isAdjusted(ctx.adjusting) ? ctx.adjusting.signature : undefined,
    zone: ctx.calendar.zone,
    ...windowSignature(within, ctx.calendar),
  })
  // Adjustments and activity reach the rule's points (not frequency bands, which count events).
  const reaches = spec.frequency === undefined && isAdjusted(ctx.adjusting) ? reachesRules(ctx.adjusting) : () => false
  const hidden = (kind: PropertyKind): EventProperty => ({
    name: property,
    hidden: true,
    signature,
    label: property,
    description: undefined,
    crmType: 'number',
    source: 'events',
    kind,
    // Reset events reach the rule's state too: occurrences up to them stop counting. A URL rule sees every hit on
    // its pattern, in its `active` window or not: they all count towards its conditions.
    matches: (e) => (urlHit === undefined ? matches(e) : matchesEvent(e)) || isReset(e) || reaches(e),
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
  const occurrences = adjustableOccurrencesKind(
    { pointsOf: (e) => (matches(e) ? pointsOf(e) : null), window, decay, once: spec.once ?? false, isReset },
    ctx.adjusting,
  )
  // A URL rule keeps its hits on the pattern too: only hits that meet its conditions reach the occurrences.
  const kind = urlHit === undefined ? occurrences : urlHitKind({ ...urlHit, occurrences })
  ctx.hidden.push(hidden(kind))
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
