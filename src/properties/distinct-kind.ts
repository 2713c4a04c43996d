import { dataRecord, ownValue, setOwn } from '../data-record.ts'
import type { Event } from '../events/event.ts'
import type { PropertyKind } from './property-kind.ts'
import { addSeen, countsIn, dropSeenBefore, mergeSeen, nextSeenChange, type SeenAt } from './seen-at.ts'
import { expiredBefore, type TimeWindow, windowRange } from './time-window.ts'

/** The value an event contributes to a distinct count (e.g. the feature it used); null when it has none. */
export type DistinctValue = (event: Event) => string | null

/**
 * Each distinct value with the last time it was seen (and for `last_month` and the like, an earlier one). Keyed by
 * event data, so read and written through `data-record.ts`: a value may be `__proto__` or `constructor`.
 */
type LastSeen = Record<string, SeenAt>

/** How many distinct values were seen, over all time, a rolling window or a calendar period. */
export function distinctKind(valueOfEvent: DistinctValue, window: TimeWindow): PropertyKind<LastSeen> {
  return {
    crmType: 'number',
    initial: () => dataRecord(),
    apply: (state, event) => {
      const value = valueOfEvent(event)
      if (value !== null) setOwn(state, value, addSeen(window, ownValue(state, value), event.timestampMs))
      return state
    },
    value: (state, nowMs) => {
      const range = windowRange(window, nowMs)
      return Object.values(state).filter((seen) => countsIn(range, seen)).length
    },
    nextChangeAt: (state, nowMs) => {
      let next: number | null = null
      for (const seen of Object.values(state)) {
        const at = nextSeenChange(window, seen, nowMs)
        if (at !== null && (next === null || at < next)) next = at
      }
      return next
    },
    compact: (state, nowMs) => {
      const from = expiredBefore(window, nowMs)
      const kept: LastSeen = dataRecord()
      for (const [value, seen] of Object.entries(state)) {
        const left = dropSeenBefore(seen, from)
        if (left !== undefined) setOwn(kept, value, left)
      }
      return kept
    },
    merge: (a, b) => {
      const merged: LastSeen = dataRecord()
      for (const [value, seen] of Object.entries(a)) setOwn(merged, value, seen)
      for (const [value, seen] of Object.entries(b)) {
        const mine = ownValue(merged, value)
        setOwn(merged, value, mine === undefined ? seen : mergeSeen(window, mine, seen))
      }
      return merged
    },
  }
}
