import type { Event } from '../events/event.ts'
import type { Decay } from './decay.ts'
import type { PropertyKind } from './property-kind.ts'
import { expiredBefore, inWindow, leavesWindowAt, type TimeWindow } from './time-window.ts'
import { addTimed, mergeTimed, type TimedList } from './timed-list.ts'

export interface OccurrencePointsOptions {
  /** Points of one occurrence when it happens. */
  points: number
  window: TimeWindow
  decay: Decay
  /** Only the first occurrence ever counts. */
  once: boolean
}

/**
 * The points an event rule gives at an instant: each occurrence in the window is worth its points times its
 * decay, and the total is kept in whole points. Its next change is the instant that whole number changes —
 * found exactly (to the millisecond) since the total only moves one way between structural changes.
 */
export function occurrencePointsKind(options: OccurrencePointsOptions): PropertyKind<TimedList> {
  const { points, window, decay, once } = options
  const exact = (list: TimedList, nowMs: number) => {
    let total = 0
    for (const [time, count] of list) {
      if (!inWindow(window, time, nowMs)) continue
      const age = nowMs - time
      if (age >= decay.horizonMs) continue
      total += count * points * decay.factor(age)
    }
    return total
  }
  const whole = (list: TimedList, nowMs: number) => Math.round(exact(list, nowMs)) + 0

  /** The next instant the set of counting occurrences changes: one enters, leaves the window or its horizon. */
  const nextStructural = (list: TimedList, nowMs: number): number | null => {
    let next: number | null = null
    const consider = (at: number | null) => {
      if (at !== null && at > nowMs && (next === null || at < next)) next = at
    }
    for (const [time] of list) {
      if (time > nowMs) consider(time)
      else if (inWindow(window, time, nowMs)) {
        consider(leavesWindowAt(window, time, nowMs))
        if (Number.isFinite(decay.horizonMs)) consider(time + decay.horizonMs)
        if (decay.stepMs !== undefined) consider(time + (Math.floor((nowMs - time) / decay.stepMs) + 1) * decay.stepMs)
      }
    }
    return next
  }

  return {
    crmType: 'number',
    initial: () => [],
    apply: (state, event: Event) => {
      if (once) {
        const first = state[0]
        if (first === undefined || event.timestampMs < first[0]) return [[event.timestampMs, 1]]
        return state
      }
      addTimed(state, event.timestampMs, 1)
      return state
    },
    value: whole,
    nextChangeAt: (state, nowMs) => {
      const structural = nextStructural(state, nowMs)
      const current = whole(state, nowMs)
      const continuous = decay.stepMs === undefined && decay.horizonMs !== Number.POSITIVE_INFINITY
      if (!continuous) return structural
      // Between structural changes the total moves one way: search for the first instant its whole number differs.
      const limit = structural ?? nowMs + decay.horizonMs
      if (whole(state, limit - 1) === current) return structural
      let low = nowMs
      let high = limit - 1
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2)
        if (whole(state, middle) === current) low = middle
        else high = middle
      }
      return high
    },
    compact: (state, nowMs) => {
      // The first occurrence of a `once` rule is kept for ever: a later one must not count again.
      if (once) return state
      const afterHorizon = Number.isFinite(decay.horizonMs) ? nowMs - decay.horizonMs : Number.NEGATIVE_INFINITY
      const from = expiredBefore(window, nowMs)
      return state.filter(([time]) => time > afterHorizon && time >= from)
    },
    merge: (a, b) => {
      if (!once) return mergeTimed(a, b)
      const firsts = [...a, ...b].sort((x, y) => x[0] - y[0])
      return firsts.length === 0 ? [] : [[(firsts[0] as [number, number])[0], 1]]
    },
  }
}
