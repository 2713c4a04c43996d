import { numberAt } from '../events/event-property.ts'
import type { EventProperty } from '../properties/compiled-property.ts'
import { countKind } from '../properties/count-kind.ts'
import { OCCURRENCE_STATE_FORMAT } from '../properties/occurrence-points-kind.ts'
import type { PropertyKind } from '../properties/property-kind.ts'
import { resetOn } from '../properties/reset-kind.ts'
import { URL_HIT_STATE_FORMAT, urlHitKind } from '../properties/url-hit-kind.ts'
import { adjustableOccurrencesKind } from './adjust-rules.ts'
import { isAdjusted, reachesRules, registerActivity } from './compile-adjust.ts'
import { compileDecay } from './compile-decay.ts'
import { compileMatcher } from './compile-properties.ts'
import { compileUrlHit } from './compile-url-hit.ts'
import type { RuleAmount } from './compiled-model.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { RuleSpec } from './model-schema.ts'
import { parseWindow, windowSignature } from './parse-window.ts'
import type { Path, RuleContext } from './rule-context.ts'

/** An `active` bound: an ISO date or date-time, as epoch ms; a problem otherwise. */
export function instant(text: string | undefined, path: Path, problems: ModelProblemAt[]): number | undefined {
  if (text === undefined) return undefined
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) problems.push({ path, message: `"${text}" is not an ISO date or date-time` })
  return Number.isNaN(ms) ? undefined : ms
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

/**
 * What an event rule counts: the hidden occurrence property of its event (with its window, decay, `once`, URL
 * conditions and adjustments), and points per occurrence or by frequency band.
 */
export function eventRuleAmount(name: string, spec: RuleSpec, ctx: RuleContext, path: Path): RuleAmount {
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
    // Frequency bands start counting again at a reset (left out elsewhere, so other signatures do not change).
    bandsReset: frequency !== undefined && ctx.resetOn !== undefined ? 1 : undefined,
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
    ctx.hidden.push(hidden(resetOn(countKind(() => 1, window) as PropertyKind<unknown>, isReset)))
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
