import { DateTime } from 'luxon'

export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year'

/**
 * Which instants count at `now`: a rolling window `(now − W, now]`, the current calendar period in a time zone
 * (`[start of this week, now]`), or all time.
 */
export type TimeWindow =
  | { kind: 'all' }
  | { kind: 'rolling'; ms: number }
  | { kind: 'calendar'; unit: CalendarUnit; zone: string }

export const ALL_TIME: TimeWindow = { kind: 'all' }

/** The first instant that counts at `nowMs` (exclusive for rolling windows, inclusive for calendar periods). */
function periodStart(window: Extract<TimeWindow, { kind: 'calendar' }>, nowMs: number): number {
  return DateTime.fromMillis(nowMs, { zone: window.zone }).startOf(window.unit).toMillis()
}

function nextPeriodStart(window: Extract<TimeWindow, { kind: 'calendar' }>, nowMs: number): number {
  return DateTime.fromMillis(nowMs, { zone: window.zone })
    .startOf(window.unit)
    .plus({ [`${window.unit}s`]: 1 })
    .toMillis()
}

/** Whether an instant counts at `nowMs`; instants after now never do (yet). */
export function inWindow(window: TimeWindow, timeMs: number, nowMs: number): boolean {
  if (timeMs > nowMs) return false
  switch (window.kind) {
    case 'all':
      return true
    case 'rolling':
      return timeMs > nowMs - window.ms
    case 'calendar':
      return timeMs >= periodStart(window, nowMs)
  }
}

/**
 * When an instant stops counting, given that it counts at `nowMs`: `t + W` for a rolling window, the start of the
 * next period for a calendar one; null when it never stops.
 */
export function leavesWindowAt(window: TimeWindow, timeMs: number, nowMs: number): number | null {
  switch (window.kind) {
    case 'all':
      return null
    case 'rolling':
      return timeMs + window.ms
    case 'calendar':
      return nextPeriodStart(window, nowMs)
  }
}

/** Instants before this can never count again from `nowMs` on: they can be dropped from state. */
export function expiredBefore(window: TimeWindow, nowMs: number): number {
  switch (window.kind) {
    case 'all':
      return Number.NEGATIVE_INFINITY
    case 'rolling':
      return nowMs - window.ms + 1
    case 'calendar':
      return periodStart(window, nowMs)
  }
}
