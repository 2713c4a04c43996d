import { expiredBefore, inWindow, leavesWindowAt, type TimeWindow } from './time-window.ts'

/**
 * Amounts at instants, sorted by time: the state of a windowed count or sum. Entries at the same millisecond
 * are merged, so the list grows with distinct instants, not with events.
 */
export type TimedList = [timeMs: number, amount: number][]

/** Adds an amount at a time, keeping the list sorted (late events land in their place). Mutates `list`. */
export function addTimed(list: TimedList, timeMs: number, amount: number): void {
  let index = list.length
  while (index > 0 && (list[index - 1] as [number, number])[0] > timeMs) index--
  const previous = list[index - 1]
  if (previous !== undefined && previous[0] === timeMs) previous[1] += amount
  else list.splice(index, 0, [timeMs, amount])
}

/** The total of the entries that count at `nowMs`. */
export function sumInWindow(list: TimedList, nowMs: number, window: TimeWindow): number {
  let total = 0
  for (const [time, amount] of list) {
    if (inWindow(window, time, nowMs)) total += amount
  }
  return total
}

/**
 * The next instant after `nowMs` at which the total changes with no new entry: when the oldest entry inside leaves
 * the window, or when an entry stamped in the future enters. Null when nothing will change.
 */
export function nextWindowChange(list: TimedList, nowMs: number, window: TimeWindow): number | null {
  let next: number | null = null
  for (const [time] of list) {
    if (time > nowMs) return next === null ? time : Math.min(next, time)
    if (next === null && inWindow(window, time, nowMs)) next = leavesWindowAt(window, time, nowMs)
  }
  return next
}

/** Drops entries that can never count again. */
export function dropExpired(list: TimedList, nowMs: number, window: TimeWindow): TimedList {
  const from = expiredBefore(window, nowMs)
  const firstKept = list.findIndex(([time]) => time >= from)
  return firstKept === -1 ? [] : firstKept === 0 ? list : list.slice(firstKept)
}

export function mergeTimed(a: TimedList, b: TimedList): TimedList {
  const merged: TimedList = a.map(([time, amount]) => [time, amount])
  for (const [time, amount] of b) addTimed(merged, time, amount)
  return merged
}
