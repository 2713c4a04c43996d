import type { Event } from '../events/event.ts'
import type { Decay } from './decay.ts'
import type { PropertyKind } from './property-kind.ts'
import { expiredBefore, nextCountChange, type TimeWindow, windowRange } from './time-window.ts'
import { addTimed, mergeTimed, type TimedList } from './timed-list.ts'

/** Bumped when the shape of this kind's state changes: stored states are then rebuilt from the event log. */
// 3: adjusted rules (`adjust`, `inactivity`) keep `scales` and `lastActivityMs` beside the occurrences.
export const OCCURRENCE_STATE_FORMAT = 3

export interface OccurrencePointsOptions {
  /** The points one occurrence is worth when it happens (from the rule, or from the event itself); null to skip. */
  pointsOf: (event: Event) => number | null
  window: TimeWindow
  decay: Decay
  /** Only the first occurrence ever counts. */
  once: boolean
  /** Whether an event resets the score part: occurrences up to it stop counting (e.g. `Deal Lost`). */
  isReset: (event: Event) => boolean
}

/** Points at instants, and the last reset. */
export interface Occurrences {
  points: TimedList
  resetAtMs?: number
}

/**
 * The points an event rule gives at an instant: each occurrence in the window is worth its points times its
 * decay, and the total is kept in whole points. Its next change is the instant that whole number changes —
 * found exactly (to the millisecond): the steps of a stepped decay are computed, and between them a continuous
 * decay moves each sign's total one way, so a search finds the first instant it changes.
 */
export function occurrencePointsKind(options: OccurrencePointsOptions): PropertyKind<Occurrences> {
  const { pointsOf, window, decay, once, isReset } = options

  const total = (state: Occurrences, nowMs: number, sign: 1 | -1 | 0 = 0) => {
    const { fromMs, untilMs } = windowRange(window, nowMs)
    let sum = 0
    for (const [time, points] of state.points) {
      if (time < fromMs || time >= untilMs) continue
      if (sign !== 0 && Math.sign(points) !== sign) continue
      const age = nowMs - time
      if (age >= decay.horizonMs) continue
      sum += points * decay.factor(age)
    }
    return sum
  }
  const whole = (state: Occurrences, nowMs: number) => Math.round(total(state, nowMs)) + 0

  /** The next instant the set of counting occurrences or a decay step changes. */
  const nextStructural = (state: Occurrences, nowMs: number): number | null => {
    let next: number | null = null
    const consider = (at: number | null | undefined) => {
      if (at !== null && at !== undefined && at > nowMs && (next === null || at < next)) next = at
    }
    const { fromMs, untilMs } = windowRange(window, nowMs)
    for (const [time] of state.points) {
      // Occurrences enter the window (stamped in the future, or this month's for `last_month`) and leave it.
      if (time >= fromMs) consider(nextCountChange(window, time, nowMs))
      if (time >= fromMs && time < untilMs) {
        if (Number.isFinite(decay.horizonMs)) consider(time + decay.horizonMs)
        if (decay.nextStep !== undefined) {
          const step = decay.nextStep(nowMs - time)
          consider(step === undefined ? undefined : time + step)
        }
      }
    }
    return next
  }

  /** The first instant in (low, high] at which `changed` holds, given it holds at `high` and not at `low`. */
  const search = (low: number, high: number, changed: (t: number) => boolean) => {
    let lo = low
    let hi = high
    while (hi - lo > 1) {
      const middle = Math.floor((lo + hi) / 2)
      if (changed(middle)) hi = middle
      else lo = middle
    }
    return hi
  }

  return {
    crmType: 'number',
    initial: () => ({ points: [] }),
    apply: (state, event: Event) => {
      if (isReset(event)) {
        if (state.resetAtMs === undefined || event.timestampMs > state.resetAtMs) {
          state.resetAtMs = event.timestampMs
          state.points = state.points.filter(([time]) => time > event.timestampMs)
        }
        return state
      }
      const points = pointsOf(event)
      if (points === null || points === 0) return state
      if (state.resetAtMs !== undefined && event.timestampMs <= state.resetAtMs) return state
      if (once) {
        const first = state.points[0]
        if (first === undefined || event.timestampMs < first[0]) state.points = [[event.timestampMs, points]]
        return state
      }
      addTimed(state.points, event.timestampMs, points)
      return state
    },
    value: whole,
    occurrencesAt: (state, nowMs) => {
      const { fromMs, untilMs } = windowRange(window, nowMs)
      return state.points
        .filter(([time, points]) => time >= fromMs && time < untilMs && nowMs - time < decay.horizonMs && points !== 0)
        .map(([time]) => time)
    },
    nextChangeAt: (state, nowMs) => {
      const structural = nextStructural(state, nowMs)
      const continuous = decay.nextStep === undefined && decay.horizonMs !== Number.POSITIVE_INFINITY
      if (!continuous) return structural
      const limit = (structural ?? nowMs + decay.horizonMs) - 1
      const current = whole(state, nowMs)
      if (whole(state, limit) !== current) return search(nowMs, limit, (t) => whole(state, t) !== current)
      // Positive and negative points decay towards each other: the total may come back to the same whole number.
      // Each sign's part alone moves one way; look for the first instant either part has moved by half a point.
      const mixed = state.points.some(([, p]) => p > 0) && state.points.some(([, p]) => p < 0)
      if (!mixed) return structural
      let next = structural
      for (const sign of [1, -1] as const) {
        const start = total(state, nowMs, sign)
        const moved = (t: number) => Math.abs(total(state, t, sign) - start) >= 0.5
        if (moved(limit)) {
          const at = search(nowMs, limit, moved)
          if (next === null || at < next) next = at
        }
      }
      return next
    },
    compact: (state, nowMs) => {
      // The first occurrence of a `once` rule is kept for ever: a later one must not count again.
      if (once) return state
      const afterHorizon = Number.isFinite(decay.horizonMs) ? nowMs - decay.horizonMs : Number.NEGATIVE_INFINITY
      const from = expiredBefore(window, nowMs)
      const points = state.points.filter(([time]) => time > afterHorizon && time >= from)
      return state.resetAtMs === undefined ? { points } : { points, resetAtMs: state.resetAtMs }
    },
    merge: (a, b) => {
      const resets = [a.resetAtMs, b.resetAtMs].filter((t) => t !== undefined)
      const resetAtMs = resets.length === 0 ? undefined : Math.max(...resets)
      const all = mergeTimed(a.points, b.points).filter(([time]) => resetAtMs === undefined || time > resetAtMs)
      const points: TimedList = once ? all.slice(0, 1) : all
      return resetAtMs === undefined ? { points } : { points, resetAtMs }
    },
  }
}
