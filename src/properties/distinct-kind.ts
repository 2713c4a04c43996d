import type { Event } from '../events/event.ts'
import type { PropertyKind } from './property-kind.ts'

/** The value an event contributes to a distinct count (e.g. the feature it used); null when it has none. */
export type DistinctValue = (event: Event) => string | null

/** Each distinct value with the last time it was seen. */
type LastSeen = Record<string, number>

/** How many distinct values were seen, over all time or in a rolling window `(now − W, now]`. */
export function distinctKind(valueOfEvent: DistinctValue, windowMs: number | undefined): PropertyKind<LastSeen> {
  const from = (nowMs: number) => (windowMs === undefined ? Number.NEGATIVE_INFINITY : nowMs - windowMs)
  return {
    crmType: 'number',
    initial: () => ({}),
    apply: (state, event) => {
      const value = valueOfEvent(event)
      if (value !== null) state[value] = Math.max(state[value] ?? Number.NEGATIVE_INFINITY, event.timestampMs)
      return state
    },
    value: (state, nowMs) => Object.values(state).filter((time) => time > from(nowMs) && time <= nowMs).length,
    nextChangeAt: (state, nowMs) => {
      let next: number | null = null
      for (const time of Object.values(state)) {
        const at = time > nowMs ? time : windowMs !== undefined && time > nowMs - windowMs ? time + windowMs : null
        if (at !== null && (next === null || at < next)) next = at
      }
      return next
    },
    compact: (state, nowMs) =>
      windowMs === undefined
        ? state
        : Object.fromEntries(Object.entries(state).filter(([, time]) => time > nowMs - windowMs)),
    merge: (a, b) => {
      const merged: LastSeen = { ...a }
      for (const [value, time] of Object.entries(b)) merged[value] = Math.max(merged[value] ?? time, time)
      return merged
    },
  }
}
