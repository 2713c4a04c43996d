import type { Event } from '../events/event.ts'
import type { PropertyKind } from './property-kind.ts'
import { expiredBefore, inWindow, leavesWindowAt, type TimeWindow } from './time-window.ts'

/** The value an event contributes to a distinct count (e.g. the feature it used); null when it has none. */
export type DistinctValue = (event: Event) => string | null

/** Each distinct value with the last time it was seen. */
type LastSeen = Record<string, number>

/** How many distinct values were seen, over all time, a rolling window or a calendar period. */
export function distinctKind(valueOfEvent: DistinctValue, window: TimeWindow): PropertyKind<LastSeen> {
  return {
    crmType: 'number',
    initial: () => ({}),
    apply: (state, event) => {
      const value = valueOfEvent(event)
      if (value !== null) state[value] = Math.max(state[value] ?? Number.NEGATIVE_INFINITY, event.timestampMs)
      return state
    },
    value: (state, nowMs) => Object.values(state).filter((time) => inWindow(window, time, nowMs)).length,
    nextChangeAt: (state, nowMs) => {
      let next: number | null = null
      for (const time of Object.values(state)) {
        const at = time > nowMs ? time : inWindow(window, time, nowMs) ? leavesWindowAt(window, time, nowMs) : null
        if (at !== null && (next === null || at < next)) next = at
      }
      return next
    },
    compact: (state, nowMs) => {
      const from = expiredBefore(window, nowMs)
      return Object.fromEntries(Object.entries(state).filter(([, time]) => time >= from))
    },
    merge: (a, b) => {
      const merged: LastSeen = { ...a }
      for (const [value, time] of Object.entries(b)) merged[value] = Math.max(merged[value] ?? time, time)
      return merged
    },
  }
}
