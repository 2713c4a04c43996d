import type { Event } from '../events/event.ts'
import { type AdjustedOccurrences, type Adjustment, applyAdjustment, factorAfter } from './adjustment.ts'
import { type Inactivity, inactiveFrom, noteActivity, settleInactivity } from './inactivity.ts'
import { type OccurrencePointsOptions, occurrencePointsKind } from './occurrence-points-kind.ts'
import type { PropertyKind } from './property-kind.ts'
import { expiredBefore } from './time-window.ts'

export interface AdjustingOptions {
  /** The adjustments an event makes, as this rule sees them (none for most events; two when score and group both adjust). */
  adjustmentsOf: (event: Event) => readonly Adjustment[]
  inactivity: Inactivity | undefined
}

const copyOf = (state: AdjustedOccurrences): AdjustedOccurrences => ({
  ...state,
  points: state.points.map(([time, points]) => [time, points]),
  ...(state.scales === undefined ? {} : { scales: state.scales.map(([time, by]) => [time, by]) }),
})

/**
 * An event rule's points (see `occurrencePointsKind`) that adjustments and an inactivity set also change, in the
 * order of their times: each event first applies the inactivity set that happened before it, then its adjustments,
 * then counts as an occurrence. Values and schedules read the state with the inactivity set applied up to `now`;
 * the stored state only changes with events, so compacting it never changes a value.
 */
export function adjustedOccurrencesKind(
  options: OccurrencePointsOptions,
  adjusting: AdjustingOptions,
): PropertyKind<AdjustedOccurrences> {
  const { adjustmentsOf, inactivity } = adjusting
  // Set by `apply` for the one call to the inner kind it makes: an occurrence that arrives after a `times` stamped
  // later than it is scaled by it (the inner kind only knows its points).
  let lateFactor = 1
  const inner = occurrencePointsKind({
    ...options,
    pointsOf: (event) => {
      const points = options.pointsOf(event)
      return points === null ? null : points * lateFactor
    },
  })

  const settled = (state: AdjustedOccurrences, nowMs: number): AdjustedOccurrences => {
    if (inactivity === undefined) return state
    const atMs = inactiveFrom(state, inactivity)
    if (atMs === undefined || atMs > nowMs) return state
    const copy = copyOf(state)
    settleInactivity(copy, nowMs, inactivity)
    return copy
  }

  /** What the inner kind drops when it compacts or merges. */
  const extras = (state: AdjustedOccurrences, cutMs: number) => {
    const afterMs = Math.max(cutMs, (state.resetAtMs ?? Number.NEGATIVE_INFINITY) + 1)
    const scales = state.scales?.filter(([time]) => time > afterMs)
    return {
      ...(scales === undefined || scales.length === 0 ? {} : { scales }),
      ...(state.lastActivityMs === undefined ? {} : { lastActivityMs: state.lastActivityMs }),
    }
  }

  return {
    crmType: 'number',
    initial: () => ({ points: [] }),
    apply: (state, event) => {
      const atMs = event.timestampMs
      if (inactivity !== undefined) settleInactivity(state, atMs, inactivity)
      for (const adjustment of adjustmentsOf(event)) applyAdjustment(state, atMs, adjustment)
      if (inactivity?.isActivity(event) === true) noteActivity(state, atMs)
      lateFactor = factorAfter(state, atMs)
      try {
        return inner.apply(state, event)
      } finally {
        lateFactor = 1
      }
    },
    value: (state, nowMs) => inner.value(settled(state, nowMs), nowMs),
    occurrencesAt: (state, nowMs) => inner.occurrencesAt?.(settled(state, nowMs), nowMs) ?? [],
    nextChangeAt: (state, nowMs) => {
      const current = settled(state, nowMs)
      const next = inner.nextChangeAt(current, nowMs)
      const inactiveAtMs = inactivity === undefined ? undefined : inactiveFrom(current, inactivity)
      if (inactiveAtMs === undefined) return next
      return next === null ? inactiveAtMs : Math.min(next, inactiveAtMs)
    },
    compact: (state, nowMs) => {
      // A scale acts on occurrences stamped before it: once those can no longer count, it can go.
      const horizonMs = Number.isFinite(options.decay.horizonMs)
        ? nowMs - options.decay.horizonMs
        : Number.NEGATIVE_INFINITY
      const cutMs = Math.max(horizonMs, expiredBefore(options.window, nowMs))
      return { ...inner.compact(state, nowMs), ...extras(state, cutMs) }
    },
    merge: (a, b) => {
      const merged: AdjustedOccurrences = inner.merge(a, b)
      const scales = [...(a.scales ?? []), ...(b.scales ?? [])].sort((x, y) => x[0] - y[0])
      const activity = [a.lastActivityMs, b.lastActivityMs].filter((t) => t !== undefined)
      return {
        ...merged,
        ...extras(
          {
            ...merged,
            ...(scales.length === 0 ? {} : { scales }),
            ...(activity.length === 0 ? {} : { lastActivityMs: Math.max(...activity) }),
          },
          Number.NEGATIVE_INFINITY,
        ),
      }
    },
  }
}
