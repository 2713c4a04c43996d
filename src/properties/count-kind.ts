import type { Event } from '../events/event.ts'
import type { PropertyKind } from './property-kind.ts'
import { type TimeWindow, windowRange } from './time-window.ts'
import { addTimed, dropExpired, mergeTimed, nextWindowChange, sumInWindow, type TimedList } from './timed-list.ts'

/** What one event adds: 1 for a count, the value of a numeric event property for a sum (null when it has none). */
export type Amount = (event: Event) => number | null

interface Total {
  total: number
}

/** A count or sum over all time, or over a rolling window or calendar period. */
export function countKind(amount: Amount, window: TimeWindow): PropertyKind<Total> | PropertyKind<TimedList> {
  if (window.kind === 'all') {
    const allTime: PropertyKind<Total> = {
      crmType: 'number',
      initial: () => ({ total: 0 }),
      apply: (state, event) => {
        const add = amount(event)
        return add === null ? state : { total: state.total + add }
      },
      value: (state) => state.total,
      nextChangeAt: () => null,
      compact: (state) => state,
      merge: (a, b) => ({ total: a.total + b.total }),
    }
    return allTime
  }
  const windowed: PropertyKind<TimedList> = {
    crmType: 'number',
    initial: () => [],
    apply: (state, event) => {
      const add = amount(event)
      if (add !== null) addTimed(state, event.timestampMs, add)
      return state
    },
    value: (state, nowMs) => sumInWindow(state, nowMs, window),
    occurrencesAt: (state, nowMs) => {
      const { fromMs, untilMs } = windowRange(window, nowMs)
      return state.filter(([time]) => time >= fromMs && time < untilMs).map(([time]) => time)
    },
    nextChangeAt: (state, nowMs) => nextWindowChange(state, nowMs, window),
    compact: (state, nowMs) => dropExpired(state, nowMs, window),
    merge: mergeTimed,
  }
  return windowed
}
