import { countingSpan, expiredBefore, type TimeWindow, windowRange } from './time-window.ts'

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
  const { fromMs, untilMs } = windowRange(window, nowMs)
  let total = 0
  for (const [time, amount] of list) {
    if (time >= fromMs && time < untilMs) total += amount
  }
  return total
}

/**
 * The next instant after `nowMs` at which the total changes with no new entry: when the oldest entry inside leaves
 * the window, or when the oldest entry not yet inside enters it (stamped in the future, or in the current period
 * of a window that leaves it out, such as `last_month`). Null when nothing will change. Both instants only grow
 * with the entry's time, so the first entry of each sort is enough.
 */
export function nextWindowChange(list: TimedList, nowMs: number, window: TimeWindow): number | null {
  const { fromMs, untilMs } = windowRange(window, nowMs)
  let leaves: number | null = null
  for (const [time] of list) {
    if (time < fromMs) continue
    if (time >= untilMs) {
      const enters = countingSpan(window, time).fromMs
      return leaves === null ? enters : Math.min(leaves, enters)
    }
    if (leaves === null) leaves = countingSpan(window, time).untilMs
  }
  return leaves
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
