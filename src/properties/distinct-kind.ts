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
 *
 * `null` only in states stored before such values were kept apart: one named like an `Object.prototype` member got
 * the time NaN, stored as `null`, on which every later evaluation of the contact threw. It is read as never seen, and
 * compaction drops it.
 */
type LastSeen = Record<string, SeenAt | null>

const isSeen = (seen: SeenAt | null | undefined): seen is SeenAt =>
  typeof seen === 'number' ? !Number.isNaN(seen) : Array.isArray(seen)

/** How many distinct values were seen, over all time, a rolling window or a calendar period. */
export function distinctKind(valueOfEvent: DistinctValue, window: TimeWindow): PropertyKind<LastSeen> {
  return {
    crmType: 'number',
    initial: () => dataRecord(),
    apply: (state, event) => {
      const value = valueOfEvent(event)
      if (value === null) return state
      const seen = ownValue(state, value)
      setOwn(state, value, addSeen(window, isSeen(seen) ? seen : undefined, event.timestampMs))
      return state
    },
    value: (state, nowMs) => {
      const range = windowRange(window, nowMs)
      return Object.values(state).filter((seen) => isSeen(seen) && countsIn(range, seen)).length
    },
    nextChangeAt: (state, nowMs) => {
      let next: number | null = null
      for (const seen of Object.values(state)) {
        const at = isSeen(seen) ? nextSeenChange(window, seen, nowMs) : null
        if (at !== null && (next === null || at < next)) next = at
      }
      return next
    },
    compact: (state, nowMs) => {
      const from = expiredBefore(window, nowMs)
      const kept: LastSeen = dataRecord()
      for (const [value, seen] of Object.entries(state)) {
        const left = isSeen(seen) ? dropSeenBefore(seen, from) : undefined
        if (left !== undefined) setOwn(kept, value, left)
      }
      return kept
    },
    merge: (a, b) => {
      const merged: LastSeen = dataRecord()
      for (const state of [a, b]) {
        for (const [value, seen] of Object.entries(state)) {
          if (!isSeen(seen)) continue
          const mine = ownValue(merged, value)
          setOwn(merged, value, isSeen(mine) ? mergeSeen(window, mine, seen) : seen)
        }
      }
      return merged
    },
  }
}
