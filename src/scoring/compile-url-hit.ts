import type { Event } from '../events/event.ts'
import { numberAt, propertyAt } from '../events/event-property.ts'
import type { UrlHitConditions } from '../properties/url-hit-kind.ts'
import { compileMatcher, type TypeMismatches } from './compile-properties.ts'
import { parseDurationMs } from './duration.ts'
import type { ModelProblemAt } from './model-problem.ts'
import type { RuleSpec } from './model-schema.ts'
import { compileWildcard } from './wildcard.ts'

type Path = readonly (string | number)[]

/** The options of a `url` rule (Mautic's `url.hit` conditions). */
export const URL_HIT_OPTIONS = [
  'first_time',
  'hits_at_least',
  'dwell_at_least',
  'dwell_from',
  'returns_within',
  'returns_after',
] as const

/**
 * The URL of a hit (a Segment `page` call, or a tracked event with the same properties): a path pattern
 * (`/pricing*`) is matched against `properties.path` (or the path of `properties.url`), any other pattern against
 * the full `properties.url`, query string included.
 */
function urlOfHit(event: Event, byPath: boolean): string | undefined {
  const url = propertyAt(event, 'url')
  if (!byPath) return typeof url === 'string' ? url : undefined
  const path = propertyAt(event, 'path')
  if (typeof path === 'string') return path
  if (typeof url !== 'string') return undefined
  return URL.canParse(url) ? new URL(url).pathname : url
}

export interface CompiledUrlHit {
  /** Whether an event is a hit on the rule's URL pattern (the rule's `active` window aside). */
  isHit: (event: Event) => boolean
  conditions: UrlHitConditions
}

function duration(
  spec: RuleSpec,
  key: 'dwell_at_least' | 'returns_within' | 'returns_after',
  path: Path,
  problems: ModelProblemAt[],
) {
  const text = spec[key]
  if (text === undefined) return undefined
  const ms = parseDurationMs(text)
  if (ms === undefined)
    problems.push({ path: [...path, key], message: `"${text}" is not a duration (e.g. 90s, 10m, 7d)` })
  return ms
}

/** Conditions that can never all hold: worth a problem rather than a rule that silently never scores. */
function checkContradictions(
  spec: RuleSpec,
  within: number | undefined,
  after: number | undefined,
  path: Path,
  problems: ModelProblemAt[],
) {
  const at = (key: string, message: string) => problems.push({ path: [...path, key], message, atKey: true })
  if (spec.first_time === true) {
    if ((spec.hits_at_least ?? 1) > 1) at('hits_at_least', 'never holds with "first_time": a first hit is hit 1')
    for (const key of ['returns_within', 'returns_after'] as const) {
      if (spec[key] !== undefined) at(key, `never holds with "first_time": a first hit has no previous hit`)
    }
  }
  if (within !== undefined && after !== undefined && within < after) {
    at(
      'returns_within',
      `returns_within ${spec.returns_within} is shorter than returns_after ${spec.returns_after}: never holds`,
    )
  }
  if (spec.dwell_at_least !== undefined && spec.dwell_from === undefined) {
    at(
      'dwell_at_least',
      '"dwell_at_least" needs "dwell_from": the event property with the seconds spent on the page (Segment sends none by default)',
    )
  }
  if (spec.dwell_from !== undefined && spec.dwell_at_least === undefined) {
    at('dwell_from', '"dwell_from" needs "dwell_at_least"')
  }
}

/**
 * Compiles a rule's `url` and its hit conditions. Without `event` the hits are Segment `page` calls; with it, those
 * tracked events. Undefined when the rule has no `url` (its hit conditions are then problems).
 */
export function compileUrlHit(
  spec: RuleSpec,
  path: Path,
  problems: ModelProblemAt[],
  mismatches: TypeMismatches,
): CompiledUrlHit | undefined {
  if (spec.url === undefined) {
    for (const key of URL_HIT_OPTIONS) {
      if (spec[key] !== undefined) problems.push({ path: [...path, key], message: `"${key}" needs "url"`, atKey: true })
    }
    return undefined
  }
  if (spec.frequency !== undefined) {
    problems.push({ path: [...path, 'frequency'], message: 'frequency bands do not go with "url"', atKey: true })
  }
  const returnsWithinMs = duration(spec, 'returns_within', path, problems)
  const returnsAfterMs = duration(spec, 'returns_after', path, problems)
  const dwellMs = duration(spec, 'dwell_at_least', path, problems)
  checkContradictions(spec, returnsWithinMs, returnsAfterMs, path, problems)
  const calls =
    spec.event === undefined
      ? compileMatcher(undefined, spec.where, path, problems, mismatches, 'page')
      : compileMatcher(spec.event, spec.where, path, problems, mismatches)
  const isUrlMatch = compileWildcard(spec.url)
  const byPath = spec.url.startsWith('/')
  const dwellFrom = spec.dwell_from
  return {
    isHit: (event) => {
      if (!calls(event)) return false
      const url = urlOfHit(event, byPath)
      return url !== undefined && isUrlMatch(url)
    },
    conditions: {
      firstTime: spec.first_time === true,
      hitsAtLeast: spec.hits_at_least,
      dwellAtLeastSeconds: dwellMs === undefined ? undefined : dwellMs / 1000,
      dwellSecondsOf: dwellFrom === undefined ? () => null : (event) => numberAt(event, dwellFrom),
      returnsWithinMs,
      returnsAfterMs,
    },
  }
}
