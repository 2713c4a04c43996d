import type { Event } from '../events/event.ts'
import type { Occurrences } from './occurrence-points-kind.ts'
import type { PropertyKind } from './property-kind.ts'

/** Bumped when the shape of this kind's state changes (it is part of the rule's signature: states are rebuilt). */
export const URL_HIT_STATE_FORMAT = 1

/**
 * Mautic's `url.hit` conditions, all of which must hold for a hit to score. Hits are counted on the rule's URL
 * pattern (every URL it matches together), as Mautic counts them (`page_hits LIKE pattern`).
 */
export interface UrlHitConditions {
  /** No earlier hit on the pattern. */
  firstTime: boolean
  /** At least this many hits on the pattern, this one included. */
  hitsAtLeast: number | undefined
  /** At least this many seconds spent on the pattern's pages in all, this hit included. */
  dwellAtLeastSeconds: number | undefined
  /** The seconds a hit spent on its page (an event property; Segment sends none by default); null when absent. */
  dwellSecondsOf: (event: Event) => number | null
  /** The previous hit on the pattern was at most this long before this one. */
  returnsWithinMs: number | undefined
  /** The previous hit on the pattern was at least this long before this one. */
  returnsAfterMs: number | undefined
}

/** The hits on the pattern folded in so far: how many, the seconds spent in all, and the latest one's time. */
export interface UrlHits {
  count: number
  dwellSeconds: number
  lastMs?: number
}

export interface UrlHitState {
  hits: UrlHits
  occurrences: Occurrences
}

const dwellSeconds = (conditions: UrlHitConditions, event: Event) => Math.max(0, conditions.dwellSecondsOf(event) ?? 0)

/**
 * Whether a hit meets every condition, given the hits before it. Hits are taken in the order they reach upscore
 * (as Mautic checks a hit against the hits it has recorded); a hit stamped before the latest one (out of order)
 * has no known previous hit, so it meets neither `returnsWithinMs` nor `returnsAfterMs`.
 */
function meetsUrlHitConditions(conditions: UrlHitConditions, before: UrlHits, event: Event): boolean {
  const { firstTime, hitsAtLeast, dwellAtLeastSeconds, returnsWithinMs, returnsAfterMs } = conditions
  if (firstTime && before.count > 0) return false
  if (hitsAtLeast !== undefined && before.count + 1 < hitsAtLeast) return false
  if (dwellAtLeastSeconds !== undefined) {
    const dwell = before.dwellSeconds + dwellSeconds(conditions, event)
    if (dwell < dwellAtLeastSeconds) return false
  }
  if (returnsWithinMs === undefined && returnsAfterMs === undefined) return true
  const gapMs =
    before.lastMs === undefined || before.lastMs > event.timestampMs ? undefined : event.timestampMs - before.lastMs
  if (gapMs === undefined) return false
  return (
    (returnsWithinMs === undefined || gapMs <= returnsWithinMs) &&
    (returnsAfterMs === undefined || gapMs >= returnsAfterMs)
  )
}

/**
 * An event rule on URL hits (Mautic's `url.hit` point action): keeps, besides the points of the hits that scored
 * (an occurrence-points state), three numbers about every hit on the pattern, so its state stays bounded. Events
 * that are not hits (the score's reset events) go to the occurrences as they are.
 */
export function urlHitKind(options: {
  isHit: (event: Event) => boolean
  conditions: UrlHitConditions
  /** The points of the hits that meet the conditions: their window, decay, `once` and reset. */
  occurrences: PropertyKind<Occurrences>
}): PropertyKind<UrlHitState> {
  const { isHit, conditions, occurrences } = options
  return {
    crmType: 'number',
    initial: () => ({ hits: { count: 0, dwellSeconds: 0 }, occurrences: occurrences.initial() }),
    apply: (state, event) => {
      if (!isHit(event)) {
        state.occurrences = occurrences.apply(state.occurrences, event)
        return state
      }
      const before = state.hits
      if (meetsUrlHitConditions(conditions, before, event)) {
        state.occurrences = occurrences.apply(state.occurrences, event)
      }
      const lastMs = Math.max(before.lastMs ?? event.timestampMs, event.timestampMs)
      state.hits = {
        count: before.count + 1,
        dwellSeconds: before.dwellSeconds + dwellSeconds(conditions, event),
        lastMs,
      }
      return state
    },
    value: (state, nowMs) => occurrences.value(state.occurrences, nowMs),
    occurrencesAt: (state, nowMs) => occurrences.occurrencesAt?.(state.occurrences, nowMs) ?? [],
    nextChangeAt: (state, nowMs) => occurrences.nextChangeAt(state.occurrences, nowMs),
    compact: (state, nowMs) => ({ hits: state.hits, occurrences: occurrences.compact(state.occurrences, nowMs) }),
    merge: (a, b) => {
      const lasts = [a.hits.lastMs, b.hits.lastMs].filter((t) => t !== undefined)
      const hits: UrlHits = {
        count: a.hits.count + b.hits.count,
        dwellSeconds: a.hits.dwellSeconds + b.hits.dwellSeconds,
      }
      if (lasts.length > 0) hits.lastMs = Math.max(...lasts)
      return { hits, occurrences: occurrences.merge(a.occurrences, b.occurrences) }
    },
  }
}
